"""FHIR R4 in, the ranges: the laboratory's ``referenceRange`` (and igflab's own published one)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from igflab.errors import LabRangeError
from igflab.inputs.lab_range import parse_lab_range
from igflab.inputs.units import unit_factor
from igflab.text.words import ResultWarning

from .fhir_code import codes
from .fhir_codes import ADMINISTRATIVE_GENDER, PUBLISHED_RANGE_PREFIX, RANGE_MEANING
from .fhir_values import quantity_number, unit_of

__all__ = ["age_bound", "applies_to", "lab_and_reference", "named_and_other", "range_quantity"]


def range_quantity(q: Any, path: str) -> float | None:
    if q is None:
        return None
    if not isinstance(q, Mapping):
        raise LabRangeError(f"{path} must be a Quantity object", field=path)
    number = quantity_number(q, path)
    return number * unit_factor(unit_of(q, path))[1]


def applies_to(rng: Mapping[str, Any], sex: str, age: float | None) -> bool:
    applies = rng.get("appliesTo") or []
    if not isinstance(applies, list):
        raise LabRangeError("Observation.referenceRange.appliesTo must be a list", field="Observation.referenceRange")
    genders = [c for a in applies for c in codes(a, ADMINISTRATIVE_GENDER)]
    if genders and sex in ("male", "female") and sex not in genders:
        return False
    band = rng.get("age")
    if age is None or not isinstance(band, Mapping):
        return True
    low, high = age_bound(band.get("low")), age_bound(band.get("high"))
    return (low is None or age >= low) and (high is None or age <= high)


_YEARS_PER = {"a": 1.0, "mo": 1 / 12, "wk": 7 / 365.25, "d": 1 / 365.25}


def age_bound(q: Any) -> float | None:
    """An age limit of a referenceRange in years (UCUM a, mo, wk or d), or None when absent."""
    if not isinstance(q, Mapping) or isinstance(q.get("value"), bool) or not isinstance(q.get("value"), (int, float)):
        return None
    value = q["value"]
    try:
        years = float(value)
    except OverflowError:  # an integer beyond the range of a float
        years = math.inf if value > 0 else -math.inf
    return years * _YEARS_PER.get(str(q.get("code", "a")), 1.0)


def lab_and_reference(
    obs: Mapping[str, Any], sex: str, age: float | None, warns: list[ResultWarning]
) -> tuple[tuple[float, float] | None, str | None, str]:
    """The laboratory's range (ng/mL), the published reference id written by to_fhir, and its path."""
    ranges = obs.get("referenceRange") or []
    if not isinstance(ranges, list):
        raise LabRangeError("Observation.referenceRange must be a list", field="Observation.referenceRange")
    published: str | None = None
    candidates: list[tuple[int, Mapping[str, Any]]] = []
    for i, rng in enumerate(ranges):
        if not isinstance(rng, Mapping):
            continue
        text = rng.get("text")
        if isinstance(text, str) and text.startswith(PUBLISHED_RANGE_PREFIX):
            published = text[len(PUBLISHED_RANGE_PREFIX) :].split(":", 1)[0].strip() or published
            continue
        types = codes(rng.get("type"), RANGE_MEANING)
        if rng.get("type") is not None and "normal" not in types:
            continue
        if applies_to(rng, sex, age):
            candidates.append((i, rng))
    if not candidates:
        return None, published, "Observation.referenceRange"
    if len(candidates) > 1:
        which = ", ".join(f"[{i}]" for i, _ in candidates)
        raise LabRangeError(
            f"Observation.referenceRange {which} all apply to this person; igflab needs one laboratory range",
            field="Observation.referenceRange",
        )
    i, rng = candidates[0]
    path = f"Observation.referenceRange[{i}]"
    lo = range_quantity(rng.get("low"), f"{path}.low")
    hi = range_quantity(rng.get("high"), f"{path}.high")
    if lo is not None and hi is not None:
        return (lo, hi), published, path
    if lo is None and hi is None and isinstance(rng.get("text"), str):
        try:
            lo_t, hi_t = parse_lab_range(rng["text"], None)[:2]
        except LabRangeError:
            pass
        else:
            return (lo_t, hi_t), published, f"{path}.text"
    missing = "low" if lo is None else "high"
    warns.append(
        ResultWarning(
            code="lab_range_incomplete",
            message=f"{path} has no usable {missing} limit; igflab needs both limits of the laboratory's range, "
            "so the published reference decides the flag",
            field=f"{path}.{missing}",
        )
    )
    return None, published, path


def named_and_other(obs: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The published reference an igflab range on the Observation names (``referenceRange.text``), if any; and
    whether it also carries a range of another origin (the laboratory's own), without reading that range."""
    named, other = None, False
    for rng in obs.get("referenceRange") or ():
        text = rng.get("text") if isinstance(rng, Mapping) else None
        if isinstance(text, str) and text.startswith(PUBLISHED_RANGE_PREFIX):
            named = named or text[len(PUBLISHED_RANGE_PREFIX) :].split(":", 1)[0].strip()
        else:
            other = True
    return named, other
