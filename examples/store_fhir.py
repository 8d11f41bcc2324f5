"""A health app storing igflab's FHIR output, and reading a stored record back.

The app keeps FHIR resources as JSON in SQLite (standard library only). Each new IGF-1 result
is interpreted, turned into an R4 Observation with ``igflab.to_fhir`` and stored next to the
Patient. Later, a stored Patient and Observation are put in a Bundle and interpreted again
with ``igflab.from_fhir`` (for instance after an igflab update, or in another service).

Run:  python examples/store_fhir.py [database.sqlite]
"""

from __future__ import annotations

import json
import sqlite3
import sys
import uuid
from typing import Any

import igflab

PATIENTS = [
    {"resourceType": "Patient", "id": "anna", "gender": "female", "birthDate": "1979-04-12"},
    {"resourceType": "Patient", "id": "ben", "gender": "male", "birthDate": "2013-10-03"},
]

# (patient id, collection date, result as the report prints it, the lab's printed range or None)
RESULTS = [
    ("anna", "2026-03-02", "142 ng/mL", None),
    ("anna", "2026-09-14", "18.1 nmol/L", None),
    ("ben", "2026-05-20", "305 ng/mL", "146-541"),
]


def open_store(path: str = ":memory:") -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE IF NOT EXISTS resource (type TEXT, id TEXT PRIMARY KEY, subject TEXT, body TEXT)")
    return db


def put(db: sqlite3.Connection, resource: dict[str, Any], subject: str | None = None) -> str:
    rid = resource.setdefault("id", str(uuid.uuid4()))
    db.execute(
        "INSERT OR REPLACE INTO resource VALUES (?, ?, ?, ?)",
        (resource["resourceType"], rid, subject, json.dumps(resource, ensure_ascii=False)),
    )
    return str(rid)


def record_result(db: sqlite3.Connection, patient: dict[str, Any], collected: str, text: str, lab: str | None) -> str:
    """Interpret one result and store it as a FHIR Observation; returns the Observation id."""
    r = igflab.interpret(
        text,
        birth_date=patient["birthDate"],
        collected=collected,
        sex=patient["gender"],
        lab_range=lab,
    )
    obs = igflab.to_fhir(r, subject=f"Patient/{patient['id']}", effective=collected)
    return put(db, dict(obs), subject=patient["id"])


def reread(db: sqlite3.Connection, observation_id: str) -> igflab.Interpretation:
    """Interpret a stored Observation again, from a Bundle of it and its Patient."""
    (body, subject) = db.execute("SELECT body, subject FROM resource WHERE id = ?", (observation_id,)).fetchone()
    (patient,) = db.execute("SELECT body FROM resource WHERE type = 'Patient' AND id = ?", (subject,)).fetchone()
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": json.loads(patient)}, {"resource": json.loads(body)}],
    }
    return igflab.from_fhir(bundle)


def main(path: str = ":memory:") -> list[tuple[str, str, str, str]]:
    """Store the example results; returns (observation id, patient, flag when stored, flag re-read)."""
    db = open_store(path)
    patients = {p["id"]: p for p in PATIENTS}
    for p in PATIENTS:
        put(db, dict(p))
    rows = []
    for pid, collected, text, lab in RESULTS:
        oid = record_result(db, patients[pid], collected, text, lab)
        stored = json.loads(db.execute("SELECT body FROM resource WHERE id = ?", (oid,)).fetchone()[0])
        flag = stored["interpretation"][0]["coding"][0]["code"]
        again = reread(db, oid)
        rows.append((oid, pid, flag, again.flag.value))
        print(f"{pid:5} {collected}  {text:12} -> Observation/{oid[:8]} flag {flag}; re-read: {again.zone.value}")
    db.commit()
    db.close()
    return rows


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ":memory:")
