"""The ``igflab`` command line.

Exit codes: 0 success, 2 bad input (one line on stderr naming the field), 1 an
unexpected internal error (one line, no traceback). Imports are deferred so the
command starts fast: ``--version`` and ``--help`` import nothing but this module and the
written-out help text (a test keeps it equal to the parser's).
"""

from __future__ import annotations

import sys

from igflab._version import __version__

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

__all__ = ["entry", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from .output import Fault, silence_stdout, write, write_err

    args_in = sys.argv[1:] if argv is None else list(argv)
    try:
        if args_in == ["--version"]:  # speed: answered before argparse and the commands are imported
            write(f"igflab {__version__}\n")
            return 0
        if args_in in (["--help"], ["-h"]):  # speed: the written-out help, without argparse (help_text.py)
            from .help_text import TOP_HELP

            write(TOP_HELP)
            return 0
        return _run(args_in)
    except Fault as exc:
        write_err(f"igflab: {exc}\n")
        return 1
    except BrokenPipeError:  # the reader stopped reading (e.g. `| head`): nothing more to say
        silence_stdout()
        return 0
    except KeyboardInterrupt:
        write_err("igflab: interrupted\n")
        return 130
    except OSError as exc:  # a fault of the machine, not of the input
        from .output import fault_of

        write_err(f"igflab: {fault_of(exc, exc.filename or 'a file')}\n")
        return 1


def _run(args_in: list[str]) -> int:
    from .output import Fault, UsageError, one_line, write_err
    from .parser import build_parser

    as_json = "--json" in args_in or "--input" in args_in  # errors as one JSON object on stderr
    try:
        command = next((a for a in args_in if not a.startswith("-")), None)  # the first word names the command
        parser = build_parser(command, everything=False)
        args = parser.parse_args(args_in)
        name = getattr(args, "command_name", None)
        if name is None:
            parser.print_help()
            return 2
        from .commands import COMMANDS

        return COMMANDS[name].run(args)
    except UsageError as exc:
        _error(as_json, "usage_error", None, f"{one_line(str(exc))} (see igflab --help)")
        return 2
    except (OSError, Fault):
        raise  # faults of the environment: main() says which
    except Exception as exc:  # noqa: BLE001 - the command line never shows a traceback
        from igflab.errors import IgflabError

        if isinstance(exc, IgflabError):
            _error(as_json, exc.code, exc.field, one_line(exc.message))
            return 2
        write_err(f"igflab: internal error: {type(exc).__name__}: {one_line(str(exc))}; please report it\n")
        return 1


def _error(as_json: bool, code: str, field: str | None, message: str) -> None:
    """One error: a line (``igflab: error: field: message``), or with --json/--input one JSON object."""
    from .output import write_err

    if as_json:
        import json

        write_err(json.dumps({"code": code, "field": field, "message": message}, ensure_ascii=False) + "\n")
    else:
        write_err(f"igflab: error: {field + ': ' if field else ''}{message}\n")


def entry() -> NoReturn:  # pragma: no cover - console-script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
