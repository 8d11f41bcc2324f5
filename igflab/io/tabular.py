"""Cohort files through Arrow: CSV and Parquet read, interpreted and written a batch at a time.

Needs ``pip install 'igflab[cohort]'`` (pyarrow). Each batch of rows is read by pyarrow's
streaming CSV or Parquet reader, interpreted by :func:`igflab.io.frames.interpret_arrow`
(the columns :func:`~igflab.interpret_frame` appends) and written at once, so memory stays
bounded by the batch whatever the file's size. CSV input is read as text, exactly as the
standard-library path (:func:`igflab.io.csv.interpret_csv`) reads it, and CSV output has
the same cells, byte for byte: floats as Python writes them (``repr``), quoting as the
``csv`` module's minimal quoting. A CSV with a row of the wrong width is left to that path
(:class:`RaggedRows`), which gives such a row its error.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO

import numpy as np

from igflab.core.batch_columns import encode, to_arrow
from igflab.core.batch_result import COLUMNS, BatchResult
from igflab.errors import InputError

from .csv import MAX_LINE_CHARS, CsvColumns, CsvSummary, analyte_layout, lines_of
from .csv_text import csv_header, float_text, lines
from .frames import ColumnAt, arrow_column, interpret_arrow

__all__ = ["RaggedRows", "csv_header", "float_text", "interpret_table_file", "is_parquet"]

#: Bytes of CSV text read at a time (a batch holds about 17,000 rows of a typical cohort file).
BLOCK_BYTES = 1 << 19
#: Rows of a Parquet file read at a time.
PARQUET_ROWS = 1 << 16


class RaggedRows(Exception):
    """The CSV has a row with more or fewer fields than its header."""


def is_parquet(path: str) -> bool:
    """Whether ``path`` is a Parquet file: by its name, or its first bytes (``PAR1``)."""
    if path.lower().endswith((".parquet", ".pq")):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PAR1"
    except OSError:
        return False


def _write_csv(sink: BinaryIO, inputs: list[Any], res: BatchResult, delimiter: str) -> None:
    """The rows as CSV lines (the input cells, then the results), written at once."""
    if not len(res):
        return
    text = lines(inputs, encode(res), delimiter)
    offsets, data = text.buffers()[1], text.buffers()[2]
    start, end = np.frombuffer(offsets, dtype=np.int32)[[text.offset, text.offset + len(text)]].tolist()
    sink.write(memoryview(data)[start:end])


def _csv_batches(path: str, names: list[str], delimiter: str) -> Iterator[tuple[Any, float]]:
    """The CSV's batches of rows (all columns as text), each with the fraction of the file read so far."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pcsv  # noqa: PLC0415

    size = max(1, os.path.getsize(path))
    source = pa.OSFile(path)
    try:
        try:
            reader = pcsv.open_csv(
                source,
                read_options=pcsv.ReadOptions(block_size=BLOCK_BYTES, use_threads=False),
                parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid as exc:
            # Arrow finds no line in a header without a final line break: no rows, as the csv module reads it.
            if "Empty CSV" in str(exc) and _header_only(path, delimiter):
                return
            raise
        for batch in reader:
            yield batch, min(1.0, source.tell() / size)
    finally:
        source.close()


def _header_only(path: str, delimiter: str) -> bool:
    """Whether the CSV holds no record after its header (blank lines hold none), as the csv module reads it."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        try:
            records = csv.reader(lines_of(f), delimiter=delimiter)
            next(records, None)
            return not any(records)
        except (csv.Error, UnicodeDecodeError, InputError):
            return False  # not this case: Arrow's own error stands


def _arrow_errors(exc: Exception) -> InputError:
    text = str(exc)
    if "UTF8" in text or "UTF-8" in text:
        return InputError("the CSV is not UTF-8 text; save it as UTF-8 (CSV UTF-8)", field="csv")
    if "straddling" in text or "straddles" in text:
        return InputError(
            f"the CSV has a line longer than {MAX_LINE_CHARS:,} characters; is it a CSV file?", field="csv"
        )
    return InputError(f"the file cannot be read: {text.splitlines()[0] if text else exc!r}", field="csv")


def _header(path: str, delimiter: str, parquet: bool) -> list[str]:
    if parquet:
        import pyarrow.parquet as pq  # noqa: PLC0415

        return list(pq.read_schema(path).names)
    with open(path, encoding="utf-8-sig", newline="") as f:
        try:
            row = next(csv.reader(f, delimiter=delimiter), None)
        except UnicodeDecodeError:
            raise InputError("the CSV is not UTF-8 text; save it as UTF-8 (CSV UTF-8)", field="csv") from None
    if row is None:
        raise InputError("the CSV is empty: it needs a header row", field="csv")
    return row


def interpret_table_file(
    src: str,
    sink: BinaryIO,
    *,
    parquet_in: bool,
    parquet_out: bool,
    columns: CsvColumns | None = None,
    reference: str | None = None,
    assay: str | None = None,
    delimiter: str = ",",
    progress: Callable[[int, float], None] | None = None,
    analyte: str = "igf1",
) -> CsvSummary:
    """Interpret the CSV or Parquet file ``src`` of ``analyte`` results into ``sink`` (CSV or Parquet): the input
    columns, then the results.

    ``progress(rows, fraction)`` is called after each batch (rows done, fraction of the
    input read). Raises :class:`RaggedRows` for a CSV row of the wrong width (the caller
    starts again on the standard-library path).
    """
    import pyarrow as pa  # noqa: PLC0415

    summary = CsvSummary()
    writer: Any = None
    behind = _Behind()
    try:
        header = _header(src, delimiter, parquet_in)
        at, _ = analyte_layout(list(header), columns or CsvColumns(), COLUMNS, analyte)
        for batch, fraction in _batches(src, header, delimiter, parquet_in):
            res = interpret_arrow(
                _columns_of(batch),
                batch.num_rows,
                at,
                reference=reference,
                assay=assay,
                blank_unit_is_none=not parquet_in,
                analyte=analyte,
            )
            if parquet_out:
                results = to_arrow(res)
                out = pa.Table.from_arrays([*batch.columns, *results.columns], names=[*header, *results.column_names])
                writer = _writer(sink, out, writer, parquet_out, delimiter, header)
                behind.run(writer.write_table, out)
            else:
                writer = _writer(sink, None, writer, parquet_out, delimiter, header)
                behind.run(_write_csv, sink, batch.columns, res, delimiter)
            summary.add(res)
            if progress is not None:
                progress(summary.rows, fraction)
        behind.wait()
        if progress is not None:
            progress(summary.rows, 1.0)
        if writer is None:
            _write_empty(sink, header, parquet_out, delimiter, src, parquet_in)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        if "columns, got" in str(exc):  # a row of another width: the csv module's path marks it
            raise RaggedRows from None
        raise _arrow_errors(exc) from None
    finally:
        behind.close()
        if writer is not None and parquet_out:
            writer.close()
    return summary


class _Behind:
    """Speed: batch k is formatted and written on a thread while batch k+1 is read and
    interpreted (Arrow and numpy release the GIL); at most one batch waits, so memory stays
    bounded, and the batches are written in order."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="igflab-write")
        self.pending: Future[Any] | None = None

    def run(self, fn: Callable[..., Any], *args: Any) -> None:
        self.wait()
        self.pending = self.pool.submit(fn, *args)

    def wait(self) -> None:
        """Wait for the write in flight; its error, if any, is raised here."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.pool.shutdown()


def _columns_of(batch: Any) -> ColumnAt:
    return lambda i, *, text=False: arrow_column(batch.column(i), text=text)


def _batches(src: str, header: list[str], delimiter: str, parquet: bool) -> Iterator[tuple[Any, float]]:
    if parquet:
        import pyarrow.parquet as pq  # noqa: PLC0415

        pf = pq.ParquetFile(src)
        total, done = max(1, pf.metadata.num_rows), 0
        for b in pf.iter_batches(batch_size=PARQUET_ROWS):
            done += b.num_rows
            yield b, done / total
        return
    yield from _csv_batches(src, header, delimiter)


def _writer(sink: BinaryIO, out: Any, writer: Any, parquet: bool, delimiter: str, header: list[str]) -> Any:
    """The Parquet writer (made with the first batch's schema), or, for CSV, True once the header is written."""
    if writer is not None:
        return writer
    if parquet:
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415

        # Speed: no dictionary attempt on float columns (nearly every value differs) and no
        # min/max statistics on the dictionary-encoded result text (a few labels): about 50 ms
        # per million rows of the Parquet writer's time; every other column keeps its statistics.
        fields = list(out.schema)
        return pq.ParquetWriter(
            sink,
            out.schema,
            use_dictionary=[f.name for f in fields if not pa.types.is_floating(f.type)],
            write_statistics=[f.name for f in fields if not pa.types.is_dictionary(f.type)],
        )
    sink.write(csv_header([*header, *COLUMNS], delimiter))
    return True


def _write_empty(sink: BinaryIO, header: list[str], parquet: bool, delimiter: str, src: str, parquet_in: bool) -> None:
    """No rows: the header alone (CSV), or a Parquet file of the output columns and no row."""
    if not parquet:
        sink.write(csv_header([*header, *COLUMNS], delimiter))
        return
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    from igflab.core.batch import interpret_batch  # noqa: PLC0415

    schema = pq.read_schema(src) if parquet_in else pa.schema([(h, pa.string()) for h in header])
    results = to_arrow(interpret_batch([], None, [], []))
    empty = pa.Table.from_arrays(
        [*(pa.array([], f.type) for f in schema), *results.columns], names=[*header, *results.column_names]
    )
    pq.write_table(empty, sink)
