"""Every sentence igflab can emit: note templates, guidance and context flags.

All user-facing wording lives here so it can be reviewed, and tested, in one place:
each template names its citations (``$reference`` stands for the citation of the
reference in use) and, for lifestyle claims, an evidence grade. Cohort findings are
stated as associations; nothing advises a drug, a dose or a supplement; every
guidance text ends by pointing to a qualified professional.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable
from dataclasses import dataclass
from keyword import iskeyword
from typing import Any

from .errors import ContextError
from .models import Note, NoteKind, trusted
from .zones import Zone

__all__ = [
    "CONTEXT_FLAGS",
    "GUIDANCE",
    "TEMPLATES",
    "ContextFlag",
    "NoteTemplate",
    "guidance_for",
    "normalise_context",
    "note",
    "render",
    "renderer",
]

REFERENCE_PLACEHOLDER = "$reference"


@dataclass(frozen=True, slots=True)
class NoteTemplate:
    """A note's wording (a ``str.format`` template), kind, citations and evidence grade."""

    kind: NoteKind
    text: str
    citations: tuple[str, ...]
    evidence_grade: str | None = None


_ASSOCIATION = "observational cohort studies and their meta-analyses (association, not cause)"

TEMPLATES: dict[str, NoteTemplate] = {
    # -- where the value sits ------------------------------------------------------
    "position_lms": NoteTemplate(
        "position",
        "{value} ng/mL ({nmol} nmol/L) is {centile_text} (SDS {sds}) for {group} aged {age} "
        "in the {ref_title} reference. At this age its central 95% interval is {lower}-{upper} ng/mL and its "
        "median {median} ng/mL.",
        (REFERENCE_PLACEHOLDER,),
    ),
    "position_limits": NoteTemplate(
        "position",
        "{value} ng/mL ({nmol} nmol/L) is {relation} the interval of {lower}-{upper} ng/mL that the "
        "{ref_title} reference gives for {group} aged {band}. This reference publishes limits only, so no SDS or "
        "centile comes from it; its zlog score, {zlog}, places the value on a log scale on which the "
        "limits are -1.96 and +1.96.",
        (REFERENCE_PLACEHOLDER, "hoffmann2017"),
    ),
    "position_lab": NoteTemplate(
        "position",
        "{value} ng/mL ({nmol} nmol/L) is {relation} the laboratory's printed range of {lower}-{upper} "
        "ng/mL, which decides the flag. Its zlog score is {zlog}: a log-scale score computed from the two "
        "limits (-1.96 and +1.96 at the limits), a different method from the LMS SDS of a published "
        "reference.",
        ("hoffmann2017",),
    ),
    "censored": NoteTemplate(
        "method",
        "The laboratory reported the result as {censor_word} {value} ng/mL, beyond what the assay "
        "measured. The scores shown are those of {value} ng/mL and are an {bound} bound. A zone is given "
        "only when every value beyond that limit lies outside the reference on the same side; above the "
        "reference it is the lowest zone the result can be in.",
        (REFERENCE_PLACEHOLDER, "hl7_observation_interpretation"),
    ),
    "lab_vs_published": NoteTemplate(
        "position",
        "Against the published {ref_title} reference, built with one particular assay ({assay}), this result "
        "would be {other_zone} (SDS {sds}), while the laboratory's range places it {lab_zone}. Reference "
        "intervals are assay-specific, so the laboratory's own range is the better guide for its own result.",
        (REFERENCE_PLACEHOLDER, "sabbah2021"),
    ),
    "lab_and_published_agree": NoteTemplate(
        "position",
        "The published {ref_title} reference (SDS {sds}) places this result in the same position as the "
        "laboratory's range. It was built with one particular assay ({assay}), which may not be the "
        "laboratory's, so it is shown as a second opinion only.",
        (REFERENCE_PLACEHOLDER, "sabbah2021"),
    ),
    "sex_unknown_same": NoteTemplate(
        "position",
        "Sex was not given, so the result was compared with both the male and the female reference; "
        "both place it in the same zone.",
        (REFERENCE_PLACEHOLDER,),
    ),
    "sex_unknown_differ": NoteTemplate(
        "position",
        "Sex was not given. Against the male reference the result is {male_zone}; against the female "
        "reference it is {female_zone}. igflab does not choose between them, so the zone is "
        "indeterminate; both positions are shown.",
        (REFERENCE_PLACEHOLDER,),
    ),
    # -- what the zone means -------------------------------------------------------
    "zone_below_reference": NoteTemplate(
        "zone",
        "The result is below the lower limit of the reference for this age and sex. One low result is "
        "not a diagnosis: IGF-1 is lower with undernutrition and with some medicines, and clinical summaries "
        "also list illness, liver disease and hormone conditions; values also differ between assays. "
        "Clinicians use a low IGF-1 together with other tests when they assess growth-hormone deficiency; "
        "a normal IGF-1 does not rule that out.",
        ("ho2007", "molitch2011", "mayo_igfms", "hoerenz2022", "myendoconsult"),
    ),
    "zone_low_normal": NoteTemplate(
        "zone",
        "The result is inside the reference interval, below 120-160 ng/mL, the band that a meta-analysis "
        "of 19 cohort studies associated with the lowest all-cause mortality in adults. That band pools "
        "cohorts measured with different assays and is not adjusted for age or sex, so many healthy "
        "people of some ages sit outside it; the reference for this age and sex is the main comparison.",
        ("rahmani2022",),
        _ASSOCIATION,
    ),
    "zone_mid_range": NoteTemplate(
        "zone",
        "The result is inside the reference interval and within 120-160 ng/mL, the band that a "
        "meta-analysis of 19 cohort studies associated with the lowest all-cause mortality in adults "
        "(a pooled band, not adjusted for age or sex).",
        ("rahmani2022",),
        _ASSOCIATION,
    ),
    "zone_high_normal": NoteTemplate(
        "zone",
        "The result is inside the reference interval, above 120-160 ng/mL, the band that a meta-analysis "
        "of 19 cohort studies associated with the lowest all-cause mortality in adults. That band pools "
        "cohorts measured with different assays and is not adjusted for age or sex, so many healthy "
        "people of some ages sit outside it; the reference for this age and sex is the main comparison.",
        ("rahmani2022",),
        _ASSOCIATION,
    ),
    "zone_within_reference": NoteTemplate(
        "zone",
        "The result is inside the reference interval for this age and sex. The adult 120-160 ng/mL band, "
        "which adult cohort studies associated with the lowest mortality, does not apply under 18 years: "
        "IGF-1 rises through childhood to a peak around puberty (about 15 "
        "years in the IDS-iSYS data), so a young person's result is compared only with others of the "
        "same age and sex, and the adult band is not a target.",
        ("bidlingmaier2014", "rahmani2022"),
    ),
    "zone_above_reference": NoteTemplate(
        "zone",
        "The result is above the upper limit of the reference for this age and sex. Clinicians use IGF-1 "
        "above the age-adjusted upper limit as the screening test for growth-hormone excess (acromegaly) "
        "and confirm or exclude it with further tests. Raised values also occur without it: IGF-1 is "
        "higher around puberty, mildly higher in pregnancy (secondary source), and in a laboratory study "
        "raised values were associated with kidney disease and with some medicines.",
        ("katznelson2014", "careless2023", "bidlingmaier2014", "labtests_co_in"),
    ),
    "zone_well_above_reference": NoteTemplate(
        "zone",
        "The result is more than 1.3 times the upper limit of the reference. In the 2024 international "
        "consensus, IGF-1 above 1.3 times the upper limit for age confirms acromegaly in a person who "
        "also has its typical features; in anyone else it is a reason for a specialist to look further, "
        "not a diagnosis.",
        ("giustina2024", "katznelson2014"),
    ),
    "zone_indeterminate": NoteTemplate(
        "zone",
        "The result cannot be placed in one zone with the information given (see the notes above).",
        (REFERENCE_PLACEHOLDER,),
    ),
    # -- the U-curve -----------------------------------------------------------------
    "u_curve": NoteTemplate(
        "u_curve",
        "In adults, cohort studies describe a U-shaped association: people with low and with high IGF-1 "
        "had higher all-cause mortality than those in the middle (pooled hazard ratios 1.33 for low and "
        "1.23 for high versus middle values in one meta-analysis; 1.27 and 1.18 in another). Some cohorts "
        "found the association in men only. These are associations in populations; they do not show "
        "cause and do not predict what happens to one person.",
        ("rahmani2022", "burgers2011", "friedrich2009"),
        _ASSOCIATION,
    ),
    # -- low values: factors the sources name ------------------------------------------
    "lifestyle_low": NoteTemplate(
        "lifestyle",
        "Sources name several factors around low IGF-1. The best supported is nutrition: undernutrition "
        "and low energy or protein intake lower IGF-1, and levels recover with adequate nutrition "
        "(laboratory guidance and clinical studies). Sleep, exercise, a protein-rich diet and various "
        "foods and supplements are promoted in popular articles to raise IGF-1; those claims are weakly "
        "supported and are not advice to follow.",
        ("mayo_igfms", "clinnutr2001", "seed-002", "seed-000", "seed-004"),
        "nutrition: laboratory guidance and clinical studies; sleep, exercise, diet and supplements: "
        "popular articles without primary human evidence",
    ),
    "caution_growth_axis": NoteTemplate(
        "caution",
        "People with active or past cancer, or with a hormone (endocrine) disorder, should not try to "
        "raise IGF-1 or stimulate the growth-hormone axis unless a specialist directs it. High IGF-1 has "
        "been associated with higher cancer mortality in some cohorts.",
        ("seed-002", "svensson2012"),
        "caution stated in a popular article; the cancer association comes from cohort studies",
    ),
    "lifestyle_withheld": NoteTemplate(
        "caution",
        "Because known or past cancer was given as context, igflab leaves out notes about raising IGF-1.",
        ("seed-002",),
    ),
    # -- assay and method -------------------------------------------------------------
    "assay_specific": NoteTemplate(
        "assay",
        "Reference intervals are assay-specific: when eight assays measured the same healthy adults, "
        "their lower limits were similar but their upper limits varied markedly. The {ref_short} "
        "reference was built with this assay: {assay}. If the laboratory used another method, its own "
        "printed range is the better comparison, and a repeat is best done with the same assay.",
        ("sabbah2021", "clemmons2011", "giustina2024"),
    ),
    "units": NoteTemplate(
        "method",
        "nmol/L values use a molar mass of 7649 g/mol (1 nmol/L = 7.649 ng/mL). Some laboratories use "
        "7647 g/mol or the rounded factor 0.131, which shifts a nmol/L figure by at most about 0.2%.",
        ("uniprot_p05019", "labcorp_010540"),
    ),
}


