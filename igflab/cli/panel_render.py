"""Human-readable rendering of the IGF-1 + IGFBP-3 panel for the terminal (one result of any analyte is
rendered by :mod:`igflab.cli.render`)."""

from __future__ import annotations

from igflab.panel_models import AnalyteResult, PanelInterpretation
from igflab.text.format import age_text, bound_of, centile_text, number, sds_text
from igflab.text.panel import ANALYTE_WORDS
from igflab.text.zones import ZONE_LABEL, ZONE_WORDS

from .render import text_block

__all__ = ["render_panel"]


def _lines(r: AnalyteResult) -> list[str]:
    """Two lines: the value, its SDS, centile and zone; the reference and its interval."""
    name = ANALYTE_WORDS[r.analyte]
    sign, bound = r.censored or "", bound_of(r.censored)  # a censored IGF-1: its limit, and scores that are bounds
    value = f"{sign}{number(r.value_ng_per_ml)} ng/mL"
    if r.input_unit != "ng/mL":
        value = f"{sign}{r.input_value:g} {r.input_unit} = {value}"
    score = ""
    if r.sds is not None and r.centile is not None:
        score = f"SDS {sds_text(r.sds, bound)}, {centile_text(r.centile, bound)}"
    # IGF-1 on its own LMS references keeps its zone labels; a BCCG/BCPE table gives the position only.
    zone = ZONE_LABEL[r.zone] if r.method in ("LMS", "limits") else f"{ZONE_WORDS[r.zone]} ({r.flag.value})"
    med = f", median {number(r.median_ng_per_ml)}" if r.median_ng_per_ml is not None else ""
    limits = f"{number(r.lower_ng_per_ml)}-{number(r.upper_ng_per_ml)} ng/mL"
    return [
        f"{name:<10} {value}   {score}",
        f"{'':<10} {zone}",
        f"{'':<10} {r.reference_id} ({r.method}): 2.5th-97.5th centile {limits}{med}",
    ]


def render_panel(p: PanelInterpretation) -> str:
    """The human output of ``igflab interpret VALUE --igfbp3 VALUE``."""
    head = [f"IGF-1 + IGFBP-3 panel   ({p.sex}, {age_text(p.age)})", ""]
    head += [*_lines(p.igf1), *_lines(p.igfbp3)]
    ratio = "not computed" if p.molar_ratio is None else f"{p.molar_ratio:.3g} (molar), not placed on a reference"
    head.append(f"{'Ratio':<10} {ratio} (see the notes)")
    groups = [("Notes on the pair", p.notes), ("Notes on IGF-1", p.igf1.notes), ("Notes on IGFBP-3", p.igfbp3.notes)]
    return "\n".join([*head, *text_block(p.warnings, groups, p.citations, p.guidance)])
