"""``igflab interpret --csv``: open the files, show progress, write the results, print the summary.

With pyarrow installed (``igflab[cohort]``) a file is read and written by pyarrow's streaming
CSV and Parquet readers and writers (:mod:`igflab.io.tabular`); without it, and for standard
input, by the ``csv`` module (:mod:`igflab.io.csv`). Both give the same CSV, byte for byte.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from typing import BinaryIO, TextIO

from igflab.errors import InputError
from igflab.io.csv import PANEL, CsvColumns, CsvSummary, check_choice, interpret_csv

from .output import Fault, fault_of, write_err

__all__ = ["PROGRESS_MIN_BYTES", "Progress", "run_csv"]


def _same_file(src: TextIO, path: str) -> bool:
    """Whether ``path`` names the file ``src`` reads (also when ``src`` is stdin redirected from it)."""
    try:
        return os.path.samestat(os.fstat(src.fileno()), os.stat(path))
    except (OSError, ValueError):  # no such output file yet, or a stream without a file descriptor
        return False


#: Input files at least this large get a progress bar (when stderr is a terminal).
PROGRESS_MIN_BYTES = 16 * 1024 * 1024


def _source(src_path: str) -> tuple[TextIO, int, bool]:
    """The CSV to read, its size in bytes (0 for a pipe) and whether this command opened it."""
    if src_path == "-":
        if sys.stdin is None:
            raise Fault("standard input is closed")
        buffer = getattr(sys.stdin, "buffer", None)  # read as UTF-8 whatever the locale says
        return (io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="") if buffer else sys.stdin), 0, False
    try:
        src = open(src_path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by run_csv
    except OSError as exc:
        raise InputError(f"cannot read {src_path}: {exc.strerror or exc}", field="csv") from None
    return src, os.fstat(src.fileno()).st_size, True


class _Output:
    """Where the results go. A regular file is written under a temporary name beside it and
    renamed over it only when the run has completed, so a failed run leaves any existing file as
    it was and no truncated results behind."""

    def __init__(self, path: str, src: TextIO) -> None:
        self.path, self.temp = path, None
        self.wrapper: io.TextIOWrapper | None = None
        if path == "-":
            if sys.stdout is None:
                raise Fault("standard output is closed")
            self.stream: BinaryIO = getattr(sys.stdout, "buffer", None) or _Encoded(sys.stdout)  # type: ignore[assignment]
            return
        if _same_file(src, path):  # writing it would empty the input
            raise InputError(f"the output {path} is the input CSV; write the results to another file", field="output")
        regular = not os.path.exists(path) or stat.S_ISREG(os.stat(path).st_mode)  # never replace a device
        try:
            if regular:
                folder = os.path.dirname(os.path.abspath(path))
                fd, self.temp = tempfile.mkstemp(prefix=".igflab-", suffix=".csv.part", dir=folder)
                os.chmod(self.temp, _mode(path))
                self.stream = open(fd, "wb")  # noqa: SIM115 - closed in finish()
            else:
                self.stream = open(path, "wb")  # noqa: SIM115 - closed in finish()
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}", field="output") from None

    def restart(self) -> None:
        """Empty the results written so far (a file), to write them again by another path."""
        if self.path == "-" or self.temp is None:
            raise Fault("cannot rewrite the output")
        self.stream.seek(0)
        self.stream.truncate()

    def text(self) -> TextIO:
        """The stream as UTF-8 text (for the csv module); detached again by :meth:`finish`."""
        if self.path == "-":
            return sys.stdout
        self.wrapper = io.TextIOWrapper(self.stream, encoding="utf-8", newline="", write_through=True)
        return self.wrapper

    def flush(self) -> None:
        """Write out what the text layer and the byte stream hold."""
        if self.wrapper is not None:
            self.wrapper.flush()
        if self.path == "-":
            sys.stdout.flush()
        self.stream.flush()

    def finish(self, ok: bool) -> None:
        """Close; on success put the results in place, else remove them."""
        if self.wrapper is not None:
            with contextlib.suppress(OSError, ValueError):
                self.wrapper.flush()
                self.wrapper.detach()
        if self.path != "-":
            with contextlib.suppress(OSError):
                self.stream.close()
        if self.temp is None:
            return
        if ok:
            os.replace(self.temp, self.path)
        else:
            with contextlib.suppress(OSError):
                os.remove(self.temp)


def _mode(path: str) -> int:
    """The permissions the results file gets: the existing file's, else those a new file gets."""
    if os.path.exists(path):
        return stat.S_IMODE(os.stat(path).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class Progress:
    """A progress line on a terminal: percent, rows, rows per second and the time left.

    Called with the rows done and the fraction of the input read; redrawn at most twice
    a second, and once more, with a line break, when the input is all read.
    """

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = self.start - 1.0  # the first call draws the line
        self.finished = False

    def __call__(self, rows: int, fraction: float) -> None:
        now = time.monotonic()
        if self.finished or (now - self.shown < 0.5 and fraction < 1.0):
            return
        self.finished = fraction >= 1.0
        self.shown = now
        elapsed = max(now - self.start, 1e-9)
        rate = rows / elapsed
        left = elapsed * (1.0 - fraction) / fraction if fraction > 0 else 0.0
        eta = f"{int(left) // 60}:{int(left) % 60:02d}"
        end = "\n" if fraction >= 1.0 else ""
        write_err(f"\rigflab: {100 * fraction:3.0f}%  {rows:,} rows  {rate:,.0f} rows/s  ETA {eta} {end}")


def _progress(size: int, quiet: bool) -> Progress | None:
    """A progress line for large files when stderr is a terminal, or None."""
    err = sys.stderr
    if quiet or size < PROGRESS_MIN_BYTES or err is None or not err.isatty():
        return None
    return Progress()


class _Encoded:
    """A text stream (a replaced sys.stdout without a buffer) written as UTF-8 bytes."""

    def __init__(self, text: TextIO) -> None:
        self.text = text

    def write(self, data: bytes | memoryview) -> int:
        return self.text.write(bytes(data).decode("utf-8"))

    def flush(self) -> None:
        self.text.flush()


def _arrow() -> bool:
    """Whether pyarrow is installed (the Arrow path)."""
    try:
        import pyarrow  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


def run_csv(
    src_path: str,
    dst_path: str,
    *,
    columns: CsvColumns,
    reference: str | None,
    assay: str | None,
    delimiter: str,
    quiet: bool,
    fmt: str | None = None,
    analyte: str = "igf1",
) -> int:
    """``igflab interpret --csv``: open the files, show progress, print the summary; exit code.

    ``fmt`` is the output's format (``"csv"`` or ``"parquet"``; default: ``.parquet`` or
    ``.pq`` at the end of the output's name means Parquet). A Parquet input is recognised
    by its name or its first bytes.
    """
    if len(delimiter) != 1:
        raise InputError(f"the delimiter must be one character, got {delimiter!r}", field="delimiter")
    check_choice(analyte, reference, assay)  # an unknown reference or assay: before any file is touched
    parquet_out = fmt == "parquet" or (fmt is None and dst_path.lower().endswith((".parquet", ".pq")))
    src, size, opened = _source(src_path)
    ok = False
    try:
        out = _Output(dst_path, src)
        try:
            summary = _run(src, src_path, out, size, parquet_out, columns, reference, assay, delimiter, quiet, analyte)
            out.flush()
            ok = True
        except BrokenPipeError:
            raise
        except OSError as exc:  # e.g. the disk is full
            raise fault_of(exc, "standard output" if dst_path == "-" else dst_path) from None
        finally:
            out.finish(ok)
    finally:
        if opened:
            with contextlib.suppress(OSError):
                src.close()
    if not quiet:
        write_err(f"igflab: {summary.line()}\n")
    return 0


def _run(
    src: TextIO,
    src_path: str,
    out: _Output,
    size: int,
    parquet_out: bool,
    columns: CsvColumns,
    reference: str | None,
    assay: str | None,
    delimiter: str,
    quiet: bool,
    analyte: str,
) -> CsvSummary:
    """The Arrow path for a file (when pyarrow is installed), else the csv module's."""
    regular = src_path != "-" and os.path.isfile(src_path)
    arrow = regular and _arrow()
    parquet_in = arrow and _is_parquet(src_path)
    panel = analyte == PANEL
    if panel and (parquet_in or parquet_out):
        raise InputError("Parquet files are read and written for one analyte a row; use CSV for the panel", field="csv")
    arrow = arrow and not panel  # the Arrow path interprets one analyte a row
    if arrow and not parquet_in and not delimiter.isascii():  # pyarrow's CSV reader takes ASCII delimiters only
        if parquet_out:
            raise InputError(
                f"Parquet output reads the CSV with pyarrow, whose delimiter must be an ASCII character, "
                f"got {delimiter!r}",
                field="delimiter",
            )
        arrow = False
    if parquet_out and not arrow:
        raise InputError(
            "Parquet output needs pyarrow (pip install 'igflab[cohort]') and an input file (not -)", field="output"
        )
    progress = _progress(size, quiet)
    if arrow and (parquet_out or parquet_in or out.temp is not None):
        import pyarrow as pa

        from igflab.io.tabular import RaggedRows, interpret_table_file

        # Memory: the system allocator hands each batch's memory back; Arrow's default pool
        # (jemalloc) keeps it, about 70 MiB more at the peak of a large file (benchmarks/cohort.py).
        pa.set_memory_pool(pa.system_memory_pool())

        try:
            return interpret_table_file(
                src_path,
                out.stream,
                parquet_in=parquet_in,
                parquet_out=parquet_out,
                columns=columns,
                reference=reference,
                assay=assay,
                delimiter=delimiter,
                progress=progress,
                analyte=analyte,
            )
        except RaggedRows:
            if parquet_out:
                raise InputError(
                    "the CSV has rows with more or fewer fields than its header; write CSV output, "
                    "which marks each such row as an error, or correct the file",
                    field="csv",
                ) from None
            out.restart()  # the csv module gives each such row its error
            progress = _progress(size, quiet)
    return interpret_csv(
        src,
        out.text(),
        columns=columns,
        reference=reference,
        assay=assay,
        delimiter=delimiter,
        progress=None if progress is None else _by_bytes(progress, src, size),
        analyte=analyte,
    )


def _is_parquet(path: str) -> bool:
    from igflab.io.tabular import is_parquet

    return is_parquet(path)


def _by_bytes(progress: Progress, src: TextIO, size: int) -> Callable[[int], None]:
    """The progress of the csv module's path: the fraction of the file read so far."""

    def update(rows: int) -> None:
        progress(rows, min(1.0, os.lseek(src.fileno(), 0, os.SEEK_CUR) / size))

    return update
