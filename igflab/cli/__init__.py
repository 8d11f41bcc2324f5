"""The ``igflab`` command line.

Exit codes: 0 success, 2 bad input (one line on stderr naming the field), 1 an
unexpected internal error (one line, no traceback). Imports are deferred so the
command starts fast: ``--version`` imports nothing but this module, ``--help`` only the
parser.
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
    args_in = sys.argv[1:] if argv is None else list(argv)
    if args_in == ["--version"]:  # speed: answered before argparse and the commands are imported
        sys.stdout.write(f"igflab {__version__}\n")
        return 0
    from .parser import UsageError, build_parser, one_line

    try:
        command = next((a for a in args_in if not a.startswith("-")), None)  # the first word names the command
        parser = build_parser(command, everything=False)
        args = parser.parse_args(args_in)
        name = getattr(args, "command_name", None)
        if name is None:
            parser.print_help()
            return 2
        from .commands import COMMANDS

        return int(COMMANDS[name](args))
    except UsageError as exc:
        sys.stderr.write(f"igflab: error: {one_line(str(exc))} (see igflab --help)\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("igflab: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a traceback
        from igflab.errors import IgflabError

        if isinstance(exc, IgflabError):
            field = f"{exc.field}: " if exc.field else ""
            sys.stderr.write(f"igflab: error: {field}{one_line(exc.message)}\n")
            return 2
        sys.stderr.write(f"igflab: internal error: {type(exc).__name__}: {one_line(str(exc))}\n")
        return 1


def entry() -> NoReturn:  # pragma: no cover - console-script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
