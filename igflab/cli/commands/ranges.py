"""``igflab ranges``: a reference's interval (and median) for an age and sex."""

from __future__ import annotations

import argparse

from igflab.cli.output import write

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--age", required=True, help="age in years, or months for infants (8m)")
    p.add_argument("--sex", required=True, help="male/female (m/f), or unknown for both")
    p.add_argument("--reference", help="reference id (default: the default reference)")
    p.add_argument("--assay", help="choose the reference by assay")
    p.add_argument("--json", action="store_true", help="print as JSON")


def run(args: argparse.Namespace) -> int:
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

    centiles = ref.distribution != "limits"
    what = "2.5th / 50th / 97.5th centile" if centiles else "lower - upper limit"
    write(f"{ref.data.short_name} ({ref.id}): {what}\n")
    for s, iv in found:
        vals: list[float | None] = (
            [iv.lower, iv.median, iv.upper] if (ref.distribution != "limits") else [iv.lower, iv.upper]
        )
        sep = " / " if (ref.distribution != "limits") else " - "
        ng = fmt(vals, 1, sep)
        nm = fmt([None if v is None else v / K for v in vals], 2, sep)
        band = ""
        if iv.band is not None:
            lo, hi = iv.band
            band = f" (band {lo:g} y and over)" if hi is None else f" (band {lo:g} to under {hi:g} y)"
        age_txt = f"{years * 12:.3g} months" if years < 2 else f"{years:g} y"
        write(f"  {s:<6} age {age_txt}{band}: {ng} ng/mL = {nm} nmol/L\n")
    return 0
