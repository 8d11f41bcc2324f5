"""What the text layer produces: the result's notes, citations, warnings and summary, as models.

The result models (:mod:`igflab.models` and the others) hold these; the text layer builds them
without knowing the result models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from igflab._model import FrozenModel

__all__ = ["Citation", "DisplayUnit", "Note", "NoteKind", "ResultWarning", "Summary"]

#: The units figures can be shown in (ng/mL and µg/L are the same number, and so are mg/L and µg/mL).
DisplayUnit = Literal["ng/mL", "µg/L", "nmol/L", "mg/L", "µg/mL"]

NoteKind = Literal["position", "zone", "u_curve", "lifestyle", "caution", "assay", "method", "context"]


class Citation(FrozenModel):
    """A source a note rests on."""

    id: str
    kind: str
    text: str = Field(description="The full reference, as a citation string.")
    url: str | None = None
    evidence_grade: str


class Note(FrozenModel):
    """One plain-language statement, with the sources it rests on."""

    kind: NoteKind
    text: str
    citations: tuple[str, ...] = Field(min_length=1, description="Ids into Interpretation.citations.")
    evidence_grade: str | None = None


class ResultWarning(FrozenModel):
    """Something about the input worth checking (it did not stop the interpretation)."""

    code: str
    message: str
    field: str | None = None


class Summary(FrozenModel):
    """One or two plain sentences on where the result sits, cited like the notes."""

    text: str
    citations: tuple[str, ...] = Field(min_length=1, description="Ids into Interpretation.citations.")
    unit: DisplayUnit = Field(
        description="The unit the figures are in (the other unit is beside them): by default the unit typed."
    )
    check: str | None = Field(
        None,
        description="The 'Please check ...' sentence that leads the text when the result has warnings (null "
        "without any): for channels that show the doubt on its own (a card's indicator, the page's top).",
    )

    def __str__(self) -> str:
        return self.text
