"""``igflab chart``: one result, or a series, on its reference's age curves."""

from __future__ import annotations

import argparse

from igflab.cli.options import add_display_unit, add_person_options
from igflab.cli.options import interpret_args as _interpret_args
from igflab.cli.output import one_line, write, write_err

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    pass

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("value", nargs="?", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    p.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    add_person_options(p, sex_help="draw both", lab_help="drawn at the person's age")
    p.add_argument(
        "--analyte", choices=("igf1", "igfbp3"), help="what VALUE measures: igf1 (default) or igfbp3 (its own curves)"
    )
    p.add_argument("-o", "--output", required=True, help="file to write: chart.png or chart.svg")
    add_display_unit(p)
    p.add_argument("--full-range", action="store_true", help="show every age of the reference (adults: from 18)")
    p.add_argument(
        "--fan",
        action="store_true",
        help="add the centile fan (0.4th to 99.6th centile, SDS -2.67 to +2.67) for a reference with a distribution",
    )
    p.add_argument("--series", metavar="FILE", help="draw a series (JSON request, FHIR Bundle or one person's CSV)")


def run(args: argparse.Namespace) -> int:
    from igflab.io.chart import save_chart

    if args.series is not None:
        from .series import chart_series

        return chart_series(args)
    if args.value is None:
        from igflab.errors import InputError

        raise InputError("give the result (e.g. 150 ng/mL), or --series FILE", field="value")
    result = _interpret_args(args)  # any analyte: the one engine's Interpretation
    try:
        path = save_chart(result, args.output, unit=args.display_unit, full_range=args.full_range, fan=args.fan)
    except ImportError as exc:
        write_err(f"igflab: error: {one_line(str(exc))}\n")
        return 2
    from igflab.analytes import spec_of
    from igflab.text.figures import display_unit, figures
    from igflab.text.summary import where_words

    unit = display_unit(result.value.input_unit, args.display_unit)
    shown = figures(result.value.ng_per_ml, unit, result.value.censored, spec=spec_of(result.analyte))
    write(f"wrote {path}: {shown}, {where_words(result)}\n")
    return 0
