"""A new analyte is a row of data: a synthetic one, with its own LMS table, through every path, without a new module.

The analyte ("testosterone-like" numbers, made up for the test) and its table are registered at run time with
:func:`igflab.analytes.register` and :func:`igflab.science.references.register_reference`; nothing in igflab
names it. Every path must then read it as it reads IGF-1 and IGFBP-3.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import pytest

import igflab
from igflab.analytes import AnalyteSpec, register, unregister
from igflab.core.batch_result import COLUMNS
from igflab.io.csv import interpret_csv
from igflab.science.reference_files import ReferenceFile
from igflab.science.references import register_reference, unregister_reference

KEY = "synth"
# L, M, S at the knots: M 200 ng/mL at 0 years rising to 300 at 100 years; S 0.2; L 1 (a normal distribution).
ROWS = [{"age": a, "L": 1.0, "M": 200.0 + a, "S": 0.2} for a in (0.0, 50.0, 100.0)]
SPEC = AnalyteSpec(
    key=KEY,
    words="Synthetic-1",
    loinc="99999-9",  # not a LOINC code: a test analyte
    loinc_display="Synthetic analyte for tests [Mass/volume] in Serum or Plasma",
    molar_mass_g_per_mol=10_000.0,
    molar_mass_citations=("uniprot_p05019",),
    min_ng_per_ml=1.0,
    max_ng_per_ml=100_000.0,
    zone_rule="position",
    families=MappingProxyType({}),
    default_reference="synth_table",
    lab_range=False,
    censoring=False,
)
TABLE = {
    "schema_version": 1,
    "id": "synth_table",
    "title": "A synthetic LMS table (tests only)",
    "short_name": "Synthetic table",
    "analyte": {"name": "Synthetic-1", "loinc": "99999-9", "key": KEY},
    "unit": "ng/mL",
    "assay": "none",
    "assay_ids": ["synth-assay"],
    "calibrator": "none",
    "population": "none",
    "n": None,
    "n_by_sex": None,
    "sexes": ["male", "female"],
    "age_domain": [0, 100],
    "distribution": "LMS",
    "interpolation": "linear",
    "interval_centiles": [2.5, 97.5],
    "citation": {
        "id": "bidlingmaier2014",
        "authors": "none",
        "title": "none",
        "journal": "none",
        "year": None,
        "doi": "10.0/none",
        "pmid": None,
    },
    "transcribed_from": "made up for the test",
    "caveats": [],
    "rows": {"male": ROWS, "female": ROWS},
}


@pytest.fixture(scope="module", autouse=True)
def synthetic() -> Iterator[None]:
    register(SPEC)
    register_reference(ReferenceFile.model_validate(TABLE))
    yield
    unregister_reference("synth_table")
    unregister(KEY)


def test_one_result() -> None:
    # at 50 years M = 250, S = 0.2, L = 1: 300 ng/mL is z = (300/250 - 1) / 0.2 = 1.0, 3 nmol/L at 10,000 g/mol
    r = igflab.interpret(300, "ng/mL", age=50, sex="female", analyte=KEY)
    assert (r.analyte, r.reference.id, r.reference.method) == (KEY, "synth_table", "LMS")
    assert math.isclose(r.sds or 0.0, 1.0, rel_tol=1e-12)
    assert math.isclose(r.value.nmol_per_l, 30.0, rel_tol=1e-12)
    assert r.zone is igflab.Zone.UPPER_THIRD  # the position rule: no adult band, no 1.3 x ULN split
    assert r.adult_band is None
    assert igflab.interpret(9000, "ng/mL", age=50, sex="female", analyte=KEY).zone is igflab.Zone.ABOVE_REFERENCE
    assert "120-160" not in " ".join(n.text for n in r.notes)
    assert r.guidance  # every interpretation ends with guidance to a professional
    with pytest.raises(igflab.LabRangeError):
        igflab.interpret(300, "ng/mL", age=50, sex="female", analyte=KEY, lab_range=(100, 400))
    with pytest.raises(igflab.ValueInputError, match="Synthetic-1"):
        igflab.interpret("<300 ng/mL", age=50, sex="female", analyte=KEY)
    assert igflab.list_references(KEY)[0].id == "synth_table"


def _one(value: Any) -> igflab.Interpretation | igflab.IgflabError:
    try:
        return igflab.interpret(value, "ng/mL", age=50, sex="female", analyte=KEY)
    except igflab.IgflabError as exc:
        return exc


def test_columns_frames_and_files_equal_the_one_result() -> None:
    values, ages, sexes = [300, 120, "abc", 900, 250, 260, 270, 280, 290], [50] * 9, ["female"] * 9
    res = igflab.interpret_batch(values, "ng/mL", ages, sexes, analyte=KEY)
    for i, v in enumerate(values):
        one = _one(v)
        if isinstance(one, igflab.IgflabError):
            assert res.error_message[i] == one.message
            continue
        assert res.zone[i] == one.zone.value
        assert math.isclose(res.sds[i], one.sds, rel_tol=1e-12)
        assert res.warnings[i] == tuple(w.code for w in one.warnings)
    pd = pytest.importorskip("pandas")
    frame = igflab.interpret_frame(
        pd.DataFrame({"value": values, "unit": "ng/mL", "age": ages, "sex": sexes}), analyte=KEY
    )
    assert frame["zone"].astype(object).where(frame["zone"].notna(), None).tolist() == res.zone.tolist()
    src = io.StringIO("value,unit,age,sex\n" + "".join(f"{v},ng/mL,50,female\n" for v in values))
    dst = io.StringIO()
    interpret_csv(src, dst, analyte=KEY)
    rows = list(csv.DictReader(io.StringIO(dst.getvalue())))
    assert list(rows[0])[4:] == list(COLUMNS)
    assert [r["zone"] or None for r in rows] == res.zone.tolist()


def test_json_fhir_and_a_chart() -> None:
    r = igflab.interpret(300, "ng/mL", age=50, sex="male", analyte=KEY)
    back = igflab.Interpretation.model_validate(json.loads(r.model_dump_json()))
    assert back == r
    obs = igflab.to_fhir(r)
    assert obs["code"]["coding"][0]["code"] == "99999-9"  # the row's code, read from the registry
    again = igflab.from_fhir(obs, age=50, sex="male")
    assert (again.analyte, again.reference.id, again.zone) == (KEY, "synth_table", r.zone)
    assert math.isclose(again.sds or 0.0, r.sds or 0.0, rel_tol=1e-9)
    pytest.importorskip("matplotlib")
    ax = igflab.plot(r)
    assert ax.get_title().startswith("Synthetic-1 ")
    gids = {a.get_gid() for a in ax.get_children()}
    assert {"p50-male", "result"} <= gids
    assert "adult-mid-range" not in gids  # the adult band is IGF-1's
