"""Interpret a cohort file with Polars: igflab.interpret_frame over each batch of rows.

Polars reads the CSV (or Parquet) file lazily and hands it over in batches; each batch
goes through igflab.interpret_frame, which works on whole columns (Arrow and numpy) and
appends the result columns (numbers, and categorical text). Rows keep their order and none
is dropped: a row igflab cannot interpret carries its error in error_code / error_message.

Run:  python examples/cohort_polars.py [COHORT.csv|COHORT.parquet] [RESULTS.parquet]
Needs Polars and pyarrow (pip install polars "igflab[cohort]"). The bundled examples/data/cohort.csv holds 20
synthetic rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

import igflab

DATA = Path(__file__).resolve().parent / "data" / "cohort.csv"

# Values may be censored ("<25") and ages may be in months ("8m"): read both as text.
SCHEMA = {"value": pl.String, "unit": pl.String, "age": pl.String, "sex": pl.String}


def interpret_frame(df: pl.DataFrame, reference: str | None = None) -> pl.DataFrame:
    """One batch of rows in, the same rows with igflab's result columns appended."""
    out = igflab.interpret_frame(df, reference=reference)
    assert isinstance(out, pl.DataFrame)
    return out


def interpret_file(path: Path, batch_rows: int = 100_000) -> pl.DataFrame:
    """Scan a CSV or Parquet cohort and interpret it batch by batch, in order."""
    if path.suffix == ".parquet":
        lf = pl.scan_parquet(path).with_columns(pl.col(list(SCHEMA)).cast(pl.String))
    else:
        lf = pl.scan_csv(path, schema_overrides=SCHEMA)
    parts = [interpret_frame(batch) for batch in lf.collect_batches(chunk_size=batch_rows)]
    return pl.concat(parts) if parts else interpret_frame(lf.collect())


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    out = interpret_file(src)
    print(out.select("id", "value", "unit", "age", "sex", "zone", "flag", "sds", "error_code"))
    print(out.group_by("zone", maintain_order=True).len().sort("len", descending=True))
    if len(sys.argv) > 2:
        out.write_parquet(sys.argv[2])
        print(f"wrote {len(out)} rows to {sys.argv[2]}")


if __name__ == "__main__":
    main()
