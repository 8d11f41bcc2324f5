"""Human-readable rendering of an Interpretation of any analyte for the terminal (no colour by default).

The analyte is named from its spec (:mod:`igflab.analytes`); the adult 120-160 ng/mL band and the
1.3 x upper-limit mark are drawn only for an analyte whose zones follow the U-curve (IGF-1).
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence

from igflab.analytes import spec_of
from igflab.models import Interpretation, ReferencePosition
from igflab.science.references import get_reference
from igflab.science.zones import ADULT_BAND_HIGH_NG_PER_ML, ADULT_BAND_LOW_NG_PER_ML, HU_FACTOR
from igflab.text.figures import figure, other_unit
from igflab.text.format import age_text, centile_text, number, sds_text, signed
from igflab.text.notes import shown_value
from igflab.text.words import Citation, Note, ResultWarning
from igflab.text.zones import ZONE_LABEL

__all__ = ["position_bar", "render_text", "result_lines", "text_block", "use_colour"]

_WIDTH = 60

_COLOURS = {"L": "\033[34m", "N": "\033[32m", "H": "\033[33m", "HU": "\033[31m", "IND": "\033[35m"}
_RESET = "\033[0m"


def use_colour(stream_isatty: bool) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set and not empty (https://no-color.org)
    and never on a ``dumb`` terminal. Colour only adds emphasis: the text is the same without it.
    """
    return stream_isatty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def position_bar(
    value: float, pos: ReferencePosition, adult: bool, width: int = _WIDTH, band: bool | None = None
) -> list[str]:
    """Three lines of plain text showing where ``value`` sits.

    The first line alone is the bar: ``.`` outside the reference, ``=`` inside, ``#`` the
    adult 120-160 ng/mL mid-range, ``[`` and ``]`` the limits, ``!`` 1.3 x the upper limit
    (adults only: the threshold of an adult consensus), ``O`` the result. The second line
    labels the limits; the third points ``^`` at the result. ``adult``: whether the 1.3 x mark
    applies (an adult's IGF-1; never another analyte); ``band``: whether the 120-160 ng/mL band
    is drawn (default: as ``adult``; a result shows it where it has an ``adult_band``).
    """
    band = adult if band is None else band
    lo, hi = pos.lower_ng_per_ml, pos.upper_ng_per_ml
    top = max(HU_FACTOR * hi if adult else hi, value) * 1.12
    scale = (width - 1) / top

    def col(x: float) -> int:
        return max(0, min(width - 1, round(x * scale)))

    cells = ["."] * width
    for i in range(col(lo), col(hi) + 1):
        cells[i] = "="
    if band:
        for i in range(col(max(lo, ADULT_BAND_LOW_NG_PER_ML)), col(min(hi, ADULT_BAND_HIGH_NG_PER_ML)) + 1):
            if hi >= ADULT_BAND_LOW_NG_PER_ML and lo <= ADULT_BAND_HIGH_NG_PER_ML:
                cells[i] = "#"
    cells[col(lo)] = "["
    cells[col(hi)] = "]"
    if adult:
        cells[col(HU_FACTOR * hi)] = "!"
    v = col(value)
    cells[v] = "O"
    marker = " " * v + "^ " + number(value)
    if len(marker) > width:
        marker = " " * max(0, v - len(number(value)) - 1) + number(value) + " ^"
    labels = [" "] * (width + 8)
    for x in (lo, hi):
        text = number(x)
        start = max(0, col(x) - len(text) // 2)
        for j, ch in enumerate(text):
            if start + j < len(labels):
                labels[start + j] = ch
    return ["".join(cells) + "  ng/mL", "".join(labels).rstrip(), marker]


def _score(o: ReferencePosition) -> str:
    if o.sds is not None and o.centile is not None:
        return f"SDS {sds_text(o.sds, o.bound)}, {centile_text(o.centile, o.bound)}"
    if o.zlog is not None:
        return f"zlog {signed(o.zlog)}"
    return "no score"


def _wrap(text: str, indent: str, first: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=first, subsequent_indent=indent)


def _header(r: Interpretation) -> list[str]:
    """The value, who, and the reference (its limits)."""
    v, p, spec = r.value, r.reference, spec_of(r.analyte)
    cens = v.censored or ""
    who = "sex not given" if r.sex == "unknown" else r.sex
    unit = "ng/mL" if r.summary.unit == "µg/L" else r.summary.unit  # the header writes µg/L's number as ng/mL
    ng_text = shown_value(v.ng_per_ml, p)
    mine = figure(v.ng_per_ml, unit, v.censored, ng_text, spec)
    shown = f"{mine} = {figure(v.ng_per_ml, other_unit(unit, spec), v.censored, ng_text, spec)}"
    out = [f"{spec.words} {shown}   ({who}, {age_text(r.age)})"]
    if v.input_unit != "ng/mL":
        out.append(f"  as entered: {cens}{v.input_value:g} {v.input_unit}")
    limits = f"{number(p.lower_ng_per_ml)}-{number(p.upper_ng_per_ml)} ng/mL"
    if p.kind == "lab":
        out.append(f"Reference  laboratory's printed range {limits}")
    else:
        med = f", median {number(p.median_ng_per_ml)}" if p.median_ng_per_ml is not None else ""
        which = "interval" if p.method == "limits" else "2.5th-97.5th centile"
        sex = "" if r.sex != "unknown" else f" ({p.sex})"
        name = get_reference(p.id, r.analyte).data.short_name
        out.append(f"Reference  {name}{sex}: {which} {limits}{med}")
        for o in r.other_positions:  # sex not given: the other sex's interval too
            if o.kind == "published" and o.sex != p.sex:
                lims = f"{number(o.lower_ng_per_ml)}-{number(o.upper_ng_per_ml)} ng/mL"
                omed = f", median {number(o.median_ng_per_ml)}" if o.median_ng_per_ml is not None else ""
                out.append(f"           {name} ({o.sex}): {which} {lims}{omed}")
    return out


def _scores(r: Interpretation) -> list[str]:
    """The position lines: SDS and centile, zlog, and the other positions."""
    p = r.reference
    scores = []
    if r.sex == "unknown" and p.kind == "published":
        scores = [f"{o.sex}: {_score(o)}, zone {ZONE_LABEL[o.zone]}" for o in (p, *r.other_positions)]
    else:
        if r.sds is not None and r.centile is not None:
            scores.append(f"SDS {sds_text(r.sds, p.bound)}, {centile_text(r.centile, p.bound)}")
        if r.zlog is not None:
            scores.append(f"zlog {signed(r.zlog)} (from the {'lab' if p.kind == 'lab' else 'reference'}'s limits)")
        for o in r.other_positions:
            label = get_reference(o.id, r.analyte).data.short_name + (f", {o.sex}" if o.sex != "any" else "")
            scores.append(f"secondary, {label} (published, assay-specific): {_score(o)}, zone {ZONE_LABEL[o.zone]}")
    return [("Position   " if i == 0 else "           ") + s for i, s in enumerate(scores)]


def _zone_and_bar(r: Interpretation, colour: bool) -> list[str]:
    zone = ZONE_LABEL[r.zone]
    if colour:
        zone = _COLOURS.get(r.flag.value, "") + zone + _RESET
    u_curve = r.adult and spec_of(r.analyte).zone_rule == "u_curve"  # the adult band and 1.3 x mark are IGF-1's
    band = r.adult_band is not None  # IGF-1 from 40 years: the adult band, as context
    bar = position_bar(r.value.ng_per_ml, r.reference, u_curve, band=band)
    if colour:
        bar[0] = bar[0].replace("#", "\033[32m#\033[0m")
        bar[2] = _COLOURS.get(r.flag.value, "") + bar[2] + _RESET
    legend = "  O result   [ ] reference limits" + ("   ! 1.3 x upper limit" if u_curve else "")
    legend += "   # adult 120-160 ng/mL band (context)" if band else ""
    return [f"Zone       {zone}", "", *("  " + line for line in bar), legend]


def _text(r: Interpretation) -> list[str]:
    """Warnings, notes with their source numbers, sources, guidance."""
    return text_block(r.warnings, [("Notes", r.notes)], r.citations, r.guidance)


def text_block(
    warnings: Sequence[ResultWarning],
    notes: Sequence[tuple[str, Sequence[Note]]],
    citations: Sequence[Citation],
    guidance: str,
) -> list[str]:
    """Warnings, each titled group of notes with their source numbers, the sources, the guidance."""
    out: list[str] = []
    if warnings:
        out += ["", "Warnings", *(_wrap(w.message, "    ", "  ! ") for w in warnings)]
    index = {c.id: i + 1 for i, c in enumerate(citations)}
    for title, group in notes:
        out += ["", title]
        for n in group:
            marks = "".join(f"[{index[c]}]" for c in n.citations)
            grade = f" (evidence: {n.evidence_grade})" if n.evidence_grade else ""
            out.append(_wrap(f"{n.text} {marks}{grade}", "    ", "  - "))
    out += ["", "Sources"]
    for c in citations:
        link = f" {c.url}" if c.url and (c.url not in c.text) else ""
        out.append(_wrap(f"{c.text}{link} [{c.evidence_grade}]", "      ", f"  [{index[c.id]}] "))
    return [*out, "", "Guidance", _wrap(guidance, "  ", "  ")]


def result_lines(r: Interpretation) -> list[str]:
    """The lines that place one result: the value and its reference, the scores, the zone (as the panel shows each)."""
    return [*_header(r), *_scores(r), f"Zone       {ZONE_LABEL[r.zone]}"]


def render_text(r: Interpretation, colour: bool = False) -> str:
    """The human output of ``igflab interpret``."""
    summary = [_wrap(r.summary.text, "", ""), ""]
    return "\n".join([*summary, *_header(r), *_scores(r), *_zone_and_bar(r, colour), *_text(r)])
