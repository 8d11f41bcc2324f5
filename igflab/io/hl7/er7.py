"""The HL7 v2 message as text (ER7, the "pipe" encoding): the checks made before any parsing.

A message is refused here, with an :class:`~igflab.errors.InputError` naming the segment and field,
when it is too large, not text in the character set MSH-18 names, framed wrongly, when MSH is not
its first segment or its encoding characters (MSH-1, MSH-2) are unusable, when a segment name is not
one, or a segment holds a control character (binary data). What passes is split into segments, each
with its line number, for :mod:`igflab.io.hl7.lib` to parse.

Escape sequences (``\\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\Xhh\\ \\.br\\``) are decoded in the values igflab
reads and written in the text it writes (:func:`unescape`, :func:`escape`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from igflab.errors import InputError

from .codes import MAX_MESSAGE_CHARS, MAX_SEGMENTS

__all__ = ["STANDARD", "Encoding", "RawSegment", "decode", "escape", "reencode", "split_message", "unescape"]

_MLLP_START, _MLLP_END = "\x0b", "\x1c"
_SEGMENT_NAME = re.compile(r"[A-Z][A-Z0-9]{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: MSH-18 (table 0211) -> the Python codec; empty means the HL7 default, read here as UTF-8 (ASCII is a subset).
_CHARSETS = {
    "": "utf-8",
    "ASCII": "ascii",
    "UNICODE UTF-8": "utf-8",
    "UNICODE": "utf-8",
    "8859/1": "latin-1",
    "8859/15": "iso8859-15",
}


class Encoding(NamedTuple):
    """The message's delimiters: MSH-1 and the characters of MSH-2."""

    field: str
    component: str
    repetition: str
    escape: str
    subcomponent: str

    def as_hl7apy(self) -> dict[str, str]:
        """The encoding characters as the HL7 library takes them."""
        return {
            "FIELD": self.field,
            "COMPONENT": self.component,
            "REPETITION": self.repetition,
            "ESCAPE": self.escape,
            "SUBCOMPONENT": self.subcomponent,
            "GROUP": "\r",
            "SEGMENT": "\r",
        }


#: The standard delimiters ``|^~\\&``, which igflab writes.
STANDARD = Encoding("|", "^", "~", "\\", "&")


class RawSegment(NamedTuple):
    """One segment as text, with its name, its 1-based line in the message and its count among segments of its
    name (``OBX`` 2 is the second OBX)."""

    name: str
    text: str
    line: int
    nth: int

    @property
    def where(self) -> str:
        """How messages name it: ``OBX 2 (line 5)``."""
        return f"{self.name} {self.nth} (line {self.line})"


def decode(message: str | bytes) -> str:
    """The message as text: ``str`` as given, ``bytes`` decoded in the character set MSH-18 names."""
    if isinstance(message, str):
        text = message
    elif isinstance(message, (bytes, bytearray)):
        text = _decode_bytes(bytes(message))
    else:
        raise InputError(f"an HL7 message is text or bytes, got {type(message).__name__}", field="message")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(
            f"the message has {len(text):,} characters; igflab reads one person's ORU^R01 of up to "
            f"{MAX_MESSAGE_CHARS:,} characters (split a batch into its messages)",
            field="message",
        )
    return text


def _decode_bytes(data: bytes) -> str:
    if len(data) > MAX_MESSAGE_CHARS:  # refused before decoding (a character is at least one byte)
        raise InputError(
            f"the message has {len(data):,} bytes; igflab reads one person's ORU^R01 of up to "
            f"{MAX_MESSAGE_CHARS:,} characters (split a batch into its messages)",
            field="message",
        )
    head = data.lstrip(b"\x0b\xef\xbb\xbf \r\n\t")[:1024].decode("latin-1")
    if not head.startswith("MSH"):
        _encoding(head)  # the error that names MSH, before any decoding (binary data, another format)
    charset = _msh18(head)
    codec = _CHARSETS.get(charset.upper())
    if codec is None:
        known = ", ".join(repr(k) for k in _CHARSETS if k)
        raise InputError(
            f"MSH-18 names the character set {charset[:40]!r}, which igflab does not read ({known}, or empty for "
            "UTF-8); pass the message as text",
            field="MSH-18",
        )
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        named = charset or "none (read as UTF-8)"
        raise InputError(
            f"the message is not {codec} text as MSH-18 ({named}) says: byte {exc.start} is 0x{data[exc.start]:02x}",
            field="MSH-18",
        ) from None


def _msh18(head: str) -> str:
    """MSH-18 of the message's first line (the character set), or "" when it is absent."""
    line = re.split(r"[\r\n]", head, maxsplit=1)[0]
    if not line.startswith("MSH") or len(line) < 4:
        return ""
    fields = line[3:].split(line[3])
    # fields[0] is empty (before MSH-1's separator), fields[1] is MSH-2: MSH-n is fields[n - 1].
    return fields[17].split(fields[1][:1] or "^")[0].strip() if len(fields) > 17 else ""


