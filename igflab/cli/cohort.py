"""``igflab interpret --csv``: open the files, show progress, write the results, print the summary."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from typing import TextIO

from igflab.errors import InputError
from igflab.io.csv import CsvColumns, interpret_csv
from igflab.science.references import choose_reference

__all__ = ["PROGRESS_MIN_BYTES", "run_csv"]


def _same_file(src: TextIO, path: str) -> bool:
    """Whether ``path`` names the file ``src`` reads (also when ``src`` is stdin redirected from it)."""
    try:
        return os.path.samestat(os.fstat(src.fileno()), os.stat(path))
    except (OSError, ValueError):  # no such output file yet, or a stream without a file descriptor
        return False


#: Input files at least this large get a progress bar (when stderr is a terminal).
PROGRESS_MIN_BYTES = 16 * 1024 * 1024


def run_csv(
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
    if len(delimiter) != 1:
        raise InputError(f"the delimiter must be one character, got {delimiter!r}", field="delimiter")
    choose_reference(reference, assay)  # an unknown reference or assay: before any file is touched
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
                src,
                dst,
                columns=columns,
                reference=reference,
                assay=assay,
                delimiter=delimiter,
                progress=progress if bar else None,
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
