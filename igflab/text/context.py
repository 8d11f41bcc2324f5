"""What each clinical-context flag adds to an interpretation: its label and cited note.

The flags and their accepted spellings are read in :mod:`igflab.inputs.context`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from igflab._types import ContextFlagId
from igflab.inputs.context import CONTEXT_ALIASES
from igflab.models import Note

from .render import note_of
from .templates import NoteTemplate

__all__ = ["CONTEXT_FLAGS", "ContextFlag", "context_note"]


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


_SECONDARY = "secondary source (a clinical review site); guideline wording not verified"

CONTEXT_FLAGS: dict[ContextFlagId, ContextFlag] = {
    f.id: f
    for f in (
        ContextFlag(
            "pregnancy",
            "pregnancy",
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
            NoteTemplate(
                "context",
                "Hyperthyroidism is listed among the conditions that raise IGF-1.",
                ("myendoconsult",),
                _SECONDARY,
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
