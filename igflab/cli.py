"""The ``igflab`` command line.

Exit codes: 0 success, 2 bad input (one line on stderr naming the field), 1 an
unexpected internal error (one line, no traceback). Imports are deferred so the
command starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

__all__ = ["main"]

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
  igflab interpret --input request.json          (a JSON request; - reads stdin)
  igflab interpret --fhir-in observation.json    (a FHIR Observation or Bundle)
  igflab schema input
  igflab chart 150 ng/mL --age 45 --sex male -o chart.png

igflab informs; it does not diagnose. Discuss any result with a qualified health professional.
"""


class _UsageError(Exception):
    """An argparse error, turned into one line and exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = _Parser(
        prog="igflab",
        description="Interpret an IGF-1 blood-test result against published, cited references.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"igflab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "interpret",
        help="interpret one result",
        description="Interpret one IGF-1 result.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("value", nargs="?", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    p.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    _add_person_options(p, sex_help="compare with both", lab_help="it then decides the flag")
    p.add_argument("--json", action="store_true", help="print the interpretation as JSON")
    p.add_argument("--fhir", action="store_true", help="print a FHIR R4 Observation (JSON) instead")
    p.add_argument("--input", metavar="FILE", help="read a JSON request (see 'igflab schema input'); - for stdin")
    p.add_argument(
        "--fhir-in", metavar="FILE", help="read a FHIR Observation, or a Bundle with Patient and Observation"
    )
    cohort = p.add_argument_group(
        "cohort CSV",
        "interpret every row of a CSV file (columns value, unit, age, sex; optional lab_low, lab_high); "
        "the output keeps every input column and appends the results",
    )
    cohort.add_argument("--csv", metavar="FILE", help="the CSV to interpret; - reads stdin")
    cohort.add_argument("-o", "--output", metavar="FILE", help="where to write the results (default -, stdout)")
    cohort.add_argument("--value-column", default="value", metavar="NAME", help="default: value")
    cohort.add_argument("--unit-column", metavar="NAME", help="default: unit, if present")
    cohort.add_argument("--age-column", default="age", metavar="NAME", help="default: age (years, or 8m, 30w)")
    cohort.add_argument("--sex-column", default="sex", metavar="NAME", help="default: sex")
    cohort.add_argument("--lab-low-column", metavar="NAME", help="default: lab_low, if present")
    cohort.add_argument("--lab-high-column", metavar="NAME", help="default: lab_high, if present")
    cohort.add_argument("--delimiter", default=",", help="field separator (default ,)")
    cohort.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.set_defaults(handler=_cmd_interpret)

    r = sub.add_parser("references", help="list the published references", description="List the shipped references.")
    r.add_argument("--json", action="store_true", help="print as JSON")
    r.set_defaults(handler=_cmd_references)

    g = sub.add_parser(
        "ranges",
        help="print a reference's interval for an age and sex",
        description="Print the reference interval (and median) for an age and sex, in ng/mL and nmol/L.",
    )
    g.add_argument("--age", required=True, help="age in years, or months for infants (8m)")
    g.add_argument("--sex", required=True, help="male/female (m/f), or unknown for both")
    g.add_argument("--reference", help="reference id (default: the default reference)")
    g.add_argument("--assay", help="choose the reference by assay")
    g.add_argument("--json", action="store_true", help="print as JSON")
    g.set_defaults(handler=_cmd_ranges)

    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of a request (input) or of a result (output)",
        description="Print the JSON Schema of the JSON request igflab reads (input) or of the "
        "interpretation it writes (output); both carry schema_version.",
    )
    sc.add_argument("kind", nargs="?", choices=("input", "output"), default="output", help="default: output")
    sc.set_defaults(handler=_cmd_schema)

    c = sub.add_parser(
        "chart",
        help="draw the result on its reference's age curves (PNG or SVG)",
        description="Draw one result on the reference's 2.5th, 50th and 97.5th centile curves by age, "
        "and write the chart to a PNG or SVG file. Needs matplotlib: pip install 'igflab[plot]'.",
    )
    c.add_argument("value", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    c.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    _add_person_options(c, sex_help="draw both", lab_help="drawn at the person's age")
    c.add_argument("-o", "--output", required=True, help="file to write: chart.png or chart.svg")
    c.set_defaults(handler=_cmd_chart)
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


def _interpret_args(args: argparse.Namespace) -> Any:
    """The options of ``args`` as a JSON request, interpreted; missing sex or age is a usage error."""
    from .schema import interpret_request

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
    if args.context is not None:
        request["context"] = args.context.split(",")
    return interpret_request(request)


def _require(value: Any, name: str) -> Any:
    if value is None:
        from .errors import InputError

        raise InputError(f"--{name} is required", field=name.replace("-", "_"))
    return value


def _cmd_interpret(args: argparse.Namespace) -> int:
    from ._display import render_text, use_colour

    if args.csv is not None:
        return _interpret_csv(args)
    if args.output is not None:
        raise _UsageError("-o/--output goes with --csv")
    if args.input is not None or args.fhir_in is not None:
        return _interpret_file(args)
    if args.value is None:
        from .errors import InputError

        raise InputError("give the result (e.g. 150 ng/mL), or --input FILE, or --fhir-in FILE", field="value")
    result = _interpret_args(args)
    if args.fhir:
        return _write_fhir(result, effective=args.collected)
    if args.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_text(result, colour=use_colour(sys.stdout.isatty())) + "\n")
    return 0


def _read_input(path: str, name: str) -> str:
    from pathlib import Path

    from .errors import InputError

    if path == "-":
        return sys.stdin.read().removeprefix("\ufeff")
    try:
        return Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark, as Windows editors write, is dropped
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}", field=name) from None


def _write_fhir(result: Any, *, subject: Any = None, effective: Any = None) -> int:
    import json

    from .fhir import to_fhir

    obs = to_fhir(result, subject=subject, effective=effective)
    sys.stdout.write(json.dumps(obs, indent=2, ensure_ascii=False) + "\n")
    return 0


def _interpret_csv(args: argparse.Namespace) -> int:
    from ._csv import CsvColumns, run_cli

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
        raise _UsageError(f"--csv reads each row from the file; it cannot be combined with {', '.join(clash)}")
    columns = CsvColumns(
        value=args.value_column,
        unit=args.unit_column,
        age=args.age_column,
        sex=args.sex_column,
        lab_low=args.lab_low_column,
        lab_high=args.lab_high_column,
    )
    return run_cli(
        args.csv,
        args.output or "-",
        columns=columns,
        reference=args.reference,
        assay=args.assay,
        delimiter=args.delimiter,
        quiet=args.quiet,
    )


def _interpret_file(args: argparse.Namespace) -> int:
    """``interpret --input FILE`` (a JSON request) or ``--fhir-in FILE`` (FHIR); prints JSON."""
    from .errors import InputError

    name = "input" if args.input is not None else "fhir_in"
    if args.input is not None and args.fhir_in is not None:
        raise InputError("give either --input or --fhir-in, not both", field="input")
    allowed = {"sex", "birth_date", "reference"} if name == "fhir_in" else set()
    fields = ("value", "unit", "age", "birth_date", "collected", "sex", "reference", "assay", "lab_range")
    given = [k for k in (*fields, "lab_range_unit", "context") if getattr(args, k, None) is not None]
    given = [k for k in given if k not in allowed]
    if given:
        shown = "VALUE" if given[0] in ("value", "unit") else "--" + given[0].replace("_", "-")
        what = "the request" if name == "input" else "the FHIR resource"
        raise InputError(f"{shown} cannot be combined with --{name.replace('_', '-')}: {what} holds it", field=name)
    text = _read_input(args.input if name == "input" else args.fhir_in, name)
    if name == "input":
        from .schema import interpret_request

        result = interpret_request(text)
        subject = effective = None
    else:
        from .fhir import _effective, from_fhir, observation_of

        result = from_fhir(text, sex=args.sex, birth_date=args.birth_date, reference=args.reference)
        obs = observation_of(text)
        eff = _effective(obs)  # effectiveDateTime, effectiveInstant or effectivePeriod.start, as from_fhir() read it
        subject, effective = obs.get("subject"), None if eff is None else eff[0]
    if args.fhir:
        return _write_fhir(result, subject=subject, effective=effective)
    sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return 0


def _cmd_references(args: argparse.Namespace) -> int:
    import json

    from .references import list_references

    refs = list_references()
    if args.json:
        rows = [
            {
                "id": r.id,
                "short_name": r.data.short_name,
                "assay": r.data.assay,
                "assay_ids": r.data.assay_ids,
                "method": r.data.distribution,
                "population": r.data.population,
                "n": r.data.n,
                "sexes": r.data.sexes,
                "age_domain": list(r.data.age_domain),
                "citation": r.data.citation.id,
                "doi": r.data.citation.doi,
            }
            for r in refs
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    for i, r in enumerate(refs):
        d = r.data
        default = "  (default)" if i == 0 else ""
        method = "LMS (SDS, centile, 2.5th-97.5th centile interval)" if r.is_lms else "limits only (interval, zlog)"
        n = f"; n = {d.n:,}" if d.n else ""
        src = f"doi:{d.citation.doi}" if d.citation.doi else d.citation.journal
        sys.stdout.write(
            f"{r.id}{default}\n"
            f"  {d.title}\n"
            f"  assay:      {d.assay} (--assay {', '.join(d.assay_ids[:2])})\n"
            f"  method:     {method}\n"
            f"  population: {d.population}{n}\n"
            f"  coverage:   {r.coverage_text()}, {' and '.join(d.sexes)}\n"
            f"  source:     {src}\n\n"
        )
    return 0


def _cmd_ranges(args: argparse.Namespace) -> int:
    import json

    from .ages import parse_age
    from .interpret import choose_reference, parse_sex
    from .units import NG_PER_ML_PER_NMOL_PER_L as K

    years, _src = parse_age(args.age)
    sex = parse_sex(args.sex)
    ref, _w = choose_reference(args.reference, args.assay)
    found = [(s, ref.interval(years, s)) for s in (("male", "female") if sex == "unknown" else (sex,))]
    if args.json:
        rows = [
            {
                "reference": ref.id,
                "age": years,
                "sex": s,
                "lower_ng_per_ml": iv.lower,
                "median_ng_per_ml": iv.median,
                "upper_ng_per_ml": iv.upper,
                "lower_nmol_per_l": iv.lower / K,
                "median_nmol_per_l": None if iv.median is None else iv.median / K,
                "upper_nmol_per_l": iv.upper / K,
                "age_band": None if iv.band is None else list(iv.band),
            }
            for s, iv in found
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0

    def fmt(values: list[float | None], digits: int, sep: str) -> str:
        return sep.join("-" if v is None else f"{v:.{digits}f}" for v in values)

    what = "2.5th / 50th / 97.5th centile" if ref.is_lms else "lower - upper limit"
    sys.stdout.write(f"{ref.data.short_name} ({ref.id}): {what}\n")
    for s, iv in found:
        vals: list[float | None] = [iv.lower, iv.median, iv.upper] if ref.is_lms else [iv.lower, iv.upper]
        sep = " / " if ref.is_lms else " - "
        ng = fmt(vals, 1, sep)
        nm = fmt([None if v is None else v / K for v in vals], 2, sep)
        band = ""
        if iv.band is not None:
            lo, hi = iv.band
            band = f" (band {lo:g} y and over)" if hi is None else f" (band {lo:g} to under {hi:g} y)"
        age_txt = f"{years * 12:.3g} months" if years < 2 else f"{years:g} y"
        sys.stdout.write(f"  {s:<6} age {age_txt}{band}: {ng} ng/mL = {nm} nmol/L\n")
    return 0


def _cmd_chart(args: argparse.Namespace) -> int:
    from .plot import save_chart

    result = _interpret_args(args)
    try:
        path = save_chart(result, args.output)
    except ImportError as exc:
        sys.stderr.write(f"igflab: error: {_one_line(str(exc))}\n")
        return 2
    zone = f"zone {result.zone.value} ({result.flag.value})"
    sys.stdout.write(f"wrote {path}: {result.value.ng_per_ml:g} ng/mL, {zone}\n")
    return 0


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return 2
        return int(args.handler(args))
    except _UsageError as exc:
        sys.stderr.write(f"igflab: error: {_one_line(str(exc))} (see igflab --help)\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("igflab: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a traceback
        from .errors import IgflabError

        if isinstance(exc, IgflabError):
            field = f"{exc.field}: " if exc.field else ""
            sys.stderr.write(f"igflab: error: {field}{_one_line(exc.message)}\n")
            return 2
        sys.stderr.write(f"igflab: internal error: {type(exc).__name__}: {_one_line(str(exc))}\n")
        return 1


def entry() -> NoReturn:  # pragma: no cover - console-script shim
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
