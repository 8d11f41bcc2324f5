"""``igflab schema``: the JSON Schema of a request or of a result."""

from __future__ import annotations

import argparse

from igflab.cli.output import write

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "kind",
        nargs="?",
        choices=("input", "output", "series-input", "series-output"),
        default="output",
        help="default: output",
    )


def run(args: argparse.Namespace) -> int:
    from igflab.io.json import schema_text

    if args.kind.startswith("series-"):
        from igflab.io.series_json import series_schema_text

        write(series_schema_text(args.kind))
        return 0
    write(schema_text(args.kind))
    return 0
