"""CSV in, CSV out: a cohort file interpreted in chunks with :func:`igflab.interpret_batch`.

The output keeps every input column, in the input order, and appends the result columns
(:data:`igflab.core.batch_result.COLUMNS`, warnings included); rows stay in their order
and none is dropped (blank lines, which hold no record, are skipped). The file is read
and written a chunk of rows at a time, so memory stays flat however large the file is.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TextIO

from igflab.errors import IgflabError, InputError
from igflab.science.zones import ZoneCode

__all__ = [
    "CsvColumns",
    "CsvSummary",
    "Layout",
    "analyte_layout",
    "cells",
    "check_choice",
    "interpret_csv",
    "interpret_records",
    "layout",
    "mark_error",
]

#: Rows read, interpreted and written at a time.
CSV_CHUNK_ROWS = 1 << 12

#: The ``analyte`` of a file whose rows hold IGF-1 and IGFBP-3 from one sample.
PANEL = "panel"


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Names of the input columns.

    ``None`` for an optional column means: use the column ``unit`` (``lab_low``,
    ``lab_high``) if the file has one. A column named explicitly must exist.
    """

    value: str = "value"
    unit: str | None = None
    age: str | None = "age"  # None: no age column (interpret_frame, with birth and collection dates)
    sex: str = "sex"
    lab_low: str | None = None
    lab_high: str | None = None
    igfbp3: str = "igfbp3"  # the panel's IGFBP-3 value column (read with analyte="panel")
    igfbp3_unit: str | None = None  # its unit column (default: igfbp3_unit, if the file has one)


@dataclass(slots=True)
class CsvSummary:
    """What a run did: rows written, error rows, and rows per zone."""

    rows: int = 0
    errors: int = 0
    zones: dict[str, int] = field(default_factory=lambda: {c.zone.value: 0 for c in ZoneCode})

    def add(self, res: Any) -> None:
        """Count a chunk's rows, errors and zones."""
        self.rows += len(res)
        self.errors += res.n_errors
        for zone, count in res.zone_counts().items():
            self.zones[zone] += count

    def line(self) -> str:
        """One line for the terminal, e.g. ``"1,000 rows, 2 errors; middle_third 420, ..."``."""
        zones = ", ".join(f"{k} {v:,}" for k, v in self.zones.items() if v)
        err = "1 error" if self.errors == 1 else f"{self.errors:,} errors"
        return f"{self.rows:,} rows, {err}" + (f"; {zones}" if zones else "")


def _find(header: list[str], wanted: str, what: str, *, required: bool, source: str = "csv") -> int | None:
    stripped = [h.strip() for h in header]
    if wanted in stripped:
        return stripped.index(wanted)
    if not required:
        return None
    shown = ", ".join(stripped[:12]) + (" ..." if len(stripped) > 12 else "")
    raise InputError(f"{_NAMES[source]} has no {what} column named {wanted!r} (columns: {shown})", field=source)


def _required(header: list[str], wanted: str, what: str, source: str) -> int:
    found = _find(header, wanted, what, required=True, source=source)
    assert found is not None
    return found


def _optional(header: list[str], name: str | None, default: str, what: str, source: str) -> int | None:
    """An optional column: required when named explicitly, used if present under its default name."""
    return _find(header, name if name is not None else default, what, required=name is not None, source=source)


def interpret_csv(
    src: TextIO,
    dst: TextIO,
    *,
    columns: CsvColumns | None = None,
    reference: str | None = None,
    assay: str | None = None,
    delimiter: str = ",",
    chunk_rows: int = CSV_CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
    analyte: str = "igf1",
) -> CsvSummary:
    """Interpret every row of the CSV ``src`` and write it, with the results, to ``dst``.

    ``columns`` names the value, unit, age, sex (and optional lab_low/lab_high) columns;
    a value column may carry its unit (``"150 ng/mL"``) when there is no unit column. An
    empty unit cell means "no unit given"; empty lab limits mean "no lab range". Rows
    with more or fewer fields than the header are error rows (``input_error``), padded
    with empty cells or cut to the header's width.
    ``progress`` is called after each chunk with the number of rows done.
    ``analyte`` (an analyte key, ``"igfbp3"``) says what the value column measures; the result
    columns are the same for every analyte (:data:`~igflab.core.batch_result.COLUMNS`);
    laboratory limits are read only for an analyte whose lab ranges igflab reads (IGF-1).
    With ``analyte="panel"`` each row holds IGF-1 (the value column) and IGFBP-3 from one
    sample (the ``igfbp3`` column, with ``igfbp3_unit`` if the file has one); the result
    columns are IGF-1's prefixed ``igf1_``, IGFBP-3's prefixed ``igfbp3_``, then
    ``molar_ratio``, ``both_low`` and ``discordant``
    (:func:`igflab.core.panel_batch.interpret_panel_batch`).
    """
    check_choice(analyte, reference, assay)  # an unknown reference or assay stops before any output
    rows_arg: Any = chunk_rows  # checked at run time: callers may pass anything
    if isinstance(rows_arg, bool) or not isinstance(rows_arg, int) or rows_arg < 1:
        raise InputError(
            f"chunk_rows must be a whole number of rows, 1 or more; got {chunk_rows!r}", field="chunk_rows"
        )
    reader = _records(csv.reader(lines_of(src), delimiter=delimiter))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the CSV is empty: it needs a header row", field="csv") from None
    names, chunks = interpret_records(
        header, reader, columns=columns, reference=reference, assay=assay, analyte=analyte, chunk_rows=chunk_rows
    )
    writer = csv.writer(dst, delimiter=delimiter, lineterminator="\n")
    writer.writerow(names)
    summary = CsvSummary()
    for incols, res in chunks:
        out = [cells(a) for a in res.columns().values()]
        writer.writerows(zip(*incols, *out, strict=True))
        summary.add(res)
        if progress is not None:
            progress(summary.rows)
    return summary


