"""Zones in words: in a sentence, as a label (terminal, FHIR, charts), and as a relation to limits."""

from __future__ import annotations

from typing import Final

from igflab.science.zones import Flag, Zone

__all__ = ["FLAG_DISPLAY", "ZONE_LABEL", "ZONE_PLAIN", "ZONE_WORDS", "relation"]

#: A zone inside a sentence: "... the result would be {words}".
ZONE_WORDS: Final[dict[Zone, str]] = {
    Zone.BELOW_REFERENCE: "below the reference interval",
    Zone.LOWER_THIRD: "inside the interval, in its lower third",
    Zone.MIDDLE_THIRD: "inside the interval, in its middle third",
    Zone.UPPER_THIRD: "inside the interval, in its upper third",
    Zone.WITHIN_REFERENCE: "inside the reference interval",
    Zone.ABOVE_REFERENCE: "above the reference interval",
    Zone.WELL_ABOVE_REFERENCE: "more than 1.3 times the upper limit",
    Zone.INDETERMINATE: "not placeable in one zone",
}

#: A zone as a label, with its flag.
ZONE_LABEL: Final[dict[Zone, str]] = {
    Zone.BELOW_REFERENCE: "below reference (L)",
    Zone.LOWER_THIRD: "inside, lower third (N)",
    Zone.MIDDLE_THIRD: "inside, middle third (N)",
    Zone.UPPER_THIRD: "inside, upper third (N)",
    Zone.WITHIN_REFERENCE: "within reference (N)",
    Zone.ABOVE_REFERENCE: "above reference (H)",
    Zone.WELL_ABOVE_REFERENCE: "well above reference (HU): more than 1.3 x the upper limit",
    Zone.INDETERMINATE: "could not be placed in one zone (IND): see the notes",
}

#: A zone in plain words, for people reading their own result (the web page, charts): no codes.
ZONE_PLAIN: Final[dict[Zone, str]] = {
    Zone.BELOW_REFERENCE: "below the usual range",
    Zone.LOWER_THIRD: "inside the usual range, in its lower third",
    Zone.MIDDLE_THIRD: "inside the usual range, in its middle third",
    Zone.UPPER_THIRD: "inside the usual range, in its upper third",
    Zone.WITHIN_REFERENCE: "inside the usual range",
    Zone.ABOVE_REFERENCE: "above the usual range",
    Zone.WELL_ABOVE_REFERENCE: "well above the usual range (more than 1.3 times its upper limit)",
    Zone.INDETERMINATE: "could not be placed in one zone (see the notes)",
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
    """How a value relates to an interval: ``below``, ``inside``, ``above``, or not placeable."""
    if zone is Zone.BELOW_REFERENCE:
        return "below"
    if zone in (Zone.ABOVE_REFERENCE, Zone.WELL_ABOVE_REFERENCE):
        return "above"
    if zone is Zone.INDETERMINATE:
        return "not placeable in one zone against"
    return "inside"
