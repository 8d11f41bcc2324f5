"""The series contract: FHIR Bundle round trip (validated with fhir.resources), JSON request and
committed schemas, and the safety review of every series sentence."""

from __future__ import annotations

import inspect
import json
import string
from typing import Any

import pytest

import igflab
from igflab.io.series_json import SERIES_SCHEMA_FILES, parse_series_request, series_request, series_schema_text
from igflab.series_models import SeriesRequest
from igflab.text.citations import catalog
from tests.contract.test_safety import BANNED, CAUSAL
from tests.support import ROOT

ACRO = json.loads((ROOT / "examples/series/acromegaly.json").read_text(encoding="utf-8"))
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1978-04-02"}


def _acro() -> igflab.SeriesInterpretation:
    return series_request(ACRO)


def _with_patient(bundle: dict[str, Any]) -> dict[str, Any]:
    return {**bundle, "entry": [{"fullUrl": "urn:uuid:p1", "resource": PATIENT}, *bundle["entry"]]}


def test_fhir_bundle_round_trip_validates_and_keeps_every_flag() -> None:
    bundle_mod = pytest.importorskip("fhir.resources.bundle")
    s = series_request({**ACRO, "cv_within": 0.08, "cv_analytical": 0.03})  # tighter CVs: every step is D
    assert [c.flag for c in s.changes] == ["D", "D", "D"]
    out = igflab.series_to_fhir(s, subject="Patient/p1")
    bundle_mod.Bundle.model_validate(out)
    entries = out["entry"]
    assert len(entries) == 4
    for k, e in enumerate(entries):
        obs = e["resource"]
        codes = [c["code"] for i in obs["interpretation"] for c in i["coding"]]
        assert codes[0] == s.results[k].interpretation.flag.value
        if k == 0:
            assert "derivedFrom" not in obs
        else:
            assert obs["derivedFrom"][0]["reference"] == entries[k - 1]["fullUrl"]
            assert codes[-1] == s.changes[k - 1].flag
    back = igflab.series_from_fhir(_with_patient(out), cv_within=0.08, cv_analytical=0.03)
    assert [c.flag for c in back.changes] == [c.flag for c in s.changes]
    assert back.overall is not None
    assert s.overall is not None
    assert back.overall.flag == s.overall.flag
    assert [r.interpretation.flag for r in back.results] == [r.interpretation.flag for r in s.results]
    assert [r.collected for r in back.results] == [r.collected for r in s.results]
    for a, b in zip(back.results, s.results, strict=True):
        assert a.interpretation.sds == pytest.approx(b.interpretation.sds)
        assert a.x_uln == pytest.approx(b.x_uln)


def test_fhir_in_takes_the_bundle_from_fhir_refuses_and_reads_the_context() -> None:
    bundle = _with_patient(igflab.series_to_fhir(_acro(), subject="Patient/p1"))
    with pytest.raises(igflab.InputError, match="series_from_fhir"):
        igflab.from_fhir(bundle)
    s = igflab.series_from_fhir(json.dumps(bundle), context="acromegaly-treatment")
    assert s.monitoring[0].latest_within_upper_limit is True
    assert s.results[0].interpretation.age == pytest.approx(
        igflab.interpret(440, "ng/mL", sex="m", birth_date="1978-04-02", collected="2025-01-15").age
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: {**b, "resourceType": "Observation"}, "resourceType"),
        (lambda b: {**b, "entry": []}, "Bundle.entry"),
        (lambda b: {**b, "entry": [*b["entry"], {"resource": {**PATIENT, "id": "p2"}}]}, "Bundle.entry"),
        (
            lambda b: {
                **b,
                "entry": [
                    *b["entry"][:-1],
                    {"resource": {**b["entry"][-1]["resource"], "subject": {"reference": "Patient/other"}}},
                ],
            },
            "Observation.subject",
        ),
    ],
)
def test_fhir_bundles_that_are_not_one_persons_series_are_refused(change: Any, field: str) -> None:
    bundle = _with_patient(igflab.series_to_fhir(_acro(), subject="Patient/p1"))
    with pytest.raises(igflab.InputError) as e:
        igflab.series_from_fhir(change(bundle))
    assert e.value.field == field


@pytest.mark.parametrize("kind", sorted(SERIES_SCHEMA_FILES))
def test_committed_series_schemas_are_up_to_date(kind: str) -> None:
    path = ROOT / SERIES_SCHEMA_FILES[kind]  # type: ignore[index]
    assert path.read_text(encoding="utf-8") == series_schema_text(kind), (  # type: ignore[arg-type]
        f"regenerate with: igflab schema {kind} > {SERIES_SCHEMA_FILES[kind]}"  # type: ignore[index]
    )


def test_request_fields_are_interpret_series_parameters() -> None:
    params = set(inspect.signature(igflab.interpret_series).parameters) - {"ages"}
    assert set(SeriesRequest.model_fields) == params


def test_json_output_and_request_validate_against_the_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    out = json.loads(_acro().model_dump_json())
    jsonschema.validate(out, json.loads(series_schema_text("series-output")))
    jsonschema.validate(ACRO, json.loads(series_schema_text("series-input")))


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({"sex": "m"}, "results"),
        ({**ACRO, "results": []}, "results"),
        ({**ACRO, "colour": "red"}, "colour"),
        ({**ACRO, "results": [{"value": 1, "when": 3}]}, "results[0].when"),
        ("{not json", "request"),
        ("[1]", "request"),
    ],
)
def test_bad_requests_name_the_field(request_: Any, field: str) -> None:
    with pytest.raises(igflab.InputError) as e:
        parse_series_request(request_)
    assert e.value.field == field


def _sentences() -> dict[str, str]:
    from igflab.text import series as text
    from igflab.text.series import SERIES_GUIDANCE, SERIES_GUIDANCE_CHILD, SERIES_TEMPLATES

    out = {k: t.text for k, t in SERIES_TEMPLATES.items()}
    out.update({f"warning:{k}": v for k, v in text.SERIES_WARNINGS.items()})
    out["guidance"] = SERIES_GUIDANCE
    out["guidance_child"] = SERIES_GUIDANCE_CHILD
    return out


@pytest.mark.parametrize("key", sorted(_sentences()))
def test_every_series_sentence_passes_the_safety_review(key: str) -> None:
    text = _sentences()[key]
    fields = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    plain = text.format(**dict.fromkeys(fields, "")).lower()
    for phrase in [*BANNED, "confirms", "diagnosis of"]:
        assert phrase not in plain, (key, phrase)
    assert not CAUSAL.search(plain), key


def test_every_series_template_is_cited_from_the_catalog() -> None:
    from igflab.text.series import SERIES_TEMPLATES

    for key, t in SERIES_TEMPLATES.items():
        assert t.citations, key
        assert set(t.citations) <= set(catalog()), key
        assert t.evidence_grade, key
