"""CDS Hooks 2.0 ``patient-view``: which result the card is about, and what the card says.

The card's figures, zone words, warnings and change are derived from the library (``igflab.interpret``,
``igflab.interpret_series``, ``ZONE_PLAIN``), never written here; the response is checked against
the specification's shapes (:mod:`tests.cds_support`). The 412 and fetching rules are in
tests/unit/test_cds_fetch.py, the official fixtures in test_cds_fixtures.py.
"""

from __future__ import annotations

import copy
import html
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("fastapi")
pytest.importorskip("jsonschema")

import igflab
from igflab.text.figures import display_unit, figures
from igflab.text.zones import ZONE_PLAIN
from igflab.web.cds import SERVICE_ID, cds_cards
from igflab.web.cds_card import md_text
from tests.cds_support import (
    PATIENT,
    card_problems,
    hook_request,
    observation,
    response_problems,
    search,
    services_problems,
)
from tests.support import web_client

BIRTH, SEX = PATIENT["birthDate"], PATIENT["gender"]


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


def _card(client: Any, *observations: dict[str, Any], patient: dict[str, Any] = PATIENT) -> dict[str, Any]:
    answer = client.post(
        f"/cds-services/{SERVICE_ID}", json=hook_request({"patient": patient, "igf1": search(*observations)})
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert response_problems(body) == []
    assert card_problems(body) == []
    (card,) = body["cards"]
    return dict(card)


def _summary(value: float, unit: str, day: str, status: str = "") -> str:
    """The card's summary, from the library's result: hedged when the result carries a warning."""
    r = igflab.interpret(value, unit, birth_date=BIRTH, collected=day, sex=SEX)
    shown = figures(r.value.ng_per_ml, display_unit(r.value.input_unit), r.value.censored)
    hedge = "Please check the input: " if r.warnings else ""
    return f"{hedge}IGF-1 {shown} on {day}{status}: {ZONE_PLAIN[r.zone]}"


def test_discovery_passes_the_check_and_declares_the_prefetch_templates(client: Any) -> None:
    doc = client.get("/cds-services").json()
    assert services_problems(doc) == []
    (service,) = doc["services"]
    assert (service["hook"], service["id"]) == ("patient-view", SERVICE_ID)
    assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert "code=http://loinc.org|2484-4" in service["prefetch"]["igf1"]


@pytest.mark.parametrize("igf1", [None, search()], ids=["null: no data", "a search with no result"])
def test_no_igf1_result_gives_no_card(client: Any, igf1: Any) -> None:
    answer = client.post(f"/cds-services/{SERVICE_ID}", json=hook_request({"patient": PATIENT, "igf1": igf1}))
    assert answer.status_code == 200
    assert answer.json() == {"cards": []}


def test_a_patient_with_two_results_gets_the_latest_and_the_change_since_the_previous(client: Any) -> None:
    # 6.1 nmol/L = 46.7 ng/mL on 2026-01-15, 25.0 nmol/L on 2025-03-01 (woman born 1978-11-20)
    card = _card(client, observation(25.0, "nmol/L", "2025-03-01"), observation(6.1, "nmol/L", "2026-01-15"))
    latest = igflab.interpret(6.1, "nmol/L", birth_date=BIRTH, collected="2026-01-15", sex=SEX)
    assert card["summary"] == _summary(6.1, "nmol/L", "2026-01-15")
    assert card["indicator"] == ("warning" if latest.flag in ("L", "H", "HU") or latest.warnings else "info")
    series = igflab.interpret_series(
        [(25.0, "nmol/L", "2025-03-01"), (6.1, "nmol/L", "2026-01-15")], sex=SEX, birth_date=BIRTH
    )
    assert (
        f"**Since the previous result** (2025-03-01, 25 nmol/L (191 ng/mL)): {md_text(series.changes[0].note)}"
        in (card["detail"])
    )
    assert md_text(latest.summary.text) in card["detail"]
    assert "**Sources**" in card["detail"]
    assert card["source"]["label"].startswith("igflab")
    assert len(card["uuid"]) == 36
    (link,) = card["links"]
    assert link["type"] == "absolute"
    assert "6.10 nmol/L (46.7 ng/mL)" in client.get(link["url"].replace("http://testserver", "")).text


def test_one_result_has_no_change(client: Any) -> None:
    card = _card(client, observation(150.0, "ng/mL", "2026-01-15"))
    assert card["summary"] == _summary(150.0, "ng/mL", "2026-01-15")
    assert "Since the previous result" not in card["detail"]


def test_the_latest_is_chosen_by_instant_with_offsets_honoured(client: Any) -> None:
    # 23:30 at -05:00 on the 15th is 04:30 UTC on the 16th: later than 02:00 UTC on the 16th, though its text
    # sorts first.
    late = observation(900.0, "ng/mL", "2026-01-15T23:30:00-05:00")
    early = observation(150.0, "ng/mL", "2026-01-16T02:00:00+00:00")
    card = _card(client, early, late)
    assert card["summary"] == _summary(900.0, "ng/mL", "2026-01-15")
    # The earlier result, 2.5 hours before: the same day (UTC), so the change has no significance verdict.
    assert "**Since the previous result** (2026-01-16, 150 ng/mL (" in card["detail"]
    assert "no significance verdict" in card["detail"]


@pytest.mark.parametrize(
    "timing",
    [
        {"effectiveInstant": "2026-03-01T08:00:00.000+01:00"},
        {"effectivePeriod": {"start": "2026-03-01T08:00:00Z", "end": "2026-03-01T09:00:00Z"}},
        {"effectivePeriod": {"start": "2026-03-01"}},
    ],
    ids=["effectiveInstant", "effectivePeriod.end", "effectivePeriod.start"],
)
def test_instant_and_period_results_are_not_passed_over(client: Any, timing: dict[str, Any]) -> None:
    newer = observation(900.0, "ng/mL", None, **timing)
    card = _card(client, newer, observation(150.0, "ng/mL", "2026-02-01"))
    assert card["summary"] == _summary(900.0, "ng/mL", "2026-03-01")


@pytest.mark.parametrize(
    ("newer", "said"),
    [
        ({"status": "entered-in-error"}, "Not used: 1 result entered in error."),
        ({"status": "cancelled"}, "Not used: 1 result cancelled."),
        ({"subject": {"reference": "Patient/someone-else"}}, "Not used: 1 result of another patient or none named."),
        ({"subject": None}, "Not used: 1 result of another patient or none named."),
    ],
)
def test_a_newer_invalid_or_other_patients_result_does_not_hide_the_valid_latest(
    client: Any, newer: dict[str, Any], said: str
) -> None:
    bad = observation(900.0, "kg", "2026-03-01") | newer  # unreadable too: it must not even be read
    card = _card(client, bad, observation(150.0, "ng/mL", "2026-02-01"))
    assert card["summary"] == _summary(150.0, "ng/mL", "2026-02-01")
    assert said in card["detail"]


def test_an_absolute_subject_reference_is_the_patient(client: Any) -> None:
    obs = observation(150.0, "ng/mL", "2026-02-01", subject={"reference": "https://ehr.example/fhir/Patient/1288992"})
    assert _card(client, obs)["summary"] == _summary(150.0, "ng/mL", "2026-02-01")


def test_a_prefetched_patient_who_is_not_context_patient_is_refused(client: Any) -> None:
    other = PATIENT | {"id": "someone-else"}
    req = hook_request({"patient": other, "igf1": search(observation(150.0, "ng/mL", "2026-02-01"))})
    answer = client.post(f"/cds-services/{SERVICE_ID}", json=req)
    assert answer.status_code == 400
    assert answer.json()["field"] == "prefetch.patient.id"


@pytest.mark.parametrize("status", ["amended", "corrected"])
def test_an_amended_or_corrected_result_is_used_and_its_status_said(client: Any, status: str) -> None:
    card = _card(client, observation(150.0, "ng/mL", "2026-02-01", status=status))
    assert card["summary"] == _summary(150.0, "ng/mL", "2026-02-01", f" ({status})")
    assert f"reported this result as {status}" in card["detail"]


def test_a_newer_preliminary_result_is_said_not_interpreted(client: Any) -> None:
    card = _card(
        client,
        observation(900.0, "ng/mL", "2026-03-01", status="preliminary"),
        observation(150.0, "ng/mL", "2026-02-01"),
    )
    assert card["summary"] == _summary(150.0, "ng/mL", "2026-02-01")
    assert "A newer IGF-1 result (2026-03-01, preliminary) is not interpreted" in card["detail"]


def test_only_a_preliminary_result_gives_an_info_card_saying_so(client: Any) -> None:
    waiting = observation(900.0, "ng/mL", "2026-03-01", status="preliminary")
    card = _card(client, waiting, observation(150.0, "ng/mL", "2026-02-01", status="entered-in-error"))
    assert card["indicator"] == "info"
    assert card["summary"] == "IGF-1 result of 2026-03-01 is preliminary: not interpreted until final"
    assert "Not used: 1 result entered in error." in card["detail"]
    assert "links" not in card


# A range naming a published reference igflab does not ship, as an image in Markdown: read, with a warning quoting it.
IMAGE = "![t](//pwn.example/t.png)"
NAMED_RANGE = [{"text": f"igflab published reference {IMAGE}"}]


def _markdown() -> Any:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def test_every_warning_reaches_the_card_first_and_request_text_is_never_markdown(client: Any) -> None:
    obs = observation(150.0, "ng/mL", "2026-02-01", referenceRange=NAMED_RANGE)
    card = _card(client, obs)
    r = igflab.from_fhir({"resourceType": "Bundle", "entry": [{"resource": PATIENT}, {"resource": obs}]})
    assert [w.code for w in r.warnings] == ["reference_not_shipped"]
    assert IMAGE in r.warnings[0].message
    assert card["indicator"] == "warning"
    assert card["summary"].startswith("Please check the input: ")
    detail = card["detail"]
    assert detail.startswith("Please check the input first:")  # the summary, whose first sentence quotes them all
    for w in r.warnings:
        assert md_text(w.message) in detail
    rendered = _markdown().render(detail)
    assert "<img" not in rendered
    assert "<a " not in rendered
    assert IMAGE in html.unescape(rendered)  # shown as the characters it is


def test_an_unreadable_latest_result_is_an_info_card_whose_detail_is_plain_text(client: Any) -> None:
    obs = observation(150.0, "ng/mL", "2026-02-01")
    obs["valueQuantity"]["code"] = "![t](http://pwn.example/t.png)"
    card = _card(client, obs)
    assert card["indicator"] == "info"
    assert card["summary"] == "igflab could not read the latest IGF-1 result (Observation.valueQuantity.code)"
    rendered = _markdown().render(card["detail"])
    assert "<img" not in rendered
    assert "<a " not in rendered


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
def test_md_text_renders_as_exactly_its_text(text: str) -> None:
    flat = " ".join(text.split())
    rendered = _markdown().render(md_text(text))
    if not flat:
        assert rendered == ""
        return
    assert rendered.startswith("<p>")
    assert rendered.endswith("</p>\n")
    inner = rendered[3:-5]
    assert "<" not in inner
    assert html.unescape(inner) == flat


@given(
    value=st.floats(min_value=1.0, max_value=2000.0),
    unit=st.sampled_from(["ng/mL", "ug/L", "nmol/L"]),
    year=st.integers(min_value=1981, max_value=2025),
    comparator=st.sampled_from([None, "<", ">"]),
    sex=st.sampled_from(["male", "female", "unknown"]),
)
def test_every_card_fits_the_specification_and_carries_every_warning(
    value: float, unit: str, year: int, comparator: Any, sex: str
) -> None:
    obs = observation(round(value, 1), unit, "2026-06-01")
    if comparator:
        obs["valueQuantity"]["comparator"] = comparator
    patient = copy.deepcopy(PATIENT) | {"gender": sex, "birthDate": f"{year}-01-01"}
    body = cds_cards(hook_request({"patient": patient, "igf1": search(obs)}), "http://127.0.0.1:8000/")
    assert response_problems(body) == []
    assert card_problems(body) == []
    (card,) = body["cards"]
    r = igflab.from_fhir({"resourceType": "Bundle", "entry": [{"resource": patient}, {"resource": obs}]})
    for w in r.warnings:
        assert md_text(w.message) in card["detail"]
    if r.warnings:
        assert card["indicator"] == "warning"
        assert card["summary"].startswith("Please check the input: ")