def _encoding(first: str) -> Encoding:
    if len(first) < 8 or not first.startswith("MSH"):
        raise InputError(
            "the message does not start with an MSH segment (MSH|^~\\&|...); is it an HL7 v2 message?", field="MSH"
        )
    sep = first[3]
    if sep.isalnum() or sep.isspace():
        raise InputError(f"MSH-1, the field separator, is {sep!r}; HL7 uses '|'", field="MSH-1")
    chars = first[4:].split(sep, 1)[0]
    # Four characters (component, repetition, escape, subcomponent); 2.7 added a fifth (truncation).
    bad = len(chars) not in (4, 5) or len(set(chars + sep)) != len(chars) + 1
    if bad or any(c.isalnum() or c.isspace() for c in chars):
        raise InputError(
            f"MSH-2, the encoding characters, is {chars[:10]!r}: it must be four distinct symbols other than the field "
            "separator (normally ^~\\&)",
            field="MSH-2",
        )
    return Encoding(sep, chars[0], chars[1], chars[2], chars[3])


def split_message(text: str) -> tuple[Encoding, list[RawSegment]]:
    """The encoding characters and the segments of a message (MLLP framing and blank lines dropped)."""
    body = text.strip().removeprefix(_MLLP_START)
    body = body.split(_MLLP_END, 1)[0] if _MLLP_END in body else body
    lines = re.split(r"\r\n|\r|\n", body.strip())
    enc = _encoding(lines[0])
    counts: dict[str, int] = {}
    segments: list[RawSegment] = []
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        name = line[:3]
        if not _SEGMENT_NAME.fullmatch(name) or (len(line) > 3 and line[3] != enc.field):
            shown = line[:12] + ("..." if len(line) > 12 else "")
            raise InputError(f"line {i} ({shown!r}) is not an HL7 segment (a three-letter name, then |)", field=name)
        counts[name] = counts.get(name, 0) + 1
        seg = RawSegment(name, line.rstrip(), i, counts[name])
        bad = _CONTROL.search(line)
        if bad:
            raise InputError(
                f"{seg.where} holds the control character 0x{ord(bad.group()):02x} (binary data?); HL7 text has none",
                field=f"{name}-{line[: bad.start()].count(enc.field) + (name == 'MSH')}",  # MSH-1 is the separator
            )
        segments.append(seg)
        if len(segments) > MAX_SEGMENTS:
            raise InputError(
                f"the message has more than {MAX_SEGMENTS} segments; igflab reads one person's ORU^R01",
                field="message",
            )
    if counts.get("MSH", 0) > 1:
        raise InputError(
            "the message holds several MSH segments (a batch?); give igflab one message at a time", field="MSH"
        )
    return enc, segments


def unescape(value: str, enc: Encoding, field: str) -> str:
    r"""A value with its escape sequences decoded; an unknown or unterminated sequence is an error naming ``field``.

    >>> unescape("ng\\S\\mL \\T\\ \\E\\ \\X41\\", STANDARD, "OBX-6")
    'ng^mL & \\ A'
    """
    e = enc.escape
    if e not in value:
        return value
    out: list[str] = []
    i = 0
    while i < len(value):
        j = value.find(e, i)
        if j < 0:
            out.append(value[i:])
            break
        out.append(value[i:j])
        k = value.find(e, j + 1)
        if k < 0:
            raise InputError(f"{field} holds an unterminated escape sequence ({value[j : j + 12]!r})", field=field)
        out.append(_sequence(value[j + 1 : k], enc, field))
        i = k + 1
    return "".join(out)


def _sequence(code: str, enc: Encoding, field: str) -> str:
    simple = {"F": enc.field, "S": enc.component, "T": enc.subcomponent, "R": enc.repetition, "E": enc.escape}
    if code in simple:
        return simple[code]
    if code in ("H", "N"):  # start and end of highlighting: the text is kept
        return ""
    if code == ".br":
        return "\n"
    if code[:1] == "X" and len(code) > 1 and len(code) % 2 == 1:
        try:
            return bytes.fromhex(code[1:]).decode("utf-8")
        except ValueError:
            pass
    shown = code if len(code) <= 12 else code[:12] + "..."
    raise InputError(
        f"{field} holds the escape sequence {enc.escape}{shown}{enc.escape}, which igflab does not read "
        "(it reads \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\Xhh\\ \\H\\ \\N\\ \\.br\\)",
        field=field,
    )


def escape(text: str, enc: Encoding = STANDARD) -> str:
    r"""Text as an HL7 value: the delimiters written as escape sequences, line breaks as spaces.

    >>> escape("52-328 ng/mL | a^b & c \\ d ~")
    '52-328 ng/mL \\F\\ a\\S\\b \\T\\ c \\E\\ d \\R\\'
    """
    out = text.replace(enc.escape, f"{enc.escape}E{enc.escape}")
    for char, code in (
        (enc.field, "F"),
        (enc.component, "S"),
        (enc.subcomponent, "T"),
        (enc.repetition, "R"),
    ):
        out = out.replace(char, f"{enc.escape}{code}{enc.escape}")
    return " ".join(out.splitlines()) if ("\n" in out or "\r" in out) else out


def reencode(value: str, source: Encoding, field: str, enc: Encoding = STANDARD) -> str:
    """A field of a message with ``source`` delimiters, written with ``enc``'s: each leaf unescaped, then escaped.

    >>> reencode("DOE#JOHN", Encoding("|", "#", "~", "\\\\", "&"), "PID-5")
    'DOE^JOHN'
    """
    return enc.repetition.join(
        enc.component.join(
            enc.subcomponent.join(
                escape(unescape(leaf, source, field), enc) for leaf in comp.split(source.subcomponent)
            )
            for comp in rep.split(source.component)
        )
        for rep in value.split(source.repetition)
    )
