"""Zones in words: in a sentence, as a label (terminal, FHIR, charts), and as a relation to limits."""

from __future__ import annotations

from typing import Final

from igflab.science.zones import Flag, Zone

__all__ = ["FLAG_DISPLAY", "ZONE_LABEL", "ZONE_PLAIN", "ZONE_WORDS", "relation"]

#: A zone inside a sentence: "... the result would be {words}".
ZONE_WORDS: Final[dict[Zone, str]] = {
    Zone.BELOW_REFERENCE: "below the reference interval",
    Zone.LOW_NORMAL: "inside the interval, below the adult mid-range",
    Zone.MID_RANGE: "inside the interval, in the adult mid-range",
    Zone.HIGH_NORMAL: "inside the interval, above the adult mid-range",
    Zone.WITHIN_REFERENCE: "inside the reference interval",
    Zone.ABOVE_REFERENCE: "above the reference interval",
    Zone.WELL_ABOVE_REFERENCE: "more than 1.3 times the upper limit",
    Zone.INDETERMINATE: "not placeable in one zone",
}

#: A zone as a label, with its flag.
ZONE_LABEL: Final[dict[Zone, str]] = {
    Zone.BELOW_REFERENCE: "below reference (L)",
    Zone.LOW_NORMAL: "low-normal (N): inside the reference for age and sex; below the pooled adult 120-160 ng/mL "
    "band (context, not age-specific)",
    Zone.MID_RANGE: "mid-range (N): inside the reference for age and sex; within the pooled adult 120-160 ng/mL "
    "band (context, not age-specific)",
    Zone.HIGH_NORMAL: "high-normal (N): inside the reference for age and sex; above the pooled adult 120-160 ng/mL "
    "band (context, not age-specific)",
    Zone.WITHIN_REFERENCE: "within reference (N)",
    Zone.ABOVE_REFERENCE: "above reference (H)",
    Zone.WELL_ABOVE_REFERENCE: "well above reference (HU): more than 1.3 x the upper limit",
    Zone.INDETERMINATE: "indeterminate (IND): see the notes",
}

#: A zone in plain words, for people reading their own result (the web page, charts): no codes.
ZONE_PLAIN: Final[dict[Zone, str]] = {
    Zone.BELOW_REFERENCE: "below the usual range",
    Zone.LOW_NORMAL: "inside the usual range, below the adult mid-range",
    Zone.MID_RANGE: "inside the usual range, in the adult mid-range",
    Zone.HIGH_NORMAL: "inside the usual range, above the adult mid-range",
    Zone.WITHIN_REFERENCE: "inside the usual range for this age",
    Zone.ABOVE_REFERENCE: "above the usual range",
    Zone.WELL_ABOVE_REFERENCE: "well above the usual range (more than 1.3 times its upper limit)",
    Zone.INDETERMINATE: "at the edge of the usual range (see the notes)",
}

#: The display of each HL7 flag (v3 ObservationInterpretation).
FLAG_DISPLAY: Final[dict[Flag, str]] = {
    Flag.L: "Low",
    Flag.N: "Normal",
    Flag.H: "High",
    Flag.HU: "Significantly high",
    Flag.IND: "Indeterminate",
}


def relation(zone: Zone) -> str:
    """How a value relates to an interval: ``below``, ``inside``, ``above``, ``at the limit of``."""
    if zone is Zone.BELOW_REFERENCE:
        return "below"
    if zone in (Zone.ABOVE_REFERENCE, Zone.WELL_ABOVE_REFERENCE):
        return "above"
    if zone is Zone.INDETERMINATE:
        return "at the limit of"
    return "inside"