@dataclass(frozen=True, slots=True)
class ContextFlag:
    """A clinical-context flag: its id, accepted spellings and the note it adds."""

    id: str
    label: str
    aliases: tuple[str, ...]
    note: NoteTemplate


_SECONDARY = "secondary source (a clinical review site); guideline wording not verified"

CONTEXT_FLAGS: dict[str, ContextFlag] = {
    f.id: f
    for f in (
        ContextFlag(
            "pregnancy",
            "pregnancy",
            ("pregnant",),
            NoteTemplate(
                "context",
                "Pregnancy is listed among the conditions that raise IGF-1 mildly, so a result in pregnancy "
                "may read higher against a reference than it would otherwise.",
                ("labtests_co_in",),
                "secondary source",
            ),
        ),
        ContextFlag(
            "puberty",
            "puberty",
            ("pubertal", "adolescence"),
            NoteTemplate(
                "context",
                "IGF-1 rises steeply in puberty, to a peak at about 15 years in the IDS-iSYS data (13-14 "
                "years in Japanese data). Puberty starts at different ages, so a result compared by age "
                "alone can look high when puberty is early or low when it is late; international "
                "recommendations ask for reference data by pubertal stage.",
                ("bidlingmaier2014", "isojima2012", "clemmons2011"),
            ),
        ),
        ContextFlag(
            "oral-estrogen",
            "oral estrogen or combined contraceptive",
            ("oral-oestrogen", "estrogen", "oestrogen", "contraceptive", "pill"),
            NoteTemplate(
                "context",
                "Oral estrogen is listed among the conditions that lower IGF-1, and in the LIFE study users of "
                "combined estrogen-progestin contraceptives had IGF-1 about 0.43-0.45 SDS lower than non-users "
                "(an association). A low-normal or low result may partly reflect this.",
                ("hoerenz2022", "myendoconsult"),
                "population reference study (association); secondary source",
            ),
        ),
        ContextFlag(
            "gh-therapy",
            "growth-hormone therapy",
            ("growth-hormone", "gh", "somatropin"),
            NoteTemplate(
                "context",
                "During growth-hormone treatment, IGF-1 is one of the results the treating team uses to "
                "follow it. With weekly long-acting preparations IGF-1 varies with the day since the "
                "injection, so the timing of the sample matters when reading the result.",
                ("lin2022",),
            ),
        ),
        ContextFlag(
            "cancer",
            "known or past cancer",
            ("past-cancer", "oncology", "malignancy"),
            NoteTemplate(
                "context",
                "With known or past cancer, questions about IGF-1 belong with the treating specialist.",
                ("seed-002",),
                "secondary source (a popular article's caution)",
            ),
        ),
        ContextFlag(
            "fasting",
            "malnutrition or prolonged very low food intake",
            ("malnutrition", "undernutrition", "anorexia", "fasting-malnutrition"),
            NoteTemplate(
                "context",
                "Malnutrition and a very low food intake lower IGF-1, and levels recover with adequate "
                "nutrition; in one study of anorexia nervosa the mean IGF-1 was about 1.7 SDS below the "
                "reference. The usual overnight fast before a blood test is not what this refers to.",
                ("mayo_igfms", "clinnutr2001"),
            ),
        ),
        ContextFlag(
            "liver-disease",
            "liver disease",
            ("liver", "cirrhosis", "hepatic"),
            NoteTemplate(
                "context",
                "Chronic liver disease is listed among the conditions that lower IGF-1.",
                ("myendoconsult",),
                _SECONDARY,
            ),
        ),
        ContextFlag(
            "kidney-disease",
            "kidney disease",
            ("kidney", "renal", "ckd"),
            NoteTemplate(
                "context",
                "Kidney disease can shift IGF-1 either way: chronic renal failure is listed among the conditions "
                "that lower IGF-1, while in a laboratory study chronic kidney disease was associated with raised "
                "IGF-1 in people without acromegaly.",
                ("myendoconsult", "careless2023"),
                "secondary source (low); laboratory cohort study (raised)",
            ),
        ),
        ContextFlag(
            "diabetes",
            "poorly controlled diabetes",
            ("uncontrolled-diabetes", "poorly-controlled-diabetes"),
            NoteTemplate(
                "context",
                "Poorly controlled diabetes is listed among the conditions that lower IGF-1.",
                ("myendoconsult",),
                _SECONDARY,
            ),
        ),
        ContextFlag(
            "hypothyroidism",
            "hypothyroidism",
            ("underactive-thyroid",),
            NoteTemplate(
                "context",
                "Hypothyroidism is listed among the conditions that lower IGF-1.",
                ("myendoconsult",),
                _SECONDARY,
            ),
        ),
        ContextFlag(
            "hyperthyroidism",
            "hyperthyroidism",
            ("overactive-thyroid",),
            NoteTemplate(
                "context",
                "Hyperthyroidism is listed among the conditions that raise IGF-1.",
                ("myendoconsult",),
                _SECONDARY,
            ),
        ),
    )
}

