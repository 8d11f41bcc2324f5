"""The HL7 library igflab uses (hl7apy, the optional extra ``igflab[hl7]``), imported on first use.

Everything igflab asks of it goes through here: parsing each segment igflab reads by its version's
definition (a segment the version does not define is refused, naming it), and the classes the
writer builds a message with. The values igflab reads are taken from the segment's own text.
A fault of the library on a hostile segment becomes an :class:`~igflab.errors.InputError` naming the
segment; the library is never let to raise anything else.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any, NamedTuple

from igflab.errors import IgflabError, InputError

from .er7 import Encoding, RawSegment, unescape

__all__ = ["INSTALL_HINT", "Hl7apy", "Segment", "hl7apy", "parse"]

#: The message of the error raised when hl7apy is missing.
INSTALL_HINT = "HL7 v2 needs hl7apy, an optional dependency: pip install 'igflab[hl7]'"


class Hl7apy(NamedTuple):
    """The parts of hl7apy igflab uses."""

    parser: ModuleType
    core: ModuleType
    consts: ModuleType
    exceptions: ModuleType


@functools.cache
def hl7apy() -> Hl7apy:
    """hl7apy's modules, imported once; an :class:`~igflab.errors.IgflabError` naming the extra when it is missing."""
    try:
        import hl7apy.consts  # noqa: PLC0415 - optional extra, imported when HL7 is first read or written
        import hl7apy.core  # noqa: PLC0415
        import hl7apy.exceptions  # noqa: PLC0415
        import hl7apy.parser  # noqa: PLC0415
    except ImportError:
        raise IgflabError(INSTALL_HINT, field="hl7") from None
    return Hl7apy(hl7apy.parser, hl7apy.core, hl7apy.consts, hl7apy.exceptions)


class Segment:
    """One parsed segment: the text of its fields, each value unescaped, errors naming ``NAME-n``."""

    def __init__(self, raw: RawSegment, parsed: Any, enc: Encoding) -> None:
        self.raw, self._parsed, self._enc = raw, parsed, enc

    @property
    def name(self) -> str:
        return self.raw.name

    @property
    def where(self) -> str:
        return self.raw.where

    @property
    def enc(self) -> Encoding:
        return self._enc

    def raw_field(self, n: int) -> str:
        """Field ``n`` exactly as the message writes it (its delimiters and escapes), "" when absent."""
        fields = self.raw.text.split(self._enc.field)
        return fields[n] if 0 < n < len(fields) else ""

    def repetitions(self, n: int) -> list[str]:
        """The repetitions of field ``n`` as the message writes them (escapes kept), empty ones dropped.

        The text is the segment's own, not the library's rendering of it: hl7apy writes a parsed value back with
        its escape character escaped again (``\\X41\\`` came back as ``\\E\\X41\\E\\``)."""
        return [t for t in self.raw_field(n).split(self._enc.repetition) if t.strip()]

    def field(self, n: int) -> str | None:
        """Field ``n`` as ER7 text (escapes kept), or None when empty; a repeated field is an error."""
        reps = self.repetitions(n)
        if len(reps) > 1:
            raise InputError(
                f"{self.where}: {self.name}-{n} is repeated ({len(reps)} times); igflab reads one value there",
                field=f"{self.name}-{n}",
            )
        return reps[0] if reps else None

    def components(self, n: int, text: str | None = None) -> list[str]:
        """The components of field ``n`` (or of one of its repetitions, ``text``), each unescaped.

        A subcomponent separator in a component igflab reads is kept as text (no value igflab reads has any)."""
        value = self.field(n) if text is None else text
        if value is None:
            return []
        where = f"{self.name}-{n}"
        return [unescape(c, self._enc, where).strip() for c in value.split(self._enc.component)]

    def text(self, n: int) -> str | None:
        """The first component of field ``n``, unescaped, or None when empty."""
        comps = self.components(n)
        return comps[0] if comps and comps[0] else None


#: Versions the library has no definitions of, read with those of the release they amend (2.7.1 changed no
#: field igflab reads).
_AS_VERSION = {"2.7.1": "2.7"}


def parse(raw: RawSegment, version: str, enc: Encoding) -> Segment:
    """``raw`` parsed by the HL7 library with the definition of ``version`` (tolerant: what igflab reads is checked
    by igflab, each with its own message)."""
    lib = hl7apy()
    try:
        parsed = lib.parser.parse_segment(
            raw.text,
            version=_AS_VERSION.get(version, version),
            encoding_chars=enc.as_hl7apy(),
            validation_level=lib.consts.VALIDATION_LEVEL.TOLERANT,
        )
    except Exception as exc:  # noqa: BLE001 - any fault of the library on a hostile segment: one clear error
        why = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(f"{raw.where} cannot be parsed as HL7 {version}: {why}", field=raw.name) from None
    return Segment(raw, parsed, enc)