#: One chunk of :func:`interpret_records`: the input columns (each a tuple of cells) and the chunk's result.
Chunk = tuple[list[tuple[str, ...]], Any]


def interpret_records(
    header: list[str],
    records: Iterable[list[str]],
    *,
    columns: CsvColumns | None = None,
    reference: str | None = None,
    assay: str | None = None,
    analyte: str = "igf1",
    chunk_rows: int = CSV_CHUNK_ROWS,
    errors: Mapping[int, IgflabError] | None = None,
) -> tuple[list[str], Iterator[Chunk]]:
    """The rows of a table (``header``, then ``records``, lists of text cells) interpreted a chunk at a time.

    What concerns every row (an unknown analyte, reference or assay, a header igflab cannot read)
    is checked here, before anything is read from ``records``; the answer is the output's header
    (the input columns, then the result columns) and an iterator of chunks, in row order, one
    result per row (a blank record is skipped, as in :func:`interpret_csv`). ``errors`` maps a row
    index (0-based, blank records not counted) to an error that row gets instead of a result: a row
    the caller could not read (it is looked up once the chunk's records are read, so the caller may
    fill it while ``records`` is read).
    """
    results = check_choice(analyte, reference, assay)
    at, bp3 = analyte_layout(header, columns or CsvColumns(), results, analyte)
    return [*header, *results], _interpret_chunks(
        header, records, (at, bp3), analyte, (reference, assay), chunk_rows, {} if errors is None else errors
    )


def _interpret_chunks(
    header: list[str],
    records: Iterable[list[str]],
    where: tuple[Layout, tuple[int, int | None] | None],
    analyte: str,
    choice: tuple[str | None, str | None],
    chunk_rows: int,
    errors: Mapping[int, IgflabError],
) -> Iterator[Chunk]:
    done = 0
    for rows in _chunks(iter(records), chunk_rows):
        bad: list[tuple[int, IgflabError]] = [
            (k, InputError(message, field="csv")) for k, message in _even_out(rows, len(header))
        ]
        if errors:
            bad += [(k, errors[done + k]) for k in range(len(rows)) if done + k in errors]
        incols: list[tuple[str, ...]] = list(zip(*rows, strict=True))
        res = _interpret_chunk(incols, len(rows), where, analyte, *choice)
        for k, error in bad:
            mark_error(res, k, error)
        done += len(rows)
        yield incols, res


def _interpret_chunk(
    incols: list[Any], n: int, where: tuple[Layout, tuple[int, int | None] | None], analyte: str, *choice: str | None
) -> Any:
    """One chunk's input columns (``incols``, ``n`` rows) interpreted as ``analyte``: the batch result."""
    from igflab.core.batch import interpret_batch  # noqa: PLC0415 - numpy
    from igflab.core.panel_batch import interpret_panel_batch  # noqa: PLC0415

    at, bp3 = where
    reference, assay = choice
    units = _unit_cells(incols, at.unit)
    ages = [None] * n if at.age is None else incols[at.age]
    if bp3 is not None:
        both = (units, _unit_cells(incols, bp3[1]))
        return interpret_panel_batch(
            incols[at.value], incols[bp3[0]], ages, incols[at.sex], units=both, reference=reference, assay=assay
        )
    lab = None if at.lab_low is None or at.lab_high is None else (list(incols[at.lab_low]), list(incols[at.lab_high]))
    return interpret_batch(
        incols[at.value], units, ages, incols[at.sex], reference=reference, assay=assay, lab_ranges=lab, analyte=analyte
    )


def _unit_cells(incols: list[Any], i: int | None) -> list[str | None] | None:
    """A unit column's cells, an empty cell as "no unit given" (None); None without a unit column."""
    return None if i is None else [u if u else None for u in incols[i]]


