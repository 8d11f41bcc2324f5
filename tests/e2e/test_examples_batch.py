"""The cohort example (Polars) and the benchmark script, run on small inputs."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import igflab
from igflab.errors import IgflabError
from tests.support import ROOT, load_module

DATA = ROOT / "examples" / "data" / "cohort.csv"


def load_example() -> ModuleType:
    pytest.importorskip("polars")
    return load_module(ROOT / "examples" / "cohort_polars.py", "cohort_polars")


def test_polars_example_equals_interpret_row_by_row() -> None:
    ex = load_example()
    out = ex.interpret_file(DATA, batch_rows=7)  # several batches
    src = list(csv.DictReader(io.StringIO(DATA.read_text(encoding="utf-8"))))
    assert out["id"].to_list() == [r["id"] for r in src]
    for row, got in zip(src, out.iter_rows(named=True), strict=True):
        try:
            want = igflab.interpret(row["value"], row["unit"], age=row["age"] or None, sex=row["sex"])
        except IgflabError as exc:
            code: str | None = exc.code
        else:
            code = None
        if code is not None:
            assert got["error_code"] == code, row
            assert got["zone"] is None
            continue
        assert got["error_code"] is None, (row, got["error_message"])
        assert got["zone"] == want.zone.value, row
        assert got["flag"] == want.flag.value
        if want.sds is None:
            assert got["sds"] is None
        else:
            assert got["sds"] == pytest.approx(want.sds, rel=1e-9)


def test_polars_example_reads_parquet_too(tmp_path: Path) -> None:
    ex = load_example()
    pl = pytest.importorskip("polars")
    parquet = tmp_path / "cohort.parquet"
    pl.read_csv(DATA, schema_overrides=ex.SCHEMA).write_parquet(parquet)
    assert ex.interpret_file(parquet).equals(ex.interpret_file(DATA))


def load_dask_example() -> ModuleType:
    pytest.importorskip("dask.dataframe")
    return load_module(ROOT / "examples" / "cohort_dask.py", "cohort_dask")


def expected_rows() -> list[tuple[str, str | None, str | None, float | None]]:
    """(id, zone, error code, sds) of each cohort row, from interpret() one row at a time."""
    out = []
    for row in csv.DictReader(io.StringIO(DATA.read_text(encoding="utf-8"))):
        try:
            r = igflab.interpret(row["value"], row["unit"], age=row["age"] or None, sex=row["sex"])
        except IgflabError as exc:
            out.append((row["id"], None, exc.code, None))
        else:
            out.append((row["id"], r.zone.value, None, r.sds))
    return out


def rows_of(frame: Any) -> list[tuple[str, str | None, str | None, float | None]]:
    """The same four fields from a pandas result frame (missing cells as None)."""
    import pandas as pd

    def clean(v: Any) -> Any:
        return None if pd.isna(v) else v

    return [
        (r.id, clean(r.zone), clean(r.error_code), clean(r.sds))
        for r in frame[["id", "zone", "error_code", "sds"]].itertuples(index=False)
    ]


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_example_equals_interpret_row_by_row(scheduler: str) -> None:
    ex = load_dask_example()
    import dask.dataframe as dd
    import pandas as pd

    src = pd.read_csv(DATA, dtype=dict.fromkeys(ex.INPUTS, "object"))
    ddf = dd.from_pandas(src, npartitions=3)  # several partitions
    assert ddf.npartitions == 3
    got = ex.interpret_cohort(ddf).compute(scheduler=scheduler)
    want = expected_rows()
    assert list(got.index) == list(range(len(want)))  # same rows, same order
    for g, w in zip(rows_of(got), want, strict=True):
        assert g[:3] == w[:3]
        assert (g[3] is None) == (w[3] is None)
        if w[3] is not None:
            assert g[3] == pytest.approx(w[3], rel=1e-9)


def test_dask_example_reads_csv_and_parquet_alike(tmp_path: Path) -> None:
    ex = load_dask_example()
    import pandas as pd

    parquet = tmp_path / "cohort.parquet"
    pd.read_csv(DATA, dtype=dict.fromkeys(ex.INPUTS, "object")).to_parquet(parquet)
    from_csv = ex.interpret_cohort(ex.read_cohort(str(DATA))).compute(scheduler="synchronous")
    from_parquet = ex.interpret_cohort(ex.read_cohort(str(parquet))).compute(scheduler="synchronous")
    assert rows_of(from_csv) == rows_of(from_parquet)
    assert len(from_csv) == len(expected_rows())


def test_dask_example_on_a_two_worker_local_cluster(tmp_path: Path) -> None:
    """The example as documented, on dask.distributed's LocalCluster(n_workers=2): Parquet with every row, in order."""
    load_dask_example()
    pytest.importorskip("dask.distributed")
    import pandas as pd
    import pyarrow.parquet as pq

    src = pd.read_csv(DATA, dtype=str)
    parts = tmp_path / "cohort"
    parts.mkdir()
    for k in range(3):  # three files: three partitions, spread over the two workers
        src.assign(id=src["id"] + f"-{k}").to_parquet(parts / f"part{k}.parquet", index=False)
    out = tmp_path / "results"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "cohort_dask.py"),
            str(parts / "*.parquet"),
            str(out),
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    table = pq.read_table(out)
    want = expected_rows()
    assert table.column("id").to_pylist() == [f"{i}-{k}" for k in range(3) for i, *_ in want]
    zones = table.column("zone").to_pylist()
    codes = table.column("error_code").to_pylist()
    assert list(zip(zones, codes, strict=True)) == [(z, c) for _ in range(3) for _i, z, c, _s in want]
    assert table.schema.field("sds").type == "double"


def test_benchmark_quick_smoke() -> None:
    """The benchmark script runs (a few thousand rows); its figures are not checked here."""
    pytest.importorskip("numpy")
    p = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "batch", "--rows", "3000"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert "interpret_batch" in p.stdout
    assert "ratio (median of paired)" in p.stdout
    assert "peak RSS" in p.stdout
