"""Interpret a cohort with Dask: igflab.interpret_frame on each partition (map_partitions).

Dask reads the CSV or Parquet files as a dataframe of partitions; each partition, a pandas
DataFrame, goes through igflab.interpret_frame, which appends igflab's result columns
(numbers, and categorical text) and keeps the partition's rows, order and index. Each row
depends only on itself and the reference tables, so any partitioning and any scheduler
give the same rows, in the same order; a row igflab cannot interpret carries its error in
error_code / error_message. The results are written as Parquet with an explicit schema
(the input columns as text, igflab's columns as float64 and dictionary-encoded text), so
every partition writes the same types whatever its rows hold.

Run:  python examples/cohort_dask.py [COHORT.csv|COHORT.parquet|'cohort/*.parquet'] [RESULTS_DIR] [--workers N]
With --workers N the graph runs on a dask.distributed LocalCluster of N worker processes;
on a cluster of many machines, connect a Client to its scheduler instead: the code is the
same. Needs pip install "dask[dataframe]" distributed "igflab[cohort,pandas]". The bundled
examples/data/cohort.csv holds 20 synthetic rows.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

import igflab

DATA = Path(__file__).resolve().parent / "data" / "cohort.csv"

# Values may be censored ("<25") and ages may be in months ("8m"): read all four as text.
INPUTS = ("value", "unit", "age", "sex")
# igflab's result columns and their types (the same for every partition).
FLOATS = ("ng_per_ml", "nmol_per_l", "sds", "centile", "zlog", "lower_ng_per_ml", "upper_ng_per_ml")
TEXTS = ("zone", "flag", "censored", "position", "warnings", "error_code", "error_field", "error_message")


def interpret_partition(df: pd.DataFrame, reference: str | None = None) -> pd.DataFrame:
    """One partition in, the same rows (same index) with igflab's result columns appended."""
    return cast(pd.DataFrame, igflab.interpret_frame(df, reference=reference))


def result_meta(df: dd.DataFrame) -> pd.DataFrame:
    """The empty frame Dask needs to know the output columns and types without computing."""
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in df.dtypes.items()})
    return interpret_partition(empty)


def read_cohort(path: str) -> dd.DataFrame:
    """A CSV or Parquet cohort (one file or a glob) as a Dask dataframe, inputs as text."""
    text = dict.fromkeys(INPUTS, "string")
    if ".parquet" in path:
        return cast(dd.DataFrame, dd.read_parquet(path).astype(text))
    return cast(dd.DataFrame, dd.read_csv(path, dtype=text, blocksize="16MB"))


def interpret_cohort(df: dd.DataFrame, reference: str | None = None) -> dd.DataFrame:
    """igflab over every partition, lazily; call ``.compute()`` or write the result."""
    out = df.map_partitions(  # type: ignore[no-untyped-call]
        interpret_partition, reference=reference, meta=result_meta(df)
    )
    return cast(dd.DataFrame, out)


def parquet_schema(df: dd.DataFrame) -> dict[str, Any]:
    """The output's Parquet types: text inputs as strings, igflab's numbers and dictionary-encoded text."""
    schema: dict[str, Any] = {c: pa.string() for c in df.columns if str(df[c].dtype) in ("string", "object")}
    schema.update(dict.fromkeys(FLOATS, pa.float64()))
    schema.update(dict.fromkeys(TEXTS, pa.dictionary(pa.int32(), pa.string())))
    return schema


def write_results(df: dd.DataFrame, out_dir: str) -> None:
    """Write the interpreted cohort as Parquet files, one per partition, in order."""
    df.to_parquet(out_dir, schema=parquet_schema(df), write_index=False)  # type: ignore[no-untyped-call]


@contextlib.contextmanager
def cluster(workers: int) -> Iterator[None]:
    """A dask.distributed LocalCluster of ``workers`` processes (one thread each), or nothing for 0."""
    if workers <= 0:
        yield
        return
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as local,  # type: ignore[no-untyped-call]
        Client(local),  # type: ignore[no-untyped-call]
    ):
        yield


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Interpret a cohort with Dask.")
    ap.add_argument("src", nargs="?", default=str(DATA))
    ap.add_argument("out", nargs="?", help="write the results as Parquet into this folder")
    ap.add_argument("--workers", type=int, default=0, help="run on a LocalCluster of N worker processes")
    args = ap.parse_args(argv)
    with cluster(args.workers):
        out = interpret_cohort(read_cohort(args.src))
        if args.out:
            write_results(out, args.out)
            print(f"wrote the results to {args.out}/")
            return
        frame = out.compute()  # type: ignore[no-untyped-call]
    print(frame[["id", "value", "unit", "age", "sex", "zone", "flag", "sds", "error_code"]].to_string(index=False))
    print(frame["zone"].value_counts(dropna=False).to_string())


if __name__ == "__main__":
    main()