def check_choice(analyte: str, reference: str | None, assay: str | None) -> tuple[str, ...]:
    """The result columns for ``analyte``; an unknown analyte, reference or assay is an error here."""
    from igflab.analytes import ANALYTES, IGF1, IGFBP3, spec_of  # noqa: PLC0415
    from igflab.core.batch_result import COLUMNS  # noqa: PLC0415
    from igflab.core.panel_batch import panel_columns  # noqa: PLC0415
    from igflab.science.references import choose_reference  # noqa: PLC0415

    if analyte == PANEL:
        for spec in (IGF1, IGFBP3):
            choose_reference(reference, assay, spec)
        return panel_columns()
    if analyte not in ANALYTES:
        known = ", ".join((*ANALYTES, PANEL))
        raise InputError(f"unknown analyte {analyte!r}; known: {known}", field="analyte")
    choose_reference(reference, assay, spec_of(analyte))
    return COLUMNS


class Layout(NamedTuple):
    """Where each input column is in the header."""

    value: int
    age: int | None
    sex: int
    unit: int | None
    lab_low: int | None
    lab_high: int | None


def layout(header: list[str], cols: CsvColumns, results: tuple[str, ...], source: str = "csv") -> Layout:
    """The input columns' places; a header igflab cannot read without guessing is an error.

    ``source`` is ``"csv"`` (a CSV or Parquet file) or ``"frame"`` (a DataFrame): the
    error's field, and what its message calls the input.
    """
    if header and header[0].startswith("\ufeff"):  # a byte-order mark, when src was not opened as utf-8-sig
        header[0] = header[0][1:]
    seen = [h.strip() for h in header]
    name = _NAMES[source]
    twice = sorted({h for h in seen if seen.count(h) > 1})
    if twice:
        raise InputError(f"{name} has more than one column named {', '.join(map(repr, twice))}", field=source)
    at = Layout(
        _required(header, cols.value, "value", source),
        None if cols.age is None else _required(header, cols.age, "age", source),
        _required(header, cols.sex, "sex", source),
        _optional(header, cols.unit, "unit", "unit", source),
        _optional(header, cols.lab_low, "lab_low", "lab_low", source),
        _optional(header, cols.lab_high, "lab_high", "lab_high", source),
    )
    if (at.lab_low is None) != (at.lab_high is None):
        raise InputError("give both lab_low and lab_high columns, or neither", field=source)
    clash = sorted(set(results) & set(seen))
    if clash:
        raise InputError(
            f"{name} already has result column(s) {', '.join(clash)}; rename them before interpreting",
            field=source,
        )
    return at


#: What an error message calls the input, by the error's field.
_NAMES = {"csv": "the CSV", "frame": "the frame"}


#: The longest line the CSV reader accepts (a file without line breaks, such as /dev/zero, is refused).
MAX_LINE_CHARS = 1 << 20


def lines_of(src: TextIO) -> Iterator[str]:
    """The lines of ``src``, each at most :data:`MAX_LINE_CHARS` long, so memory stays bounded."""
    while line := src.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"the CSV has a line longer than {MAX_LINE_CHARS:,} characters; is it a CSV file?", field="csv"
            )
        yield line


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


def analyte_layout(
    header: list[str], cols: CsvColumns, results: tuple[str, ...], analyte: str, source: str = "csv"
) -> tuple[Layout, tuple[int, int | None] | None]:
    """:func:`layout` for ``analyte``; for the panel, also where its IGFBP-3 value and unit columns are.

    Laboratory limits are IGF-1's alone: columns ``lab_low``/``lab_high`` are refused for
    IGFBP-3 and the panel, never left unread.
    """
    from igflab.analytes import spec_of  # noqa: PLC0415

    at = layout(header, cols, results, source)
    panel = analyte == PANEL
    if at.lab_low is not None and (panel or not spec_of(analyte).lab_range):
        what = "the panel" if panel else spec_of(analyte).words
        raise InputError(f"lab_low and lab_high are read for IGF-1 alone; remove them for {what}", field=source)
    if not panel:
        return at, None
    igfbp3 = _required(header, cols.igfbp3, "IGFBP-3", source)
    return at, (igfbp3, _optional(header, cols.igfbp3_unit, "igfbp3_unit", "IGFBP-3 unit", source))


def mark_error(res: Any, k: int, error: IgflabError) -> None:
    """Row ``k`` of a chunk's result becomes an error row (in each result of a panel)."""
    if hasattr(res, "igfbp3"):  # a PanelBatch: both results, and the pair says nothing
        res.igf1.fail(k, error)
        res.igfbp3.fail(k, error)
        res.forget(k)
    else:
        res.fail(k, error)


def cells(a: Any) -> list[Any]:
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
