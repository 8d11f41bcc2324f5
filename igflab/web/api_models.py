"""The API's own request and answer models (the panel's request, a reference's entry) and the example bodies.

Each example is a request igflab answers (a test sends every one of them); the OpenAPI document
shows them beside each operation (``openapi_examples``), so the interactive docs can send them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from igflab.models import Number

__all__ = [
    "BATCH_CSV_EXAMPLE",
    "BATCH_JSONL_EXAMPLE",
    "INTERPRET_EXAMPLES",
    "PANEL_EXAMPLES",
    "SERIES_EXAMPLES",
    "PanelRequest",
    "ReferenceInfo",
    "examples",
]


class PanelRequest(BaseModel):
    """IGF-1 and IGFBP-3 from one sample, with the person (the arguments of ``igflab.interpret_panel``)."""

    model_config = ConfigDict(extra="forbid")

    igf1: Number | str = Field(description="The IGF-1 result: a number (with igf1_unit), or text such as '150 ng/mL'.")
    igf1_unit: str | None = None
    igfbp3: Number | str = Field(description="The IGFBP-3 result: a number (with igfbp3_unit), or text '4.1 mg/L'.")
    igfbp3_unit: str | None = None
    age: Number | str | None = Field(None, description="Years, or text such as '8m' for months.")
    birth_date: str | None = Field(None, description="ISO date; with collected, gives the exact age.")
    collected: str | None = Field(None, description="ISO date the sample was taken.")
    sex: str = Field(description="male or female (m, f ...): the panel's references are by sex.")
    reference: str | None = None
    assay: str | None = None
    context: list[str] = Field(default_factory=list)


class ReferenceInfo(BaseModel):
    """One shipped reference: what it is, whom it covers and where it was published."""

    id: str = Field(description="What `reference` takes in a request.")
    default: bool = Field(description="Whether it is the default reference of its analyte.")
    analyte: str = Field(description="igf1, igfbp3 or igf1_igfbp3_ratio.")
    title: str
    short_name: str
    unit: str
    assay: str
    assay_ids: list[str] = Field(description="What `assay` takes in a request to choose it.")
    method: Literal["LMS", "limits", "BCCG", "BCPE"]
    population: str
    n: int | None
    sexes: list[str]
    age_min: float
    age_max: float
    includes_contraceptive_users: bool | None
    citation: str = Field(description="Authors, year, title and journal.")
    doi: str | None
    caveats: list[str]


def examples(**bodies: tuple[str, Any]) -> dict[str, dict[str, Any]]:
    """``openapi_examples``: a name -> (summary, value) each."""
    return {name: {"summary": summary, "value": value} for name, (summary, value) in bodies.items()}


INTERPRET_EXAMPLES = examples(
    adult=("A man of 45, IGF-1 150 ng/mL", {"value": "150 ng/mL", "age": 45, "sex": "male"}),
    lab_range=(
        "With the laboratory's printed range",
        {"value": 98, "unit": "ug/L", "age": 52, "sex": "female", "lab_range": [84, 270]},
    ),
    child_dates=(
        "A child, the age from two dates",
        {"value": "310 ng/mL", "birth_date": "2012-03-04", "collected": "2025-06-01", "sex": "f"},
    ),
    igfbp3=("IGFBP-3 alone", {"value": "4.1 mg/L", "analyte": "igfbp3", "age": 45, "sex": "male"}),
    censored=("Below the assay's limit, in nmol/L", {"value": "<2", "unit": "nmol/L", "age": 60, "sex": "female"}),
)

PANEL_EXAMPLES = examples(
    adult=("IGF-1 and IGFBP-3 of a woman of 45", {"igf1": "150 ng/mL", "igfbp3": "4.1 mg/L", "age": 45, "sex": "f"}),
    units=(
        "Numbers with their units",
        {"igf1": 19.6, "igf1_unit": "nmol/L", "igfbp3": 143, "igfbp3_unit": "nmol/L", "age": 45, "sex": "male"},
    ),
)

SERIES_EXAMPLES = examples(
    dates=(
        "Three results of one man, by date",
        {
            "sex": "male",
            "birth_date": "1970-05-01",
            "results": [
                {"value": "420 ng/mL", "collected": "2024-01-10"},
                {"value": "310 ng/mL", "collected": "2024-07-02"},
                {"value": "240 ng/mL", "collected": "2025-01-15"},
            ],
        },
    ),
    monitoring=(
        "Followed during treatment for acromegaly, by age",
        {
            "sex": "female",
            "context": ["acromegaly-treatment"],
            "results": [{"value": 610, "unit": "ng/mL", "age": 50}, {"value": 280, "unit": "ng/mL", "age": 50.5}],
        },
    ),
)

BATCH_CSV_EXAMPLE = (
    "id,value,unit,age,sex\nA1,150,ng/mL,45,male\nA2,19.6,nmol/L,38,f\nA3,<25,ng/mL,70,female\nA4,150,kg,45,m\n"
)
BATCH_JSONL_EXAMPLE = (
    '{"value": 150, "unit": "ng/mL", "age": 45, "sex": "male"}\n'
    '{"value": "98 ug/L", "age": 52, "sex": "f", "lab_low": 84, "lab_high": 270}\n'
    '{"value": "150 kg", "age": 45, "sex": "m"}\n'
    "not json\n"
)
