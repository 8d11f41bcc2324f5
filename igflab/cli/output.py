"""What the command line writes and reads, and the faults of its environment.

Bad input is exit code 2 (:mod:`igflab.cli`); a fault of the environment (output that
cannot be written, standard input closed, a terminal that cannot show a character) is
exit code 1 with one plain line naming it, never a traceback or "internal error".
"""

from __future__ import annotations

import errno
import os
import sys
import unicodedata

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["Fault", "UsageError", "fault_of", "one_line", "read_input", "read_stdin", "write", "write_err"]


class Fault(Exception):
    """A fault of the environment, not of the input: exit code 1 and one line."""


class UsageError(Exception):
    """An argparse error, or options that do not go together: one line and exit code 2."""


def one_line(text: str) -> str:
    """``text`` on one line (the command line writes each message as one line)."""
    return " ".join(str(text).split())


# ASCII stand-ins for the characters igflab writes, for terminals that cannot show them.
_ASCII = str.maketrans(
    {
        "µ": "u",
        "μ": "u",
        "–": "-",
        "—": "-",
        "−": "-",
        "≥": ">=",
        "≤": "<=",
        "±": "+/-",
        "×": "x",
        "·": ".",
        "…": "...",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "²": "2",
        "³": "3",
        "↔": "<->",
        "→": "->",
        "★": "*",
    }
)


def encodable(text: str, encoding: str | None) -> str:
    """``text`` as the stream's encoding can write it: unchanged, or with ASCII stand-ins.

    >>> encodable("150 µg/L, 52–328", "ascii")
    '150 ug/L, 52-328'
    """
    enc = encoding or "utf-8"
    try:
        text.encode(enc)
    except (UnicodeEncodeError, LookupError):
        plain = unicodedata.normalize("NFKD", text.translate(_ASCII))
        return plain.encode(enc if _known(enc) else "ascii", errors="replace").decode(enc if _known(enc) else "ascii")
    return text


def _known(encoding: str) -> bool:
    try:
        "".encode(encoding)
    except LookupError:
        return False
    return True


_NAMES = {"stdout": "standard output", "stdin": "standard input"}


def _stream(name: str) -> TextIO:
    stream: TextIO | None = getattr(sys, name)
    if stream is None:  # the process started with that file descriptor closed
        raise Fault(f"{_NAMES[name]} is closed")
    return stream


def write(text: str) -> None:
    """Write ``text`` to standard output (faults of the output become a :class:`Fault`)."""
    out = _stream("stdout")
    try:
        out.write(encodable(text, out.encoding))
        out.flush()
    except OSError as exc:
        silence_stdout()
        raise fault_of(exc, "standard output") from None


def write_err(text: str) -> None:
    """Write ``text`` to standard error, if it can be written at all."""
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(encodable(text, err.encoding))
        err.flush()
    except OSError:
        pass


def read_stdin() -> str:
    """All of standard input, as text (a byte-order mark dropped)."""
    src = _stream("stdin")
    try:
        return src.read().removeprefix("\ufeff")
    except OSError as exc:
        raise fault_of(exc, "standard input") from None
    except UnicodeDecodeError:
        from igflab.errors import InputError

        raise InputError("standard input is not UTF-8 text", field="input") from None


def read_input(path: str, name: str) -> str:
    """The text of the file ``path`` (``-``: standard input); a file that cannot be read is an input error."""
    from pathlib import Path

    from igflab.errors import InputError

    if path == "-":
        return read_stdin()
    try:
        return Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark, as Windows editors write, is dropped
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}", field=name) from None


_WHAT = {
    errno.ENOSPC: "the disk is full",
    errno.EBADF: "it is closed",
    errno.EPIPE: "the reader has gone",
    errno.EACCES: "permission denied",
    errno.EROFS: "the file system is read-only",
}


def fault_of(exc: OSError, where: str) -> Fault:
    """The :class:`Fault` of an OS error while reading or writing ``where``."""
    why = _WHAT.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return Fault(f"cannot {'read' if 'input' in where else 'write'} {where}: {why}")


def silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush cannot fail again."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
