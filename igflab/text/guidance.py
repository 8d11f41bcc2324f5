"""Guidance: what to do next, by zone and by age. Every text ends by pointing to a qualified professional.

A child's result (under 18 years) gets its own wording: a result in range is not called
reassuring when growth is the question (IGF-1 alone neither shows nor rules out growth-hormone
deficiency in a child; Ibba 2020, Grimberg 2016), and the next step is the child's doctor,
who may involve a paediatric endocrinologist.
"""

from __future__ import annotations

from igflab.science.zones import Zone

__all__ = ["CONSULT", "CONSULT_CHILD", "GUIDANCE", "guidance_for"]

CONSULT = (
    "igflab informs and does not diagnose: please discuss this result with a qualified health "
    "professional, such as your doctor or an endocrinologist."
)
CONSULT_CHILD = (
    "igflab informs and does not diagnose: please discuss this result with a qualified health "
    "professional, such as the child's doctor or a paediatric endocrinologist."
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
    "child_inside": "This result is inside the reference interval for the child's age and sex. A result in "
    "range does not rule out a growth problem: if growth or puberty is the question, the child's doctor "
    "reads IGF-1 together with growth measured over time and may involve a children's hormone specialist. "
    + CONSULT_CHILD,
    "child_below": "This result is below the reference interval for the child's age and sex. The child's "
    "doctor can judge whether to repeat it, look at nutrition and growth over time, or involve a children's "
    "hormone specialist. " + CONSULT_CHILD,
    "child_above": "This result is above the reference interval for the child's age and sex. The child's "
    "doctor can read it with the child's growth and stage of puberty. If it is well above the range, or the "
    "child is growing unusually fast or showing early signs of puberty, it is worth discussing with the "
    "doctor soon rather than only repeating the test; they may involve a children's hormone specialist. "
    + CONSULT_CHILD,
    "child_above_late_teen": "This result is above the reference interval for the person's age and sex. At this "
    "age puberty timing rarely explains a high IGF-1: the doctor reads it with growth, any features of "
    "growth-hormone excess and a repeat with the same assay, and may involve a hormone specialist. " + CONSULT_CHILD,
    "child_above_young": "This result is above the reference interval for the child's age and sex. The child's "
    "doctor can read it with the child's growth measured over time, nutrition and history, and judge whether to "
    "repeat it or involve a children's hormone specialist. " + CONSULT_CHILD,
    "child_far_above": "This result is far above the reference interval for the child's age and sex. It is worth "
    "discussing with the child's doctor soon rather than only repeating the test; they may involve a children's "
    "hormone specialist. " + CONSULT_CHILD,
    "child_treated_above": "This result is above the reference interval for the child's age and sex. During "
    "treatment, the child's treating team reads it with the treatment given and the timing of the sample; any change "
    "to the treatment is theirs to decide. " + CONSULT_CHILD,
    "child_treated_inside": "This result is inside the reference interval for the child's age and sex, which is "
    "what growth-hormone treatment usually aims for; the child's treating team reads it with growth measured over "
    "time and the timing of the sample. " + CONSULT_CHILD,
    "treated_above": "This result is above the reference interval for age. During treatment, the treating team "
    "reads it with the treatment given and the timing of the sample; any change "
    "to the treatment is theirs to decide. " + CONSULT,
    "pituitary_inside": "This result is inside the reference interval. With a pituitary or hypothalamic "
    "condition, previous pituitary surgery or radiotherapy, or a serious head injury, a normal IGF-1 does not "
    "exclude growth-hormone deficiency: the specialist team judges whether further tests are needed. " + CONSULT,
    "young_adult_inside": "This result is inside the reference interval for the person's age and sex. A result in "
    "range does not rule out a growth-hormone problem: after growth-hormone treatment in childhood, or with a "
    "pituitary condition, the specialist team reads it with other tests. " + CONSULT,
    "child_indeterminate": "This result could not be placed in a single zone with the information given "
    "(see the notes). " + CONSULT_CHILD,
}

_GUIDANCE_BY_ZONE = {
    Zone.BELOW_REFERENCE: "below",
    Zone.LOWER_THIRD: "inside",
    Zone.MIDDLE_THIRD: "inside",
    Zone.UPPER_THIRD: "inside",
    Zone.WITHIN_REFERENCE: "inside",
    Zone.ABOVE_REFERENCE: "above",
    Zone.WELL_ABOVE_REFERENCE: "well_above",
    Zone.INDETERMINATE: "indeterminate",
}


def guidance_for(
    zone: Zone,
    adult: bool = True,
    lab: bool = False,
    context: tuple[str, ...] = (),
    stage: str = "adult",
    far: bool = False,
) -> str:
    """The guidance text for a zone, for an adult's or a child's result (always ends by pointing to a
    professional); ``lab``: the laboratory's printed range placed it (it may not be for the age). ``context``
    (the flags), ``stage`` (:func:`igflab.text.people.life_stage`) and ``far`` (a child's result far above the
    range) choose the wording for a treatment, a pituitary condition, the transition years and young children."""
    key = _GUIDANCE_BY_ZONE[zone]
    treated = "gh-therapy" in context or "acromegaly-treatment" in context
    if key in ("above", "well_above") and treated:
        key = "treated_above"
    elif key == "inside" and not adult and "gh-therapy" in context:
        key = "treated_inside"  # a child's: see below
    elif key == "inside" and adult and "pituitary" in context:
        key = "pituitary_inside"
    elif key == "inside" and stage == "young_adult":
        key = "young_adult_inside"
    if not adult:  # the 1.3 x upper-limit split is adult-only, so a child is never "well above"
        key = "child_above" if key == "well_above" else f"child_{key}"
        if key == "child_above" and far:
            key = "child_far_above"
        elif key == "child_above" and stage in ("infant", "young_child"):
            key = "child_above_young"
        elif key == "child_above" and stage == "late_teen":
            key = "child_above_late_teen"
    text = GUIDANCE[key]
    if lab:
        return text.replace("the reference interval for the child's age and sex", _LAB_CHILD).replace(
            "the reference interval", "the laboratory's printed range"
        )
    return text


_LAB_CHILD = "the laboratory's printed range (check that it is meant for the child's age and sex)"
