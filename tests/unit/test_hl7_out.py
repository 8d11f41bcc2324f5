"""HL7 v2 out: igflab's ORU^R01 is a valid message by the HL7 library's strict reading of its version, carries the
value, flag, SDS and text of the interpretation, and reads back (from_hl7 -> to_hl7 -> from_hl7) to the same result."""

from __future__ import annotations

import datetime as dt

import pytest

import igflab
from igflab.io.hl7.codes import flag_in_table
from igflab.io.hl7.content import number
from tests.hl7_messages import IGFBP3, message, obr, obx, pid, three_dates

hl7apy_parser = pytest.importorskip("hl7apy.parser")
consts = pytest.importorskip("hl7apy.consts")

SENT = dt.datetime(2026, 3, 2, 12, 30, tzinfo=dt.UTC)
LOW = message(pid(), obr(), obx(value="60"))
PANEL = message(pid(), obr(), obx(1, "150"), obx(2, "4.1", "mg/L^mg/L^UCUM", code=IGFBP3))
SERIES = three_dates()


def _strict(text: str) -> object:
    """The message as the HL7 library reads it with full validation against its version's ORU^R01 structure."""
    m = hl7apy_parser.parse_message(text, validation_level=consts.VALIDATION_LEVEL.STRICT, find_groups=True)
    m.validate()
    return m


def _obx(text: str) -> list[list[str]]:
    return [s.split("|") for s in text.split("\r") if s.startswith("OBX|")]


def _ntes(text: str) -> list[str]:
    return [s.split("|")[3] for s in text.split("\r") if s.startswith("NTE|")]


def _unescape(s: str) -> str:
    from igflab.io.hl7.er7 import STANDARD, unescape

    return unescape(s, STANDARD, "NTE-3")


def test_low_igf1_out_carries_value_flag_sds_and_text() -> None:
    r = igflab.from_hl7(LOW)
    assert isinstance(r, igflab.Interpretation)
    out = igflab.to_hl7(r, source=LOW, sent=SENT)
    m = _strict(out)
    result = m.oru_r01_patient_result.oru_r01_order_observation.oru_r01_observation[0].obx  # type: ignore[attr-defined]
    assert result.obx_5.to_er7() == "60"
    assert result.obx_8.to_er7() == r.flag.value == "L"
    value, sds = _obx(out)
    assert value[3].startswith("2484-4^")
    assert sds[3] == "73561-3^Insulin-like growth factor-I [Z-score] in Serum or Plasma^LN"
    assert r.sds is not None
    assert float(sds[5]) == round(r.sds, 2)
    notes = [_unescape(n) for n in _ntes(out)]
    assert notes[0] == r.summary.text
    assert f"Guidance: {r.guidance}" in notes
    # The patient and the order are the source's; the answer goes back to its sender.
    segs = {s[:3]: s for s in out.split("\r") if s}
    assert segs["PID"] == "PID|1||123456^^^ACME^MR||DOE^JOHN||19810302|M"
    assert segs["OBR"].startswith("OBR|1|ORD1|FIL1|2484-4^IGF-1^LN|||20260302|")
    assert segs["MSH"].startswith("MSH|^~\\&|IGFLAB|igflab|LAB|ACME LAB|20260302123000+0000||ORU^R01^ORU_R01|IGF")


def test_round_trip_keeps_value_flag_and_sds() -> None:
    r = igflab.from_hl7(LOW)
    back = igflab.from_hl7(igflab.to_hl7(r, source=LOW))
    assert isinstance(back, igflab.Interpretation)
    assert (back.value, back.zone, back.flag, back.sds, back.age) == (r.value, r.zone, r.flag, r.sds, r.age)
    assert back.reference.kind == "published"  # igflab's own OBX-7 is read as its published range


def test_round_trip_with_a_laboratory_range() -> None:
    src = message(pid(), obr(), obx(value="60", range_="52-328"))
    r = igflab.from_hl7(src)
    out = igflab.to_hl7(r, source=src)
    assert _obx(out)[0][7] == "52-328"
    back = igflab.from_hl7(out)
    assert back.reference.kind == "lab"
    assert (back.flag, back.sds, back.reference.lower_ng_per_ml) == (r.flag, r.sds, r.reference.lower_ng_per_ml)


def test_warnings_are_each_an_nte() -> None:
    src = message(pid(), obr(), obx(status="P", flags="N"))
    r = igflab.from_hl7(src)
    assert len(r.warnings) == 2
    notes = [_unescape(n) for n in _ntes(igflab.to_hl7(r, source=src))]
    for w in r.warnings:
        assert f"Check: {w.message}" in notes


