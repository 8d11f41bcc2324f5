"""HL7 v2 ORU^R01 in: each IGF-1 case read from a message is what igflab.interpret (or the panel, or the series)
gives for the same data, and what igflab.from_fhir gives for the same result as a FHIR Observation."""

from __future__ import annotations

import re

import pytest

import igflab
from igflab.io.hl7.codes import READ_VERSIONS
from tests.hl7_messages import IGFBP3, message, msh, obr, obx, pid, three_dates

pytest.importorskip("hl7apy")

BIRTH, DAY = "1981-03-02", "2026-03-02"


def test_low_igf1_adult_is_interpret_of_the_same_data() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(value="60")))
    expected = igflab.interpret(60, "ng/mL", birth_date=BIRTH, collected=DAY, sex="male")
    assert isinstance(r, igflab.Interpretation)
    assert r.age == 45.0
    assert (r.zone, r.flag, r.sds, r.value) == (expected.zone, expected.flag, expected.sds, expected.value)
    assert r.flag is igflab.Flag.L  # 60 ng/mL is under the lower limit for a man of 45 (Bidlingmaier 2014)
    assert r.reference.lower_ng_per_ml > 60
    assert r.warnings == ()


def test_the_message_and_the_fhir_observation_of_one_result_agree() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(value="60", range_="52-328")))
    fhir = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
        "effectiveDateTime": DAY,
        "valueQuantity": {"value": 60, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
        "referenceRange": [
            {
                "low": {"value": 52, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
                "high": {"value": 328, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
            }
        ],
    }
    f = igflab.from_fhir(fhir, birth_date=BIRTH, sex="male")
    assert r.reference.kind == f.reference.kind == "lab"
    assert (r.zone, r.flag, r.sds, r.reference.lower_ng_per_ml) == (f.zone, f.flag, f.sds, f.reference.lower_ng_per_ml)
    assert r.flag is igflab.Flag.N  # 60 is inside the laboratory's 52-328


def test_child() -> None:
    msg = message(pid("20160510", "F"), obr(when="20260302"), obx(value="150"))
    r = igflab.from_hl7(msg)
    expected = igflab.interpret(150, "ng/mL", birth_date="2016-05-10", collected=DAY, sex="female")
    assert not r.adult
    assert (r.age, r.zone, r.sds) == (expected.age, expected.zone, expected.sds)


def test_nmol_per_l() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(value="7.84", unit="nmol/L^nmol/L^UCUM")))
    assert r.value.input_unit == "nmol/L"
    assert r.value.ng_per_ml == pytest.approx(7.84 * igflab.IGF1_MOLAR_MASS_G_PER_MOL / 1000)
    assert r.summary.unit == "nmol/L"


@pytest.mark.parametrize(("kind", "value"), [("NM", "<15"), ("SN", "<^15"), ("ST", "< 15"), ("SN", "<=^15")])
def test_censored_below(kind: str, value: str) -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(kind=kind, value=value)))
    assert r.value.censored == "<"
    assert r.value.input_value == 15
    expected = igflab.interpret(value.replace("^", ""), "ng/mL", birth_date=BIRTH, collected=DAY, sex="male")
    assert r.zone == expected.zone


def test_sn_without_comparator_is_a_plain_value() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(kind="SN", value="^182")))
    assert (r.value.input_value, r.value.censored) == (182, None)


def test_preliminary_is_used_with_a_warning_and_corrected_without() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(status="P")))
    (w,) = r.warnings
    assert (w.code, w.field) == ("not_final", "OBX-11")
    assert "'P' (preliminary)" in w.message
    assert igflab.from_hl7(message(pid(), obr(), obx(status="C"))).warnings == ()


def test_wrong_result_is_passed_over_and_its_correction_read() -> None:
    msg = message(pid(), obr(), obx(1, "600", status="W"), obx(2, "60", status="C"))
    r = igflab.from_hl7(msg)
    assert r.value.input_value == 60
    (w,) = r.warnings
    assert (w.code, w.field) == ("result_skipped", "OBX-11")
    assert w.message.startswith("OBX 1 (line 4)")


def test_cancelled_alone_is_refused() -> None:
    with pytest.raises(igflab.InputError, match=r"OBX-11 is 'X' \(cannot be obtained\)") as err:
        igflab.from_hl7(message(pid(), obr(), obx(value="", status="X")))
    assert err.value.field == "OBX-11"


def test_a_laboratory_flag_that_disagrees_is_a_warning() -> None:
    agree = igflab.from_hl7(message(pid(), obr(), obx(flags="L")))
    assert agree.warnings == ()
    differ = igflab.from_hl7(message(pid(), obr(), obx(flags="N")))
    (w,) = differ.warnings
    assert (w.code, w.field) == ("lab_flag_differs", "OBX-8")
    assert f"igflab's flag is {differ.flag.value}" in w.message


def test_one_sided_range_is_not_the_laboratory_range() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(range_="<300")))
    assert r.reference.kind == "published"
    assert [w.code for w in r.warnings] == ["lab_range_incomplete"]


def test_igfbp3_alone() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(code=IGFBP3, value="4.1", unit="mg/L^mg/L^UCUM")))
    expected = igflab.interpret("4.1 mg/L", birth_date=BIRTH, collected=DAY, sex="male", analyte="igfbp3")
    assert r.analyte == "igfbp3"
    assert (r.zone, r.sds) == (expected.zone, expected.sds)


