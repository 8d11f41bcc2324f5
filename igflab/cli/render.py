"""Human-readable rendering of an Interpretation of any analyte for the terminal (no colour by default).

The analyte is named from its spec (:mod:`igflab.analytes`); the adult 120-160 ng/mL band and the
1.3 x upper-limit mark are drawn only for an analyte whose zones follow the U-curve (IGF-1).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from igflab.analytes import spec_of
from igflab.models import Interpretation, ReferencePosition
from igflab.science.references import get_reference
from igflab.science.zones import ADULT_BAND_HIGH_NG_PER_ML, ADULT_BAND_LOW_NG_PER_ML, HU_FACTOR
from igflab.text.figures import figure, in_unit, other_unit
from igflab.text.format import age_text, centile_text, number, sds_text, signed
from igflab.text.notes import shown_value
from igflab.text.zones import ZONE_LABEL, ZONE_PLAIN

from .layout import LABEL, flow, labelled, terminal_width, text_block, warning_lines, wrap

__all__ = ["bar_width", "position_bar", "render_text", "result_lines", "use_colour"]

_WIDTH = 60


def bar_width(width: int) -> int:
    """The position bar's width for text ``width`` columns wide (60 where it fits)."""
    return max(20, min(_WIDTH, width - 11))


_COLOURS = {"L": "\033[34m", "N": "\033[32m", "H": "\033[33m", "HU": "\033[31m", "IND": "\033[35m"}
_RESET = "\033[0m"


