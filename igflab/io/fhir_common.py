"""What the FHIR writers share (:mod:`igflab.io.fhir_out` and the panel's, :mod:`igflab.io.fhir_panel`).

Numbers rounded for export, UCUM quantities, codings, ``referenceRange.age`` and the subject's
Reference, as plain JSON-ready dicts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from igflab.errors import InputError
from igflab.text.format import age_text, band_text

from .fhir_codes import UCUM

__all__ = ["age_range", "coding", "quantity", "rounded", "significant", "subject_reference"]


def rounded(x: float, places: int) -> float | int:
    """Round for export; whole numbers are written without a fraction."""
    r = round(float(x), places)
    if r == 0:
        r = 0.0  # no negative zero
    return int(r) if r.is_integer() and abs(r) < 1e15 else r


def significant(x: float, digits: int) -> float | int:
    """``x`` to ``digits`` significant digits (at least one decimal below 100), for limits in any unit."""
    places = max(0, digits - 1 - math.floor(math.log10(abs(x)))) if x else 0
    return rounded(x, places)


def quantity(value: float | int, unit: str, comparator: str | None = None) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value}
    if comparator is not None:
        q["comparator"] = comparator
    q.update({"unit": unit, "system": UCUM, "code": unit})
    return q


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": system, "code": code}
    if display is not None:
        out["display"] = display
    return out


def _years(x: float) -> dict[str, Any]:
    return quantity(rounded(x, 3), "a")


def age_range(age: float, band: tuple[float, float | None] | None) -> tuple[dict[str, Any], str]:
    """``referenceRange.age`` (FHIR ranges include both ends) and its words.

    A band "40 to under 50 years" ends a thousandth of a year (about 9 hours) before 50, so it
    does not claim 50; an LMS interval is at the exact age, written as the two hundredths of a
    year around it.
    """
    if band is not None:
        lo, hi = band
        rng = {"low": _years(lo)} if hi is None else {"low": _years(lo), "high": _years(hi - 0.001)}
        return rng, f"age band {band_text(band)}"
    low, high = math.floor(age * 100) / 100, math.ceil(age * 100) / 100
    return {"low": _years(low), "high": _years(high)}, f"at age {age_text(age)}"


# A FHIR literal reference: a relative one (Type/id, Type/id/_history/version), a urn, or an absolute URL.
_REFERENCE = re.compile(
    r"([A-Z][A-Za-z]+/[A-Za-z0-9.-]{1,64}(/_history/[A-Za-z0-9.-]{1,64})?|urn:(uuid|oid):[A-Za-z0-9.:-]+|https?://\S+)"
)
_REFERENCE_KEYS = {"reference", "type", "identifier", "display"}


def subject_reference(subject: object) -> dict[str, Any]:
    """A FHIR Reference from ``"Patient/123"`` or a Reference dict (checked, so the Observation validates)."""
    if isinstance(subject, str):
        subject = {"reference": subject.strip()}
    if not isinstance(subject, Mapping) or not subject:
        raise InputError("subject must be a reference such as 'Patient/123' or a FHIR Reference", field="subject")
    out = dict(subject)
    extra = sorted(str(k) for k in set(out) - _REFERENCE_KEYS)
    if extra:
        raise InputError(
            f"subject has {extra[0]!r}; a FHIR Reference has {', '.join(sorted(_REFERENCE_KEYS))}", field="subject"
        )
    ref = out.get("reference")
    if ref is not None and not (isinstance(ref, str) and _REFERENCE.fullmatch(ref)):
        raise InputError(
            f"subject reference {str(ref)[:60]!r} is not a FHIR reference such as 'Patient/123'", field="subject"
        )
    for key in ("type", "display"):
        if key in out and not (isinstance(out[key], str) and out[key].strip()):
            raise InputError(f"subject {key} must be non-empty text", field="subject")
    ident = out.get("identifier")
    if ident is not None and not (
        isinstance(ident, Mapping)
        and all(isinstance(ident.get(k, ""), str) for k in ("system", "value"))
        and ident.get("value")
    ):
        raise InputError("subject identifier must be an Identifier with a text value (and system)", field="subject")
    if not ({"reference", "identifier", "display"} & set(out)):
        raise InputError("subject needs a reference, an identifier or a display", field="subject")
    return out