_CONTEXT_ALIASES: dict[str, str] = {
    **{a: f.id for f in CONTEXT_FLAGS.values() for a in f.aliases},
    **{f.id: f.id for f in CONTEXT_FLAGS.values()},
}


def normalise_context(flags: Any) -> tuple[str, ...]:
    """Canonical context ids from a list or a comma-separated string; unknown ones raise."""
    if flags is None:
        return ()
    if isinstance(flags, str):
        items: list[Any] = flags.split(",")
    elif isinstance(flags, (list, tuple, set, frozenset)):
        items = list(flags)
    else:
        raise ContextError(f"context must be a list of flags or comma-separated text, got {type(flags).__name__}")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ContextError(f"context flags must be text, got {type(item).__name__}")
        key = item.strip().lower().replace("_", "-").replace(" ", "-")
        if not key:
            continue
        if key not in _CONTEXT_ALIASES:
            raise ContextError(f"unknown context {item.strip()!r}; known: {', '.join(CONTEXT_FLAGS)}")
        out.append(_CONTEXT_ALIASES[key])
    return tuple(dict.fromkeys(out))


_CONSULT = (
    "igflab informs and does not diagnose: please discuss this result with a qualified health "
    "professional, such as your doctor or an endocrinologist."
)

GUIDANCE: dict[str, str] = {
    "inside": "This result is inside the reference interval and needs no action on its own. Read it with "
    "your symptoms, history and other results. " + _CONSULT,
    "below": "This result is below the reference interval. A professional can judge whether to repeat it "
    "with the same assay or to look further. " + _CONSULT,
    "above": "This result is above the reference interval. A professional can judge whether to repeat it "
    "with the same assay or to look further. " + _CONSULT,
    "well_above": "This result is well above the reference interval. Please arrange to review it with a "
    "professional in the coming weeks; they can repeat it with the same assay and decide on further "
    "tests. " + _CONSULT,
    "indeterminate": "This result could not be placed in a single zone with the information given (see "
    "the notes). " + _CONSULT,
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


@functools.lru_cache(maxsize=512)
def _resolve(cites: tuple[str, ...], reference_citation: str | None) -> tuple[str, ...]:
    out = []
    for c in cites:
        if c == REFERENCE_PLACEHOLDER:
            if reference_citation:
                out.append(reference_citation)
        else:
            out.append(c)
    return tuple(dict.fromkeys(out))


_new_note = trusted(Note)


def _note(t: NoteTemplate, text: str, reference_citation: str | None) -> Note:
    cites = _resolve(t.citations, reference_citation)
    if not cites:  # every note is cited (Note.citations has min_length=1; notes are built unvalidated)
        raise ValueError(f"the note {text[:40]!r}... has no citation: its template needs the reference's")
    return _new_note({"kind": t.kind, "text": text, "citations": cites, "evidence_grade": t.evidence_grade})


@functools.lru_cache(maxsize=512)
def _static(key: str, reference_citation: str | None) -> Note:
    t = TEMPLATES[key]
    return _note(t, t.text, reference_citation)


@functools.lru_cache(maxsize=64)
def context_note(flag: str) -> Note:
    t = CONTEXT_FLAGS[flag].note
    return _note(t, t.text, None)


def render(key: str, reference_citation: str | None = None, **fields: Any) -> Note:
    """Fill template ``key`` with ``fields``; ``$reference`` becomes ``reference_citation``."""
    if not fields:
        return _static(key, reference_citation)
    return note(key, reference_citation, renderer(key)(**fields))


def note(key: str, reference_citation: str | None, text: str) -> Note:
    """The note of template ``key`` with ``text`` already filled in (see :func:`renderer`)."""
    return _note(TEMPLATES[key], text, reference_citation)


def renderer(key: str) -> Callable[..., str]:
    """Template ``key``'s text as a function of its fields, given as keyword arguments.

    ``renderer(key)(**fields) == TEMPLATES[key].text.format(**fields)``, about five times
    faster than ``str.format``: each template text is compiled once, on first use, into an
    f-string.
    """
    return _compile(TEMPLATES[key].text)


@functools.lru_cache(maxsize=256)
def _compile(text: str) -> Callable[..., str]:
    """``text`` (a ``str.format`` template with plain ``{name}`` fields) as an f-string function.

    The generated source holds only field names, each checked to be an identifier, and
    the names of the literal pieces; the template's own text is bound as values, never
    written into the source, so no text can change what the code does.
    """
    pieces: list[str] = []
    literals: dict[str, str] = {}
    names: list[str] = []
    for i, (literal, field, spec, conversion) in enumerate(string.Formatter().parse(text)):
        if literal:
            literals[f"_t{i}"] = literal
            pieces.append(f"{{_t{i}}}")
        if field is None:
            continue
        plain = field.isascii() and field.isidentifier() and not iskeyword(field) and not field.startswith("_")
        if not plain or spec or conversion:
            raise ValueError(f"template field {field!r} must be a plain name")
        if field not in names:
            names.append(field)
        pieces.append(f"{{{field}}}")
    # Like str.format, unused keyword arguments are accepted and ignored.
    params = f"*, {', '.join(names)}, **_unused" if names else "**_unused"
    source = f"lambda {params}: f'{''.join(pieces)}'"
    fn: Callable[..., str] = eval(source, {"__builtins__": {}, **literals})
    return fn
