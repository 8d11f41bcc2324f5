"""The card: summary under 140 characters, indicator, Markdown detail in which no text is read as Markdown.

Every piece of text in ``detail`` (igflab's sentences, and anything that came from the request:
units, codes, error messages that quote them) is escaped by :func:`md_text`, so a unit code such
as ``![t](http://pwn.example/t.png)`` shows as those characters, never as an image or a link; only
the card's own structure (paragraphs, bullets, bold labels, numbered sources) is Markdown.
Every warning of the result reaches the card: the indicator is at least ``warning``, the summary
starts "Please check the input: ", and the detail opens with the summary, whose first sentence quotes every warning.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from igflab._version import __version__
from igflab.models import Interpretation
from igflab.science.zones import Flag
from igflab.series_models import SeriesInterpretation
from igflab.text.figures import display_unit, figures
from igflab.text.summary import where_words
from igflab.text.words import Citation, ResultWarning

__all__ = ["SUMMARY_LIMIT", "CardFacts", "card", "md_text", "result_card", "short"]

#: Cards' ``summary`` is shorter than this many characters (CDS Hooks 2.0: "<140 char").
SUMMARY_LIMIT = 140
_WARNING_FLAGS = (Flag.L, Flag.H, Flag.HU)
_HEDGE = "Please check the input: "
_NAMESPACE = uuid.UUID("5b0c1f2e-8f1d-5d0a-9c33-6b7f0f3b9a41")
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~&@])")
_LEADING_MARK = re.compile(r"^([-+=])")
_LEADING_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_text(text: object) -> str:
    r"""``text`` on one line, with everything Markdown (CommonMark and GitHub's extensions) would read escaped.

    >>> print(md_text("![t](http://pwn.example/t.png) *x* www.a.example <b>"))
    !\[t\](http:\/\/pwn.example/t.png) \*x\* www\.a.example \<b\>
    >>> print(md_text("1. not a list"))
    1\. not a list
    """
    flat = " ".join(str(text).split())
    flat = _INLINE.sub(r"\\\1", flat)
    flat = flat.replace("://", r":\/\/")
    flat = re.sub(r"(?i)\b(www)\.", r"\1\\.", flat)
    flat = _LEADING_NUMBER.sub(r"\1\\\2", flat)
    return _LEADING_MARK.sub(r"\\\1", flat)


def short(text: str) -> str:
    """``text`` cut to fit the summary limit at a word (an ellipsis where cut)."""
    text = " ".join(text.split())
    if len(text) < SUMMARY_LIMIT:
        return text
    return text[: SUMMARY_LIMIT - 2].rsplit(" ", 1)[0].rstrip(" ,:;") + "…"


def card(
    summary: str, indicator: str, detail: str, links: list[dict[str, str]], key: str | None = None
) -> dict[str, Any]:
    """A card; ``key`` (unique to the hook call and the result) gives its ``uuid``, which feedback names."""
    out: dict[str, Any] = {
        "summary": short(summary),
        "indicator": indicator,
        "detail": detail,
        "source": {"label": f"igflab {__version__} (published IGF-1 reference ranges)"},
    }
    if key is not None:
        out = {"uuid": str(uuid.uuid5(_NAMESPACE, key)), **out}
    if links:
        out["links"] = links
    return out


class CardFacts:
    """What the card says beside the result: its status, the change since the previous one, what was not used."""

    def __init__(
        self,
        status: str,
        change: SeriesInterpretation | None = None,
        previous_day: str | None = None,
        lines: Iterable[str] = (),
    ) -> None:
        self.status, self.change, self.previous_day, self.lines = status, change, previous_day, tuple(lines)


def _shown(r: Interpretation) -> str:
    return figures(r.value.ng_per_ml, display_unit(r.value.input_unit), r.value.censored)


def _summary(r: Interpretation, when: str | None, status: str) -> str:
    said = f" ({status})" if status in ("amended", "corrected") else ""
    where = where_words(r)
    lead = _HEDGE if r.warnings else ""
    for text in (  # the whole, then without the date, then without the age
        f"{lead}IGF-1 {_shown(r)}{f' on {when[:10]}' if when else ''}{said}: {where}",
        f"{lead}IGF-1 {_shown(r)}{said}: {where}",
        f"{lead}IGF-1 {_shown(r)}{said}: {where_words(r, with_age=False).replace(' printed range', ' range')}",
    ):
        if len(text) < SUMMARY_LIMIT:
            return text
    return text


def _sources(r: Interpretation, change: SeriesInterpretation | None) -> list[Citation]:
    cited = list(r.citations)
    seen = {c.id for c in cited}
    cited += [c for c in (change.citations if change is not None else ()) if c.id not in seen]
    return cited


def _warning_lines(warnings: Iterable[ResultWarning]) -> list[str]:
    return [f"- {md_text(w.message)}" for w in warnings]


def _detail(r: Interpretation, facts: CardFacts) -> str:
    sources = _sources(r, facts.change)
    number_of = {c.id: i for i, c in enumerate(sources, start=1)}

    def cites(ids: Iterable[str]) -> str:
        return "".join(f"[{number_of[i]}]" for i in ids if i in number_of)

    lines: list[str] = []  # the summary opens with its "Please check the input first: ..." sentence (every warning)
    if facts.status in ("amended", "corrected"):
        lines += [f"The laboratory reported this result as {facts.status} (Observation.status).", ""]
    lines += [f"{md_text(r.summary.text)} {cites(r.summary.citations)}".rstrip(), ""]
    said = [w for w in r.warnings if w.message not in r.summary.text]  # the comparison, which the headline words
    if said:
        lines += [*_warning_lines(said), ""]
    if facts.change is not None and facts.change.changes:
        prev = facts.change.results[0].interpretation
        step = facts.change.changes[0]
        head = f"**Since the previous result** ({md_text(facts.previous_day or '')}, {md_text(_shown(prev))}):"
        lines += [f"{head} {md_text(step.note)} {cites(c.id for c in facts.change.citations)}".rstrip()]
        lines += _warning_lines(facts.change.warnings)
        lines += [""]
    for text in facts.lines:
        lines += [md_text(text), ""]
    lines += [f"- {md_text(n.text)} {cites(n.citations)}".rstrip() for n in r.notes]
    lines += ["", f"**Guidance.** {md_text(r.guidance)}", "", "**Sources**", ""]
    lines += [f"{number_of[c.id]}. {md_text(c.text)}" for c in sources]
    return "\n".join(lines)


def _link(r: Interpretation, obs_date: str | None, birth: str | None, base_url: str) -> dict[str, str]:
    params = {"value": f"{r.value.censored or ''}{r.value.input_value:g}", "unit": r.value.input_unit}
    if birth and obs_date:
        params |= {"birth_date": birth[:10], "collected": obs_date[:10]}
    else:
        params["age"] = f"{r.age:g}"
    params["sex"] = r.sex
    if r.reference.kind == "lab":
        params |= {
            "lab_low": f"{r.reference.lower_ng_per_ml / r.provenance.unit_factor_to_ng_per_ml:g}",
            "lab_high": f"{r.reference.upper_ng_per_ml / r.provenance.unit_factor_to_ng_per_ml:g}",
        }
    url = f"{base_url.rstrip('/')}/?{urlencode(params)}"
    return {"label": "Open the full result: chart, notes and sources", "url": url, "type": "absolute"}


def result_card(
    r: Interpretation,
    effective: str | None,
    patient: Mapping[str, Any],
    facts: CardFacts,
    base_url: str,
    key: str,
) -> dict[str, Any]:
    """The card of one interpreted IGF-1 result."""
    indicator = "warning" if r.flag in _WARNING_FLAGS or r.warnings else "info"
    birth = str(patient["birthDate"]) if patient.get("birthDate") else None
    link = _link(r, effective, birth, base_url)
    return card(_summary(r, effective, facts.status), indicator, _detail(r, facts), [link], key)
