"""Cohort sections of benchmarks/run.py: files and frames against Polars and the bare numpy LMS.

* csv-polars:     `igflab interpret --csv IN -o OUT` as the command runs it (pyarrow streaming CSV
                  in and out, Arrow's system memory pool) vs Polars: `read_csv` + the bare numpy
                  LMS + `write_csv` of the same output columns (the result columns prepared
                  beforehand, as Polars series); interleaved; and the peak RSS of the whole
                  command on a 5,000,000-row file.
* parquet-polars: the same with Parquet in and out vs `read_parquet` + LMS + `write_parquet`.
* frame:          `interpret_frame` on N-row pandas and Polars frames vs the bare numpy LMS on
                  numpy columns (values already in ng/mL), interleaved.
* batch1:         a 1-row `interpret_batch` vs `interpret()` of the same row.
* dask:           examples/cohort_dask.py on a dask.distributed LocalCluster of 1 and of 2
                  worker processes (the compute and Parquet write, the cluster already started).
"""

from __future__ import annotations

import os
import sys
import timeit
from pathlib import Path
from typing import Any

from common import (
    ROOT,
    bare_numpy_lms,
    interleaved,
    lms_tables,
    make_inputs,
    median_ms,
    paired_ratio,
    run_process,
    write_cohort,
)

FACTORS = {"ng/mL": 1.0, "nmol/L": 7.649, "ug/L": 1.0}


def _polars_results(src: Path) -> list[Any]:
    """igflab's result columns for the file, as Polars series (prepared before the timing)."""
    import polars as pl

    import igflab

    df = pl.read_csv(src, infer_schema=False)
    res = igflab.interpret_frame(df.select("value", "unit", "age", "sex"))
    return [res[c] for c in res.columns[4:]]


def _polars_lms(df: Any, tables: dict[str, Any]) -> Any:
    """The bare numpy LMS on the columns Polars read (unit factors by a Polars lookup)."""
    import polars as pl

    factor = df["unit"].replace_strict(FACTORS, return_dtype=pl.Float64)
    ng = (df["value"].cast(pl.Float64) * factor).to_numpy()
    female = (df["sex"] == "female").to_numpy()
    return bare_numpy_lms(ng, df["age"].cast(pl.Float64).to_numpy(), female, tables)


def bench_files(n: int, reps: int, tmp: Path, parquet: bool) -> list[str]:
    import numpy as np
    import polars as pl

    from igflab.io.tabular import interpret_table_file

    src = tmp / "cohort.csv"
    if not src.exists():
        write_cohort(src, n)
    kind = "parquet" if parquet else "csv"
    if parquet:
        pl.read_csv(src, infer_schema=False).write_parquet(tmp / "cohort.parquet")
        src = tmp / "cohort.parquet"
    ours_out, base_out = tmp / f"ours.{kind}", tmp / f"polars.{kind}"
    results = _polars_results(tmp / "cohort.csv")
    tables = lms_tables()

    def ours() -> None:
        with ours_out.open("wb") as f:
            interpret_table_file(str(src), f, parquet_in=parquet, parquet_out=parquet)

    def base() -> None:
        df = pl.read_parquet(src) if parquet else pl.read_csv(src)
        z = _polars_lms(df, tables)
        out = df.hstack([*results[:2], pl.Series("sds", z), *results[3:]])
        if parquet:
            out.write_parquet(base_out)
        else:
            out.write_csv(base_out)

    # igflab's side runs as `igflab interpret --csv` runs it: with Arrow's system memory pool
    # (igflab.cli.cohort; Polars does not allocate through it), set back afterwards.
    import pyarrow as pa

    pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        ta, tb = interleaved(ours, base, reps)
    finally:
        pa.set_memory_pool(pool)
    got = pl.read_parquet(ours_out) if parquet else pl.read_csv(ours_out, infer_schema=False)
    assert got.height == n
    assert got.columns[5:] == [s.name for s in results]
    sds = got["sds"].cast(pl.Float64).to_numpy()
    assert np.allclose(sds, pl.read_parquet(base_out)["sds"] if parquet else pl.read_csv(base_out)["sds"])
    what = "read_parquet + numpy LMS + write_parquet" if parquet else "read_csv + numpy LMS + write_csv"
    ratio = paired_ratio(ta, tb)
    return [
        f"{kind}-polars: {n:,} rows, {ours_out.stat().st_size / 1e6:.1f} MB out, {reps} interleaved runs",
        f"  igflab (pyarrow {kind} in and out)        median {median_ms(ta):8.0f} ms",
        f"  polars {what}  median {median_ms(tb):8.0f} ms  (same columns)",
        f"  ratio (median of paired)  {ratio:.2f}x   [gate <= 1.5x, stretch <= 1.2x]",
    ]


