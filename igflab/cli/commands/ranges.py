"""``igflab ranges``: a reference's interval (and median) for an age and sex, or the value at an SDS or centile."""

from __future__ import annotations

import argparse

from igflab.cli.output import UsageError, write

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--age", help="age in years, years and months (6y3m), or months for infants (8m); required for the interval"
    )
    p.add_argument("--sex", required=True, help="male/female (m/f), or unknown for both")
    p.add_argument("--reference", help="reference id (default: the analyte's default reference)")
    p.add_argument("--assay", help="choose the reference by assay")
    p.add_argument("--analyte", choices=("igf1", "igfbp3"), help="igf1 (default) or igfbp3")
    look = p.add_mutually_exclusive_group()
    look.add_argument(
        "--sds",
        type=float,
        metavar="SDS",
        help="the value at this SDS (e.g. -2), at --age or over the ages",
    )
    look.add_argument(
        "--centile", type=float, metavar="C", help="the value at this centile (e.g. 3), at --age or over the ages"
    )
    p.add_argument("--json", action="store_true", help="print as JSON")


def run(args: argparse.Namespace) -> int:
    from igflab.analytes import spec_of
    from igflab.inputs.ages import parse_age
    from igflab.inputs.sex import parse_sex
    from igflab.science.references import choose_reference

    spec = spec_of(args.analyte or "igf1")
    sex = parse_sex(args.sex)
    ref = choose_reference(args.reference, args.assay, spec).reference
    sexes = ("male", "female") if sex == "unknown" else (sex,)
    if args.sds is not None or args.centile is not None:
        ages = [parse_age(args.age)[0]] if args.age is not None else _ages(ref)
        return _reverse(args, ref, spec, sexes, ages)
    if args.age is None:
        raise UsageError("the interval needs --age (or give --sds or --centile for a value over the ages)")
    years, _src = parse_age(args.age)
    found = [(s, ref.interval(years, s)) for s in sexes]
    k = spec.ng_per_ml_per_nmol_per_l  # the analyte's own molar mass (IGFBP-3: 28,700 g/mol)
    if args.json:
        rows = [
            {
                **_row_head(ref, spec, years, s),
                "lower_ng_per_ml": iv.lower,
                "median_ng_per_ml": iv.median,
                "upper_ng_per_ml": iv.upper,
                "lower_nmol_per_l": iv.lower / k,
                "median_nmol_per_l": None if iv.median is None else iv.median / k,
                "upper_nmol_per_l": iv.upper / k,
                "age_band": None if iv.band is None else list(iv.band),
            }
            for s, iv in found
        ]
        return _write_json(rows)

    def fmt(values: list[float | None], digits: int, sep: str) -> str:
        return sep.join("-" if v is None else f"{v:.{digits}f}" for v in values)

    centiles = ref.distribution != "limits"
    what = "2.5th / 50th / 97.5th centile" if centiles else "lower - upper limit"
    write(f"{ref.data.short_name} ({ref.id}): {what}\n")
    for s, iv in found:
        vals: list[float | None] = [iv.lower, iv.median, iv.upper] if centiles else [iv.lower, iv.upper]
        sep = " / " if centiles else " - "
        ng = fmt(vals, 1, sep)
        nm = fmt([None if v is None else v / k for v in vals], 2, sep)
        band = ""
        if iv.band is not None:
            lo, hi = iv.band
            band = f" (band {lo:g} y and over)" if hi is None else f" (band {lo:g} to under {hi:g} y)"
        write(f"  {s:<6} age {_age(years)}{band}: {ng} ng/mL = {nm} nmol/L\n")
    return 0


def _row_head(ref: Any, spec: Any, age: float, sex: str) -> dict[str, Any]:
    """The fields every JSON row of ``igflab ranges`` starts with."""
    return {"reference": ref.id, "analyte": spec.key, "age": age, "sex": sex}


def _write_json(rows: list[dict[str, Any]]) -> int:
    import json

    write(json.dumps(rows, indent=2) + "\n")
    return 0


def _age(years: float) -> str:
    return f"{years * 12:.3g} months" if years < 2 else f"{years:g} y"


def _ages(ref: Any) -> list[float]:
    """The ages of a table over the reference: each year to 18, then every 5 years, and its last age."""
    import math

    first = ref.age_min if ref.age_min > 0 else 0.0
    ages = [first, *range(math.floor(first) + 1, min(18, math.floor(ref.age_max)) + 1)]
    ages += list(range(20, math.floor(ref.age_max) + 1, 5))
    if ages[-1] < ref.age_max:
        ages.append(ref.age_max)
    return [float(a) for a in ages]


def _reverse(args: argparse.Namespace, ref: Any, spec: Any, sexes: tuple[str, ...], ages: list[float]) -> int:
    """``--sds`` / ``--centile``: the value at that SDS or centile, at each age, for each sex."""
    from statistics import NormalDist

    from igflab.science.lookup import sds_of, with_centiles

    with_centiles(ref)  # a limits-only reference has no centiles: it says so
    z = sds_of(args.sds, args.centile)
    centile = NormalDist().cdf(z) * 100.0
    k = spec.ng_per_ml_per_nmol_per_l
    for years in ages:
        ref.check_age(years)
    values = {(s, a): float(ref.value_at(z, a, s == "female")) for s in sexes for a in ages}
    if args.json:
        rows = [
            {
                **_row_head(ref, spec, a, s),
                "sds": z,
                "centile": centile,
                "value_ng_per_ml": values[s, a],
                "value_nmol_per_l": values[s, a] / k,
            }
            for s in sexes
            for a in ages
        ]
        return _write_json(rows)
    at = f"SDS {z:+.3g} (centile {centile:.3g})" if args.sds is not None else f"centile {centile:g} (SDS {z:+.2f})"
    out = [f"{ref.data.short_name} ({ref.id}): the {spec.words} value at {at}"]
    out.append("  " + "age".ljust(12) + "".join(f"{s + ' ng/mL':>14}{'nmol/L':>9}" for s in sexes))
    for a in ages:
        cells = "".join(f"{values[s, a]:>14.1f}{values[s, a] / k:>9.2f}" for s in sexes)
        out.append(f"  {_age(a):<12}{cells}")
    write("\n".join(out) + "\n")
    return 0
