"""The embedding examples run: the FastAPI service through its test client, and the FHIR store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import igflab
from tests.support import FIXTURES, ROOT, load_module

EXAMPLES = ROOT / "examples"


def load(name: str) -> ModuleType:
    return load_module(EXAMPLES / f"{name}.py", f"igflab_example_{name}")


@pytest.fixture(scope="module")
def client() -> Any:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    return load("web_service").make_client()


def test_post_interpret_returns_the_interpretation(client: Any) -> None:
    body = {"value": 19.6, "unit": "nmol/L", "birth_date": "1981-03-02", "collected": "2026-03-02", "sex": "f"}
    answer = client.post("/interpret", json=body)
    assert answer.status_code == 200
    expected = igflab.interpret(19.6, "nmol/L", birth_date="1981-03-02", collected="2026-03-02", sex="f")
    assert answer.json() == expected.model_dump(mode="json")
    # The response parses back into the model: the JSON contract holds over HTTP.
    assert igflab.Interpretation.model_validate(answer.json()) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "150 kg", "age": 45, "sex": "male"}, "unit"),
        ({"value": "150 ng/mL", "age": 200, "sex": "male"}, "age"),
        ({"value": "150 ng/mL", "age": 45, "sex": "robot"}, "sex"),
        ({"value": "150 ng/mL", "age": 45, "sex": "male", "lab_range": "328-52"}, "lab_range"),
    ],
)
def test_igflab_errors_are_422_with_the_field(client: Any, body: dict[str, Any], field: str) -> None:
    answer = client.post("/interpret", json=body)
    assert answer.status_code == 422
    data = answer.json()
    assert data["field"] == field
    assert data["message"]
    assert data["code"].endswith("_error")


def test_malformed_request_is_422(client: Any) -> None:
    answer = client.post("/interpret", json={"value": "150 ng/mL", "age": 45})  # no sex
    assert answer.status_code == 422
    assert "sex" in json.dumps(answer.json())


def test_fhir_endpoints(client: Any) -> None:
    body = {"value": "150 ng/mL", "age": 45, "sex": "male"}
    answer = client.post("/interpret/fhir", json=body, params={"subject": "Patient/7", "effective": "2026-03-02"})
    assert answer.status_code == 200
    obs = answer.json()
    assert obs["subject"] == {"reference": "Patient/7"}
    assert obs["interpretation"][0]["coding"][0]["code"] == "N"
    r4b = pytest.importorskip("fhir.resources.R4B.observation")
    r4b.Observation.model_validate(obs)

    bundle = json.loads((FIXTURES / "fhir" / "bundle_patient_observation_nmol.json").read_text(encoding="utf-8"))
    answer = client.post("/fhir/interpret", json=bundle)
    assert answer.status_code == 200
    assert answer.json()["flag"] == "L"
    bundle["entry"][0]["resource"]["gender"] = "robot"
    answer = client.post("/fhir/interpret", json=bundle)
    assert answer.status_code == 422
    assert answer.json()["field"] == "Patient.gender"


def test_store_fhir_example(tmp_path: Path) -> None:
    store = load("store_fhir")
    db_path = tmp_path / "records.sqlite"
    rows = store.main(str(db_path))
    assert len(rows) == len(store.RESULTS)
    # What was stored reads back to the same flag.
    for _oid, _pid, stored_flag, reread_flag in rows:
        assert stored_flag == reread_flag
    db = sqlite3.connect(db_path)
    bodies = [json.loads(b) for (b,) in db.execute("SELECT body FROM resource WHERE type = 'Observation'")]
    db.close()
    assert len(bodies) == len(store.RESULTS)
    r4b = pytest.importorskip("fhir.resources.R4B.observation")
    for obs in bodies:
        r4b.Observation.model_validate(obs)
    # The boy's stored result keeps the lab's 146-541 ng/mL range (Quest LC/MS, boys 12 y).
    ben = next(o for o in bodies if o["subject"]["reference"] == "Patient/ben")
    assert (ben["referenceRange"][0]["low"]["value"], ben["referenceRange"][0]["high"]["value"]) == (146, 541)


def test_store_fhir_runs_as_a_script() -> None:
    p = subprocess.run(
        [sys.executable, str(EXAMPLES / "store_fhir.py")], capture_output=True, text=True, timeout=60, check=False
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("Observation/") == 3


def test_embedding_page_python_runs(tmp_path: Path) -> None:
    """The Python blocks of docs/embedding.md, run in order in one interpreter as a reader would."""
    text = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    blocks = [b.split("\n", 1)[1] for b in text.split("```")[1::2] if b.startswith("python\n")]
    assert len(blocks) >= 3
    p = subprocess.run(
        [sys.executable, "-c", "\n".join(blocks)], capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False
    )
    assert p.returncode == 0, p.stderr[-2000:]
