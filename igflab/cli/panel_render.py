"""Human-readable rendering of the IGF-1 + IGFBP-3 panel for the terminal: each result placed as the one
renderer places one result (:func:`igflab.cli.render.result_lines`), then what the pair says."""

from __future__ import annotations

from igflab.panel_models import PanelInterpretation
from igflab.text.format import age_text

from .render import result_lines, text_block

__all__ = ["render_panel"]


def render_panel(p: PanelInterpretation) -> str:
    """The human output of ``igflab interpret VALUE --igfbp3 VALUE``."""
    head = [f"IGF-1 + IGFBP-3 panel   ({p.sex}, {age_text(p.age)})", ""]
    head += [*result_lines(p.igf1), "", *result_lines(p.igfbp3), ""]
    ratio = "not computed" if p.molar_ratio is None else f"{p.molar_ratio:.3g} (molar), not placed on a reference"
    head.append(f"Ratio      {ratio} (see the notes)")
    groups = [("Notes on the pair", p.notes), ("Notes on IGF-1", p.igf1.notes), ("Notes on IGFBP-3", p.igfbp3.notes)]
    return "\n".join([*head, *text_block(p.warnings, groups, p.citations, p.guidance)])
