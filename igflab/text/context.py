"""What each clinical-context flag adds to an interpretation: its label and cited note.

The flags and their accepted spellings are read in :mod:`igflab.inputs.context`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from igflab._types import ContextFlagId
from igflab.inputs.context import CONTEXT_ALIASES

from .format import age_text
from .render import note_of
from .templates import NoteTemplate
from .words import Note

__all__ = ["CONTEXT_FLAGS", "ContextFlag", "context_note", "mismatch_text"]


@dataclass(frozen=True, slots=True)
class ContextFlag:
    """A clinical-context flag: its id, accepted spellings and the note it adds."""

    id: ContextFlagId
    label: str
    note: NoteTemplate

    @property
    def aliases(self) -> tuple[str, ...]:
        """The other spellings igflab accepts for the flag."""
        return CONTEXT_ALIASES[self.id]


_REVIEW = "peer-reviewed review"

CONTEXT_FLAGS: dict[ContextFlagId, ContextFlag] = {
    f.id: f
    for f in (
        ContextFlag(
            "pregnancy",
            "pregnancy",
            NoteTemplate(
                "context",
                "IGF-1 rises during pregnancy (in one study the third-trimester mean was about a third above the "
                "first trimester's) and falls after delivery, so a result in pregnancy may read higher against a "
                "reference than it would otherwise: limits and thresholds set outside pregnancy do not apply in "
                "the usual way, and the pregnancy care team can say whether anything further is needed.",
                ("wilson1982",),
                "cross-sectional clinical study",
            ),
        ),
        ContextFlag(
            "puberty",
            "puberty",
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
            "combined-contraceptive",
            "combined (estrogen-containing) contraceptive",
            NoteTemplate(
                "context",
                "In the LIFE study, users of combined (estrogen- and progestin-containing) contraceptives had IGF-1 "
                "about 0.43-0.45 SDS lower than non-users (an association). A result in the lower part of the "
                "range, or a low one, may partly reflect this.",
                ("hoerenz2022",),
                "population reference study (association)",
            ),
        ),
        ContextFlag(
            "progestin-contraceptive",
            "progestin-only contraceptive",
            NoteTemplate(
                "context",
                "In the LIFE study, progestin-only contraceptives were associated with a higher IGF-1 (regression "
                "coefficient +0.82), the opposite direction from combined contraceptives; no reference table is "
                "adjusted for them, so the result is compared with the usual table.",
                ("hoerenz2022",),
                "population reference study (association)",
            ),
        ),
        ContextFlag(
            "estrogen-replacement",
            "estrogen replacement (hormone replacement therapy)",
            NoteTemplate(
                "context",
                "The LIFE study adjusted its tables for estrogen-containing contraceptives only; with estrogen "
                "replacement the result is compared with the usual table, and the doctor reads it with the "
                "treatment (and how it is taken) in mind.",
                ("hoerenz2022",),
                "population reference study (association)",
            ),
        ),
        ContextFlag(
            "gh-therapy",
            "growth-hormone therapy",
            NoteTemplate(
                "context",
                "During growth-hormone treatment, IGF-1 is one of the results the treating team uses to "
                "follow it: the aim of replacement is usually an IGF-1 within the reference range for age, and a "
                "result above it is read with the treatment given and the timing of the sample (missed injections "
                "lower it). With weekly long-acting preparations IGF-1 varies with the day since the "
                "injection, so that timing matters when reading the result. Any change to the treatment is for "
                "the treating team to decide.",
                ("mayo_igfms", "grimberg2016", "molitch2011", "lin2022"),
            ),
        ),
        ContextFlag(
            "acromegaly-treatment",
            "acromegaly under treatment",
            NoteTemplate(
                "context",
                "When acromegaly treatment is followed, IGF-1 is read against the upper limit of the reference for "
                "age, as a multiple of it (x ULN); the 2024 consensus asks that repeat IGF-1 be measured with the "
                "same validated assay and read within the clinical context. What the result means for treatment is "
                "for the treating team to judge.",
                ("giustina2024", "fleseriu2021"),
                "international expert consensus and guideline update",
            ),
        ),
        ContextFlag(
            "pituitary",
            "pituitary or hypothalamic disease, surgery, cranial radiotherapy or serious head injury",
            NoteTemplate(
                "context",
                "With a pituitary or hypothalamic condition, previous pituitary surgery or cranial radiotherapy, or "
                "a serious head injury, a consensus statement holds that a low IGF-1 is a reliable pointer to "
                "growth-hormone deficiency when other pituitary hormones are deficient, while a normal IGF-1 does "
                "not exclude it; whether further tests are needed is for the specialist team to judge.",
                ("ho2007", "molitch2011"),
                "consensus statement and clinical practice guideline",
            ),
        ),
        ContextFlag(
            "cancer",
            "known or past cancer",
            NoteTemplate(
                "context",
                "With known or past cancer, questions about IGF-1 and growth hormone belong with the treating "
                "specialists: cancer and its treatment, above all radiation near the pituitary, can affect the "
                "growth-hormone axis, sometimes years later, and guidelines leave its assessment and any "
                "treatment to specialists.",
                ("sklar2018",),
                "clinical practice guideline",
            ),
        ),
        ContextFlag(
            "fasting",
            "malnutrition or prolonged very low food intake",
            NoteTemplate(
                "context",
                "Malnutrition and a very low food intake lower IGF-1, in children and adolescents as in adults, "
                "and levels recover promptly with adequate nutrition. The usual overnight fast before a blood "
                "test is not what this refers to.",
                ("livingstone2012", "kouanda2009", "swenne2007"),
                "reviews and clinical studies",
            ),
        ),
        ContextFlag(
            "liver-disease",
            "liver disease",
            NoteTemplate(
                "context",
                "Liver cirrhosis is named among the conditions that can lower IGF-1, besides growth-hormone "
                "deficiency.",
                ("aversa2024",),
                _REVIEW,
            ),
        ),
        ContextFlag(
            "kidney-disease",
            "kidney disease",
            NoteTemplate(
                "context",
                "Kidney disease can shift IGF-1 either way: renal failure is named among the conditions that can lower "
                "IGF-1, while in a laboratory study chronic kidney disease was associated with raised IGF-1 in "
                "people without acromegaly.",
                ("aversa2024", "careless2023"),
                "peer-reviewed review (low); laboratory cohort study (raised)",
            ),
        ),
        ContextFlag(
            "diabetes",
            "poorly controlled diabetes",
            NoteTemplate(
                "context",
                "Poorly controlled diabetes is named among the conditions that can lower IGF-1, besides growth-hormone "
                "deficiency.",
                ("aversa2024",),
                _REVIEW,
            ),
        ),
        ContextFlag(
            "hypothyroidism",
            "hypothyroidism",
            NoteTemplate(
                "context",
                "Hypothyroidism can lower IGF-1: in one study it was low at diagnosis and rose once thyroid "
                "function was treated.",
                ("miell1993", "akin2009"),
                "clinical studies",
            ),
        ),
        ContextFlag(
            "hyperthyroidism",
            "hyperthyroidism",
            NoteTemplate(
                "context",
                "Hyperthyroidism was associated with a higher IGF-1 that fell with treatment in one study; "
                "another found no difference in mild (subclinical) hyperthyroidism.",
                ("miell1993", "akin2009"),
                "clinical studies with differing findings",
            ),
        ),
        ContextFlag(
            "obesity",
            "obesity",
            NoteTemplate(
                "context",
                "In the LIFE study, obese children had mean predicted IGF-1 up to 1 SDS higher than normal-weight "
                "children in infancy, converging with them up to about 13 years, and between 20 and 40 years obesity "
                "was associated with IGF-1 up to 0.5 SDS lower; obesity had less impact on IGFBP-3. These are "
                "associations in a population, and the reference tables are not adjusted for weight.",
                ("hoerenz2022",),
                "population reference study (association)",
            ),
        ),
    )
}


@functools.lru_cache(maxsize=64)
def context_note(flag: ContextFlagId) -> Note:
    """The note a context flag adds (built once per flag)."""
    t = CONTEXT_FLAGS[flag].note
    return note_of(t, t.text, None)


#: What a context contradiction says (the codes of :data:`igflab.core.rules.CONTEXT_RULES`).
_MISMATCH = {
    "pregnancy_male": "pregnancy was given as context for a male",
    "pregnancy_child": "pregnancy was given as context at {age}",
    "contraceptive_male": "a contraceptive was given as context for a male",
    "contraceptive_child": "a contraceptive was given as context at {age}",
    "estrogen_replacement_male": "estrogen replacement was given as context for a male",
    "estrogen_replacement_child": "estrogen replacement was given as context at {age}",
    "puberty_adult": "puberty was given as context at {age}, an age at which puberty is not under way (it typically "
    "begins at 8-13 years in girls and 9-14 in boys; NICHD)",
}


def mismatch_text(code: str, age: float) -> str:
    """The words of one context contradiction (a ``context_mismatch`` warning's part) at ``age``."""
    return _MISMATCH[code].format(age=age_text(age))
