"""The command line's parser: commands, options and their help."""

from __future__ import annotations

import argparse
import os
import sys

from igflab._version import __version__

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

__all__ = ["COMMANDS", "UsageError", "build_parser", "one_line"]

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
  igflab schema input
  igflab chart 150 ng/mL --age 45 --sex male -o chart.png
  igflab interpret 19.6 nmol/L --age 45 --sex f --brief
  igflab serve                                   (the web page at http://127.0.0.1:8000/)
  igflab series results.json                     (one person's results over time)
  igflab interpret 185 ng/mL --birth-date 1978-04-02 --collected 2026-07-15 --sex m --previous 440@2025-01-15

igflab informs; it does not diagnose. Discuss any result with a qualified health professional.
"""


class UsageError(Exception):
    """An argparse error, turned into one line and exit code 2."""


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


def _interpret_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("value", nargs="?", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    p.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    _add_person_options(p, sex_help="compare with both", lab_help="it then decides the flag")
    p.add_argument(
        "--analyte",
        choices=("igf1", "igfbp3", "panel"),
        help="what VALUE measures: igf1 (default) or igfbp3 (mg/L, µg/mL, ng/mL or nmol/L); with --csv, "
        "panel reads IGF-1 (value) and IGFBP-3 (igfbp3) from each row",
    )
    p.add_argument(
        "--igfbp3",
        nargs="+",
        metavar="VALUE",
        help="IGFBP-3 from the same sample, e.g. --igfbp3 4.1 mg/L: IGF-1 and IGFBP-3 read together",
    )
    p.add_argument("--json", action="store_true", help="print the interpretation as JSON")
    p.add_argument("--brief", action="store_true", help="print only the short plain-language summary")
    _add_display_unit(p)
    p.add_argument("--fhir", action="store_true", help="print a FHIR R4 Observation (JSON) instead")
    p.add_argument("--subject", metavar="REF", help="with --fhir: the Observation's subject, e.g. Patient/123")
    p.add_argument("--input", metavar="FILE", help="read a JSON request (see 'igflab schema input'); - for stdin")
    p.add_argument(
        "--fhir-in", metavar="FILE", help="read a FHIR Observation, or a Bundle with Patient and Observation"
    )
    p.add_argument(
        "--previous",
        metavar="VALUE@WHEN",
        help="an earlier result, VALUE@DATE (with --birth-date, --collected) or VALUE@AGE: adds the change",
    )
    cohort = p.add_argument_group(
        "cohort CSV or Parquet",
        "interpret every row of a CSV or Parquet file (columns value, unit, age, sex; optional lab_low, "
        "lab_high); the output keeps every input column and appends the results",
    )
    cohort.add_argument("--csv", metavar="FILE", help="the CSV (or Parquet) file to interpret; - reads stdin")
    cohort.add_argument("-o", "--output", metavar="FILE", help="where to write the results (default -, stdout)")
    cohort.add_argument("--value-column", default="value", metavar="NAME", help="default: value")
    cohort.add_argument("--unit-column", metavar="NAME", help="default: unit, if present")
    cohort.add_argument("--age-column", default="age", metavar="NAME", help="default: age (years, or 8m, 30w)")
    cohort.add_argument("--sex-column", default="sex", metavar="NAME", help="default: sex")
    cohort.add_argument("--lab-low-column", metavar="NAME", help="default: lab_low, if present")
    cohort.add_argument("--lab-high-column", metavar="NAME", help="default: lab_high, if present")
    cohort.add_argument("--delimiter", default=",", help="field separator (default ,)")
    cohort.add_argument(
        "--format",
        choices=("csv", "parquet"),
        help="the output's format (default: parquet for an -o name ending in .parquet, else csv); "
        "Parquet needs pip install 'igflab[cohort]'",
    )
    cohort.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")


def _references_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument(
        "--analyte",
        choices=("igf1", "igfbp3", "ratio", "all"),
        help="list the tables of one analyte: igf1 (with LIFE), igfbp3, ratio (IGF-1/IGFBP-3), or all "
        "(default: the IGF-1 references 'igflab interpret' uses alone)",
    )


def _ranges_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--age", required=True, help="age in years, or months for infants (8m)")
    p.add_argument("--sex", required=True, help="male/female (m/f), or unknown for both")
    p.add_argument("--reference", help="reference id (default: the default reference)")
    p.add_argument("--assay", help="choose the reference by assay")
    p.add_argument("--json", action="store_true", help="print as JSON")


def _schema_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "kind",
        nargs="?",
        choices=("input", "output", "series-input", "series-output"),
        default="output",
        help="default: output",
    )


def _chart_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("value", nargs="?", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    p.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    _add_person_options(p, sex_help="draw both", lab_help="drawn at the person's age")
    p.add_argument(
        "--analyte", choices=("igf1", "igfbp3"), help="what VALUE measures: igf1 (default) or igfbp3 (its own curves)"
    )
    p.add_argument("-o", "--output", required=True, help="file to write: chart.png or chart.svg")
    _add_display_unit(p)
    p.add_argument("--full-range", action="store_true", help="show every age of the reference (adults: from 18)")
    p.add_argument("--series", metavar="FILE", help="draw a series (JSON request, FHIR Bundle or one person's CSV)")


def _add_display_unit(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--unit",
        dest="display_unit",
        metavar="UNIT",
        help="show figures in ng/mL, µg/L or nmol/L (default: the unit of the result)",
    )


def _serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def _series_options(p: argparse.ArgumentParser) -> None:
    from .series import series_options

    series_options(p)


# The usage lines of the commands whose person options are needed but not argparse-required
# (they may come from a file instead): argparse would show them as optional.
_USAGE = {
    "interpret": "igflab interpret VALUE [UNIT] --age AGE | --birth-date DATE --collected DATE --sex SEX [options]\n"
    "       igflab interpret --input FILE | --fhir-in FILE [options]\n"
    "       igflab interpret --csv FILE [-o FILE] [options]",
    "chart": "igflab chart VALUE [UNIT] --age AGE | --birth-date DATE --collected DATE --sex SEX -o FILE [options]\n"
    "       igflab chart --series FILE -o FILE [--context acromegaly-treatment]",
}

#: Each command: its one-line help, its description, and the function that adds its options.
COMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "interpret": ("interpret one result", "Interpret one IGF-1 result.", _interpret_options),
    "references": ("list the published references", "List the shipped references.", _references_options),
    "ranges": (
        "print a reference's interval for an age and sex",
        "Print the reference interval (and median) for an age and sex, in ng/mL and nmol/L.",
        _ranges_options,
    ),
    "schema": (
        "print the JSON Schema of a request (input) or of a result (output)",
        (
            "Print the JSON Schema of the JSON request igflab reads (input) or of the "
            "interpretation it writes (output); both carry schema_version."
        ),
        _schema_options,
    ),
    "series": (
        "interpret one person's results over time (changes, significance, trend)",
        (
            "Interpret one person's IGF-1 results over time: each at its own age, the change between "
            "consecutive results and from first to last, and whether each is beyond the reference change "
            "value (HL7 U/D). FILE is a JSON series request ('igflab schema series-input'), a FHIR Bundle of "
            "IGF-1 Observations, or a long-form CSV (person_id, value, unit, sex, age or date with birth_date)."
        ),
        _series_options,
    ),
    "chart": (
        "draw the result on its reference's age curves (PNG or SVG)",
        (
            "Draw one result on the reference's 2.5th, 50th and 97.5th centile curves by age, "
            "and write the chart to a PNG or SVG file. Needs matplotlib: pip install 'igflab[plot]'."
        ),
        _chart_options,
    ),
    "serve": (
        "run the local web page, its JSON API and the CDS Hooks service",
        (
            "Run the web page at http://HOST:PORT/ (JSON API under /api/v1/, CDS Hooks under /cds-services). "
            "Needs the web extra: pip install 'igflab[web]'."
        ),
        _serve_options,
    ),
}


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
    for name, (short, description, options) in COMMANDS.items():
        extra: dict[str, Any] = {"usage": _USAGE.get(name)}
        if name == "interpret":
            extra.update(epilog=_EXAMPLES, formatter_class=_Formatter)
        p = sub.add_parser(name, help=short, description=description, **extra)
        if everything or name == only:
            options(p)
        p.set_defaults(command_name=name)
    return parser


def _add_person_options(p: argparse.ArgumentParser, *, sex_help: str, lab_help: str) -> None:
    """The options that describe the person and the comparison (shared by interpret and chart)."""
    p.add_argument("--age", help="age in years (45, 45.5), or months/weeks for infants (8m, 30w)")
    p.add_argument("--birth-date", help="birth date (YYYY-MM-DD); with --collected gives the exact age")
    p.add_argument("--collected", help="date the sample was taken (YYYY-MM-DD)")
    p.add_argument("--sex", help=f"male/female (m/f), or unknown/other to {sex_help}")
    p.add_argument("--reference", help="published reference id (see 'igflab references')")
    p.add_argument("--assay", help="choose the reference by assay: idsisys, lcms, irma")
    p.add_argument("--lab-range", help=f"the lab's printed range, e.g. 52-328; {lab_help}")
    p.add_argument("--lab-range-unit", help="unit of --lab-range (default: the result's unit)")
    p.add_argument("--context", help="comma-separated clinical context, e.g. pregnancy,oral-estrogen")


def one_line(text: str) -> str:
    """``text`` on one line (the command line writes each message as one line)."""
    return " ".join(str(text).split())
