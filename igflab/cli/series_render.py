"""A series as ``igflab series`` prints it: the table of results and changes, the summary, notes and sources."""

from __future__ import annotations

from igflab.series_models import SeriesInterpretation

__all__ = ["render_series"]


def _num(x: float | None, fmt: str) -> str:
    return "-" if x is None else format(x, fmt)


def render_series(s: SeriesInterpretation) -> str:
    """A table of the results with the change from the previous one, then the summary, notes and guidance."""
    first = s.results[0]
    lines = [
        f"IGF-1 over time: {len(s.results)} result{'s' if len(s.results) != 1 else ''}, {s.sex}, "
        f"age {first.age:.1f} to {s.results[-1].age:.1f} years"
        + (f" (context: {', '.join(s.context)})" if s.context else ""),
        "",
        f"  {'date':<10}  {'age':>5}  {'ng/mL':>7}  {'nmol/L':>6}  {'x ULN':>5}  {'SDS':>5}  {'flag':<4}  change",
    ]
    for k, r in enumerate(s.results):
        i = r.interpretation
        change = ""
        if k > 0:
            c = s.changes[k - 1]
            verdict = "no verdict" if c.significant is None else (c.flag or "within RCV")
            change = f"{c.percent:+.0f}% ({verdict})"
        value = f"{i.value.censored or ''}{i.value.ng_per_ml:.0f}"
        lines.append(
            f"  {r.collected or '-':<10}  {r.age:>5.1f}  {value:>7}  {i.value.nmol_per_l:>6.1f}  "
            f"{r.x_uln:>5.2f}  {_num(r.sds, '+.1f'):>5}  {i.flag.value:<4}  {change}".rstrip()
        )
    rule = s.rule
    sided = "one-sided" if rule.one_sided else "two-sided"
    unc = " (estimates)" if rule.analytical.uncertain or rule.within_person.uncertain else ""
    lines += [
        "",
        s.summary,
        "",
        (
            f"Significant change: beyond {rule.rise_percent:+.1f}% / {rule.fall_percent:+.1f}% (log-normal RCV, "
            f"{rule.probability * 100:g}% {sided}; CVa {rule.analytical.cv * 100:g}%, "
            f"CVi {rule.within_person.cv * 100:g}%{unc})."
        ),
    ]
    for m in s.monitoring:
        lines += ["", f"{m.context}: {m.note.text}"]
    if s.warnings:
        lines += ["", "Warnings:"] + [f"  - {w.message}" for w in s.warnings]
    lines += ["", "Sources:"] + [f"  [{c.id}] {c.text}" for c in s.citations] + ["", s.guidance]
    return "\n".join(lines)
