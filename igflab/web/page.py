"""The page for the person holding the report: the form, its answer, and the form again on bad input.

The form is read here into the arguments of :func:`igflab.interpret`; an error comes back
as a message beside the field it is about, with everything typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from igflab._version import __version__
from igflab.core.interpret import interpret
from igflab.errors import IgflabError
from igflab.models import Interpretation
from igflab.text.chart_words import INTENDED_USE, LEGEND
from igflab.text.context import CONTEXT_FLAGS
from igflab.text.figures import DISPLAY_UNITS, display_unit, figures, range_figures
from igflab.text.format import age_text
from igflab.text.summary import summary_of, where_words

from .svg import chart_ages, chart_svg

__all__ = ["FORM_FIELDS", "FormState", "render_form", "render_result", "submit"]

#: The form's fields (text inputs, the unit and sex choices); ``context`` and ``full_range`` are checkboxes.
FORM_FIELDS = ("value", "unit", "age", "birth_date", "collected", "sex", "lab_low", "lab_high")

# An error's field (igflab's names) -> the form field it is shown beside.
_FIELD_OF = {"lab_range": "lab_low", "lab_range_unit": "lab_low", "display_unit": "unit"}

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class FormState:
    """What the person typed (kept on error) and the messages beside fields."""

    values: dict[str, str] = field(default_factory=dict)
    context: list[str] = field(default_factory=list)
    full_range: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, pairs: list[tuple[str, str]]) -> FormState:
        values = {k: v.strip() for k, v in pairs if k in FORM_FIELDS}
        context = [str(v) for k, v in pairs if k == "context" and v in CONTEXT_FLAGS]
        return cls(values, context, any(k == "full_range" for k, _ in pairs))

    def get(self, name: str) -> str | None:
        return self.values.get(name) or None


def _missing(form: FormState) -> dict[str, str]:
    errors = {}
    if form.get("value") is None:
        errors["value"] = "Enter the result as printed on the report, for example 180."
    if form.get("sex") is None:
        errors["sex"] = "Choose one (choose 'not given' to compare with both)."
    if form.get("age") is None and (form.get("birth_date") is None or form.get("collected") is None):
        errors["age"] = "Enter the age, or both the birth date and the date the sample was taken."
    if (form.get("lab_low") is None) != (form.get("lab_high") is None):
        errors["lab_low"] = "Enter both ends of the laboratory's range, or leave both empty."
    return errors


def submit(form: FormState) -> Interpretation | None:
    """Interpret the form; on bad input returns None with ``form.errors`` filled in."""
    form.errors = _missing(form)
    if form.errors:
        return None
    low, high = form.get("lab_low"), form.get("lab_high")
    try:
        return interpret(
            form.values["value"],
            form.get("unit"),
            age=form.get("age") if form.get("age") is not None else None,
            sex=form.values["sex"],
            lab_range=f"{low}-{high}" if low is not None else None,
            context=form.context or None,
            birth_date=None if form.get("age") is not None else form.get("birth_date"),
            collected=None if form.get("age") is not None else form.get("collected"),
        )
    except IgflabError as exc:
        name = _FIELD_OF.get(exc.field or "", exc.field or "value")
        form.errors[name if name in FORM_FIELDS or name == "context" else "value"] = exc.message
        return None


def _base(form: FormState) -> dict[str, Any]:
    flags = [(f.id, f.label) for f in CONTEXT_FLAGS.values()]
    return {
        "form": form,
        "units": DISPLAY_UNITS,
        "flags": flags,
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


def render_result(r: Interpretation, form: FormState) -> str:
    """The answer: the summary first, then the chart, the notes with numbered sources, the guidance."""
    unit = display_unit(r.value.input_unit)
    number_of = {c.id: i for i, c in enumerate(r.citations, start=1)}
    summary = summary_of(r, unit)
    lo, hi = chart_ages(r, full_range=form.full_range)
    p = r.reference
    view = {
        "summary": summary.text,
        "summary_cites": _cite(summary.citations, number_of),
        "zone": where_words(r),
        "shown": figures(r.value.ng_per_ml, unit, r.value.censored),
        "who": f"{'sex not given' if r.sex == 'unknown' else r.sex}, {age_text(r.age)}",
        "range": range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit),
        "range_name": "the laboratory's printed range" if p.kind == "lab" else p.title,
        "chart": Markup(chart_svg(r, unit, full_range=form.full_range)),
        "ages": f"{'birth' if lo == 0 else age_text(lo)} to {age_text(hi)}",
        "lab": p.kind == "lab",
        "both": r.sex == "unknown" and any(o.kind == "published" for o in (p, *r.other_positions)),
        "adult": r.adult,
        "notes": [(n.text, _cite(n.citations, number_of)) for n in r.notes],
        "sources": [(number_of[c.id], c.text) for c in r.citations],
        "guidance": r.guidance,
        "warnings": [w.message for w in r.warnings],
    }
    return _ENV.get_template("result_page.html").render(**_base(form), r=view, title="Your IGF-1 result")
