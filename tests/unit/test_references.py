"""Every shipped reference: data integrity, and reproduction of its published source."""

from __future__ import annotations

import csv
import itertools
import math
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igflab.errors import OutOfReferenceError, UnknownReferenceError
from igflab.science.reference_files import BCPERow, LimitRow, LMSRow, ReferenceFile
from igflab.science.references import (
    DEFAULT_REFERENCE,
    get_reference,
    list_references,
    reference_for_assay,
)
from tests.support import FIXTURES, ROOT, load_fixture

REFS = [r.id for r in list_references()]
LMS_REFS = [r.id for r in list_references() if r.is_lms]
Z975 = NormalDist().inv_cdf(0.975)  # computed independently of igflab.lms


def test_the_igf1_references_ship_default_first_and_one_folder_holds_every_reference() -> None:
    assert REFS[0] == DEFAULT_REFERENCE
    assert set(REFS) == {
        "bidlingmaier2014_idsisys",
        "isojima2012_japan",
        "quest_lcms",
        "life2022_igf1",
        "life2022_igf1_incl_cc",
    }
    every = {r.id for r in list_references(None)}
    assert {p.stem for p in (ROOT / "reference_ranges").glob("*.json")} == every
    assert every - set(REFS) == {
        "friedrich2014_igfbp3_idsisys",
        "friedrich2014_ratio_idsisys",
        "life2022_igfbp3",
        "life2022_igfbp3_incl_cc",
    }
    assert {r.id for r in list_references("igfbp3")} == every - set(REFS) - {"friedrich2014_ratio_idsisys"}


@pytest.mark.parametrize("ref_id", REFS)
def test_metadata_is_complete(ref_id: str) -> None:
    d = get_reference(ref_id).data
    assert d.citation.title
    assert d.citation.journal
    assert d.transcribed_from
    assert d.caveats
    assert d.analyte.loinc == "2484-4"
    assert set(d.sexes) == {"male", "female"}
    if d.distribution == "LMS":
        assert d.citation.doi
        assert d.interval_centiles == (2.5, 97.5)


@pytest.mark.parametrize("ref_id", REFS)
@pytest.mark.parametrize("sex", ["male", "female"])
def test_rows_are_ordered_positive_and_span_the_domain(ref_id: str, sex: str) -> None:
    ref = get_reference(ref_id)
    rows = ref.data.rows[sex]
    lo, hi = ref.data.age_domain
    if ref.distribution != "limits":
        ages = [r.age for r in rows if isinstance(r, (LMSRow, BCPERow))]
        assert ages == sorted(set(ages))
        assert (ages[0], ages[-1]) == (lo, hi)
        assert all(r.M > 0 and r.S > 0 for r in rows if isinstance(r, LMSRow))
        assert all(r.mu > 0 and r.sigma > 0 and r.tau > 0 for r in rows if isinstance(r, BCPERow))
    else:
        bands = [r for r in rows if isinstance(r, LimitRow)]
        assert bands[0].age_from == lo
        assert all(a.age_to == b.age_from for a, b in itertools.pairwise(bands))
        assert all(0 < b.lower < b.upper for b in bands)


@pytest.mark.parametrize("ref_id", LMS_REFS)
@pytest.mark.parametrize("sex", ["male", "female"])
def test_centiles_ordered_at_knots_and_between(ref_id: str, sex: str) -> None:
    ref = get_reference(ref_id)
    lo, hi = ref.data.age_domain
    n = int((hi - lo) * 10)
    for i in range(n + 1):  # every 0.1 year: knots and points between them
        iv = ref.interval(lo + (hi - lo) * i / n, sex)
        assert iv.median is not None
        assert 0 < iv.lower < iv.median < iv.upper


def _independent_centiles(L: float, M: float, S: float) -> tuple[float, float, float]:
    def at(z: float) -> float:
        return M * math.exp(S * z) if L == 0 else M * (1 + L * S * z) ** (1 / L)

    return at(-Z975), M, at(Z975)


def test_isojima_reproduces_published_parameters() -> None:
    """P2.5/P50/P97.5 from the published L, M, S (computed here without igflab), tolerance 1e-9 relative."""
    ref = get_reference("isojima2012_japan")
    fx = load_fixture("isojima2012_lms_rows.json")
    for row in fx["rows"]:
        for sex in ("male", "female"):
            expected = _independent_centiles(*row[sex])
            iv = ref.interval(row["age"], sex)
            assert (iv.lower, iv.median, iv.upper) == pytest.approx(expected, rel=1e-9), (row["age"], sex)


