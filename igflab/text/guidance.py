"""Guidance: what to do next, by zone. Every text ends by pointing to a qualified professional."""

from __future__ import annotations

from igflab.science.zones import Zone

__all__ = ["CONSULT", "GUIDANCE", "guidance_for"]

CONSULT = (
    "igflab informs and does not diagnose: please discuss this result with a qualified health "
    "professional, such as your doctor or an endocrinologist."
)

GUIDANCE: dict[str, str] = {
    "inside": "This result is inside the reference interval and needs no action on its own. Read it with "
    "your symptoms, history and other results. " + CONSULT,
    "below": "This result is below the reference interval. A professional can judge whether to repeat it "
    "with the same assay or to look further. " + CONSULT,
    "above": "This result is above the reference interval. A professional can judge whether to repeat it "
    "with the same assay or to look further. " + CONSULT,
    "well_above": "This result is well above the reference interval. Please arrange to review it with a "
    "professional in the coming weeks; they can repeat it with the same assay and decide on further "
    "tests. " + CONSULT,
    "indeterminate": "This result could not be placed in a single zone with the information given (see "
    "the notes). " + CONSULT,
}

_GUIDANCE_BY_ZONE = {
    Zone.BELOW_REFERENCE: "below",
    Zone.LOW_NORMAL: "inside",
    Zone.MID_RANGE: "inside",
    Zone.HIGH_NORMAL: "inside",
    Zone.WITHIN_REFERENCE: "inside",
    Zone.ABOVE_REFERENCE: "above",
    Zone.WELL_ABOVE_REFERENCE: "well_above",
    Zone.INDETERMINATE: "indeterminate",
}


def guidance_for(zone: Zone) -> str:
    """The guidance text for a zone (always ends by pointing to a professional)."""
    return GUIDANCE[_GUIDANCE_BY_ZONE[zone]]
