"""Interpret a cohort with Dask: interpret_batch on each partition (map_partitions).

Dask reads the CSV (or Parquet) files as a dataframe of partitions; each partition, a
pandas DataFrame, goes through igflab.interpret_batch, which works on whole columns with
numpy, and the results are appended as new columns. Each row depends only on itself and
the reference tables, so any partitioning and any scheduler give the same rows, in the
same order; a row igflab cannot interpret carries its error in error_code / error_message.

Run:  python examples/cohort_dask.py [COHORT.csv|COHORT.parquet|'cohort/*.parquet'] [RESULTS_DIR]
Needs Dask's dataframe extra (pip install "dask[dataframe]"). The bundled
examples/data/cohort.csv holds 20 synthetic rows; the local threaded scheduler runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, cast

import dask.dataframe as dd
import numpy as np
import pandas as pd

import igflab

DATA = Path(__file__).resolve().parent / "data" / "cohort.csv"

# Values may be censored ("<25") and ages may be in months ("8m"): read all four as text.
INPUTS = ("value", "unit", "age", "sex")


def _text(column: pd.Series) -> list[Any]:
    """A column as Python values, with missing cells as None (igflab reports them per row)."""
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in column.tolist()]


def interpret_partition(df: pd.DataFrame, reference: str | None = None) -> pd.DataFrame:
    """One partition in, the same rows (same index) with igflab's result columns appended."""
    res = igflab.interpret_batch(*(_text(df[c]) for c in INPUTS), reference=reference)
    return pd.concat([df, res.to_pandas().set_axis(df.index)], axis=1)


def result_meta(df: dd.DataFrame) -> pd.DataFrame:
    """The empty frame Dask needs to know the output columns and types without computing."""
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in df.dtypes.items()})
    return interpret_partition(empty)


def read_cohort(path: str) -> dd.DataFrame:
    """A CSV or Parquet cohort (one file or a glob) as a Dask dataframe, inputs as text."""
    if ".parquet" in path:
        df = dd.read_parquet(path)
        return cast(dd.DataFrame, df.astype(dict.fromkeys(INPUTS, "object")))
    return cast(dd.DataFrame, dd.read_csv(path, dtype=dict.fromkeys(INPUTS, "object"), blocksize="64MB"))


def interpret_cohort(df: dd.DataFrame, reference: str | None = None) -> dd.DataFrame:
    """igflab over every partition, lazily; call ``.compute()`` or write the result."""
    out = df.map_partitions(  # type: ignore[no-untyped-call]
        interpret_partition, reference=reference, meta=result_meta(df)
    )
    return cast(dd.DataFrame, out)


def main() -> None:
    src = sys.argv[1] if len(sys.argv) > 1 else str(DATA)
    out = interpret_cohort(read_cohort(src))
    if len(sys.argv) > 2:
        out.to_parquet(sys.argv[2])  # type: ignore[no-untyped-call]
        print(f"wrote the results to {sys.argv[2]}/")
        return
    frame = out.compute(scheduler="threads")  # type: ignore[no-untyped-call]
    print(frame[["id", "value", "unit", "age", "sex", "zone", "flag", "sds", "error_code"]].to_string(index=False))
    print(frame["zone"].value_counts(dropna=False).to_string())


if __name__ == "__main__":
    main()
