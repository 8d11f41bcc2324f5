"""CSV in, CSV out: a cohort file interpreted in chunks with :func:`igflab.batch.interpret_batch`.

The output keeps every input column, in the input order, and appends the result columns
(:data:`igflab.batch.COLUMNS`); rows stay in their order and none is dropped (blank lines,
which hold no record, are skipped). The file is read and written a chunk of rows at a
time, so memory stays flat however large the file is.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import math
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from .errors import InputError
from .zones import ZoneCode

__all__ = ["CsvColumns", "CsvSummary", "interpret_csv"]

#: Rows read, interpreted and written at a time.
CSV_CHUNK_ROWS = 1 << 12

_RAGGED = "input_error"


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Names of the input columns.

    ``None`` for an optional column means: use the column ``unit`` (``lab_low``,
    ``lab_high``) if the file has one. A column named explicitly must exist.
    """

    value: str = "value"
    unit: str | None = None
    age: str = "age"
    sex: str = "sex"
    lab_low: str | None = None
    lab_high: str | None = None


@dataclass(slots=True)
class CsvSummary:
    """What a run did: rows written, error rows, and rows per zone."""

    rows: int = 0
    errors: int = 0
    zones: dict[str, int] = field(default_factory=lambda: {c.zone.value: 0 for c in ZoneCode})

    def line(self) -> str:
        """One line for the terminal, e.g. ``"1,000 rows, 2 errors; mid_range 420, ..."``."""
        zones = ", ".join(f"{k} {v:,}" for k, v in self.zones.items() if v)
        err = "1 error" if self.errors == 1 else f"{self.errors:,} errors"
        return f"{self.rows:,} rows, {err}" + (f"; {zones}" if zones else "")


def _find(header: list[str], wanted: str, what: str, *, required: bool) -> int | None:
    stripped = [h.strip() for h in header]
    if wanted in stripped:
        return stripped.index(wanted)
    if not required:
        return None
    shown = ", ".join(stripped[:12]) + (" ..." if len(stripped) > 12 else "")
    raise InputError(f"the CSV has no {what} column named {wanted!r} (columns: {shown})", field="csv")


def _required(header: list[str], wanted: str, what: str) -> int:
    found = _find(header, wanted, what, required=True)
    assert found is not None
    return found


def _optional(header: list[str], name: str | None, default: str, what: str) -> int | None:
    """An optional column: required when named explicitly, used if present under its default name."""
    return _find(header, name if name is not None else default, what, required=name is not None)


def interpret_csv(
    src: TextIO,
    dst: TextIO,
    *,
    columns: CsvColumns | None = None,
    reference: str | None = None,
    delimiter: str = ",",
    chunk_rows: int = CSV_CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
) -> CsvSummary:
    """Interpret every row of the CSV ``src`` and write it, with the results, to ``dst``.

    ``columns`` names the value, unit, age, sex (and optional lab_low/lab_high) columns;
    a value column may carry its unit (``"150 ng/mL"``) when there is no unit column. An
    empty unit cell means "no unit given"; empty lab limits mean "no lab range". Rows
    with more or fewer fields than the header are error rows (``input_error``), padded
    with empty cells or cut to the header's width.
    ``progress`` is called after each chunk with the number of rows done.
    """
    from .batch import COLUMNS, interpret_batch  # noqa: PLC0415 - numpy only when used
    from .references import get_reference  # noqa: PLC0415

    ref_id = get_reference(reference).id  # an unknown reference stops before any output
    rows_arg: Any = chunk_rows  # checked at run time: callers may pass anything
    if isinstance(rows_arg, bool) or not isinstance(rows_arg, int) or rows_arg < 1:
        raise InputError(
            f"chunk_rows must be a whole number of rows, 1 or more; got {chunk_rows!r}", field="chunk_rows"
        )
    cols = columns or CsvColumns()
    reader = _records(csv.reader(src, delimiter=delimiter))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the CSV is empty: it needs a header row", field="csv") from None
    if header and header[0].startswith("\ufeff"):  # a byte-order mark, when src was not opened as utf-8-sig
        header[0] = header[0][1:]
    iv = _required(header, cols.value, "value")
    ia = _required(header, cols.age, "age")
    isx = _required(header, cols.sex, "sex")
    iu = _optional(header, cols.unit, "unit", "unit")
    ilo = _optional(header, cols.lab_low, "lab_low", "lab_low")
    ihi = _optional(header, cols.lab_high, "lab_high", "lab_high")
    if (ilo is None) != (ihi is None):
        raise InputError("give both lab_low and lab_high columns, or neither", field="csv")
    clash = sorted(set(COLUMNS) & {h.strip() for h in header})
    if clash:
        raise InputError(
            f"the CSV already has result column(s) {', '.join(clash)}; rename them before interpreting",
            field="csv",
        )
    width = len(header)
    writer = csv.writer(dst, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*header, *COLUMNS])
    summary = CsvSummary()
    for rows in _chunks(reader, chunk_rows):
        ragged = _even_out(rows, width)
        incols = list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]
        units: Any = [u if u else None for u in incols[iu]] if iu is not None else None
        lab = (list(incols[ilo]), list(incols[ihi])) if ilo is not None and ihi is not None else None
        res = interpret_batch(incols[iv], units, incols[ia], incols[isx], reference=ref_id, lab_ranges=lab)
        for k, message in ragged:
            _mark_error(res, k, message)
        out = [_cells(a) for a in res.columns().values()]
        writer.writerows(zip(*incols, *out, strict=True))
        summary.rows += len(rows)
        summary.errors += res.n_errors
        for zone, count in res.zone_counts().items():
            summary.zones[zone] += count
        if progress is not None:
            progress(summary.rows)
    return summary


