"""The command line's commands: each a thin layer over a library function."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .output import read_stdin, write, write_err
from .parser import UsageError, one_line

__all__ = ["COMMANDS"]


def _interpret_args(args: argparse.Namespace) -> Any:
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
    if args.context is not None:
        request["context"] = args.context.split(",")
    return interpret_request(request)


def _require(value: Any, name: str) -> Any:
    if value is None:
        from igflab.errors import InputError

        raise InputError(f"--{name} is required", field=name.replace("-", "_"))
    return value


def _cmd_interpret(args: argparse.Namespace) -> int:
    from .render import render_text, use_colour

    if args.json and args.fhir:
        raise UsageError("--json and --fhir both choose the output: give one")
    if args.output is not None and not args.output.strip():
        raise UsageError("-o/--output needs a file name (or - for standard output)")
    if args.csv is not None and args.igfbp3 is None:
        return _interpret_csv(args)
    if args.analyte == "panel":
        raise UsageError("--analyte panel reads a cohort file (--csv); for one sample, give --igfbp3 VALUE UNIT")
    if args.igfbp3 is not None or args.analyte == "igfbp3":
        return _interpret_igfbp3(args)
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
    if args.subject is not None:
        raise UsageError("--subject goes with --fhir")
    from igflab.text.summary import with_display_unit

    result = with_display_unit(result, args.display_unit)
    if args.json:
        write(result.model_dump_json(indent=2) + "\n")
    elif args.brief:
        write(result.summary.text + "\n")
    else:
        write(render_text(result, colour=use_colour(_is_terminal())) + "\n")
    return 0


def _interpret_igfbp3(args: argparse.Namespace) -> int:
    """``--analyte igfbp3`` (one IGFBP-3 result) or ``--igfbp3 VALUE [UNIT]`` (the IGF-1 + IGFBP-3 panel)."""
    from igflab.core.panel import interpret_analyte, interpret_panel

    from .panel_render import render_analyte, render_panel

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
        "brief",
        "display_unit",
    ):
        if getattr(args, name) not in (None, False):
            option = "--" + name.replace("_", "-")
            raise UsageError(f"{option} is for IGF-1 alone; leave it out with --igfbp3 or --analyte igfbp3")
    if args.value is None:
        raise UsageError("give the result (e.g. 4.1 mg/L for IGFBP-3, or an IGF-1 value with --igfbp3)")
    person = _person_options(args)
    text: Any = render_analyte
    if args.igfbp3 is None:
        result: Any = interpret_analyte(args.value, args.unit, analyte="igfbp3", **person)
    else:
        if args.analyte == "igfbp3":
            raise UsageError("--igfbp3 goes beside an IGF-1 VALUE; leave out --analyte igfbp3")
        if len(args.igfbp3) > 2:
            raise UsageError("--igfbp3 takes a value and its unit, e.g. --igfbp3 4.1 mg/L")
        unit = args.igfbp3[1] if len(args.igfbp3) == 2 else None
        result = interpret_panel(args.value, args.igfbp3[0], igf1_unit=args.unit, igfbp3_unit=unit, **person)
        text = render_panel
    if args.fhir:
        return _write_fhir(result, subject=args.subject, effective=args.collected)
    write(result.model_dump_json(indent=2) + "\n" if args.json else text(result) + "\n")
    return 0


def _person_options(args: argparse.Namespace) -> dict[str, Any]:
    """The person and comparison options as keyword options (missing sex or age is a usage error)."""
    _require(args.sex, "sex")
    if args.age is None and args.birth_date is None and args.collected is None:
        _require(None, "age")
    names = ("age", "sex", "reference", "assay", "context", "birth_date", "collected")
    return {k: getattr(args, k) for k in names}


def _interpret_previous(args: argparse.Namespace, result: Any) -> int:
    from .render import render_text, use_colour
    from .series import interpret_with_previous

    if args.fhir:
        raise UsageError("--previous gives a series: use 'igflab series FILE --fhir' for FHIR output")
    series = interpret_with_previous(args, result)
    if args.json:
        write(series.model_dump_json(indent=2) + "\n")
        return 0
    change = series.changes[0]
    rule = series.rule
    lines = [
        render_text(result, colour=use_colour(_is_terminal())),
        "",
        "Change from the previous result: " + change.note,
        (
            f"(Significant beyond {rule.rise_percent:+.1f}% / {rule.fall_percent:+.1f}%, log-normal reference change "
            f"value with CVa {rule.analytical.cv * 100:g}% and CVi {rule.within_person.cv * 100:g}%, both estimates; "
            "see 'igflab series' for the full series.)"
        ),
    ]
    write("\n".join(lines) + "\n")
    return 0


def _is_terminal() -> bool:
    out = sys.stdout
    return out is not None and out.isatty()


def read_input(path: str, name: str) -> str:
    from pathlib import Path

    from igflab.errors import InputError

    if path == "-":
        return read_stdin()
    try:
        return Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark, as Windows editors write, is dropped
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}", field=name) from None


def _write_fhir(result: Any, *, subject: Any = None, effective: Any = None) -> int:
    """FHIR R4 of an IGF-1 interpretation (an Observation), an IGFBP-3 result (one) or the panel (a Bundle)."""
    import json

    from igflab.io.fhir_panel import result_to_fhir

    obs = result_to_fhir(result, subject=subject, effective=effective)
    write(json.dumps(obs, indent=2, ensure_ascii=False) + "\n")
    return 0


def _interpret_csv(args: argparse.Namespace) -> int:
    from .cohort import run_csv

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
    given = [k for k in (*fields, "lab_range_unit", "context") if getattr(args, k, None) is not None]
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


def _cmd_schema(args: argparse.Namespace) -> int:
    from igflab.io.json import schema_text

    if args.kind.startswith("series-"):
        from igflab.io.series_json import series_schema_text

        write(series_schema_text(args.kind))
        return 0
    write(schema_text(args.kind))
    return 0


def _cmd_references(args: argparse.Namespace) -> int:
    import json

    from igflab.science.references import list_references

    every = list_references(None)
    tabled = ("LMS", "limits")
    refs = [r for r in every if r.analyte == "igf1" and r.distribution in tabled]
    refs = refs if args.analyte in (None, "igf1", "all") else []
    wanted = {None: (), "igf1": ("igf1",), "igfbp3": ("igfbp3",), "ratio": ("igf1_igfbp3_ratio",)}.get(
        args.analyte, ("igf1", "igfbp3", "igf1_igfbp3_ratio")
    )
    panel = [r for r in every if r.distribution not in tabled and r.analyte in wanted]
    if args.json:
        rows = [_reference_row(r.data, r.id) for r in refs]
        rows += [{**_reference_row(r.data, r.id), "analyte": r.data.analyte.key} for r in panel]
        write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    for i, r in enumerate(refs):
        d = r.data
        default = "  (default)" if i == 0 else ""
        method = "LMS (SDS, centile, 2.5th-97.5th centile interval)" if r.is_lms else "limits only (interval, zlog)"
        n = f"; n = {d.n:,}" if d.n else ""
        src = f"doi:{d.citation.doi}" if d.citation.doi else d.citation.journal
        write(
            f"{r.id}{default}\n"
            f"  {d.title}\n"
            f"  assay:      {d.assay} (--assay {', '.join(d.assay_ids[:2])})\n"
            f"  method:     {method}\n"
            f"  population: {d.population}{n}\n"
            f"  coverage:   {r.coverage_text()}, {' and '.join(d.sexes)}\n"
            f"  source:     {src}\n\n"
        )
    for pr in panel:
        d = pr.data
        choose = {
            "igf1": "--reference life2022 with --igfbp3 (the panel)",
            "igfbp3": "--reference life2022" if pr.id.startswith("life") else "the default for IGFBP-3",
        }.get(d.analyte.key, "for reference only: the panel gives the molar ratio but does not place it here")
        if d.includes_contraceptive_users:
            choose += " --context oral-contraceptive"
        write(
            f"{pr.id}\n"
            f"  {d.title}\n"
            f"  analyte:    {d.analyte.name}, {d.unit}\n"
            f"  assay:      {d.assay}\n"
            f"  method:     {d.distribution} (SDS, centile, 2.5th-97.5th centile interval)\n"
            f"  population: {d.population}\n"
            f"  coverage:   {pr.age_min:g}-{pr.age_max:g} years, {' and '.join(d.sexes)}\n"
            f"  chosen by:  {choose}\n"
            f"  source:     doi:{d.citation.doi}\n\n"
        )
    return 0


def _reference_row(d: Any, ref_id: str) -> dict[str, Any]:
    return {
        "id": ref_id,
        "short_name": d.short_name,
        "assay": d.assay,
        "assay_ids": d.assay_ids,
        "method": d.distribution,
        "population": d.population,
        "n": d.n,
        "sexes": d.sexes,
        "age_domain": list(d.age_domain),
        "citation": d.citation.id,
        "doi": d.citation.doi,
    }


def _cmd_ranges(args: argparse.Namespace) -> int:
    import json

    from igflab.inputs.ages import parse_age
    from igflab.inputs.sex import parse_sex
    from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L as K
    from igflab.science.references import choose_reference

    years, _src = parse_age(args.age)
    sex = parse_sex(args.sex)
    ref = choose_reference(args.reference, args.assay).reference
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
        write(json.dumps(rows, indent=2) + "\n")
        return 0

    def fmt(values: list[float | None], digits: int, sep: str) -> str:
        return sep.join("-" if v is None else f"{v:.{digits}f}" for v in values)

    what = "2.5th / 50th / 97.5th centile" if ref.is_lms else "lower - upper limit"
    write(f"{ref.data.short_name} ({ref.id}): {what}\n")
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
        write(f"  {s:<6} age {age_txt}{band}: {ng} ng/mL = {nm} nmol/L\n")
    return 0


def _cmd_chart(args: argparse.Namespace) -> int:
    from igflab.io.chart import save_chart

    if args.series is not None:
        from .series import chart_series

        return chart_series(args)
    if args.value is None:
        from igflab.errors import InputError

        raise InputError("give the result (e.g. 150 ng/mL), or --series FILE", field="value")
    if args.analyte == "igfbp3":
        from igflab.core.panel import interpret_analyte

        if args.lab_range is not None:
            raise UsageError("--lab-range is for IGF-1 alone; leave it out with --analyte igfbp3")
        result: Any = interpret_analyte(args.value, args.unit, analyte="igfbp3", **_person_options(args))
    else:
        result = _interpret_args(args)
    try:
        path = save_chart(result, args.output, unit=args.display_unit, full_range=args.full_range)
    except ImportError as exc:
        write_err(f"igflab: error: {one_line(str(exc))}\n")
        return 2
    zone = f"zone {result.zone.value} ({result.flag.value})"
    value = result.value.ng_per_ml if args.analyte != "igfbp3" else result.value_ng_per_ml
    write(f"wrote {path}: {value:g} ng/mL, {zone}\n")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
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


def _cmd_series(args: argparse.Namespace) -> int:
    from .series import cmd_series

    return cmd_series(args)


COMMANDS = {
    "interpret": _cmd_interpret,
    "references": _cmd_references,
    "ranges": _cmd_ranges,
    "schema": _cmd_schema,
    "chart": _cmd_chart,
    "serve": _cmd_serve,
    "series": _cmd_series,
}
