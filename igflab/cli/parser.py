"""The command line's parser: commands, options and their help."""

from __future__ import annotations

import argparse
import os
import sys

from igflab._version import __version__

from .commands import COMMANDS
from .output import UsageError

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["build_parser"]

_EXAMPLES = """\
examples:
  igflab interpret 150 ng/mL --age 45 --sex male
  igflab interpret 19.6 nmol/L --age 45 --sex female --json
  igflab interpret "<25 ng/mL" --age 60 --sex m
  igflab interpret 60 ng/mL --age 45 --sex male --lab-range 52-328
  igflab interpret 310 ng/mL --birth-date 2011-03-02 --collected 2026-05-01 --sex f
  igflab references
  igflab ranges --age 45 --sex female
  igflab interpret 150 ng/mL --age 45 --sex male --fhir
  igflab interpret 150 ng/mL --igfbp3 4.1 mg/L --age 45 --sex male
  igflab interpret --input request.json          (a JSON request; - reads stdin)
  igflab interpret --fhir-in observation.json    (a FHIR Observation or Bundle)
  igflab interpret --hl7-in result.hl7 --hl7     (an HL7 v2 ORU^R01 in and out)
  igflab schema input
  igflab chart 150 ng/mL --age 45 --sex male -o chart.png
  igflab interpret 19.6 nmol/L --age 45 --sex f --brief
  igflab serve                                   (the web page at http://127.0.0.1:8000/)
  igflab series results.json                     (one person's results over time)
  igflab interpret 185 ng/mL --birth-date 1978-04-02 --collected 2026-07-15 --sex m --previous 440@2025-01-15
  igflab interpret "IGF-1 23.1 nmol/L (11.3-31.0)" --age 52 --sex f   (a line of the lab report)
  igflab ranges --sds -2 --age 8.5 --sex female  (the value at SDS -2; or --centile 3)

igflab informs; it does not diagnose. Discuss any result with a qualified health professional.
"""


def _width() -> int:
    """The terminal width the help is wrapped to, found as :func:`shutil.get_terminal_size` finds it.

    Speed: argparse imports :mod:`shutil` (and with it bz2 and lzma, ~2.4 ms) only to ask this;
    giving the formatters a width keeps that import out of ``igflab --help``.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _width() if width is None else width)


class _PlainFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _width() if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _PlainFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def _print_message(self, message: str, file: Any = None) -> None:
        # Help and usage through the command line's writer: ASCII stand-ins where the terminal
        # cannot show a character, and a fault (exit 1) where the output cannot be written.
        from .output import write, write_err

        if message:
            (write_err if file is sys.stderr else write)(message)


def build_parser(only: str | None = None, *, everything: bool = True) -> argparse.ArgumentParser:
    """The parser. Speed: with ``everything=False`` only the options of command ``only`` are
    added (``igflab --help`` needs no command's options, ``igflab ranges ...`` only its own); each
    command's help is the same either way (a unit test checks it)."""
    parser = _Parser(
        prog="igflab",
        description="Interpret an IGF-1 blood-test result against published, cited references.",
        epilog=_EXAMPLES,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"igflab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, command in COMMANDS.items():
        extra: dict[str, Any] = {"usage": command.usage}
        if name == "interpret":
            extra.update(epilog=_EXAMPLES, formatter_class=_Formatter)
        p = sub.add_parser(name, help=command.short, description=command.description, **extra)
        if everything or name == only:
            command.add_arguments(p)
        p.set_defaults(command_name=name)
    return parser
