"""FHIR R4 in, the code: which analyte's concentration an Observation is, from ``Observation.code``.

An Observation is read as the registered analyte (:mod:`igflab.analytes`) whose LOINC code it
carries (IGF-1 2484-4, IGFBP-3 2483-6), or as IGF-1 (with a warning) when a local or other
coding's display or text names IGF-1 (IGF-1, IGF-I, insulin-like growth factor 1,
somatomedin C). Any other code, and a code that names two analytes, is an error naming
``Observation.code``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from igflab.analytes import IGF1, AnalyteSpec, all_specs
from igflab.errors import InputError
from igflab.text.words import ResultWarning

from .fhir_codes import IGF1_LOINC, IGF1_SDS_LOINC, LOINC

__all__ = ["analyte_of", "check_code", "codes", "codings", "concept_text", "is_igf1", "names_igf1"]


def codings(concept: Any) -> list[Mapping[str, Any]]:
    """The Coding objects of a CodeableConcept (none when it or its ``coding`` is malformed)."""
    codings = concept.get("coding") if isinstance(concept, Mapping) else None
    return [c for c in codings if isinstance(c, Mapping)] if isinstance(codings, list) else []


def codes(concept: Any, system: str) -> list[str]:
    return [str(c.get("code")) for c in codings(concept) if c.get("system") == system]


def concept_text(concept: Any) -> str | None:
    if not isinstance(concept, Mapping):
        return None
    if isinstance(concept.get("text"), str):
        return str(concept["text"])
    for c in codings(concept):
        if c.get("display") or c.get("code"):
            return str(c.get("display") or c.get("code"))
    return None


_IGF1_NAME = re.compile(
    r"\b(igf[\s_-]?(1|i)|insulin[\s_-]*like[\s_-]*growth[\s_-]*factor[\s_-]*(1|i|one)|somatomedin[\s_-]*c)\b",
    re.IGNORECASE,
)
# Words that make a text about something else than the IGF-1 concentration (IGFBP-3, IGF-II,
# a ratio or a score) even when it also names IGF-1.
_OTHER = re.compile(
    r"(binding[\s_-]*protein|igfbp|\bbp[\s_-]?3\b|\bals\b|z[\s_-]?score|\bsds\b|ratio|"
    r"\bigf[\s_-]?(2|ii)\b|growth[\s_-]*factor[\s_-]*(2|ii)\b)",
    re.IGNORECASE,
)


def names_igf1(text: object) -> bool | None:
    """True when ``text`` names the IGF-1 concentration, False when it names something else, None when empty.

    >>> names_igf1("IGF-1, LC/MS"), names_igf1("IGF-I/IGFBP-3 ratio"), names_igf1("Ferritin")
    (True, False, False)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    return bool(_IGF1_NAME.search(text)) and not _OTHER.search(text)


def is_igf1(obs: Mapping[str, Any]) -> bool:
    """Whether a resource is an IGF-1 Observation by its LOINC code (for picking one out of a Bundle)."""
    return IGF1_LOINC in codes(obs.get("code"), LOINC)


def analyte_of(obs: Mapping[str, Any]) -> AnalyteSpec | None:
    """The registered analyte whose LOINC code a resource carries (the first registered, if several), or None."""
    loinc = codes(obs.get("code"), LOINC)
    return next((s for s in all_specs() if s.loinc in loinc), None)


def _named(concept: Mapping[str, Any]) -> list[bool]:
    """What each display and the text of a code names: True (IGF-1), False (something else)."""
    texts = [c.get("display") for c in codings(concept)] + [concept.get("text")]
    return [n for n in (names_igf1(t) for t in texts) if n is not None]


def check_code(obs: Mapping[str, Any], warns: list[ResultWarning]) -> AnalyteSpec:
    """The analyte ``Observation.code`` is a concentration of; raise unless it is one igflab reads, warn when
    only its text says IGF-1."""
    code = obs.get("code")
    if not isinstance(code, Mapping):
        raise InputError(
            f"Observation.code is missing; an IGF-1 result has LOINC {IGF1_LOINC}", field="Observation.code"
        )
    loinc = codes(code, LOINC)
    if IGF1_SDS_LOINC in loinc:
        raise InputError(
            f"Observation.code is LOINC {IGF1_SDS_LOINC}, the IGF-1 Z-score; igflab reads the IGF-1 "
            f"concentration (LOINC {IGF1_LOINC})",
            field="Observation.code",
        )
    spec = next((s for s in all_specs() if s.loinc in loinc), None)
    named = _named(code)
    if spec is not None:
        others = [c for c in loinc if c != spec.loinc]
        # Only IGF-1 is also recognised by its name, so only its text can contradict its code.
        if others or (spec is IGF1 and False in named):
            what = f"LOINC {others[0]}" if others else repr(concept_text(code))
            raise InputError(
                f"Observation.code lists LOINC {spec.loinc} ({spec.words}) and also {what}; an Observation holds "
                "one analyte",
                field="Observation.code",
            )
        return spec
    if loinc:
        known = ", ".join(f"{s.loinc} ({s.words})" for s in all_specs())
        raise InputError(
            f"Observation.code is LOINC {loinc[0]}, not {IGF1_LOINC} (IGF-1 [Mass/volume] in Serum or Plasma) nor "
            f"another code igflab reads ({known})",
            field="Observation.code",
        )
    shown = concept_text(code) or "no text"
    if not named or False in named:
        raise InputError(
            f"Observation.code ({shown[:60]}) does not name IGF-1: igflab reads IGF-1 results, coded LOINC "
            f"{IGF1_LOINC} or named IGF-1, IGF-I, insulin-like growth factor 1 or somatomedin C",
            field="Observation.code",
        )
    warns.append(
        ResultWarning(
            code="no_loinc_code",
            message=f"Observation.code ({shown[:60]}) has no LOINC coding; it was read as IGF-1 (LOINC {IGF1_LOINC}) "
            "because its text names IGF-1; check that the result is an IGF-1 concentration",
            field="Observation.code",
        )
    )
    return IGF1
