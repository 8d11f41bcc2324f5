"""``igflab interpret``: one result, the IGF-1 + IGFBP-3 panel, a JSON request, a FHIR resource or a cohort file."""

from __future__ import annotations

import argparse

from igflab.cli.hl7_cli import add_hl7_arguments
from igflab.cli.layout import is_terminal, write_brief
from igflab.cli.options import add_display_unit, add_output_detail, add_person_options
from igflab.cli.options import interpret_args as _interpret_args
from igflab.cli.options import person_options as _person_options
from igflab.cli.output import UsageError, read_input, write, write_err

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "value",
        nargs="?",
        help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >), or a line of the lab report in quotes: "
        "'IGF-1 23.1 nmol/L (11.3-31.0)'",
    )
    p.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    add_person_options(p, sex_help="compare with both", lab_help="it then decides the flag")
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
    add_output_detail(p)
    add_display_unit(p)
    p.add_argument("--fhir", action="store_true", help="print a FHIR R4 Observation (JSON) instead")
    p.add_argument("--subject", metavar="REF", help="with --fhir: the Observation's subject, e.g. Patient/123")
    p.add_argument("--input", metavar="FILE", help="read a JSON request (see 'igflab schema input'); - for stdin")
    p.add_argument(
        "--fhir-in", metavar="FILE", help="read a FHIR Observation, or a Bundle with Patient and Observation"
    )
    add_hl7_arguments(p)
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


def run(args: argparse.Namespace) -> int:
    said = None
    one_text = args.value is not None and args.unit is None and args.input is None and args.fhir_in is None
    if one_text and (args.csv is None or args.igfbp3 is not None):  # one text: perhaps a line of the lab report
        from igflab.cli.report_line import apply_report_line

        said = apply_report_line(args)
    code = _run(args)
    if said and code == 0 and not args.quiet:
        write_err(said)
    return code


def _run(args: argparse.Namespace) -> int:
    from igflab.cli.render import render_text, use_colour

    if args.hl7_in is not None:
        from igflab.cli.hl7_cli import run_hl7_in

        return run_hl7_in(args, _write_fhir)
    if args.local_code is not None:
        raise UsageError("--local-code goes with --hl7-in")
    if args.json and args.fhir:
        raise UsageError("--json and --fhir both choose the output: give one")
    if args.hl7 and (args.json or args.fhir):
        raise UsageError("--hl7 and --json or --fhir each choose the output: give one")
    if args.hl7 and (args.csv is not None or args.input is not None or args.fhir_in is not None):
        raise UsageError("--hl7 writes one result or the panel (VALUE, or --hl7-in FILE)")
    if args.output is not None and not args.output.strip():
        raise UsageError("-o/--output needs a file name (or - for standard output)")
    if args.csv is not None and args.igfbp3 is None:
        return _interpret_csv(args)
    if args.analyte == "panel":
        raise UsageError("--analyte panel reads a cohort file (--csv); for one sample, give --igfbp3 VALUE UNIT")
    if args.igfbp3 is not None:
        return _interpret_panel(args)
    if args.output is not None:
        raise UsageError("-o/--output goes with --csv")
    if args.format is not None:
        raise UsageError("--format goes with --csv")
    if args.input is not None or args.fhir_in is not None:
        return _interpret_file(args)
    if args.value is None:
        from igflab.errors import InputError

        raise InputError("give the result (e.g. 150 ng/mL), or --input FILE, or --fhir-in FILE", field="value")
    result = _interpret_args(args)
    if args.previous is not None:
        return _interpret_previous(args, result)
    if args.fhir:
        return _write_fhir(result, subject=args.subject, effective=args.collected)
    if args.hl7:
        return _write_hl7(result, args)
    if args.subject is not None:
        raise UsageError("--subject goes with --fhir")
    from igflab.text.summary import with_display_unit

    result = with_display_unit(result, args.display_unit)
    if args.json:
        write(result.model_dump_json(indent=2) + "\n")
    elif args.brief:
        write_brief([result.summary.text], result.warnings)
    else:
        write(render_text(result, colour=use_colour(_is_terminal()), full=args.full) + "\n")
    return 0


