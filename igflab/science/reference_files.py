"""The reference files in ``reference_ranges/``: their validated content, and where they are.

Each file describes one reference (metadata + rows); :func:`read_reference_file` validates one
with pydantic. :mod:`igflab.science.references` reads them on first use.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from igflab.errors import ReferenceDataError

__all__ = [
    "Analyte",
    "BCPERow",
    "LMSRow",
    "LimitRow",
    "ReferenceFile",
    "SourceCitation",
    "data_dir",
    "read_reference_file",
]

SexKey = Literal["male", "female"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LMSRow(_Strict):
    age: float = Field(ge=0)
    L: float
    M: float = Field(gt=0)
    S: float = Field(gt=0)


class BCPERow(_Strict):
    """One knot of a BCPE reference (gamlss parameter names)."""

    age: float = Field(ge=0)
    mu: float = Field(gt=0)
    sigma: float = Field(gt=0)
    nu: float
    tau: float = Field(gt=0)


class LimitRow(_Strict):
    age_from: float = Field(ge=0)
    age_to: float | None
    lower: float = Field(gt=0)
    upper: float = Field(gt=0)

    @model_validator(mode="after")
    def _check(self) -> LimitRow:
        if self.lower >= self.upper:
            raise ValueError(f"lower {self.lower} >= upper {self.upper} at age {self.age_from}")
        if self.age_to is not None and self.age_to <= self.age_from:
            raise ValueError(f"age band {self.age_from}-{self.age_to} is empty")
        return self


class SourceCitation(_Strict):
    """Where a reference's numbers come from (the paper that published them)."""

    id: str
    authors: str
    title: str
    journal: str
    year: int | None
    doi: str | None
    pmid: str | None


class Analyte(_Strict):
    name: str
    loinc: str | None
    key: str = Field(
        "igf1",
        pattern=r"^[a-z0-9_]+$",
        description="The analyte's key (igflab.analytes), or a derived quantity's (igf1_igfbp3_ratio)",
    )


class ReferenceFile(_Strict):
    """The validated content of one ``reference_ranges/*.json`` file."""

    schema_version: Literal[1]
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    short_name: str
    analyte: Analyte
    unit: Literal["ng/mL", "ratio"]
    assay: str
    assay_ids: list[str]
    calibrator: str
    population: str
    n: int | None
    n_by_sex: dict[SexKey, int] | None
    sexes: list[SexKey]
    age_domain: tuple[float, float]
    distribution: Literal["LMS", "limits", "BCCG", "BCPE"]
    interpolation: Literal["linear", "none"]
    interval_centiles: tuple[float, float] | None
    citation: SourceCitation
    transcribed_from: str
    caveats: list[str]
    rows: dict[SexKey, list[LMSRow] | list[LimitRow] | list[BCPERow]]
    includes_contraceptive_users: bool | None = None

    @model_validator(mode="after")
    def _check(self) -> ReferenceFile:
        lo, hi = self.age_domain
        if not lo < hi:
            raise ValueError("age_domain must be increasing")
        if sorted(self.rows) != sorted(self.sexes):
            raise ValueError(f"rows hold {sorted(self.rows)} but sexes says {sorted(self.sexes)}")
        if not self.citation.doi and self.distribution != "limits":
            raise ValueError(f"a published {self.distribution} reference needs a DOI")
        row_type = BCPERow if self.distribution == "BCPE" else LMSRow
        for sex, rows in self.rows.items():
            if not rows:
                raise ValueError(f"no rows for {sex}")
            if self.distribution != "limits":
                ages = [r.age for r in rows if isinstance(r, row_type)]
                if len(ages) != len(rows) or len(ages) < 2:
                    raise ValueError(
                        f"{sex}: {self.distribution} references need at least two {row_type.__name__} rows"
                    )
                if any(b <= a for a, b in itertools.pairwise(ages)):
                    raise ValueError(f"{sex}: ages must be strictly increasing")
                if (ages[0], ages[-1]) != (lo, hi):
                    raise ValueError(f"{sex}: rows span {ages[0]}-{ages[-1]}, age_domain says {lo}-{hi}")
            else:
                bands = [r for r in rows if isinstance(r, LimitRow)]
                if len(bands) != len(rows):
                    raise ValueError(f"{sex}: limits references need limit rows")
                if bands[0].age_from != lo:
                    raise ValueError(f"{sex}: first band starts at {bands[0].age_from}, domain at {lo}")
                for a, b in itertools.pairwise(bands):
                    if a.age_to != b.age_from:
                        raise ValueError(f"{sex}: bands {a.age_from}-{a.age_to} and {b.age_from}- do not join")
                if bands[-1].age_to not in (None, hi):
                    raise ValueError(f"{sex}: last band ends at {bands[-1].age_to}, domain at {hi}")
        return self


def data_dir(name: str) -> Path:
    """Where a shipped data folder is: inside the package (wheel) or at the repo root."""
    here = Path(__file__).resolve().parent.parent  # the igflab package
    for candidate in (here / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise ReferenceDataError(f"data folder {name!r} is missing from the installation")


def read_reference_file(path: Path) -> ReferenceFile:
    """One reference file, validated (its id must be its file name)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        data = ReferenceFile.model_validate(raw)
    except (ValidationError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"invalid reference file {path.name}: {exc}") from exc
    if data.id != path.stem:
        raise ReferenceDataError(f"reference file {path.name} has id {data.id!r}")
    return data
