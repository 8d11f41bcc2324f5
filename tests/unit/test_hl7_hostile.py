"""Hostile HL7 v2 messages: each gets an IgflabError whose field names the segment and field, never a traceback;
and a mutated message (hypothesis) never raises anything but an IgflabError."""

from __future__ import annotations

import inspect
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.io.hl7.codes import MAX_MESSAGE_CHARS, MAX_SEGMENTS
from tests.hl7_messages import low_adult, message, msh, obr, obx, pid

hl7apy_parser = pytest.importorskip("hl7apy.parser")

GOOD = low_adult()

HOSTILE = {
    # the header and its encoding characters
    "no MSH": ("PID|1||1||A^B||19810302|M\rOBX|1|NM|2484-4^IGF-1^LN||60|ng/mL|||||F", "MSH"),
    "field separator a letter": (GOOD.replace("MSH|^~\\&|", "MSHA^~\\&A", 1), "MSH-1"),
    "three encoding characters": (GOOD.replace("MSH|^~\\&|", "MSH|^~\\|", 1), "MSH-2"),
    "encoding characters repeated": (GOOD.replace("MSH|^~\\&|", "MSH|^^\\&|", 1), "MSH-2"),
    "encoding characters letters": (GOOD.replace("MSH|^~\\&|", "MSH|abcd|", 1), "MSH-2"),
    "not a result message": (GOOD.replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01"), "MSH-9"),
    "version 2.2": (GOOD.replace("|P|2.5.1", "|P|2.2"), "MSH-12"),
    "version 3": (GOOD.replace("|P|2.5.1", "|P|3.0"), "MSH-12"),
    "two MSH": (GOOD + msh() + "\r", "MSH"),
    # missing and repeated segments and fields
    "no OBX": (message(pid(), obr()), "OBX"),
    "no PID": (message(obr(), obx()), "PID"),
    "two PID": (message(pid(), pid("19900101", "F"), obr(), obx()), "PID"),
    "PID after OBR": (message(obr(), pid(), obx()), "PID"),
    "birth date repeated": (message(pid("19810302~19800101"), obr(), obx()), "PID-7"),
    "value repeated": (low_adult(value="60~70"), "OBX-5"),
    "two IGF-1 of one date": (message(pid(), obr(), obx(1), obx(2, "70")), "OBX-3"),
    "not a segment": (GOOD + "hello world\r", "hel"),
    # fields igflab cannot read
    "birth date of the normative example": (message(pid("196203520", "F"), obr(), obx()), "PID-7"),
    "birth date with no day": (message(pid("1981"), obr(), obx()), "PID-7"),
    "collection date not of the calendar": (message(pid(), obr(when="20261345"), obx()), "OBR-7"),
    "no date at all": (message(pid(), obr(when=""), obx()), "OBR-7"),
    "sex not of table 0001": (message(pid(sex="Q"), obr(), obx()), "PID-8"),
    "value type coded": (low_adult(kind="CE"), "OBX-2"),
    "value a word": (low_adult(value="sixty"), "OBX-5"),
    "value a range": (low_adult(kind="SN", value="10^-^20"), "OBX-5"),
    "no value": (low_adult(value=""), "OBX-5"),
    "no unit": (low_adult(unit=""), "OBX-6"),
    "status not of table 0085": (low_adult(status="Q"), "OBX-11"),
    "reversed laboratory range": (low_adult(range_="328-52"), "OBX-7"),
    "no IGF-1 at all": (message(pid(), obr(), "OBX|1|SN|1554-5^GLUCOSE^LN||^182|mg/dl|70_105|H|||F"), "OBX-3"),
    # escape sequences
    "escaped component in the value": (low_adult(value="\\S\\60"), "OBX-5"),
    "escaped field separator in the unit": (low_adult(unit="ng\\F\\mL"), "OBX-6"),
    "unknown escape": (low_adult(unit="\\Zlocal\\ng/mL"), "OBX-6"),
    "unterminated escape": (low_adult(unit="ng/mL\\S"), "OBX-6"),
    "bad hexadecimal escape": (low_adult(unit="\\XZZ\\"), "OBX-6"),
    "escaped date": (message(pid("\\T\\19810302"), obr(), obx()), "PID-7"),
    # non-ASCII
    "full-width digits": (low_adult(value="\uff16\uff10"), "OBX-5"),
    "Cyrillic sex": (message(pid(sex="\u0416"), obr(), obx()), "PID-8"),
    "Cyrillic unit": (low_adult(unit="\u043d\u0433/\u043c\u043b"), "OBX-6"),
    # binary and size
    "NUL inside OBX-5": (low_adult(value="6\x000"), "OBX-5"),
    "too many segments": (GOOD + "NTE|1||x\r" * MAX_SEGMENTS, "message"),
    "a 1 MB message": (GOOD + "NTE|1||" + "x" * 1_000_000 + "\r", "message"),
}


@pytest.mark.parametrize(("name"), HOSTILE)
def test_hostile_message_names_segment_and_field(name: str) -> None:
    text, field = HOSTILE[name]
    with pytest.raises(igflab.IgflabError) as err:
        igflab.from_hl7(text)
    assert err.value.field == field, str(err.value)
    segment = field.split("-")[0]
    assert segment in str(err.value) or segment == "message" or field == "hel", str(err.value)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"\x00\xff\xfe\x89PNG\r\n\x1a\n" + bytes(range(256)), "MSH"),
        (("\r".join([msh(), pid(), obr(), obx(unit="µg/L")])).encode("latin-1"), "MSH-18"),  # no MSH-18: UTF-8
        (("\r".join([msh(charset="UNICODE UTF-8"), pid("1981030\xe9")])).encode("latin-1"), "MSH-18"),
        (("\r".join([msh(charset="KOI8-R"), pid(), obr(), obx()])).encode("ascii"), "MSH-18"),
        (b"MSH|^~\\&|" + b"x" * (MAX_MESSAGE_CHARS + 1), "message"),
    ],
)
def test_hostile_bytes(data: bytes, field: str) -> None:
    with pytest.raises(igflab.IgflabError) as err:
        igflab.from_hl7(data)
    assert err.value.field == field, str(err.value)


