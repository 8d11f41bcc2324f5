"""pydantic models of an IGFBP-3 result, of a result placed on a BCCG/BCPE table, and of the panel.

Kept apart from :mod:`igflab.models`, whose IGF-1 ``Interpretation`` is unchanged: an
:class:`AnalyteResult` is one value placed on one reference (IGF-1 on any reference,
IGFBP-3 on its own), a :class:`PanelInterpretation` holds IGF-1 and IGFBP-3 read together.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import SCHEMA_VERSION
from .science.zones import Flag, Zone
from .text.words import Citation, Note, ResultWarning

__all__ = ["AnalyteKey", "AnalyteResult", "PanelInterpretation"]

AnalyteKey = Literal["igf1", "igfbp3", "igf1_igfbp3_ratio"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_serialization_defaults_required=True)


class AnalyteResult(_Model):
    """One result placed on one published reference: value, SDS, centile, interval and zone."""

    schema_version: str = SCHEMA_VERSION
    analyte: AnalyteKey
    analyte_name: str
    loinc: str | None = Field(description="LOINC code of the analyte, when igflab has a verified one.")
    value_ng_per_ml: float = Field(description="The value in the reference's unit (ng/mL), full precision.")
    value_nmol_per_l: float = Field(
        description="The value in nmol/L: IGF-1 with 7649 g/mol, IGFBP-3 with 28,700 g/mol (both with their sources in "
        "docs/method.md)."
    )
    input_value: float
    input_unit: str
    censored: Literal["<", ">"] | None = Field(
        description="'<' or '>' when the laboratory reported the result beyond a limit (IGF-1 only; a censored IGFBP-3 "
        "result is refused): the value is that limit, and the SDS and centile are bounds (at most, at least)."
    )
    age: float
    sex: Literal["male", "female"]
    reference_id: str
    reference_title: str
    assay: str
    method: Literal["LMS", "limits", "BCCG", "BCPE"]
    lower_ng_per_ml: float = Field(description="The 2.5th centile at the age (the lower limit).")
    median_ng_per_ml: float | None
    upper_ng_per_ml: float = Field(description="The 97.5th centile at the age (the upper limit).")
    sds: float | None
    centile: float | None
    zone: Zone = Field(description="IGFBP-3: reference position only (below, within, above the reference).")
    flag: Flag
    notes: tuple[Note, ...]
    citations: tuple[Citation, ...]
    guidance: str
    warnings: tuple[ResultWarning, ...] = ()


class PanelInterpretation(_Model):
    """IGF-1 and IGFBP-3 from one sample, each on its reference, and what they say together."""

    schema_version: str = SCHEMA_VERSION
    age: float
    sex: Literal["male", "female"]
    context: tuple[str, ...] = ()
    igf1: AnalyteResult
    igfbp3: AnalyteResult
    molar_ratio: float | None = Field(
        description="The molar IGF-1/IGFBP-3 ratio of the two values (7649 and 28,700 g/mol); null when the IGF-1 "
        "result is censored."
    )
    ratio: AnalyteResult | None = Field(
        description="The ratio placed on its reference; null until the reference's published scale is confirmed "
        "(see the notes)."
    )
    notes: tuple[Note, ...] = Field(description="What the two results say together, each note cited.")
    citations: tuple[Citation, ...]
    guidance: str
    warnings: tuple[ResultWarning, ...] = ()
