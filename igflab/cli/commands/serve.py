"""``igflab serve``: the local web page, its JSON API and the CDS Hooks service."""

from __future__ import annotations

import argparse

from igflab.cli.output import one_line, write_err

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def run(args: argparse.Namespace) -> int:
    from igflab.errors import InputError

    if not 0 < args.port < 65536:
        raise InputError(f"--port must be 1 to 65535, got {args.port}", field="port")
    try:
        from igflab.web import serve

        serve(args.host, args.port, announce=lambda url: write_err(f"igflab: serving {url} (Ctrl+C stops)\n"))
    except ImportError as exc:
        write_err(f"igflab: error: {one_line(str(exc))}\n")
        return 2
    return 0