def test_not_text_at_all() -> None:
    with pytest.raises(igflab.InputError) as err:
        igflab.from_hl7(12345)  # type: ignore[arg-type]
    assert err.value.field == "message"


def _library_samples() -> list[str]:
    """The HL7 messages the installed hl7apy ships (examples in its documentation strings): an ADT^A01 and an
    OML^O33. hl7apy ships no ORU^R01 sample."""
    import hl7apy.exceptions
    import hl7apy.parser

    found = []
    for obj in (hl7apy.parser.parse_message, hl7apy.exceptions.ValidationError):
        source = inspect.getsource(obj)
        for m in re.finditer(r"(?:message|msh) = (\"|')MSH.*?\n(?:\s*\"[^\n]*\n)*", source):
            chunks = re.findall(r"[\"']([^\"']*)[\"']", m.group(0))
            found.append("".join(chunks).encode().decode("unicode_escape"))
    return found


def test_the_library_sample_messages_are_refused_as_not_results() -> None:
    samples = _library_samples()
    assert len(samples) == 2
    for text in samples:
        assert hl7apy_parser.parse_message(text).name in ("ADT_A01", "OML_O33")
        with pytest.raises(igflab.InputError) as err:
            igflab.from_hl7(text)
        assert err.value.field == "MSH-9"


_ALPHABET = st.sampled_from(["|", "^", "~", "\\", "&", "\r", "\n", "<", ">", "0", "9", ".", "-", "X", "µ", "\x00", " "])


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    segments = [s for s in GOOD.split("\r") if s] + [obx(2, "4.1", "mg/L", code="2483-6^IGFBP-3^LN")]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "drop", "swap", "truncate"]))
        i = draw(st.integers(0, len(segments) - 1))
        s = segments[i]
        at = draw(st.integers(0, len(s)))
        if kind == "insert":
            segments[i] = s[:at] + draw(st.text(_ALPHABET, min_size=1, max_size=4)) + s[at:]
        elif kind == "delete":
            segments[i] = s[:at] + s[at + draw(st.integers(1, 5)) :]
        elif kind == "replace":
            segments[i] = s[:at] + draw(_ALPHABET) + s[at + 1 :]
        elif kind == "duplicate":
            segments.insert(i, s)
        elif kind == "drop" and len(segments) > 1:
            segments.pop(i)
        elif kind == "swap":
            j = draw(st.integers(0, len(segments) - 1))
            segments[i], segments[j] = segments[j], segments[i]
        elif kind == "truncate":
            segments[i] = s[:at]
    return "\r".join(segments) + "\r"


@given(_mutated())
def test_a_mutated_message_raises_only_igflab_errors(text: str) -> None:
    error: igflab.IgflabError | None = None
    try:
        result = igflab.from_hl7(text)
    except igflab.IgflabError as exc:
        error = exc
    if error is not None:
        assert error.field, str(error)  # every refusal names what it is about
        return
    assert isinstance(result, (igflab.Interpretation, igflab.PanelInterpretation, igflab.SeriesInterpretation))
    igflab.to_hl7(result, source=text)  # what was read is written too