def _records(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The rows of ``reader``; text that cannot be read as CSV is an :class:`InputError`."""
    try:
        yield from reader
    except UnicodeDecodeError:
        raise InputError("the CSV is not UTF-8 text; save it as UTF-8 (CSV UTF-8)", field="csv") from None
    except csv.Error as exc:
        raise InputError(f"the CSV cannot be read: {exc}", field="csv") from None


def _chunks(reader: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    records = (r for r in reader if r)  # a blank line holds no record
    while rows := list(itertools.islice(records, size)):
        yield rows


def _even_out(rows: list[list[str]], width: int) -> list[tuple[int, str]]:
    """Pad or cut rows to the header's width; report each one that did not fit."""
    if all(len(r) == width for r in rows):
        return []
    out = []
    for k, r in enumerate(rows):
        if len(r) != width:
            out.append((k, f"the row has {len(r)} fields but the header has {width}"))
            rows[k] = (r + [""] * width)[:width]
    return out


def _mark_error(res: Any, k: int, message: str) -> None:
    for a in (res.ng_per_ml, res.nmol_per_l, res.sds, res.centile, res.zlog, res.lower_ng_per_ml, res.upper_ng_per_ml):
        a[k] = math.nan
    res.zone_code[k] = -1
    res.censored[k] = 0
    res.lab[k] = False
    res.error_code[k] = _RAGGED
    res.error_field[k] = "csv"
    res.error_message[k] = message


def _cells(a: Any) -> list[Any]:
    """A column as CSV cells: floats in full precision, empty where nan or None."""
    if a.dtype.kind != "f":
        return list(a.tolist())
    import numpy as np  # noqa: PLC0415

    nan = np.flatnonzero(np.isnan(a))
    if nan.size == a.size:
        return [""] * a.size
    cells: list[Any] = a.tolist()
    for k in nan.tolist():
        cells[k] = ""
    return cells


def _same_file(src: TextIO, path: str) -> bool:
    """Whether ``path`` names the file ``src`` reads (also when ``src`` is stdin redirected from it)."""
    import os  # noqa: PLC0415

    try:
        return os.path.samestat(os.fstat(src.fileno()), os.stat(path))
    except (OSError, ValueError):  # no such output file yet, or a stream without a file descriptor
        return False


#: Input files at least this large get a progress bar (when stderr is a terminal).
PROGRESS_MIN_BYTES = 16 * 1024 * 1024


def run_cli(
    src_path: str,
    dst_path: str,
    *,
    columns: CsvColumns,
    reference: str | None,
    assay: str | None,
    delimiter: str,
    quiet: bool,
) -> int:
    """``igflab interpret --csv``: open the files, show progress, print the summary; exit code."""
    import io  # noqa: PLC0415
    import os  # noqa: PLC0415
    import sys  # noqa: PLC0415

    if len(delimiter) != 1:
        raise InputError(f"the delimiter must be one character, got {delimiter!r}", field="delimiter")
    ref_id = None
    if reference is not None or assay is not None:
        from .interpret import choose_reference  # noqa: PLC0415

        ref_id = choose_reference(reference, assay)[0].id
    opened: list[TextIO] = []
    partial: str | None = None  # an output file to remove unless the run completes
    try:
        if src_path == "-":
            buffer = getattr(sys.stdin, "buffer", None)
            src: TextIO = (
                io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="") if buffer is not None else sys.stdin
            )
            size = 0
        else:
            try:
                src = open(src_path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise InputError(f"cannot read {src_path}: {exc.strerror or exc}", field="csv") from None
            opened.append(src)
            size = os.fstat(src.fileno()).st_size
        if dst_path == "-":
            dst: TextIO = sys.stdout
        else:
            if _same_file(src, dst_path):  # opening it for writing would empty the input
                raise InputError(
                    f"the output {dst_path} is the input CSV; write the results to another file", field="output"
                )
            try:
                dst = open(dst_path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise InputError(f"cannot write {dst_path}: {exc.strerror or exc}", field="output") from None
            opened.append(dst)
            if stat.S_ISREG(os.fstat(dst.fileno()).st_mode):  # never a device such as /dev/null
                partial = dst_path
        bar = not quiet and size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()

        shown = [-1]

        def progress(rows: int) -> None:
            pct = min(100, 100 * os.lseek(src.fileno(), 0, os.SEEK_CUR) // size)
            if pct != shown[0]:  # at most one update per percent
                shown[0] = pct
                sys.stderr.write(f"\rigflab: {pct:3d}%  {rows:,} rows")
                sys.stderr.flush()

        try:
            summary = interpret_csv(
                src, dst, columns=columns, reference=ref_id, delimiter=delimiter, progress=progress if bar else None
            )
            dst.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # e.g. the disk is full
            where = "the output" if dst_path == "-" else dst_path
            raise InputError(f"cannot write {where}: {exc.strerror or exc}", field="output") from None
        finally:
            if bar:
                sys.stderr.write("\n")
        for f in opened:
            f.close()
        partial = None
    finally:
        for f in opened:
            with contextlib.suppress(OSError):
                f.close()
        if partial is not None:  # a run that stopped leaves no truncated results file behind
            with contextlib.suppress(OSError):
                os.remove(partial)
    if not quiet:
        sys.stderr.write(f"igflab: {summary.line()}\n")
    return 0
