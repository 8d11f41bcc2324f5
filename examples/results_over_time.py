"""One person's IGF-1 results over time: changes, significance (U/D) and the trend in words.

Run:  python examples/results_over_time.py
"""

from __future__ import annotations

import igflab

results = [
    {"value": 440, "unit": "ng/mL", "collected": "2025-01-15"},
    {"value": 330, "unit": "ng/mL", "collected": "2025-07-15"},
    {"value": 250, "unit": "ng/mL", "collected": "2026-01-15"},
    {"value": 185, "unit": "ng/mL", "collected": "2026-07-15"},
]
series = igflab.interpret_series(results, sex="male", birth_date="1978-04-02", context=["acromegaly-treatment"])

for r, change in zip(series.results, (None, *series.changes), strict=True):
    step = "" if change is None else f"  {change.percent:+.0f}% {change.flag or '(within the RCV)'}"
    print(f"{r.collected}  {r.interpretation.value.ng_per_ml:.0f} ng/mL  {r.x_uln:.2f} x ULN{step}")
assert series.overall is not None
print(f"first to last: {series.overall.percent:+.0f}% {series.overall.flag}")
print(f"RCV: {series.rule.rise_percent:+.1f}% / {series.rule.fall_percent:+.1f}%")
print(series.summary)
print(series.guidance)
