"""The series section of benchmarks/run.py: many persons' results over time at batch speed.

interpret_series_batch() on N long-form rows (N/5 persons, five results each, shuffled) against
what a user would otherwise run: (a) interpret_batch() on the same rows, the floor (the series
adds the sort, the changes and the RCV to it), and (b) interpret_series() person by person on a
sample of the persons, scaled to all of them (the scalar API in a loop).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

Timer = Callable[[Callable[[], Any], Callable[[], Any], int], tuple[list[float], list[float]]]


def long_form(n: int, seed: int = 3) -> dict[str, Any]:
    """N rows: persons of five results each, lognormal values, adult and child ages, shuffled."""
    import numpy as np

    rng = np.random.default_rng(seed)
    persons = max(1, n // 5)
    pid = np.repeat(np.arange(persons), 5)[:n]
    start = rng.uniform(2, 80, persons)[pid]
    ages = np.round(start + np.tile(np.arange(5) * 0.5, persons)[:n], 3)
    values = np.round(np.exp(rng.normal(np.log(180), 0.45, n)), 1)
    sexes = np.where(pid % 2 == 0, "male", "female")
    order = rng.permutation(n)
    return {"pid": pid[order], "values": values[order], "ages": ages[order], "sexes": sexes[order]}


def bench_series(
    n: int, reps: int, interleaved: Timer, paired_ratio: Callable[[list[float], list[float]], float]
) -> list[str]:
    import numpy as np

    import igflab

    d = long_form(n)

    def ours() -> Any:
        return igflab.interpret_series_batch(d["pid"], d["values"], "ng/mL", d["sexes"], ages=d["ages"])

    def floor() -> Any:
        return igflab.interpret_batch(d["values"], "ng/mL", d["ages"], d["sexes"])

    sb = ours()
    assert int(np.sum(sb.previous >= 0)) == n - max(1, n // 5)
    ta, tb = interleaved(ours, floor, reps)
    sample = sorted(set(d["pid"].tolist()))[:200]
    rows = [list(np.flatnonzero(d["pid"] == p)) for p in sample]
    t0 = time.perf_counter()
    for idx in rows:
        igflab.interpret_series(
            [(float(d["values"][i]), "ng/mL", float(d["ages"][i])) for i in idx], sex=str(d["sexes"][idx[0]])
        )
    per_person = (time.perf_counter() - t0) / len(rows)
    loop_s = per_person * max(1, n // 5)
    ours_s = sorted(ta)[len(ta) // 2]
    return [
        f"series: {n:,} long-form rows ({max(1, n // 5):,} persons x 5), {reps} interleaved runs",
        f"  interpret_series_batch   median {ours_s * 1e3:9.1f} ms  ({ours_s * 1e9 / n:6.1f} ns/row)",
        f"  interpret_batch (floor)  median {sorted(tb)[len(tb) // 2] * 1e3:9.1f} ms",
        f"  ratio to the floor (median of paired)  {paired_ratio(ta, tb):.2f}x",
        (
            f"  interpret_series per person (200 persons timed, scaled)  {loop_s * 1e3:9.1f} ms  "
            f"({per_person * 1e6:.0f} us per person); batch is {loop_s / ours_s:.0f}x faster"
        ),
    ]
