"""What the benchmarks share: timing, ratios, random inputs, the bare numpy LMS yardstick and whole processes.

Imported by benchmarks/run.py and benchmarks/cohort.py (run from the benchmarks directory on ``sys.path``).
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def median_ms(xs: list[float]) -> float:
    return statistics.median(xs) * 1e3


def interleaved(a: Callable[[], Any], b: Callable[[], Any], reps: int) -> tuple[list[float], list[float]]:
    """Run a and b alternately (after one warm-up each); wall seconds of each run."""
    a()
    b()
    ta, tb = [], []
    for _ in range(reps):
        t = time.perf_counter()
        a()
        ta.append(time.perf_counter() - t)
        t = time.perf_counter()
        b()
        tb.append(time.perf_counter() - t)
    return ta, tb


def paired_ratio(ta: list[float], tb: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(ta, tb, strict=True))


def make_inputs(n: int, seed: int = 1) -> dict[str, Any]:
    """Random but plausible rows: lognormal ng/mL values in three units, ages 0-94, both sexes."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ng = rng.lognormal(np.log(150), 0.5, n)
    unit_idx = rng.integers(0, 3, n)
    factor = np.array([1.0, 7.649, 1.0])[unit_idx]  # ng/mL, nmol/L, µg/L
    values = np.round(ng / factor, 2)
    return {
        "ng": values * factor,
        "values": values,
        "units": np.array(["ng/mL", "nmol/L", "ug/L"])[unit_idx],
        "ages": np.round(rng.uniform(0, 94, n), 2),
        "sexes": np.array(["male", "female"])[rng.integers(0, 2, n)],
    }


def bare_numpy_lms(ng: Any, ages: Any, female: Any, tables: dict[str, Any]) -> Any:
    """The yardstick: np.interp of L, M and S per sex, then the LMS formula."""
    import numpy as np

    z = np.empty(ng.shape)
    for sex, mask in (("male", ~female), ("female", female)):
        knots, L, M, S = tables[sex]
        a = ages[mask]
        lv, mv, sv = np.interp(a, knots, L), np.interp(a, knots, M), np.interp(a, knots, S)
        z[mask] = (np.power(ng[mask] / mv, lv) - 1.0) / (lv * sv)
    return z


def lms_tables() -> dict[str, Any]:
    import numpy as np

    from igflab.science.references import get_reference

    ref = get_reference(None)
    out = {}
    for sex in ("male", "female"):
        knots, cols = raw_tables(ref, sex)
        out[sex] = (np.asarray(knots), *(np.asarray(c[0]) for c in cols))
    return out


def raw_tables(ref: Any, sex: str) -> tuple[tuple[float, ...], list[tuple[tuple[float, ...], tuple[float, ...]]]]:
    """Knots, and L, M, S with their slopes, read from the reference file's rows (not igflab's own tables)."""
    rows = ref.data.rows[sex]
    knots = tuple(float(r.age) for r in rows)
    cols = []
    for name in ("L", "M", "S"):
        v = tuple(float(getattr(r, name)) for r in rows)
        cols.append((v, tuple((v[i + 1] - v[i]) / (knots[i + 1] - knots[i]) for i in range(len(v) - 1))))
    return knots, cols


# Linux keeps a process's peak RSS across fork and exec, so a child forked from this large
# process would report this process's size. A small launcher forks the command instead and
# reports its wall time and peak RSS (wait4).
_LAUNCHER = """
import os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_RDWR)
    for k in (0, 1, 2):
        os.dup2(fd, k)
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_pid, status, ru = os.wait4(pid, 0)
print(time.perf_counter() - t, ru.ru_maxrss / 1024, status)
"""


def run_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *cmd], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    if out[2] != "0":
        raise RuntimeError(f"{cmd} failed with status {out[2]}")
    return float(out[0]), float(out[1])


def write_cohort(path: Path, n: int) -> None:
    inp = make_inputs(n, seed=7)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "value", "unit", "age", "sex"])
        w.writerows(
            zip(
                range(n),
                inp["values"].tolist(),
                inp["units"].tolist(),
                inp["ages"].tolist(),
                inp["sexes"].tolist(),
                strict=True,
            )
        )
