"""CLI: lab ranges, other references, exact ages, infants, unknown sex, coverage errors."""

from __future__ import annotations

import json

import pytest

from tests.support import run_cli


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return tuple(run_cli(*args))  # type: ignore[return-value]


def interpret_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "interpret", *args, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_lab_range_decides_and_published_disagreement_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "interpret", "60", "ng/mL", "--age", "45", "--sex", "male", "--lab-range", "52-328")
    assert code == 0
    out = " ".join(out.split())  # the words, whatever the wrapping
    assert "laboratory's printed range 52-328 ng/mL" in out
    assert "zlog -1.66" in out  # (ln 60 - (ln 52 + ln 328)/2) * 3.92 / (ln 328 - ln 52)
    assert "secondary, Bidlingmaier 2014 (IDS-iSYS), male (published, assay-specific): SDS -2.44" in out
    assert "this result would be below the reference interval" in out
    assert "inside, lower third (N)" in out
    assert "but below the published range for men aged 45 years" in out  # the headline says both


@pytest.mark.parametrize("spelling", ["52-328", "52\u2013328", "52 - 328 ng/mL", "52 to 328"])
def test_lab_range_spellings(capsys: pytest.CaptureFixture[str], spelling: str) -> None:
    d = interpret_json(capsys, "60", "ng/mL", "--age", "45", "--sex", "male", "--lab-range", spelling)
    ref = d["reference"]
    assert isinstance(ref, dict)
    assert (ref["kind"], ref["lower_ng_per_ml"], ref["upper_ng_per_ml"], ref["flag"]) == ("lab", 52.0, 328.0, "N")


def test_lab_range_in_another_unit(capsys: pytest.CaptureFixture[str]) -> None:
    d = interpret_json(capsys, "7.84", "nmol/L", "--age", "45", "--sex", "m", "--lab-range", "6.8-42.9")
    ref = d["reference"]
    assert isinstance(ref, dict)
    assert ref["lower_ng_per_ml"] == pytest.approx(6.8 * 7.649)


@pytest.mark.parametrize("bad", ["328-52", "0-100", "abc", "52-", "52-52", "52-328 kg"])
def test_bad_lab_range(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, out, err = run(capsys, "interpret", "60", "ng/mL", "--age", "45", "--sex", "m", "--lab-range", bad)
    assert code == 2
    assert out == ""
    assert err.startswith("igflab: error: lab_range:")
    assert len(err.strip().splitlines()) == 1


def test_assay_picks_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    d = interpret_json(capsys, "60", "ng/mL", "--age", "45", "--sex", "male", "--assay", "lcms")
    ref = d["reference"]
    assert isinstance(ref, dict)
    assert (ref["id"], ref["lower_ng_per_ml"], ref["upper_ng_per_ml"]) == ("quest_lcms", 52.0, 328.0)
    assert d["sds"] is None  # interval-only reference: no SDS
    assert d["zlog"] == pytest.approx(-1.6554, abs=1e-3)  # Hoffmann 2017 zlog, computed by hand


def test_unknown_assay_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "interpret", "60", "ng/mL", "--age", "45", "--sex", "m", "--assay", "immulite")
    assert code == 2
    assert "known assays: idsisys, irma, lcms" in err


def test_unknown_sex_same_zone(capsys: pytest.CaptureFixture[str]) -> None:
    d = interpret_json(capsys, "300", "ng/mL", "--age", "12", "--sex", "other")
    assert (d["sex"], d["zone"], d["flag"], d["sds"]) == ("unknown", "middle_third", "N", None)
    others = d["other_positions"]
    assert isinstance(others, list)
    assert others[0]["sex"] == "female"


def test_unknown_sex_different_zones_is_indeterminate(capsys: pytest.CaptureFixture[str]) -> None:
    # 45 y: male interval 72-212, female 60-200 ng/mL (Bidlingmaier 2014): 205 is high for women only.
    d = interpret_json(capsys, "205", "ng/mL", "--age", "45", "--sex", "u")
    assert (d["zone"], d["flag"]) == ("indeterminate", "IND")
    code, out, _ = run(capsys, "interpret", "205", "ng/mL", "--age", "45", "--sex", "unknown")
    assert code == 0
    assert "male: SDS" in out
    assert "female: SDS" in out
    assert "does not choose between them" in out