def _interpret_panel(args: argparse.Namespace) -> int:
    """``--igfbp3 VALUE [UNIT]``: the IGF-1 + IGFBP-3 panel."""
    from igflab.cli.panel_render import render_panel
    from igflab.core.panel import interpret_panel

    if args.brief and (args.json or args.fhir):
        raise UsageError("--brief prints text: leave out --json and --fhir")
    if args.json and args.fhir:
        raise UsageError("--json and --fhir both choose the output: give one")
    if args.subject is not None and not args.fhir:
        raise UsageError("--subject goes with --fhir")
    for name in (
        "csv",
        "input",
        "fhir_in",
        "lab_range",
        "lab_range_unit",
        "output",
        "previous",
        "display_unit",
    ):
        if getattr(args, name) not in (None, False):
            option = "--" + name.replace("_", "-")
            raise UsageError(f"{option} is for one result; leave it out with --igfbp3 (the panel)")
    if args.value is None:
        raise UsageError("give the IGF-1 result beside --igfbp3 (e.g. 150 ng/mL --igfbp3 4.1 mg/L)")
    if args.analyte not in (None, "igf1"):
        raise UsageError(f"--igfbp3 goes beside an IGF-1 VALUE; leave out --analyte {args.analyte}")
    if len(args.igfbp3) > 2:
        raise UsageError("--igfbp3 takes a value and its unit, e.g. --igfbp3 4.1 mg/L")
    unit = args.igfbp3[1] if len(args.igfbp3) == 2 else None
    person = _person_options(args)
    result = interpret_panel(args.value, args.igfbp3[0], igf1_unit=args.unit, igfbp3_unit=unit, **person)
    if args.fhir:
        return _write_fhir(result, subject=args.subject, effective=args.collected)
    if args.hl7:
        return _write_hl7(result, args)
    if args.json:
        write(result.model_dump_json(indent=2) + "\n")
    elif args.brief:
        write_brief([result.igf1.summary.text, result.igfbp3.summary.text], result.warnings)
    else:
        write(render_panel(result, full=args.full) + "\n")
    return 0


def _interpret_previous(args: argparse.Namespace, result: Any) -> int:
    from igflab.analytes import IGF1
    from igflab.cli.render import render_text, use_colour

    from .series import interpret_with_previous

    if result.analyte != IGF1.key:  # the series and its change rule are IGF-1's
        raise UsageError(f"--previous follows IGF-1 results over time; leave it out for {result.analyte}")
    if args.fhir or args.hl7:
        raise UsageError("--previous gives a series: use 'igflab series FILE --fhir' for FHIR output")
    series = interpret_with_previous(args, result)
    if args.json:
        write(series.model_dump_json(indent=2) + "\n")
        return 0
    from igflab.cli.layout import terminal_width, wrap
    from igflab.text.summary import with_display_unit

    result = with_display_unit(result, args.display_unit)
    change = "Change from the previous result: " + series.changes[0].note
    if args.brief:
        write_brief([result.summary.text, change], result.warnings)
        return 0
    rule = series.rule
    width = terminal_width()
    explained = (
        f"Significant beyond {rule.rise_percent:+.1f}% / {rule.fall_percent:+.1f}% (log-normal reference change "
        f"value with CVa {rule.analytical.cv * 100:g}% and CVi {rule.within_person.cv * 100:g}%, both estimates; "
        "see 'igflab series' for the full series)."
    )
    near_top = ["", *wrap(change, width), *wrap(explained, width, "  ", "  ")]
    text = render_text(result, colour=use_colour(_is_terminal()), full=args.full, after_summary=near_top)
    write(text + "\n")
    return 0


def _is_terminal() -> bool:
    return is_terminal()