def test_censored_value_is_sn_and_reads_back() -> None:
    src = message(pid(), obr(), obx(value="<15"))
    r = igflab.from_hl7(src)
    out = igflab.to_hl7(r, source=src)
    _strict(out)
    value = _obx(out)[0]
    assert (value[2], value[5]) == ("SN", "<^15")
    assert "<" in value[8].split("~")  # off the assay's scale (table 0078)
    back = igflab.from_hl7(out)
    assert (back.value.censored, back.value.input_value, back.zone) == ("<", 15, r.zone)


def test_nmol_per_l_is_written_as_reported() -> None:
    src = message(pid(), obr(), obx(value="7.84", unit="nmol/L^nmol/L^UCUM"))
    r = igflab.from_hl7(src)
    value = _obx(igflab.to_hl7(r, source=src))[0]
    assert (value[5], value[6]) == ("7.84", "nmol/L^nmol/L^UCUM")
    low, high = (float(x) for x in value[7].split("-"))
    assert low == pytest.approx(r.reference.lower_ng_per_ml / 7.649, rel=5e-3)
    assert high == pytest.approx(r.reference.upper_ng_per_ml / 7.649, rel=5e-3)


def test_panel_round_trip() -> None:
    p = igflab.from_hl7(PANEL)
    assert isinstance(p, igflab.PanelInterpretation)
    out = igflab.to_hl7(p, source=PANEL)
    _strict(out)
    codes = [o[3].split("^")[0] for o in _obx(out)]
    assert codes == ["2484-4", "73561-3", "2483-6", "IGFBP3-SDS", "IGF1-IGFBP3-MR"]
    assert _obx(out)[4][5] == number(round(p.molar_ratio or 0, 4))
    back = igflab.from_hl7(out)
    assert isinstance(back, igflab.PanelInterpretation)
    assert (back.igf1.sds, back.igfbp3.sds, back.molar_ratio) == (p.igf1.sds, p.igfbp3.sds, p.molar_ratio)
    assert [o[8] for o in _obx(out)[::2][:2]] == [p.igf1.flag.value, p.igfbp3.flag.value]


def test_series_round_trip_with_change_flags() -> None:
    s = igflab.from_hl7(SERIES)
    assert isinstance(s, igflab.SeriesInterpretation)
    out = igflab.to_hl7(s, source=SERIES)
    _strict(out)
    values = [o for o in _obx(out) if o[3].startswith("2484-4")]
    assert [v[14] for v in values] == ["20250115", "20250715", "20260715"]
    for k, v in enumerate(values):
        flags = v[8].split("~")
        assert flags[0] == flag_in_table(s.results[k].interpretation.flag.value, "2.5.1")
        if k and s.changes[k - 1].flag is not None:
            assert flags[-1] == s.changes[k - 1].flag
    back = igflab.from_hl7(out)
    assert isinstance(back, igflab.SeriesInterpretation)
    assert [c.flag for c in back.changes] == [c.flag for c in s.changes]
    assert back.summary == s.summary


def test_without_source_and_in_version_282() -> None:
    r = igflab.interpret(600, "ng/mL", age=45, sex="male")
    assert r.flag is igflab.Flag.HU
    old = igflab.to_hl7(r, collected="2026-03-02", birth_date="1981-03-02", patient_id="123456")
    new = igflab.to_hl7(r, collected="2026-03-02", birth_date="1981-03-02", patient_id="123456", version="2.8.2")
    assert _obx(old)[0][8] == "H"  # 2.5.1's table 0078 has no HU: its parent
    assert _obx(new)[0][8] == "HU"
    assert new.startswith("MSH|^~\\&#|")  # 2.8.2's fifth encoding character (truncation), written by the library
    # hl7apy 1.3.5 leaves the withdrawn OBR-14, -15 and -27 out of its 2.8.2 OBR, so its strict reading shifts the
    # later OBR fields (OBR-25 "F" is read as a number): the 2.8.2 message is read tolerantly.
    hl7apy_parser.parse_message(new, find_groups=True)
    assert igflab.from_hl7(new).flag is igflab.Flag.HU
    # Without the source message there is no patient name (PID-5, required): the library reads it tolerantly.
    hl7apy_parser.parse_message(old, find_groups=True)
    assert "\rPID|1||123456||||19810302|M\r" in old
    assert igflab.from_hl7(old).flag is igflab.Flag.HU


def test_to_hl7_refuses_what_it_cannot_write() -> None:
    with pytest.raises(igflab.InputError) as err:
        igflab.to_hl7({"value": 1})  # type: ignore[arg-type]
    assert err.value.field == "interpretation"
    with pytest.raises(igflab.InputError, match=r"2\.5\.1 or 2\.8\.2"):
        igflab.to_hl7(igflab.from_hl7(LOW), version="2.4")


def test_python_hl7_style_reading_of_the_text() -> None:
    """Every segment igflab writes ends with a carriage return and holds no raw delimiter in its text."""
    out = igflab.to_hl7(igflab.from_hl7(LOW), source=LOW)
    assert out.endswith("\r")
    assert "\n" not in out
    for nte in _ntes(out):
        assert "^" not in nte