def test_isojima_between_knots_uses_linear_interpolation() -> None:
    ref = get_reference("isojima2012_japan")
    rows = {r["age"]: r for r in load_fixture("isojima2012_lms_rows.json")["rows"]}
    a, b = rows[13]["male"], rows[14]["male"]
    mid = [(x + y) / 2 for x, y in zip(a, b, strict=True)]
    iv = ref.interval(13.5, "male")
    assert (iv.lower, iv.median, iv.upper) == pytest.approx(_independent_centiles(*mid), rel=1e-9)


def _band(label: str) -> tuple[float, float | None]:
    label = label.removesuffix(" y")
    if label.startswith("<"):
        return 0.0, float(label[1:])
    if label.startswith(">"):
        return float(label[1:]), None
    lo, hi = label.split("-")
    return float(lo), math.floor(float(hi)) + 1.0


def _source_rows() -> list[dict[str, str]]:
    lines = [ln for ln in (FIXTURES / "quest_lcms_source_table.csv").read_text().splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def test_quest_reproduces_every_row_of_the_source_table() -> None:
    ref = get_reference("quest_lcms")
    rows = _source_rows()
    assert len(rows) == 27
    for row in rows:
        start, end = _band(row["band"])
        probes = [start, (start + end) / 2, math.nextafter(end, 0)] if end is not None else [start, 95.0, 120.0]
        for sex in ("male", "female"):
            lo, hi = (float(v) for v in row[sex].split("-"))
            for age in probes:
                iv = ref.interval(age, sex)
                assert (iv.lower, iv.upper) == (lo, hi), (row["band"], sex, age)
                assert iv.median is None


def test_reference_by_assay() -> None:
    assert reference_for_assay("idsisys").id == "bidlingmaier2014_idsisys"
    assert reference_for_assay("LCMS").id == "quest_lcms"
    assert reference_for_assay("lc-ms").id == "quest_lcms"
    assert reference_for_assay("irma").id == "isojima2012_japan"
    with pytest.raises(UnknownReferenceError, match="idsisys"):
        reference_for_assay("immulite")


def test_out_of_coverage_suggests_a_reference_that_covers_it() -> None:
    with pytest.raises(OutOfReferenceError, match=r"0-77 years; references that cover it: bidlingmaier2014_idsisys"):
        get_reference("isojima2012_japan").interval(80, "female")


@given(st.floats(min_value=0, max_value=120), st.sampled_from(["male", "female"]))
def test_quest_interval_is_a_row_of_the_table(age: float, sex: str) -> None:
    iv = get_reference("quest_lcms").interval(age, sex)
    pairs = {tuple(float(v) for v in r[sex].split("-")) for r in _source_rows()}
    assert (iv.lower, iv.upper) in pairs


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rows"]["male"].reverse(), "strictly increasing"),
        (lambda d: d["rows"]["male"][3].update(S=-0.1), "greater than 0"),
        (lambda d: d["rows"]["female"][0].update(M=0), "greater than 0"),
        (lambda d: d.update(age_domain=[0, 100]), "age_domain"),
        (lambda d: d["citation"].update(doi=None), "DOI"),
    ],
)
def test_validation_rejects_broken_files(mutate: object, message: str) -> None:
    import json

    raw = json.loads((ROOT / "reference_ranges" / "bidlingmaier2014_idsisys.json").read_text())
    mutate(raw)  # type: ignore[operator]
    with pytest.raises(ValueError, match=message):
        ReferenceFile.model_validate(raw)


def test_limits_validation_rejects_overlaps_and_inverted_limits() -> None:
    import json

    raw = json.loads((ROOT / "reference_ranges" / "quest_lcms.json").read_text())
    raw["rows"]["male"][2]["lower"] = 900
    with pytest.raises(ValueError, match="lower"):
        ReferenceFile.model_validate(raw)
    raw = json.loads((ROOT / "reference_ranges" / "quest_lcms.json").read_text())
    raw["rows"]["female"][5]["age_from"] = 4.5
    with pytest.raises(ValueError, match="do not join"):
        ReferenceFile.model_validate(raw)


def test_data_files_are_not_read_at_import() -> None:
    import subprocess
    import sys

    code = "import igflab.science.references as r, igflab; print(r._registry.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
