"""Every sentence about a series of results: the change rule, honest-comparison notes, the
monitoring contexts, the trend summary, warnings and guidance."""

from __future__ import annotations

from .guidance import CONSULT, CONSULT_CHILD
from .render import note_of
from .templates import NoteTemplate
from .words import Note, ResultWarning

__all__ = [
    "NO_PERSON",
    "SERIES_GUIDANCE",
    "SERIES_GUIDANCE_CHILD",
    "SERIES_TEMPLATES",
    "SERIES_WARNINGS",
    "USUAL_REPEAT_PERCENT",
    "band_words",
    "change_note",
    "rcv_note",
    "series_note",
    "series_summary",
    "series_warning",
    "span_words",
]

_UNRETRIEVED = "clinical practice guideline; the exact wording of its IGF-1 monitoring recommendation was not retrieved"

SERIES_TEMPLATES: dict[str, NoteTemplate] = {
    "rcv": NoteTemplate(
        "method",
        "A change between two results counts as significant when it is larger than the reference change value: "
        "the change that the assay's imprecision (CV {cva}) and a person's own variation from one sample to the "
        "next (CV {cvi}) would exceed in only {tail} of repeat pairs. Here that is a rise of more than {up} or "
        "a fall of more than {down} (log-normal form). {uncertain}",
        ("harris1983", "fokkema2006", "nguyen2008", "rosario2010", "chanson2016"),
        "method textbook and letter; the CVs are estimates from ranges",
    ),
    "different_methods": NoteTemplate(
        "assay",
        "Some results were placed against different references or assays ({methods}). IGF-1 values from "
        "different assays are not directly comparable, so those changes get no significance verdict unless "
        "each result comes with its laboratory's own range (then they are compared as multiples of each "
        "range's upper limit). Follow-up results compare best when measured with the same validated assay.",
        ("clemmons2011", "giustina2024"),
        "international consensus statements",
    ),
    "acromegaly-treatment": NoteTemplate(
        "context",
        "When acromegaly treatment is followed, IGF-1 is read against the upper limit of the reference for "
        "age, as a multiple of it (x ULN). The latest result is {x_uln} x ULN, {where} the upper limit for "
        "this age. The 2024 consensus asks that biochemical results be read within the clinical context and "
        "that repeat IGF-1 be measured with the same validated assay; a 2021 Pituitary Society update notes "
        "that values slightly above the age-adjusted cut-off (for example within 1.2-1.3 x ULN) may be "
        "considered sufficient control. What the series means for treatment is for the treating team to judge.",
        ("giustina2024", "fleseriu2021"),
        "international expert consensus and guideline update",
    ),
    "acromegaly-treatment-child": NoteTemplate(
        "context",
        "Each result is shown as a multiple of the upper limit of the reference for the child's age (x ULN). "
        "The latest result is {x_uln} x ULN, {where} the upper limit for this age. In children and teenagers "
        "IGF-1 changes with age and puberty, and international recommendations ask for reference data by "
        "pubertal stage, so the specialist team who follows the child reads the series with growth and "
        "puberty in mind.",
        ("clemmons2011",),
        "international consensus statement on reference data",
    ),
    "gh-therapy-adult": NoteTemplate(
        "context",
        "During growth-hormone treatment, IGF-1 is read against the reference for age as an SDS; the "
        "reference interval spans about -2 to +2 SDS (the 2.5th to 97.5th centile). The latest SDS is {sds}, "
        "{band} that interval. How the series fits the treatment is for the treating team to judge.",
        ("molitch2011",),
        _UNRETRIEVED,
    ),
    "gh-therapy-child": NoteTemplate(
        "context",
        "These blood tests help the child's treating team follow the growth-hormone treatment. Each result is "
        "compared with what is usual for children of the same age and sex. The latest one is {band_child}. "
        "The child's treating team reads it together with how the child is growing and feeling, so it is a "
        "good thing to talk about with them.",
        ("grimberg2016",),
        _UNRETRIEVED,
    ),
}

SERIES_GUIDANCE = (
    "Changes over time are best read by the professional who follows you or your treatment, together with "
    "symptoms and other results: please bring this series to them. " + CONSULT
)
#: The guidance of a series whose latest result is a child's (under 18 years).
SERIES_GUIDANCE_CHILD = (
    "Changes over time are best read by the child's doctor or specialist team, together with growth measured "
    "over time and the child's stage of puberty: please bring this series to them. " + CONSULT_CHILD
)

_BANDS = {"below": "below", "within": "inside", "above": "above"}
_CHILD_BANDS = {
    "below": "lower than usual for that age",
    "within": "in the usual range for that age",
    "above": "higher than usual for that age",
}

#: The error of a row without a person id (None, NaN or empty): it is not joined to anyone's series.
NO_PERSON = "the row has no person id, so it is not joined to anyone's series; give each row its person_id"

SERIES_WARNINGS = {
    "unsorted_input": "the results were not given in time order; they are shown and compared in time order",
    "same_day": "{n} results share a collection day ({days}); their difference reflects the measurement, so "
    "it gets no significance verdict",
    "mixed_units": "the results were reported in different units ({units}); every change is computed in ng/mL",
    "different_methods": "results placed against different references or assays ({methods}) are not "
    "compared for significance without each laboratory's range",
    "gh_therapy_no_sds": "the latest result has no SDS (a laboratory's range or an unknown sex), so it is not "
    "placed against the -2 to +2 SDS interval",
    "censored_change": "a result beyond an assay limit ('<' or '>') makes the change a bound; no significance "
    "verdict is given for it",
}


