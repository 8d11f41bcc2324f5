"""``igflab references``: the shipped references, IGF-1's and the panel's."""

from __future__ import annotations

import argparse

from igflab.cli.output import write

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument(
        "--analyte",
        choices=("igf1", "igfbp3", "ratio", "all"),
        help="list the tables of one analyte: igf1 (with LIFE), igfbp3, ratio (IGF-1/IGFBP-3), or all "
        "(default: the IGF-1 references 'igflab interpret' uses alone)",
    )


def run(args: argparse.Namespace) -> int:
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
        method = (
            "LMS (SDS, centile, 2.5th-97.5th centile interval)"
            if (r.distribution != "limits")
            else "limits only (interval, zlog)"
        )
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
            "igf1": "--reference life2022 (one result, or the panel with --igfbp3)",
            "igfbp3": "--reference life2022" if pr.id.startswith("life") else "the default for IGFBP-3",
        }.get(d.analyte.key, "for reference only: the panel gives the molar ratio but does not place it here")
        if d.includes_contraceptive_users:
            choose += " --context combined-contraceptive"
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
