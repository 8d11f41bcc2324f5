"""``igflab series FILE``, and the series read for ``interpret ... --previous VALUE[@DATE]`` and ``chart --series``."""

from __future__ import annotations

import argparse

from igflab.cli.options import Accumulate, add_output_detail
from igflab.cli.output import UsageError, one_line, read_input, write, write_err

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_arguments", "chart_series", "interpret_with_previous", "read_series", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``igflab series``."""
    p.add_argument("file", help="a JSON series request, a FHIR Bundle, or a long-form CSV; - reads stdin (JSON)")
    p.add_argument("--sex", help="for a FHIR Bundle without Patient.gender")
    p.add_argument("--birth-date", help="for a FHIR Bundle without Patient.birthDate")
    p.add_argument(
        "--context",
        action=Accumulate,
        help="acromegaly-treatment, gh-therapy (comma-separated, or the option repeated)",
    )
    p.add_argument("--cv-analytical", type=float, help="the assay's analytical CV as a fraction (default 0.05)")
    p.add_argument("--cv-within", type=float, help="the within-person CV as a fraction (default 0.15)")
    p.add_argument("--one-sided", action="store_true", help="a one-sided RCV (default two-sided)")
    p.add_argument("--json", action="store_true", help="print the series as JSON")
    add_output_detail(p)
    p.add_argument("--fhir", action="store_true", help="print a FHIR Bundle with U/D flags and derivedFrom links")
    p.add_argument("--subject", metavar="REF", help="with --fhir: the Observations' subject, e.g. Patient/123")
    p.add_argument("-o", "--output", metavar="FILE", help="CSV input: write every row with its change columns")


def _rule(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"one_sided": args.one_sided}
    if args.cv_analytical is not None:
        out["cv_analytical"] = args.cv_analytical
    if args.cv_within is not None:
        out["cv_within"] = args.cv_within
    return out


def _kind(path: str, text: str) -> str:
    if path.lower().endswith(".csv"):
        return "csv"
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return "csv"
    from igflab.io.json import load_json

    data = load_json(text, "the series file", "file")
    return "fhir" if isinstance(data, dict) and data.get("resourceType") == "Bundle" else "json"


def read_series(path: str, args: argparse.Namespace, rule: dict[str, Any]) -> list[tuple[str, Any]]:
    """Each person's series from a JSON request, a FHIR Bundle or a long-form CSV (person id "" for one)."""
    text = read_input(path, "file")
    kind = _kind(path, text)
    context = getattr(args, "context", None)
    if kind == "csv":
        from igflab.io.series_csv import series_by_person

        return series_by_person(text, context=context, **rule)
    if kind == "fhir":
        from igflab.io.series_fhir import series_from_fhir

        return [("", series_from_fhir(text, sex=args.sex, birth_date=args.birth_date, context=context, **rule))]
    from igflab.io.json import load_json
    from igflab.io.series_json import series_request

    req = load_json(text, "the series request", "request")
    if not isinstance(req, dict):
        return [("", series_request(req))]  # refused there, with the reason
    if context:
        req["context"] = [*req.get("context", []), *context.split(",")]
    return [("", series_request({**req, **rule}))]


def run(args: argparse.Namespace) -> int:
    rule = _rule(args)
    if args.output is not None:
        text = read_input(args.file, "file")
        if _kind(args.file, text) != "csv":
            raise UsageError("-o/--output goes with a CSV input")
        return _csv_rows(args, text, rule)
    return _show(args, read_series(args.file, args, rule))


def _csv_rows(args: argparse.Namespace, text: str, rule: dict[str, Any]) -> int:
    from igflab.io.series_csv import write_series_csv

    if args.output == "-":
        import sys

        write_series_csv(text, sys.stdout, **rule)
        return 0
    with open(args.output, "w", encoding="utf-8", newline="") as dst:
        n = write_series_csv(text, dst, **rule)
    write(f"wrote {args.output}: {n} rows with their change columns\n")
    return 0


def _show(args: argparse.Namespace, people: list[tuple[str, Any]]) -> int:
    import json

    if args.fhir:
        from igflab.io.series_fhir import series_to_fhir

        bundles = [series_to_fhir(s, subject=args.subject) for _, s in people]
        write(json.dumps(bundles[0] if len(bundles) == 1 else bundles, indent=2, ensure_ascii=False) + "\n")
    elif args.json:
        dumped = [json.loads(s.model_dump_json()) for _, s in people]
        write(json.dumps(dumped[0] if len(dumped) == 1 else dumped, indent=2, ensure_ascii=False) + "\n")
    elif args.brief:
        from igflab.cli.layout import write_brief

        for p, s in people:
            write_brief([*([f"person {p}"] if p else []), s.summary], s.warnings)
    else:
        from igflab.cli.series_render import render_series

        blocks = [(f"person {p}\n" if p else "") + render_series(s, full=args.full) for p, s in people]
        write("\n\n".join(blocks) + "\n")
    return 0


def _previous_item(text: str, unit: str) -> dict[str, Any]:
    from igflab.errors import InputError

    value, _, when = text.partition("@")
    if not value.strip() or not when.strip():
        raise InputError(
            "--previous needs VALUE@DATE (e.g. 440@2025-01-15) or VALUE@AGE (e.g. 440@44.5)", field="previous"
        )
    item: dict[str, Any] = {"value": value.strip(), "unit": unit}
    when = when.strip()
    item["collected" if len(when) >= 8 and when.count("-") == 2 else "age"] = when
    return item


def interpret_with_previous(args: argparse.Namespace, current: Any) -> Any:
    """The current result (already interpreted) and ``--previous`` as a two-result series."""
    from igflab.core.series import interpret_series
    from igflab.errors import InputError

    unit = args.unit or current.value.input_unit
    prev = _previous_item(args.previous, unit)
    now: dict[str, Any] = {"value": args.value, "unit": args.unit, "lab_range": args.lab_range}
    if "collected" in prev:
        if args.birth_date is None or args.collected is None:
            raise InputError("--previous VALUE@DATE needs --birth-date and --collected", field="previous")
        now["collected"] = args.collected
    else:
        if args.age is None:
            raise InputError("--previous VALUE@AGE needs --age for the current result", field="previous")
        now["age"] = args.age
    extra = {k: getattr(args, k) for k in ("reference", "assay") if getattr(args, k) is not None}
    return interpret_series([prev, now], sex=args.sex, birth_date=args.birth_date, context=args.context, **extra)


def chart_series(args: argparse.Namespace) -> int:
    """``igflab chart --series FILE -o trend.png``."""
    from igflab.errors import InputError
    from igflab.io.series_chart import save_series_chart

    people = read_series(args.series, args, {})
    if len(people) != 1:
        raise InputError(f"the file holds {len(people)} persons; a chart draws one person's series", field="series")
    series = people[0][1]
    try:
        path = save_series_chart(series, args.output)
    except ImportError as exc:
        write_err(f"igflab: error: {one_line(str(exc))}\n")
        return 2
    flags = [c.flag for c in series.changes if c.flag]
    write(f"wrote {path}: {len(series.results)} results, significant changes: {', '.join(flags) or 'none'}\n")
    return 0