def use_colour(stream_isatty: bool) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set and not empty (https://no-color.org)
    and never on a ``dumb`` terminal. Colour only adds emphasis: the text is the same without it.
    """
    return stream_isatty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def position_bar(
    value: float,
    pos: ReferencePosition,
    adult: bool,
    width: int = _WIDTH,
    band: bool | None = None,
    unit: tuple[str, float] = ("ng/mL", 1.0),
) -> list[str]:
    """Three lines of plain text showing where ``value`` sits.

    The first line alone is the bar: ``.`` outside the reference, ``=`` inside, ``#`` the
    adult 120-160 ng/mL mid-range, ``[`` and ``]`` the limits, ``!`` 1.3 x the upper limit
    (adults only: the threshold of an adult consensus), ``O`` the result. The second line
    labels the limits; the third points ``^`` at the result. ``adult``: whether the 1.3 x mark
    applies (an adult's IGF-1; never another analyte); ``band``: whether the 120-160 ng/mL band
    is drawn (default: as ``adult``; a result shows it where it has an ``adult_band``). ``unit``:
    the unit the figures are written in and its size in ng/mL (the bar is drawn in ng/mL).
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
    name, per = unit
    shown = number(value / per)
    marker = " " * v + "^ " + shown
    if len(marker) > width:
        marker = " " * max(0, v - len(shown) - 1) + shown + " ^"
    labels = [" "] * (width + 8)
    for x in (lo, hi):
        text = number(x / per)
        start = max(0, col(x) - len(text) // 2)
        for j, ch in enumerate(text):
            if start + j < len(labels):
                labels[start + j] = ch
    return ["".join(cells) + "  " + name, "".join(labels).rstrip(), marker]


def _score(o: ReferencePosition) -> str:
    if o.sds is not None and o.centile is not None:
        return f"SDS {sds_text(o.sds, o.bound)}, {centile_text(o.centile, o.bound)}"
    if o.zlog is not None:
        return f"zlog {signed(o.zlog)}"
    return "no score"


def _header(r: Interpretation, width: int) -> list[str]:
    """The value, who, and the reference (its limits)."""
    v, p, spec = r.value, r.reference, spec_of(r.analyte)
    cens = v.censored or ""
    who = "sex not given" if r.sex == "unknown" else r.sex
    unit = "ng/mL" if r.summary.unit == "µg/L" else r.summary.unit  # the header writes µg/L's number as ng/mL
    ng_text = shown_value(v.ng_per_ml, p)
    mine = figure(v.ng_per_ml, unit, v.censored, ng_text, spec)
    shown = f"{mine} = {figure(v.ng_per_ml, other_unit(unit, spec), v.censored, ng_text, spec)}"
    out = wrap(f"{spec.words} {shown}   ({who}, {age_text(r.age)})", width, "", " " * LABEL)
    if v.input_unit != "ng/mL":
        out.append(f"  as entered: {cens}{v.input_value:g} {v.input_unit}")

    def limits_of(q: ReferencePosition) -> tuple[str, str]:  # the limits and median in the unit shown
        lims = f"{number(in_unit(q.lower_ng_per_ml, unit, spec))}-{number(in_unit(q.upper_ng_per_ml, unit, spec))}"
        med = q.median_ng_per_ml
        return f"{lims} {unit}", "" if med is None else f", median {number(in_unit(med, unit, spec))}"

    limits, med = limits_of(p)
    if p.kind == "lab":
        return [*out, *labelled("Reference", f"laboratory's printed range {limits}", width)]
    which = "interval" if p.method == "limits" else "2.5th-97.5th centile"
    sex = "" if r.sex != "unknown" else f" ({p.sex})"
    name = get_reference(p.id, r.analyte).data.short_name
    out += labelled("Reference", f"{name}{sex}: {which} {limits}{med}", width)
    for o in r.other_positions:  # sex not given: the other sex's interval too
        if o.kind == "published" and o.sex != p.sex:
            lims, omed = limits_of(o)
            out += labelled("", f"{name} ({o.sex}): {which} {lims}{omed}", width)
    return out


def _scores(r: Interpretation, width: int) -> list[str]:
    """The position lines: SDS and centile, zlog, and the other positions."""
    p = r.reference
    scores = []
    if r.sex == "unknown" and p.kind == "published":
        scores = [f"{o.sex}: {_score(o)}, {ZONE_PLAIN[o.zone]}" for o in (p, *r.other_positions)]
    else:
        if r.sds is not None and r.centile is not None:
            scores.append(f"SDS {sds_text(r.sds, p.bound)}, {centile_text(r.centile, p.bound)}")
        if r.zlog is not None:
            scores.append(f"zlog {signed(r.zlog)} (from the {'lab' if p.kind == 'lab' else 'reference'}'s limits)")
        for o in r.other_positions:
            label = get_reference(o.id, r.analyte).data.short_name + (f", {o.sex}" if o.sex != "any" else "")
            scores.append(f"secondary, {label} (published, assay-specific): {_score(o)}, {ZONE_PLAIN[o.zone]}")
    return [line for i, s in enumerate(scores) for line in labelled("Position" if i == 0 else "", s, width)]


def _zone(r: Interpretation, width: int, colour: bool) -> list[str]:
    lines = labelled("Zone", ZONE_LABEL[r.zone], width)
    if colour:  # coloured after wrapping: the codes take no columns
        tint = _COLOURS.get(r.flag.value, "")
        lines = [line[:LABEL] + tint + line[LABEL:] + _RESET for line in lines]
    return lines


def _bar(r: Interpretation, colour: bool, width: int) -> list[str]:
    u_curve = r.adult and spec_of(r.analyte).zone_rule == "u_curve"  # the adult band and 1.3 x mark are IGF-1's
    band = r.adult_band is not None  # IGF-1 from 40 years: the adult band, as context
    shown = r.summary.unit  # the unit typed (or chosen)
    per = r.value.ng_per_ml / in_unit(r.value.ng_per_ml, shown, spec_of(r.analyte))
    bar = position_bar(r.value.ng_per_ml, r.reference, u_curve, bar_width(width), band=band, unit=(shown, per))
    if colour:
        bar[0] = bar[0].replace("#", "\033[32m#\033[0m")
        bar[2] = _COLOURS.get(r.flag.value, "") + bar[2] + _RESET
    keys = ["O result", "[ ] reference limits"]
    if u_curve:
        keys += ["! 1.3 x upper limit"]
    if band:
        keys += ["# adult 120-160 ng/mL band (context)"]
    legend = flow(keys, width, "  ", "  ", gap="   ")
    return ["", *("  " + line for line in bar), *legend]


def result_lines(r: Interpretation, width: int | None = None, colour: bool = False) -> list[str]:
    """The table that places one result: the value and its reference, the scores, the zone (the panel shows each)."""
    w = width or terminal_width()
    return [*_header(r, w), *_scores(r, w), *_zone(r, w, colour)]


def render_text(
    r: Interpretation,
    colour: bool = False,
    *,
    full: bool = False,
    width: int | None = None,
    after_summary: Sequence[str] = (),
) -> str:
    """The human output of ``igflab interpret``: the summary (then ``after_summary``), any warnings, the
    table and the position bar, the notes with numbered short sources, the guidance; ``full``: the
    sources in full and each note's evidence grade. Wrapped to ``width`` (default: the terminal's)."""
    w = width or terminal_width()
    lines = [*wrap(r.summary.text, w), *after_summary, *warning_lines(r.warnings, w), ""]
    lines += [*result_lines(r, w, colour), *_bar(r, colour, w)]
    lines += text_block((), [("Notes", r.notes)], r.citations, r.guidance, width=w, full=full)
    return "\n".join(lines)