def test_igf1_and_igfbp3_of_one_date_are_the_panel() -> None:
    msg = message(pid(), obr(), obx(1, "150"), obx(2, "4.1", "mg/L^mg/L^UCUM", code=IGFBP3))
    p = igflab.from_hl7(msg)
    expected = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", birth_date=BIRTH, collected=DAY, sex="male")
    assert isinstance(p, igflab.PanelInterpretation)
    assert p.molar_ratio == expected.molar_ratio
    assert (p.igf1.sds, p.igfbp3.sds) == (expected.igf1.sds, expected.igfbp3.sds)


def test_three_dates_are_a_series() -> None:
    msg = three_dates()
    s = igflab.from_hl7(msg)
    expected = igflab.interpret_series(
        [(440, "ng/mL", "2025-01-15"), (330, "ng/mL", "2025-07-15"), (185, "ng/mL", "2026-07-15")],
        sex="male",
        birth_date="1978-04-02",
    )
    assert isinstance(s, igflab.SeriesInterpretation)
    assert [r.collected for r in s.results] == ["2025-01-15", "2025-07-15", "2026-07-15"]
    assert [c.flag for c in s.changes] == [c.flag for c in expected.changes]
    assert s.overall is not None
    assert expected.overall is not None
    assert s.overall.percent == expected.overall.percent
    assert s.summary == expected.summary


def test_obx14_is_the_date_before_obr7() -> None:
    r = igflab.from_hl7(message(pid(), obr(when="20260101"), obx(when="20260302")))
    assert r.age == 45.0


def test_local_code_is_read_when_mapped() -> None:
    msg = message(pid(), obr(), obx(code="S123^Growth test^99LAB"))
    with pytest.raises(igflab.InputError, match="local_codes") as err:
        igflab.from_hl7(msg)
    assert err.value.field == "OBX-3"
    assert igflab.from_hl7(msg, local_codes={"S123": "igf1"}).value.input_value == 60
    assert igflab.from_hl7(msg, local_codes={"S123^99LAB": "igf1"}).analyte == "igf1"


def test_a_local_code_named_igf1_is_read_with_a_warning() -> None:
    r = igflab.from_hl7(message(pid(), obr(), obx(code="IGF^IGF-1, LC/MS^99LAB")))
    assert [w.code for w in r.warnings] == ["no_loinc_code"]


def test_other_tests_in_the_message_are_passed_over() -> None:
    glucose = "OBX|1|SN|1554-5^GLUCOSE^LN||^182|mg/dl|70_105|H|||F"
    r = igflab.from_hl7(message(pid(), obr(), glucose, obx(2)))
    assert r.value.input_value == 60


@pytest.mark.parametrize("version", READ_VERSIONS)
def test_every_version_reads_the_same(version: str) -> None:
    flags = "L^Low^HL70078" if version.startswith(("2.7", "2.8")) else "L"
    r = igflab.from_hl7(message(pid(), obr(), obx(flags=flags), version=version))
    assert (r.flag, r.age, r.warnings) == (igflab.Flag.L, 45.0, ())


def test_crlf_and_lf_and_mllp_framing() -> None:
    base = message(pid(), obr(), obx(), sep="\r\n")
    assert igflab.from_hl7(base).flag is igflab.Flag.L
    assert igflab.from_hl7(base.replace("\r\n", "\n")).flag is igflab.Flag.L
    assert igflab.from_hl7("\x0b" + base.replace("\r\n", "\r") + "\x1c\r").flag is igflab.Flag.L


def test_bytes_follow_msh18() -> None:
    segments = [pid(), obr(), obx(value="60", unit="µg/L^µg/L^UCUM")]
    utf8 = "\r".join([msh(charset="UNICODE UTF-8"), *segments]).encode("utf-8")
    assert igflab.from_hl7(utf8).value.input_unit == "µg/L"
    latin = "\r".join([msh(charset="8859/1"), *segments]).encode("latin-1")
    assert igflab.from_hl7(latin).value.input_unit == "µg/L"


def test_escape_sequences_in_values_are_decoded() -> None:
    # \X...\ is hexadecimal (UTF-8 bytes of µ); the unit then reads as µg/L.
    r = igflab.from_hl7(message(pid(), obr(), obx(unit=r"\XC2B5\g/L")))
    assert r.value.input_unit == "µg/L"


def test_options_fill_what_the_message_lacks_and_must_agree() -> None:
    no_pid = message(obr(), obx())
    with pytest.raises(igflab.SexError) as err:
        igflab.from_hl7(no_pid)
    assert err.value.field == "PID"
    r = igflab.from_hl7(no_pid, sex="male", birth_date=BIRTH)
    assert r.age == 45.0
    with pytest.raises(igflab.SexError, match="contradicts PID-8"):
        igflab.from_hl7(message(pid(), obr(), obx()), sex="female")
    with pytest.raises(igflab.AgeError, match="contradicts PID-7"):
        igflab.from_hl7(message(pid(), obr(), obx()), birth_date="1990-01-01")
    with pytest.raises(igflab.InputError, match="no option 'colour'"):
        igflab.from_hl7(message(pid(), obr(), obx()), colour="red")  # type: ignore[call-arg]


def test_a_value_error_names_the_obx_field() -> None:
    with pytest.raises(igflab.UnitError) as err:
        igflab.from_hl7(message(pid(), obr(), obx(unit="furlongs")))
    assert err.value.field == "OBX-6"
    assert re.match(r"OBX 1 \(line 4\): ", str(err.value))


def test_without_hl7apy_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from igflab.io.hl7 import lib

    lib.hl7apy.cache_clear()
    for name in [m for m in sys.modules if m == "hl7apy" or m.startswith("hl7apy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hl7apy", None)
    try:
        with pytest.raises(igflab.IgflabError, match=r"pip install 'igflab\[hl7\]'"):
            igflab.from_hl7(message(pid(), obr(), obx()))
    finally:
        lib.hl7apy.cache_clear()