def bench_rss(n: int, tmp: Path) -> list[str]:
    """The whole command on an n-row file: wall time and peak RSS."""
    src = tmp / f"rss{n}.csv"
    write_cohort(src, n)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    cmd = [sys.executable, "-m", "igflab", "interpret", "--csv", str(src), "-o", str(tmp / "rss_out.csv"), "-q"]
    wall, rss = run_process(cmd, env)
    src.unlink()
    (tmp / "rss_out.csv").unlink()
    line = f"  whole process, {n:,} rows: igflab interpret --csv ... -o ...   {wall:.1f} s, peak RSS {rss:.1f} MiB"
    return [line + "   [gate <= 250 MiB]"]


def bench_frame(n: int, reps: int) -> list[str]:
    import numpy as np
    import pandas as pd
    import polars as pl

    import igflab

    inp = make_inputs(n)
    tables = lms_tables()
    female = inp["sexes"] == "female"
    cols = {"value": inp["values"], "unit": inp["units"], "age": inp["ages"], "sex": inp["sexes"]}
    frames = {"pandas": pd.DataFrame(cols), "polars": pl.DataFrame(cols)}

    def base() -> Any:
        return bare_numpy_lms(inp["ng"], inp["ages"], female, tables)

    lines = [f"frame: interpret_frame on {n:,}-row frames, {reps} interleaved runs each"]
    for name, frame in frames.items():
        out = igflab.interpret_frame(frame)
        sds = np.asarray(out["sds"].to_numpy(), dtype=float)
        assert np.allclose(sds, base(), rtol=1e-9, atol=1e-12), "frame and baseline disagree"
        assert "warnings" in out.columns

        def ours(f: Any = frame) -> Any:
            return igflab.interpret_frame(f)

        ta, tb = interleaved(ours, base, reps)
        lines.append(
            f"  {name:<7} interpret_frame median {median_ms(ta):7.1f} ms vs bare numpy LMS {median_ms(tb):6.1f} ms: "
            f"{paired_ratio(ta, tb):.2f}x   [gate <= 2.0x, stretch <= 1.3x]"
        )
    return lines


def bench_batch1(rounds: int) -> list[str]:
    import igflab

    def one() -> Any:
        return igflab.interpret(150, "ng/mL", age=45, sex="male")

    def batch() -> Any:
        return igflab.interpret_batch([150], "ng/mL", [45], "male")

    ta: list[float] = []
    tb: list[float] = []
    for _ in range(rounds):
        for fn, acc in ((batch, ta), (one, tb)):
            number, _ = timeit.Timer(fn).autorange()
            acc.append(min(timeit.repeat(fn, number=number, repeat=3)) / number)
    return [
        f"batch1: 1-row interpret_batch vs interpret(), {rounds} interleaved rounds (timeit autorange, best of 3)",
        f"  interpret_batch([150], ...)  median {median_ms(ta) * 1e3:7.1f} us",
        f"  interpret(150, ...)          median {median_ms(tb) * 1e3:7.1f} us",
        f"  ratio (median of paired)  {paired_ratio(ta, tb):.2f}x   [gate <= 3x]",
    ]


def bench_dask(n: int, tmp: Path) -> list[str]:
    """The Dask example on 1 and 2 LocalCluster workers (the same graph; the cluster started beforehand)."""
    import importlib
    import logging
    import time

    from dask.distributed import Client, LocalCluster

    # The example as a module on the path: the worker processes (spawned with this path) import it.
    sys.path.insert(0, str(ROOT / "examples"))
    ex = importlib.import_module("cohort_dask")
    src = tmp / "dask.csv"
    write_cohort(src, n)
    lines = [f"dask: examples/cohort_dask.py, {n:,} rows CSV -> Parquet, LocalCluster (1 thread per worker)"]
    walls: dict[int, list[float]] = {}
    for workers in (1, 2, 1, 2):
        with (
            # Quiet: a worker's last heartbeat may race the cluster's shutdown and log an error.
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, dashboard_address=None, silence_logs=logging.CRITICAL
            ) as lc,
            Client(lc),  # type: ignore[no-untyped-call]
        ):
            t = time.perf_counter()
            ex.write_results(ex.interpret_cohort(ex.read_cohort(str(src))), str(tmp / f"dask{workers}"))
            walls.setdefault(workers, []).append(time.perf_counter() - t)
    one, two = min(walls[1]), min(walls[2])
    lines.append(f"  1 worker  {one:6.2f} s;  2 workers  {two:6.2f} s;  speed-up {one / two:.2f}x (best of 2 each)")
    return lines