def _write_fhir(result: Any, *, subject: Any = None, effective: Any = None) -> int:
    """FHIR R4 of an interpretation of any analyte (an Observation) or of the panel (a Bundle)."""
    import json

    from igflab.io.fhir_panel import result_to_fhir

    obs = result_to_fhir(result, subject=subject, effective=effective)
    write(json.dumps(obs, indent=2, ensure_ascii=False) + "\n")
    return 0


def _write_hl7(result: Any, args: argparse.Namespace) -> int:
    """An HL7 v2 ORU^R01 of one result or the panel (PID-7 and OBR-7 from --birth-date and --collected)."""
    from igflab.cli.hl7_cli import write_hl7
    from igflab.io.hl7 import to_hl7

    write_hl7(to_hl7(result, birth_date=args.birth_date, collected=args.collected))
    return 0


def _interpret_csv(args: argparse.Namespace) -> int:
    from igflab.cli.cohort import run_csv

    given = [
        ("VALUE", args.value is not None),
        ("--age", args.age is not None),
        ("--sex", args.sex is not None),
        ("--birth-date", args.birth_date is not None),
        ("--collected", args.collected is not None),
        ("--lab-range", args.lab_range is not None),
        ("--lab-range-unit", args.lab_range_unit is not None),
        ("--context", args.context is not None),
        ("--input", args.input is not None),
        ("--fhir-in", args.fhir_in is not None),
        ("--json", args.json),
        ("--fhir", args.fhir),
    ]
    clash = [name for name, on in given if on]
    if clash:
        raise UsageError(f"--csv reads each row from the file; it cannot be combined with {', '.join(clash)}")
    from igflab.io.csv import CsvColumns

    names = ("value", "unit", "age", "sex", "lab_low", "lab_high")
    columns = CsvColumns(**{name: getattr(args, f"{name}_column") for name in names})
    return run_csv(
        args.csv,
        args.output or "-",
        columns=columns,
        reference=args.reference,
        assay=args.assay,
        delimiter=args.delimiter,
        quiet=args.quiet,
        fmt=args.format,
        analyte=args.analyte or "igf1",
    )


def _interpret_file(args: argparse.Namespace) -> int:
    """``interpret --input FILE`` (a JSON request) or ``--fhir-in FILE`` (FHIR); prints JSON."""
    from igflab.errors import InputError

    name = "input" if args.input is not None else "fhir_in"
    if args.input is not None and args.fhir_in is not None:
        raise InputError("give either --input or --fhir-in, not both", field="input")
    # What a FHIR resource may lack (igflab's own --fhir output has no Patient): the person's
    # details; from_fhir() refuses any that contradict what the resource holds.
    allowed = {"sex", "birth_date", "collected", "age", "reference"} if name == "fhir_in" else set()
    fields = ("value", "unit", "age", "birth_date", "collected", "sex", "reference", "assay", "lab_range")
    given = [k for k in (*fields, "lab_range_unit", "context", "analyte") if getattr(args, k, None) is not None]
    given = [k for k in given if k not in allowed]
    if given:
        shown = "VALUE" if given[0] in ("value", "unit") else "--" + given[0].replace("_", "-")
        what = "the request" if name == "input" else "the FHIR resource"
        raise InputError(f"{shown} cannot be combined with --{name.replace('_', '-')}: {what} gives it", field=name)
    text = read_input(args.input if name == "input" else args.fhir_in, name)
    result: Any
    if name == "input":
        from igflab.io.json import answer_request

        result = answer_request(text)
        subject = effective = None
    else:
        from igflab.io.fhir_in import read_fhir
        from igflab.io.fhir_panel import holds_igfbp3, read_panel

        person = {k: getattr(args, k) for k in ("sex", "birth_date", "collected", "age", "reference")}
        if holds_igfbp3(text):  # a Bundle with IGF-1 and IGFBP-3: the panel
            result, (_, subject, effective) = read_panel(text, **person)
        else:
            result, subject, effective = read_fhir(text, **person)
    if args.fhir:
        return _write_fhir(result, subject=args.subject or subject, effective=effective)
    write(result.model_dump_json(indent=2) + "\n")
    return 0