def series_warning(code: str, **facts: str) -> ResultWarning:
    """The warning ``code`` with its message filled in."""
    return ResultWarning(code=code, message=SERIES_WARNINGS[code].format(**facts), field="results")


def _pct(x: float) -> str:
    return f"{x:+.1f}%"


def series_note(key: str, **fields: str) -> Note:
    """The note of template ``key`` with its fields filled in."""
    t = SERIES_TEMPLATES[key]
    return note_of(t, t.text.format(**fields), None)


def rcv_note(
    cva: float, cvi: float, probability: float, one_sided: bool, up: float, down: float, uncertain: bool
) -> Note:
    """The note that states the change rule and its numbers."""
    tail = f"{(1 - probability) * 100:.0f}%" + (" (one-sided)" if one_sided else "")
    caveat = (
        "These CVs are estimates, not one assay's figures. No within-person CV for IGF-1 alone was found: "
        "the 11-21% range is for IGF-axis markers together, measured in young elite athletes over 2-3 weeks. "
        "Give your laboratory's analytical CV where it is known."
        if uncertain
        else "The CVs are the ones given for these assays."
    )
    caveat += (
        " In 100 healthy adults measured twice, 12 weeks apart, the second IGF-1 was within 20% of the first in "
        "99%, so a change of more than 20% is never called usual variation here."
    )
    return series_note(
        "rcv",
        cva=f"{cva * 100:g}%",
        cvi=f"{cvi * 100:g}%",
        tail=tail,
        up=_pct(up * 100),
        down=_pct(down * 100),
        uncertain=caveat,
    )


def band_words(band: str, child: bool) -> str:
    """Where an SDS sits against -2..+2, in words for an adult reader or for a child."""
    return _CHILD_BANDS[band] if child else _BANDS[band]


#: Rosario 2010: a repeat IGF-1 12 weeks later was within 20 % of the first in 99 % of 100 healthy adults;
#: a change larger than this is never called usual variation, whatever the RCV.
USUAL_REPEAT_PERCENT = 20.0


def change_note(
    percent: float,
    a: float,
    b: float,
    span: str,
    verdict: str | None,
    limit: float | None,
    sds: tuple[float, float] | None = None,
    child: bool = False,
) -> str:
    """One change in plain words; ``verdict`` is "up"/"down"/"none" or None (no verdict) with ``limit`` in %.

    A change within the RCV is "may be usual variation" only when it is at most 20 %
    (:data:`USUAL_REPEAT_PERCENT`) and the person is an adult. For a child (under 18) the change
    in SDS for age leads (IGF-1 rises with age and puberty) and the RCV's adult CVs are named.
    """
    moved = "rose" if percent > 0 else "fell" if percent < 0 else "did not change"
    head = f"IGF-1 {moved} {abs(percent):.0f}% (from {a:.0f} to {b:.0f} ng/mL) over {span}"
    if child and sds is not None:
        head = (
            f"IGF-1 went from {sds[0]:+.1f} to {sds[1]:+.1f} SDS for age ({sds[1] - sds[0]:+.1f} SDS) over {span}; "
            f"in ng/mL it {moved} {abs(percent):.0f}% (from {a:.0f} to {b:.0f})"
        )
    if verdict is None or limit is None:
        return head + "; no significance verdict (see the warnings)."
    if verdict != "none":
        text = head + f": beyond the reference change value ({_pct(limit)}), more than the expected variation."
    elif child:
        text = head + f": within the reference change value ({_pct(limit)})."
    elif abs(percent) > USUAL_REPEAT_PERCENT:
        text = head + (
            f": within the reference change value ({_pct(limit)}), whose within-person CV is uncertain; a change "
            "of more than 20% is more than most repeat measurements in healthy adults show, so it is not "
            "called usual variation."
        )
    else:
        return head + f": within the reference change value ({_pct(limit)}), so it may be usual variation."
    if child:
        text += (
            " In children IGF-1 rises with age and puberty, so the change in SDS for age is the better guide; "
            "the reference change value uses within-person CVs from adults and is uncertain for a child."
        )
    return text


def span_words(days: float | None, years: float) -> str:
    """A time span: days, months or years."""
    d = days if days is not None else years * 365.25
    if d < 60:
        return f"{d:.0f} day" + ("" if round(d) == 1 else "s")
    if d < 730:
        return f"{d / 30.4375:.0f} months"
    return f"{d / 365.25:.1f} years"


def series_summary(
    n: int,
    span: str,
    overall: str | None,
    uln: tuple[float, float] | None,
    significant: int,
    compared: int,
    flags: str,
) -> str:
    """The trend in plain, calm words."""
    if n == 1:
        return "One result: there is no earlier result to compare it with."
    parts = [f"{n} results over {span}."]
    if overall:
        parts.append("From the first to the latest result: " + overall)
    if uln is not None:
        parts.append(f"As a multiple of the upper limit for age it went from {uln[0]:.1f} to {uln[1]:.1f} x ULN.")
    if n > 2:
        if significant == 0:
            parts.append(
                f"None of the {compared} changes between consecutive results compared was, on its own, "
                "beyond the reference change value."
            )
        else:
            parts.append(
                f"{significant} of the {compared} changes between consecutive results compared "
                f"{'was' if significant == 1 else 'were'} beyond the reference change value{flags}."
            )
    return " ".join(parts)
