"""pydantic model of the IGF-1 + IGFBP-3 panel: two :class:`~igflab.models.Interpretation` s and what they say
together.

Each result is the one engine's :class:`~igflab.models.Interpretation` of its analyte, the
same type and JSON shape as :func:`igflab.interpret`'s; the panel adds only what belongs to
the pair (its notes, the molar ratio, its guidance).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._model import FrozenModel
from .models import SCHEMA_VERSION, Interpretation
from .text.words import Citation, Note, ResultWarning

__all__ = ["PanelInterpretation"]


class PanelInterpretation(FrozenModel):
    """IGF-1 and IGFBP-3 from one sample, each on its reference, and what they say together."""

    schema_version: str = SCHEMA_VERSION
    age: float
    sex: Literal["male", "female"]
    context: tuple[str, ...] = ()
    igf1: Interpretation = Field(description="The IGF-1 result, as igflab.interpret() gives it (analyte 'igf1').")
    igfbp3: Interpretation = Field(
        description="The IGFBP-3 result, as igflab.interpret(..., analyte='igfbp3') gives it."
    )
    molar_ratio: float | None = Field(
        description="The molar IGF-1/IGFBP-3 ratio of the two values (7649 and 28,700 g/mol); null when the IGF-1 "
        "result is censored."
    )
    notes: tuple[Note, ...] = Field(description="What the two results say together, each note cited.")
    citations: tuple[Citation, ...]
    guidance: str
    warnings: tuple[ResultWarning, ...] = ()
