"""Published reference data: loading, validation, lookup by age and sex.

Each file in ``reference_ranges/`` describes one reference (metadata + rows). Files are
read on first use, validated with pydantic, and cached; nothing is read at import.
Two kinds exist: ``LMS`` references (L, M, S per age knot, interpolated linearly) give
an SDS, a centile and the 2.5th-97.5th centile interval; ``limits`` references (lower
and upper limit per age band, as a laboratory prints them) give only the interval.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from igflab.backend import numpy_backend
from igflab.errors import OutOfReferenceError, ReferenceDataError, UnknownReferenceError

from .tables import Tables, build_tables, interval_at

__all__ = [
    "DEFAULT_REFERENCE",
    "BCPERow",
    "Interval",
    "LMSRow",
    "LimitRow",
    "Reference",
    "ReferenceFile",
    "assay_ids",
    "choose_reference",
    "data_dir",
    "get_reference",
    "list_references",
    "read_reference_file",
    "reference_for_assay",
]

#: The reference used when none is chosen.
DEFAULT_REFERENCE = "bidlingmaier2014_idsisys"

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
    key: Literal["igf1", "igfbp3", "igf1_igfbp3_ratio"] = "igf1"


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


class Interval(NamedTuple):
    """A reference's interval for one age and sex, in ng/mL (immutable)."""

    lower: float
    """The lower limit (the 2.5th centile of an LMS reference)."""
    upper: float
    """The upper limit (the 97.5th centile of an LMS reference)."""
    median: float | None
    """The median (LMS references only)."""
    lms: tuple[float, float, float] | None
    """L, M and S at the age (LMS references only)."""
    band: tuple[float, float | None] | None = None
    """The age band [from, to) holding the age (limits references only; ``to`` is None when open)."""


class Reference:
    """One reference, ready for lookups: :attr:`tables` for one result, :meth:`columns` for numpy columns."""

    def __init__(self, data: ReferenceFile) -> None:
        self.data = data
        self.id = data.id
        self.is_lms = data.distribution == "LMS"
        self.age_min, self.age_max = data.age_domain
        self.tables: Tables = build_tables(self.is_lms, data.rows)
        self._columns: list[Tables] = []

    def __repr__(self) -> str:
        return f"<Reference {self.id} {self.data.distribution} {self.age_min:g}-{self.age_max:g} y>"

    def columns(self) -> Tables:
        """The tables as numpy arrays (built on first use), for :func:`~igflab.science.tables.interval_at`."""
        if not self._columns:
            import numpy as np  # noqa: PLC0415 - only the batch path needs numpy

            self._columns.append(build_tables(self.is_lms, self.data.rows, numpy_backend(), np.asarray))
        return self._columns[0]

    @property
    def sexes(self) -> list[str]:
        return list(self.data.sexes)

    def covers(self, age: float) -> bool:
        """Whether ``age`` (years) is inside the reference's age domain."""
        return self.age_min <= age <= self.age_max

    def coverage_text(self) -> str:
        return f"{self.age_min:g}-{self.age_max:g} years"

    def out_of_reference(self, age: float) -> OutOfReferenceError:
        """The error for an ``age`` outside the domain, naming references that cover it."""
        others = [r.id for r in list_references() if r.id != self.id and r.covers(age)]
        hint = f"; references that cover it: {', '.join(others)}" if others else ""
        return OutOfReferenceError(
            f"age {age:g} years is outside the {self.id} reference, which covers {self.coverage_text()}{hint}"
        )

    def check_age(self, age: float) -> None:
        """Raise :class:`OutOfReferenceError` when ``age`` is outside the domain."""
        if not self.covers(age):
            raise self.out_of_reference(age)

    def lms_at(self, age: float, sex: str) -> tuple[float, float, float]:
        """L, M and S at ``age`` for ``sex`` (LMS references; linear interpolation between knots)."""
        self.check_age(age)
        b = interval_at(self.tables, age, sex == "female")
        if b.lms is None:
            raise ReferenceDataError(f"the {self.id} reference publishes limits, not L, M and S")
        return b.lms

    def interval(self, age: float, sex: str) -> Interval:
        """The interval at ``age`` for ``sex`` ("male" or "female"); the age must be inside the domain."""
        self.check_age(age)
        b = interval_at(self.tables, age, sex == "female")
        if self.is_lms:
            return Interval(b.lower, b.upper, b.median, b.lms)
        return Interval(b.lower, b.upper, None, None, (b.band_from, None if b.band_to == math.inf else b.band_to))


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


@functools.cache
def _all() -> dict[str, Reference]:
    out: dict[str, Reference] = {}
    folder = data_dir("reference_ranges")
    for path in sorted(folder.glob("*.json")):
        data = read_reference_file(path)
        out[data.id] = Reference(data)
    if DEFAULT_REFERENCE not in out:
        raise ReferenceDataError(f"default reference {DEFAULT_REFERENCE} is missing")
    return out


def list_references() -> list[Reference]:
    """All shipped references, default first."""
    refs = _all()
    return [refs[DEFAULT_REFERENCE], *(r for k, r in sorted(refs.items()) if k != DEFAULT_REFERENCE)]


def get_reference(ref: object = None) -> Reference:
    """The reference with id ``ref`` (the default when ``None``)."""
    refs = _all()
    if ref is None:
        return refs[DEFAULT_REFERENCE]
    key = ref.strip().lower() if isinstance(ref, str) else ref
    if not isinstance(key, str) or key not in refs:
        raise UnknownReferenceError(f"unknown reference {ref!r}; known: {', '.join(sorted(refs))}")
    return refs[key]


def assay_ids() -> dict[str, str]:
    """Map of accepted assay names to reference ids."""
    return {a: r.id for r in list_references() for a in r.data.assay_ids}


def reference_for_assay(assay: object) -> Reference:
    """The reference built on ``assay`` (e.g. ``"idsisys"``, ``"lcms"``)."""
    key = assay.strip().lower().replace("_", "-") if isinstance(assay, str) else ""
    table = assay_ids()
    if key not in table:
        known = ", ".join(sorted({r.data.assay_ids[0] for r in list_references()}))
        raise UnknownReferenceError(f"unknown assay {assay!r}; known assays: {known}", field="assay")
    return get_reference(table[key])


def choose_reference(reference: object, assay: object) -> tuple[Reference, bool]:
    """The published reference chosen by id, else by assay, else the default; and whether the
    chosen reference was built with another assay than ``assay`` (an ``assay_mismatch``)."""
    if reference is not None:
        ref = get_reference(reference)
        return ref, assay is not None and reference_for_assay(assay).id != ref.id  # raises for an unknown assay
    if assay is not None:
        try:
            return reference_for_assay(assay), False
        except UnknownReferenceError as exc:
            raise UnknownReferenceError(
                f"{exc.message}. Without a reference for your assay, give your laboratory's printed range "
                "(lab_range / --lab-range), or leave out the assay to use the default reference",
                field="assay",
            ) from None
    return get_reference(None), False