@pytest.mark.parametrize("bad", ["", "robot", "mf"])
def test_bad_sex(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, _, err = run(capsys, "interpret", "150", "ng/mL", "--age", "45", "--sex", bad)
    assert code == 2
    assert err.startswith("igflab: error: sex:")


def test_age_from_dates(capsys: pytest.CaptureFixture[str]) -> None:
    # Born 2010-03-01, sampled 2026-03-01: exactly 16 years; 2010-03-02 -> 2026-03-01 one day short.
    d = interpret_json(capsys, "300", "ng/mL", "--birth-date", "2010-03-01", "--collected", "2026-03-01", "--sex", "f")
    assert (d["age"], d["age_source"]) == (16.0, "dates")
    d = interpret_json(capsys, "300", "ng/mL", "--birth-date", "2010-03-02", "--collected", "2026-03-01", "--sex", "f")
    assert 15.99 < d["age"] < 16.0  # type: ignore[operator]


def test_leap_day_birthday(capsys: pytest.CaptureFixture[str]) -> None:
    d = interpret_json(capsys, "150", "ng/mL", "--birth-date", "2000-02-29", "--collected", "2001-02-28", "--sex", "f")
    assert d["age"] == 1.0


def test_infant_age_in_months(capsys: pytest.CaptureFixture[str]) -> None:
    d = interpret_json(capsys, "60", "ng/mL", "--age", "8m", "--sex", "female")
    assert d["age"] == pytest.approx(8 / 12)
    assert d["age_source"] == "months"
    _code, out, _ = run(capsys, "interpret", "60", "ng/mL", "--age", "8m", "--sex", "female")
    out = " ".join(out.split())  # the words, whatever the wrapping
    assert "(female, 8 months)" in out
    assert "for females aged 8 months" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--age", "95"], "0-94 years; references that cover it: quest_lcms"),
        (["--age", "80", "--reference", "isojima2012_japan"], "0-77 years; references that cover it"),
        (["--birth-date", "2026-05-01", "--collected", "2026-04-01"], "before the birth date"),
        (["--birth-date", "2026-13-01", "--collected", "2026-04-01"], "not an ISO date"),
        (["--birth-date", "2000-01-01"], "the collection date is missing"),
        (["--age", "45", "--birth-date", "2000-01-01", "--collected", "2026-01-01"], "not both"),
    ],
)
def test_age_errors(capsys: pytest.CaptureFixture[str], args: list[str], expected: str) -> None:
    code, out, err = run(capsys, "interpret", "150", "ng/mL", "--sex", "m", *args)
    assert code == 2
    assert out == ""
    assert expected in err
    assert len(err.strip().splitlines()) == 1


def test_references_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "references")
    assert code == 0
    assert out.index("bidlingmaier2014_idsisys  (default)") < out.index("isojima2012_japan") < out.index("quest_lcms")
    assert "doi:10.1210/jc.2013-3059" in out
    assert "coverage:   0-77 years" in out
    code, out, _ = run(capsys, "references", "--json")
    assert [r["id"] for r in json.loads(out)] == ["bidlingmaier2014_idsisys", "isojima2012_japan", "quest_lcms"]


def test_ranges_command(capsys: pytest.CaptureFixture[str]) -> None:
    # Bidlingmaier 2014, female 45 y: P2.5 60, P50 119, P97.5 200 ng/mL (derived centile table).
    code, out, _ = run(capsys, "ranges", "--age", "45", "--sex", "female", "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["lower_ng_per_ml"] == pytest.approx(60, abs=0.5)
    assert row["median_ng_per_ml"] == pytest.approx(119, abs=0.5)
    assert row["upper_ng_per_ml"] == pytest.approx(200, abs=0.5)
    assert row["upper_nmol_per_l"] == pytest.approx(row["upper_ng_per_ml"] / 7.649)
    code, out, _ = run(capsys, "ranges", "--age", "45", "--sex", "unknown", "--assay", "lcms")
    assert "male   age 45 y (band 40 to under 50 y): 52.0 - 328.0 ng/mL" in out
    assert "female age 45 y (band 40 to under 50 y): 52.0 - 328.0 ng/mL" in out
