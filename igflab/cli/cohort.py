"""``igflab interpret --csv``: open the files, show progress, write the results, print the summary."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from typing import Literal, TextIO

from igflab.errors import InputError
from igflab.io.csv import CsvColumns, check_choice, interpret_csv

from .output import Fault, fault_of, write_err

__all__ = ["PROGRESS_MIN_BYTES", "run_csv"]


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
        if path == "-":
            if sys.stdout is None:
                raise Fault("standard output is closed")
            self.stream: TextIO = sys.stdout
            return
        if _same_file(src, path):  # writing it would empty the input
            raise InputError(f"the output {path} is the input CSV; write the results to another file", field="output")
        regular = not os.path.exists(path) or stat.S_ISREG(os.stat(path).st_mode)  # never replace a device
        try:
            if regular:
                folder = os.path.dirname(os.path.abspath(path))
                fd, self.temp = tempfile.mkstemp(prefix=".igflab-", suffix=".csv.part", dir=folder)
                os.chmod(self.temp, _mode(path))
                self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in finish()
            else:
                self.stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in finish()
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}", field="output") from None

    def finish(self, ok: bool) -> None:
        """Close; on success put the results in place, else remove them."""
        if self.stream is not sys.stdout:
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


def _progress(src: TextIO, size: int, quiet: bool) -> Callable[[int], None] | None:
    """A progress line on a terminal for large files (rows, percent), or None."""
    err = sys.stderr
    if quiet or size < PROGRESS_MIN_BYTES or err is None or not err.isatty():
        return None
    shown = [-1]

    def progress(rows: int) -> None:
        pct = min(100, 100 * os.lseek(src.fileno(), 0, os.SEEK_CUR) // size)
        if pct != shown[0]:  # at most one update per percent
            shown[0] = pct
            write_err(f"\rigflab: {pct:3d}%  {rows:,} rows" + ("\n" if pct == 100 else ""))

    return progress


def run_csv(
    src_path: str,
    dst_path: str,
    *,
    columns: CsvColumns,
    reference: str | None,
    assay: str | None,
    delimiter: str,
    quiet: bool,
    analyte: Literal["igf1", "igfbp3"] = "igf1",
) -> int:
    """``igflab interpret --csv``: open the files, show progress, print the summary; exit code."""
    if len(delimiter) != 1:
        raise InputError(f"the delimiter must be one character, got {delimiter!r}", field="delimiter")
    check_choice(analyte, reference, assay)  # an unknown reference or assay: before any file is touched
    src, size, opened = _source(src_path)
    ok = False
    try:
        out = _Output(dst_path, src)
        try:
            summary = interpret_csv(
                src,
                out.stream,
                columns=columns,
                reference=reference,
                assay=assay,
                delimiter=delimiter,
                progress=_progress(src, size, quiet),
                analyte=analyte,
            )
            out.stream.flush()
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
