"""What a CDS Hooks 2.0 client sends: the hook request and the feedback, checked field by field.

A request the specification's shapes do not allow is answered 400 with the field it is about
(``context.patientId``, ``prefetch.item1`` ...), as the FHIR validator's ``CDSHooksRequest`` and
``CDSHooksFeedback`` logical models (HL7/cds-hooks, ``input/fsh/logicals``) read it: the
required fields, FHIR ids where ids are meant, ``fhirServer`` whenever ``fhirAuthorization`` is
given (``cds-r-1``), and prefetch values that are FHIR resources or ``null``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import HttpProblem

__all__ = ["FHIR_ID", "Feedback", "HookRequest", "bad_request", "read_feedback", "read_hook_request"]

#: A FHIR ``id``: 1 to 64 letters, digits, ``-`` and ``.``.
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_OUTCOMES = ("accepted", "overridden")


def bad_request(field: str | None, message: str) -> HttpProblem:
    """A 400 answer about ``field``."""
    return HttpProblem(400, "bad_request", field, message)


@dataclass(frozen=True)
class HookRequest:
    """A ``patient-view`` request as the service uses it."""

    hook_instance: str
    patient_id: str
    fhir_server: str | None
    access_token: str | None
    prefetch: Mapping[str, Any]


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{where}{key}", f"{where}{key} is required and must be a non-empty string")
    return value


def _maybe_text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    return None if data.get(key) is None else _text(data, key, where)


def _object(data: Mapping[str, Any], key: str, where: str = "") -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise bad_request(f"{where}{key}", f"{where}{key} must be a JSON object")
    return value


def _fhir_id(value: str | None, field: str) -> None:
    if value is not None and not FHIR_ID.fullmatch(value):
        raise bad_request(field, f"{field} must be a FHIR id (letters, digits, '-' and '.'), e.g. '1288992'")


def _token(auth: Mapping[str, Any]) -> str:
    where = "fhirAuthorization."
    token = _text(auth, "access_token", where)
    if auth.get("token_type") != "Bearer":
        raise bad_request(f"{where}token_type", f"{where}token_type must be 'Bearer'")
    expires = auth.get("expires_in")
    if isinstance(expires, bool) or not isinstance(expires, int):
        raise bad_request(f"{where}expires_in", f"{where}expires_in is required and must be an integer")
    _text(auth, "scope", where)
    _text(auth, "subject", where)
    _fhir_id(_maybe_text(auth, "patient", where), f"{where}patient")
    return token


def _prefetch(body: Mapping[str, Any]) -> Mapping[str, Any]:
    prefetch = _object(body, "prefetch") or {}
    for key, value in prefetch.items():
        if value is None:
            continue
        if not isinstance(value, Mapping) or not isinstance(value.get("resourceType"), str):
            raise bad_request(f"prefetch.{key}", f"prefetch.{key} must be a FHIR resource (with resourceType) or null")
    return prefetch


def read_hook_request(body: Any, hook: str) -> HookRequest:
    """The request for the service of ``hook`` (e.g. ``patient-view``), or a 400 naming the field."""
    if not isinstance(body, Mapping):
        raise bad_request(None, "the body must be a JSON object: a CDS Hooks request")
    given = _text(body, "hook", "")
    if given != hook:
        raise bad_request("hook", f"this service answers the {hook} hook, not {given!r}")
    hook_instance = _text(body, "hookInstance", "")
    context = _object(body, "context")
    if context is None:
        raise bad_request("context", "context is required: the hook's context (userId, patientId)")
    _text(context, "userId", "context.")
    patient_id = _text(context, "patientId", "context.")
    _fhir_id(patient_id, "context.patientId")
    _fhir_id(_maybe_text(context, "encounterId", "context."), "context.encounterId")
    fhir_server = _maybe_text(body, "fhirServer", "")
    auth = _object(body, "fhirAuthorization")
    if auth is not None and fhir_server is None:
        raise bad_request("fhirServer", "fhirServer is required when fhirAuthorization is given")
    token = _token(auth) if auth is not None else None
    return HookRequest(hook_instance, patient_id, fhir_server, token, _prefetch(body))


@dataclass(frozen=True)
class Feedback:
    """One feedback entry: the card, the outcome, when, and the override reason's code (if any)."""

    card: str
    outcome: str
    outcome_timestamp: str
    accepted: tuple[str, ...]
    override_code: str | None


def _feedback_entry(item: Any, where: str) -> Feedback:
    if not isinstance(item, Mapping):
        raise bad_request(where, f"{where} must be a JSON object")
    card = _text(item, "card", f"{where}.")
    outcome = item.get("outcome")
    if outcome not in _OUTCOMES:
        raise bad_request(f"{where}.outcome", f"{where}.outcome must be 'accepted' or 'overridden'")
    stamp = _text(item, "outcomeTimestamp", f"{where}.")
    accepted = item.get("acceptedSuggestions")
    ids: list[str] = []
    if accepted is not None or outcome == "accepted":
        if not isinstance(accepted, list) or not accepted:
            raise bad_request(f"{where}.acceptedSuggestions", f"{where}.acceptedSuggestions is required when accepted")
        for k, s in enumerate(accepted):
            if not isinstance(s, Mapping):
                raise bad_request(f"{where}.acceptedSuggestions[{k}]", "an accepted suggestion is an object with id")
            ids.append(_text(s, "id", f"{where}.acceptedSuggestions[{k}]."))
    reason = _object(item, "overrideReason", f"{where}.")
    code = None
    if reason is not None:
        coding = _object(reason, "reason", f"{where}.overrideReason.")
        comment = reason.get("userComment")
        if coding is None and not (isinstance(comment, str) and comment.strip()):
            raise bad_request(f"{where}.overrideReason", "an overrideReason holds a reason, a userComment or both")
        code = str(coding.get("code")) if coding is not None and coding.get("code") is not None else None
    return Feedback(card, str(outcome), stamp, tuple(ids), code)


def read_feedback(body: Any) -> tuple[Feedback, ...]:
    """The entries of a feedback request (CDS Hooks 2.0 "Feedback"), or a 400 naming the field."""
    if not isinstance(body, Mapping):
        raise bad_request(None, 'the body must be a JSON object: {"feedback": [...]}')
    entries = body.get("feedback")
    if not isinstance(entries, list) or not entries:
        raise bad_request("feedback", "feedback is required: an array of feedback entries")
    return tuple(_feedback_entry(item, f"feedback[{k}]") for k, item in enumerate(entries))
