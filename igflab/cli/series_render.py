"""A series as ``igflab series`` prints it, in the layout of one result: the summary, the table of results
and changes, the change rule and monitoring notes with numbered short sources, the guidance."""

from __future__ import annotations

from igflab.series_models import SeriesInterpretation
from igflab.text.series import USUAL_REPEAT_PERCENT

from .layout import note_lines, source_lines, terminal_width, warning_lines, wrap

__all__ = ["render_series", "series_summary"]


def _num(x: float | None, fmt: str) -> str:
    return "-" if x is None else format(x, fmt)


def series_summary(s: SeriesInterpretation, width: int | None = None) -> list[str]:
    """The title line and the plain summary."""
    w = width or terminal_width()
    first = s.results[0]
    title = (
        f"IGF-1 over time: {len(s.results)} result{'s' if len(s.results) != 1 else ''}, {s.sex}, "
        f"age {first.age:.1f} to {s.results[-1].age:.1f} years"
        + (f" (context: {', '.join(s.context)})" if s.context else "")
    )
    return [*wrap(title, w), *wrap(s.summary, w)]


#: The table's columns: header, width, right-aligned, and whether it may be left out on a narrow terminal
#: (the optional ones go first to last until the table fits).
_COLUMNS = (
    ("date", 10, False, False),
    ("age", 5, True, False),
    ("ng/mL", 7, True, False),
    ("nmol/L", 6, True, True),
    ("x ULN", 5, True, True),
    ("SDS", 5, True, True),
    ("flag", 4, False, False),
    ("change", 0, False, False),
)


def _cells(s: SeriesInterpretation, k: int) -> dict[str, str]:
    r = s.results[k]
    i = r.interpretation
    change = ""
    if k > 0:
        c = s.changes[k - 1]
        verdict: str = "no verdict" if c.significant is None else (c.flag or "within RCV")
        if c.significant is False and abs(c.percent) > USUAL_REPEAT_PERCENT:
            verdict += ", >20%"  # never read as usual variation (Rosario 2010)
        change = f"{c.percent:+.0f}% ({verdict})"
    return {
        "date": r.collected or "-",
        "age": f"{r.age:.1f}",
        "ng/mL": f"{i.value.censored or ''}{i.value.ng_per_ml:.0f}",
        "nmol/L": f"{i.value.nmol_per_l:.1f}",
        "x ULN": f"{r.x_uln:.2f}",
        "SDS": _num(r.sds, "+.1f"),
        "flag": i.flag.value,
        "change": change,
    }


def _table(s: SeriesInterpretation, width: int) -> list[str]:
    rows = [_cells(s, k) for k in range(len(s.results))]
    longest = max(len(row["change"]) for row in rows)
    columns = list(_COLUMNS)
    for name in ("nmol/L", "x ULN", "SDS"):  # left out, in this order, until the table fits
        if 2 + sum(w + 2 for _, w, _, _ in columns) + longest - 2 <= width:
            break
        columns = [c for c in columns if c[0] != name]

    def line(cells: dict[str, str]) -> str:
        parts = [cells[h].rjust(w) if right else cells[h].ljust(w) for h, w, right, _ in columns]
        return ("  " + "  ".join(parts)).rstrip()

    return [line({h: h for h, *_ in columns}), *(line(row) for row in rows)]


def render_series(s: SeriesInterpretation, *, full: bool = False, width: int | None = None) -> str:
    """The summary, a table of the results with the change from the previous one, the change rule, the
    monitoring notes, numbered short sources (``full``: in full) and the guidance."""
    w = width or terminal_width()
    rule = s.rule
    sided = "one-sided" if rule.one_sided else "two-sided"
    unc = " (estimates)" if rule.analytical.uncertain or rule.within_person.uncertain else ""
    index = {c.id: i for i, c in enumerate(s.citations, 1)}
    cited = dict.fromkeys((*rule.citations, *rule.analytical.citations, *rule.within_person.citations))
    marks = "".join(f"[{index[c]}]" for c in cited if c in index)
    lines = [*series_summary(s, w), *warning_lines(s.warnings, w), "", *_table(s, w), ""]
    lines += wrap(
        f"Significant change: beyond {rule.rise_percent:+.1f}% / {rule.fall_percent:+.1f}% (log-normal RCV, "
        f"{rule.probability * 100:g}% {sided}; CVa {rule.analytical.cv * 100:g}%, "
        f"CVi {rule.within_person.cv * 100:g}%{unc}). {marks}".rstrip(),
        w,
    )
    if "rosario2010" in index:
        lines += wrap(
            "A change over 20% is never called usual variation: in healthy adults 99% of repeats 12 weeks apart "
            f"were within 20%. [{index['rosario2010']}]",
            w,
        )
    for m in s.monitoring:
        lines += ["", f"{m.context}:", *note_lines([m.note], index, w, full=full)]
    lines += ["", *source_lines(s.citations, w, full=full), "", "Guidance", *wrap(s.guidance, w, "  ", "  ")]
    return "\n".join(lines)
