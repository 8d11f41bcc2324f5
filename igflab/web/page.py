"""The page for the person holding the report: the form, its answer, and the form again on bad input.

The form is read here into the arguments of :func:`igflab.interpret`; an error comes back
as a message beside the field it is about, with everything typed kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from igflab._version import __version__
from igflab.models import Interpretation
from igflab.panel_models import PanelInterpretation
from igflab.text.chart_words import INTENDED_USE, LEGEND
from igflab.text.context import CONTEXT_FLAGS
from igflab.text.figures import display_unit, figures, range_figures
from igflab.text.format import age_text
from igflab.text.summary import summary_of, where_words

from .form import FORM_FIELDS, SEXES, FormState, submit
from .svg import chart_ages, chart_parts

__all__ = ["FORM_FIELDS", "FormState", "render_form", "render_result", "submit"]

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _base(form: FormState) -> dict[str, Any]:
    known, unknown = form.context_flags()
    flags: list[tuple[str, str, bool]] = [(f.id, f.label, f.id in known) for f in CONTEXT_FLAGS.values()]
    flags += [(c, f"\u201c{c}\u201d (not known)", True) for c in unknown]
    typed_sex = form.values.get("sex", "")
    chosen = form.sex_choice()
    sexes = [(v, label, v == chosen) for v, label in SEXES]
    if chosen is None and typed_sex:
        sexes.append((typed_sex, f"\u201c{typed_sex}\u201d (not understood)", True))
    return {
        "form": form,
        "units": form.unit_options(),
        "igfbp3_units": form.igfbp3_unit_options(),
        "sexes": sexes,
        "flags": flags,
        "contexts_open": any(checked for _, _, checked in flags),
        "version": __version__,
        "legend": LEGEND,
        "intended_use": INTENDED_USE,
    }


def render_form(form: FormState) -> str:
    """The form alone (the first visit, or the form again with its messages)."""
    return _ENV.get_template("form_page.html").render(**_base(form), title="Read your IGF-1 result")


def _cite(ids: tuple[str, ...], number_of: dict[str, int]) -> Markup:
    links = "".join(f'<a href="#source-{number_of[i]}">[{number_of[i]}]</a>' for i in ids if i in number_of)
    return Markup(f'<span class="cite">{links}</span>')


def _link(url: str | None) -> str | None:
    """A source's address when it is one a browser opens (https or http); None otherwise."""
    return url if url and url.startswith(("https://", "http://")) else None


def _panel(p: PanelInterpretation, number_of: dict[str, int]) -> dict[str, Any]:
    """IGF-1 with IGFBP-3: each one's summary on its own reference, and what they say together."""
    return {
        "summaries": [(s.text, _cite(s.citations, number_of)) for s in (p.igf1.summary, p.igfbp3.summary)],
        "notes": [(n.text, _cite(n.citations, number_of)) for n in p.notes],
        "warnings": [w.message for w in p.igfbp3.warnings],
    }


def render_result(r: Interpretation, form: FormState) -> str:
    """The answer: the summary first, then the chart, the notes with numbered sources, the guidance."""
    unit = display_unit(r.value.input_unit)
    citations = list(r.citations)
    if form.panel is not None:
        citations += [c for c in form.panel.citations if c not in citations]
    number_of = {c.id: i for i, c in enumerate(citations, start=1)}
    summary = summary_of(r, unit)
    lo, hi = chart_ages(r, full_range=form.full_range)
    p = r.reference
    chart, legend = chart_parts(r, unit, full_range=form.full_range, fan=form.fan)
    view = {
        "summary": summary.text,
        "summary_cites": _cite(summary.citations, number_of),
        "zone": where_words(r),
        "shown": figures(r.value.ng_per_ml, unit, r.value.censored),
        "who": f"{'sex not given' if r.sex == 'unknown' else r.sex}, {age_text(r.age)}",
        "range": range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit),
        "range_name": "the laboratory's printed range" if p.kind == "lab" else p.title,
        "chart": Markup(chart),
        "legend": Markup(legend),
        "ages": f"{'birth' if lo == 0 else age_text(lo)} to {age_text(hi)}",
        "lab": p.kind == "lab",
        "both": r.sex == "unknown" and any(o.kind == "published" for o in (p, *r.other_positions)),
        "adult": r.adult,
        "notes": [(n.text, _cite(n.citations, number_of)) for n in r.notes],
        "sources": [(number_of[c.id], c.text, _link(c.url)) for c in citations],
        "panel": None if form.panel is None else _panel(form.panel, number_of),
        "guidance": r.guidance,
        "warnings": [w.message for w in r.warnings],
    }
    return _ENV.get_template("result_page.html").render(**_base(form), r=view, title="Your IGF-1 result")
