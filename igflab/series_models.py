"""pydantic models of one person's results over time (:func:`igflab.interpret_series`) and its request."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._model import FrozenModel
from ._types import Sex
from .models import SCHEMA_VERSION, Interpretation
from .text.words import Citation, Note, ResultWarning

__all__ = [
    "CVUsed",
    "ChangeRule",
    "MonitoringNote",
    "SeriesChange",
    "SeriesInterpretation",
    "SeriesItem",
    "SeriesRequest",
    "SeriesResult",
]

SeriesContextId = Literal["acromegaly-treatment", "gh-therapy"]


class CVUsed(FrozenModel):
    """A coefficient of variation used in the reference change value, with its source."""

    cv: float = Field(description="As a fraction (0.05 for 5 %).")
    source: str
    citations: tuple[str, ...]
    uncertain: bool = Field(description="True where the literature gives a range, not one value.")


class ChangeRule(FrozenModel):
    """How a significant change was decided: the reference change value and what went into it."""

    method: Literal["log-normal RCV"] = "log-normal RCV"
    probability: float
    one_sided: bool
    z: float
    rise_percent: float = Field(description="A rise larger than this (percent) is significant.")
    fall_percent: float = Field(description="A fall larger than this (a negative percent) is significant.")
    analytical: CVUsed
    within_person: CVUsed
    assay_cvs: dict[str, float] = Field(default_factory=dict, description="Analytical CVs given per assay.")
    citations: tuple[str, ...]


class SeriesResult(FrozenModel):
    """One result of the series, interpreted at its own age."""

    collected: str | None = Field(description="ISO date the sample was taken, when known.")
    age: float
    assay: str | None
    method_key: str = Field(
        description="The reference (or lab range) it was placed against: results compare directly only within one key."
    )
    upper_ng_per_ml: float = Field(description="Upper limit of the primary position at this age (lab's or published).")
    x_uln: float = Field(description="The value as a multiple of that upper limit.")
    sds: float | None = Field(description="The published reference's SDS, when one applies.")
    interpretation: Interpretation


class SeriesChange(FrozenModel):
    """The change from one result to a later one."""

    kind: Literal["consecutive", "first_to_last"]
    from_index: int
    to_index: int
    days: float | None = Field(description="Days between the samples, when both dates are known.")
    years: float = Field(description="Years of age between the samples.")
    delta_ng_per_ml: float
    percent: float = Field(description="Change in percent of the earlier value.")
    delta_sds: float | None
    delta_x_uln: float
    compared_as: Literal["value", "x_uln", "none"] = Field(
        description="value: same assay and reference; x_uln: different assays, each with its lab's range; "
        "none: not comparable for a significance verdict."
    )
    limit_rise_percent: float | None
    limit_fall_percent: float | None
    significant: bool | None = Field(description="Null when no verdict is given (see note).")
    flag: Literal["U", "D"] | None = Field(description="HL7 ObservationInterpretation: significant change up/down.")
    note: str


class MonitoringNote(FrozenModel):
    """What a monitoring context adds: where the latest result sits against the range it is followed by."""

    context: SeriesContextId
    latest_x_uln: float | None = None
    latest_within_upper_limit: bool | None = None
    latest_sds: float | None = None
    latest_sds_band: Literal["below", "within", "above"] | None = None
    note: Note


class SeriesInterpretation(FrozenModel):
    """One person's IGF-1 results over time: each interpreted alone, then the changes between them."""

    schema_version: str = SCHEMA_VERSION
    sex: Sex
    context: tuple[str, ...] = ()
    results: tuple[SeriesResult, ...] = Field(description="In time order.")
    changes: tuple[SeriesChange, ...] = Field(description="Each consecutive pair, in time order.")
    overall: SeriesChange | None = Field(description="First to last (null for one result).")
    rule: ChangeRule
    monitoring: tuple[MonitoringNote, ...] = ()
    summary: str
    notes: tuple[Note, ...]
    citations: tuple[Citation, ...]
    guidance: str
    warnings: tuple[ResultWarning, ...] = ()

    def __str__(self) -> str:
        """The short plain-language summary (``summary``), as for one result; ``igflab series`` prints the table."""
        return self.summary


class SeriesItem(BaseModel):
    """One result as given: a value, and when (a date, or the age)."""

    model_config = ConfigDict(extra="forbid")

    value: float | str
    unit: str | None = None
    collected: str | None = Field(None, description="ISO date the sample was taken.")
    age: float | str | None = None
    assay: str | None = None
    reference: str | None = None
    lab_range: tuple[float, float] | str | None = None
    lab_range_unit: str | None = None


class SeriesRequest(BaseModel):
    """A series request, as apps send it in JSON (``igflab series FILE``)."""

    model_config = ConfigDict(extra="forbid")

    results: list[SeriesItem] = Field(min_length=1)
    sex: str
    birth_date: str | None = None
    reference: str | None = None
    assay: str | None = None
    context: list[str] = Field(default_factory=list)
    cv_analytical: float | None = None
    cv_within: float | None = None
    assay_cvs: dict[str, float] | None = None
    probability: float = 0.95
    one_sided: bool = False
