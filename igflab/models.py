"""pydantic models of what igflab returns (and of a JSON request).

The result carries what every front-end needs (the reported unit and its UCUM code, the
reference's age band, the published reference apart from a laboratory's range), so FHIR,
charts and the terminal never look anything up again.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, computed_field, model_validator

from ._model import FrozenModel
from ._types import ContextFlagId, Sex
from .science.zones import AdultBand, Flag, Zone
from .text.summary import summary_of
from .text.words import Citation, Note, ResultWarning, Summary

__all__ = [
    "SCHEMA_VERSION",
    "InterpretRequest",
    "Interpretation",
    "MeasuredValue",
    "Provenance",
    "ReferencePosition",
]

#: Version of the JSON shape of :class:`Interpretation` (bumped on breaking changes).
SCHEMA_VERSION = "2.0"


class MeasuredValue(FrozenModel):
    """The result in both units, and as it was given."""

    ng_per_ml: float = Field(description="Value in ng/mL (= µg/L); full precision.")
    nmol_per_l: float = Field(description="Value in nmol/L, computed with the molar mass in provenance.")
    input_value: float = Field(description="The number as reported (a censored result's limit).")
    input_unit: str = Field(description="The unit as reported, in igflab's display spelling (e.g. 'nmol/L').")
    input_unit_ucum: str | None = Field(
        description="The UCUM code of the reported unit (e.g. 'nmol/L', 'ug/L'); null for a unit igflab does not list."
    )
    censored: Literal["<", ">"] | None = Field(
        None, description="'<' or '>' when the lab reported the result beyond a limit; the numbers are that limit."
    )


class ReferencePosition(FrozenModel):
    """Where the value sits against one reference (published or the lab's own)."""

    id: str
    kind: Literal["published", "lab"]
    title: str
    assay: str | None
    method: Literal["LMS", "limits", "BCCG", "BCPE"] = Field(
        description="How the reference gives its positions: LMS, BCCG or BCPE (SDS and centile) or limits only (zlog)."
    )
    sex: Literal["male", "female", "any"]
    lower_ng_per_ml: float
    upper_ng_per_ml: float
    median_ng_per_ml: float | None = None
    lower_centile: float | None = None
    upper_centile: float | None = None
    age_band: tuple[float, float | None] | None = Field(
        None,
        description="The reference's age band holding the person's age, [from, to) in years (to null: open); "
        "null for an LMS reference (its interval is at the exact age) and for a laboratory's range.",
    )
    sds: float | None = Field(None, description="SDS (z-score); from LMS, BCCG and BCPE references.")
    centile: float | None = Field(None, description="Centile in percent (0-100); from LMS, BCCG and BCPE references.")
    zlog: float | None = Field(
        None, description="log-scale z-like score from the two limits (Hoffmann 2017); -1.96/+1.96 at the limits."
    )
    zone: Zone
    flag: Flag
    bound: Literal["upper", "lower"] | None = Field(
        None, description="For a censored result: the scores are an upper or lower bound."
    )
    citation: str | None = None


class Provenance(FrozenModel):
    igflab_version: str
    schema_version: str = SCHEMA_VERSION
    reference_id: str = Field(description="What placed the result: the published reference id, or 'lab+<id>'.")
    published_reference_id: str = Field(
        description="The published reference used (the primary position, or the second opinion beside a lab range)."
    )
    molar_mass_g_per_mol: float
    ng_per_ml_per_nmol_per_l: float
    unit_factor_to_ng_per_ml: float


class Interpretation(FrozenModel):
    """The interpretation of one result of any analyte (IGF-1, IGFBP-3)."""

    schema_version: str = SCHEMA_VERSION
    analyte: str = Field("igf1", description="What was measured: an analyte key of igflab.analytes (igf1, igfbp3).")
    value: MeasuredValue
    age: float = Field(description="Age in years, as used.")
    age_source: Literal["years", "months", "weeks", "days", "dates"] = "years"
    sex: Sex
    sds: float | None
    centile: float | None
    zlog: float | None = None
    zone: Zone = Field(
        description="Where the result sits against the reference for age and sex (or the laboratory's range): "
        "below, inside in its lower, middle or upper third, above, well above (adults, more than 1.3 x the upper "
        "limit), or indeterminate. See docs/method.md."
    )
    flag: Flag
    adult: bool
    adult_band: AdultBand | None = Field(
        None,
        description="IGF-1 from 40 years: below, within or above the adult 120-160 ng/mL band that a meta-analysis "
        "of cohort studies associated with the lowest all-cause mortality (Rahmani 2022). Population context, "
        "never the zone and never a target; null where it is not shown (under 40, other analytes, a censored "
        "value on either side).",
    )
    reference: ReferencePosition = Field(
        description="The primary position: the lab's range when given, else the published reference. With "
        "unknown sex it is the male position (the female one is in other_positions); the interpretation's own "
        "zone and flag are the authority."
    )
    other_positions: tuple[ReferencePosition, ...] = Field(
        (), description="Secondary positions: the published reference beside a lab range, or the other sex."
    )
    context: tuple[ContextFlagId, ...] = ()
    notes: tuple[Note, ...]
    citations: tuple[Citation, ...]
    guidance: str
    warnings: tuple[ResultWarning, ...] = ()
    provenance: Provenance

    @computed_field(  # type: ignore[prop-decorator]
        description="The short plain-language summary (the page, CDS cards, str(result)), in the unit the result "
        "was typed in; derived from the fields above, so a result read back from JSON recomputes it."
    )
    @functools.cached_property
    def summary(self) -> Summary:
        """Built on first use (speed: most callers of :func:`igflab.interpret` never read it; about a third of a
        single interpretation's time) and kept; JSON output always writes it."""
        return summary_of(self)

    @model_validator(mode="before")
    @classmethod
    def _derived_summary(cls, data: Any) -> Any:
        """A result read back from JSON carries its summary: derived data, recomputed, so it is dropped here."""
        if isinstance(data, dict) and "summary" in data:
            return {k: v for k, v in data.items() if k != "summary"}
        return data

    def __str__(self) -> str:
        """The short plain-language summary (``summary.text``)."""
        return self.summary.text


#: A JSON number in a request: ``true``/``false`` are refused, never read as 1 and 0 (the scalar API refuses them too).
Number = Annotated[float, Strict()]


class InterpretRequest(BaseModel):
    """A request, as apps send it in JSON (``igflab interpret --input``)."""

    model_config = ConfigDict(extra="forbid")

    value: Number | str = Field(description="Number, or text such as '150 ng/mL' or '<25'.")
    unit: str | None = None
    age: Number | str | None = Field(None, description="Years, or text such as '8m' for months.")
    birth_date: str | None = Field(None, description="ISO date; with collected, gives the exact age.")
    collected: str | None = Field(None, description="ISO date the sample was taken.")
    sex: str
    reference: str | None = None
    assay: str | None = None
    lab_range: tuple[Number, Number] | str | None = None
    lab_range_unit: str | None = None
    context: list[str] = Field(default_factory=list)
    analyte: Literal["igf1", "igfbp3"] = Field(
        "igf1",
        description="What value measures: igf1 (default) or igfbp3 (IGFBP-3 in mg/L, µg/mL, ng/mL or nmol/L; "
        "no lab_range). The answer is an Interpretation of that analyte (its analyte field says which).",
    )
    igfbp3: Number | str | None = Field(
        None,
        description="IGFBP-3 from the same sample as the IGF-1 value (number, or text such as '4.1 mg/L'): the two "
        "are read together and the answer is the panel (see igflab's PanelInterpretation).",
    )
    igfbp3_unit: str | None = Field(None, description="The unit of igfbp3, if not part of it.")
