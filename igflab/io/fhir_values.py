"""FHIR R4 in, the value: ``valueQuantity`` (or ``valueString``), its unit, and the collection date."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from igflab.errors import AgeError, UnitError, ValueInputError
from igflab.inputs.units import UCUM_CODES, known_unit, unit_factor

from .fhir_code import concept_text
from .fhir_codes import FULL_DATE, UCUM

__all__ = ["date_text", "effective_date", "observation_value", "quantity_number", "unit_of"]

_COMPARATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


def unit_of(q: Mapping[str, Any], path: str) -> str:
    """igflab's unit for a FHIR Quantity: from its UCUM code, else from its unit text."""
    code, system, text = q.get("code"), q.get("system"), q.get("unit")
    from_code: str | None = None
    if code is not None and system in (None, UCUM):
        if not isinstance(code, str) or code not in UCUM_CODES:
            known = ", ".join(c for c in UCUM_CODES if not c.endswith("l"))
            raise UnitError(
                f"{path}.code {code!r} is not a UCUM concentration unit igflab reads (known: {known})",
                field=f"{path}.code",
            )
        from_code = UCUM_CODES[code]
    if isinstance(text, str) and text.strip():
        if "{" in text:
            raise UnitError(f"{path}.unit {text!r} is not a concentration unit", field=f"{path}.unit")
        if from_code is not None:
            hit = known_unit(text)
            if hit is not None and not math.isclose(hit.factor, unit_factor(from_code)[1], rel_tol=1e-12):
                raise UnitError(
                    f"{path}.unit {text!r} contradicts {path}.code {code!r}; they must name the same unit",
                    field=f"{path}.unit",
                )
            return from_code
        try:
            return unit_factor(text)[0]
        except UnitError as exc:
            raise UnitError(f"{path}.unit: {exc.message}", field=f"{path}.unit") from None
    if from_code is not None:
        return from_code
    if code is not None:
        raise UnitError(
            f"{path}.system {system!r} is not UCUM ({UCUM}) and {path}.unit is missing", field=f"{path}.system"
        )
    raise UnitError(f"{path} has no unit (give the UCUM code, e.g. ng/mL or nmol/L)", field=f"{path}.code")


def quantity_number(q: Mapping[str, Any], path: str) -> float:
    v = q.get("value")
    if v is None:
        raise ValueInputError(f"{path}.value is missing", field=f"{path}.value")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueInputError(f"{path}.value must be a JSON number, got {v!r}", field=f"{path}.value")
    try:
        return float(v)
    except OverflowError:  # an integer beyond the range of a float
        raise ValueInputError(f"{path}.value is too large", field=f"{path}.value") from None


def observation_value(obs: Mapping[str, Any]) -> tuple[Any, str | None, str]:
    """``(value, unit, path)`` for :func:`interpret`, from valueQuantity (or valueString)."""
    if obs.get("dataAbsentReason") is not None:
        reason = obs["dataAbsentReason"]
        shown = concept_text(reason)
        raise ValueInputError(
            f"Observation.dataAbsentReason is set ({shown or 'no value'}); there is no result to interpret",
            field="Observation.dataAbsentReason",
        )
    q = obs.get("valueQuantity")
    if q is None:
        text = obs.get("valueString")
        if isinstance(text, str):
            return text, None, "Observation.valueString"
        other = [k for k, v in obs.items() if str(k).startswith("value") and v is not None]
        what = f"it has {other[0]} instead" if other else "it has no value"
        raise ValueInputError(f"Observation.valueQuantity is missing; {what}", field="Observation.valueQuantity")
    path = "Observation.valueQuantity"
    if not isinstance(q, Mapping):
        raise ValueInputError(f"{path} must be a Quantity object", field=path)
    number = quantity_number(q, path)
    unit = unit_of(q, path)
    comp = q.get("comparator")
    if comp is None:
        return number, unit, path
    if comp not in _COMPARATORS:
        raise ValueInputError(
            f"{path}.comparator {comp!r} is not one igflab reads (<, <=, >=, >)", field=f"{path}.comparator"
        )
    return f"{_COMPARATORS[comp]}{number!r}", unit, path


def date_text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AgeError(f"{path} must be a date (YYYY-MM-DD)", field=path)
    text = value.strip()
    if not FULL_DATE.match(text):
        raise AgeError(f"{path} {text!r} is not a full date; the exact age needs year, month and day", field=path)
    return text


def effective_date(obs: Mapping[str, Any]) -> tuple[str, str] | None:
    for key in ("effectiveDateTime", "effectiveInstant"):
        if obs.get(key) is not None:
            path = f"Observation.{key}"
            return date_text(obs[key], path), path
    period = obs.get("effectivePeriod")
    if isinstance(period, Mapping) and period.get("start") is not None:
        path = "Observation.effectivePeriod.start"
        return date_text(period["start"], path), path
    return None
