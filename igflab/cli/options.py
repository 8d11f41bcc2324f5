"""The options ``interpret`` and ``chart`` share: the person, the comparison and the display unit.

Each is added to a command's parser here and read back here.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Accumulate",
    "add_display_unit",
    "add_output_detail",
    "add_person_options",
    "interpret_args",
    "person_options",
]


class Accumulate(argparse.Action):
    """An option that may be repeated: its values are kept, comma-joined (``--context a --context b,c``
    gives ``"a,b,c"``), where argparse's default keeps only the last."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        before = getattr(namespace, self.dest, None)
        setattr(namespace, self.dest, values if before is None else f"{before},{values}")


def add_output_detail(p: argparse.ArgumentParser) -> None:
    """``--brief`` and ``--sources`` (``--full``): how much of the human output is printed."""
    p.add_argument("--brief", action="store_true", help="print only the short plain-language summary")
    p.add_argument(
        "--sources",
        "--full",
        dest="full",
        action="store_true",
        help="print the sources in full (with links) and each note's evidence grade",
    )


def add_person_options(p: argparse.ArgumentParser, *, sex_help: str, lab_help: str) -> None:
    """The options that describe the person and the comparison (shared by interpret and chart)."""
    p.add_argument("--age", help="age in years (45, 45.5), years and months (6y3m), or months/weeks (8m, 30w)")
    p.add_argument("--birth-date", help="birth date (YYYY-MM-DD); with --collected gives the exact age")
    p.add_argument("--collected", help="date the sample was taken (YYYY-MM-DD)")
    p.add_argument("--sex", help=f"male/female (m/f), or unknown/other to {sex_help}")
    p.add_argument("--reference", help="published reference id (see 'igflab references')")
    p.add_argument("--assay", help="choose the reference by assay: idsisys, lcms, irma")
    p.add_argument("--lab-range", help=f"the lab's printed range, e.g. 52-328; {lab_help}")
    p.add_argument("--lab-range-unit", help="unit of --lab-range (default: the result's unit)")
    p.add_argument(
        "--context",
        action=Accumulate,
        help="clinical context, e.g. pregnancy,combined-contraceptive (comma-separated, or the option repeated)",
    )


def add_display_unit(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--unit",
        dest="display_unit",
        metavar="UNIT",
        help="show figures in ng/mL, µg/L or nmol/L, IGFBP-3 also in mg/L or µg/mL (default: the unit of the result)",
    )


def interpret_args(args: argparse.Namespace) -> Any:
    """The options of ``args`` as a JSON request, interpreted; missing sex or age is a usage error."""
    from igflab.io.json import interpret_request

    _require(args.sex, "sex")
    if args.age is None and args.birth_date is None and args.collected is None:
        _require(None, "age")
    names = (
        "value",
        "unit",
        "age",
        "sex",
        "reference",
        "assay",
        "lab_range",
        "lab_range_unit",
        "birth_date",
        "collected",
    )
    request: dict[str, Any] = {k: getattr(args, k) for k in names if getattr(args, k) is not None}
    if getattr(args, "analyte", None) is not None:  # interpret --analyte (other commands read IGF-1)
        request["analyte"] = args.analyte
    if args.context is not None:
        request["context"] = args.context.split(",")
    return interpret_request(request)


def person_options(args: argparse.Namespace) -> dict[str, Any]:
    """The person and comparison options as keyword options (missing sex or age is a usage error)."""
    _require(args.sex, "sex")
    if args.age is None and args.birth_date is None and args.collected is None:
        _require(None, "age")
    names = ("age", "sex", "reference", "assay", "context", "birth_date", "collected")
    return {k: getattr(args, k) for k in names}


def _require(value: Any, name: str) -> Any:
    if value is None:
        from igflab.errors import InputError

        raise InputError(f"--{name} is required", field=name.replace("-", "_"))
    return value
