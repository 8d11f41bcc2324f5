"""The options ``interpret`` and ``chart`` share: the person, the comparison and the display unit.

Each is added to a command's parser here and read back here.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_display_unit", "add_person_options", "interpret_args", "person_options"]


def add_person_options(p: argparse.ArgumentParser, *, sex_help: str, lab_help: str) -> None:
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
