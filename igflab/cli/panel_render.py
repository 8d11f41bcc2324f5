"""Human-readable rendering of the IGF-1 + IGFBP-3 panel for the terminal, in the layout of one result
(:func:`igflab.cli.render.render_text`): the two summaries, each result's table
(:func:`igflab.cli.render.result_lines`), what the pair says, numbered short sources, the guidance."""

from __future__ import annotations

from igflab.panel_models import PanelInterpretation
from igflab.text.format import age_text

from .layout import labelled, terminal_width, text_block, warning_lines, wrap
from .render import result_lines

__all__ = ["panel_summary", "render_panel"]


def panel_summary(p: PanelInterpretation, width: int | None = None) -> list[str]:
    """The panel's summary: IGF-1's and IGFBP-3's plain sentences (what ``--brief`` prints)."""
    w = width or terminal_width()
    return [*wrap(p.igf1.summary.text, w), *wrap(p.igfbp3.summary.text, w)]


def render_panel(p: PanelInterpretation, *, full: bool = False, width: int | None = None) -> str:
    """The human output of ``igflab interpret VALUE --igfbp3 VALUE``; ``full``: the sources in full."""
    w = width or terminal_width()
    head = [*panel_summary(p, w), *warning_lines(p.warnings, w), ""]
    head += [f"IGF-1 + IGFBP-3 panel   ({p.sex}, {age_text(p.age)})", ""]
    head += [*result_lines(p.igf1, w), "", *result_lines(p.igfbp3, w), ""]
    ratio = "not computed" if p.molar_ratio is None else f"{p.molar_ratio:.3g} (molar), not placed on a reference"
    head += labelled("Ratio", f"{ratio} (see the notes)", w)
    groups = [("Notes on the pair", p.notes), ("Notes on IGF-1", p.igf1.notes), ("Notes on IGFBP-3", p.igfbp3.notes)]
    return "\n".join([*head, *text_block((), groups, p.citations, p.guidance, width=w, full=full)])
