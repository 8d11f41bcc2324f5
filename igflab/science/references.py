"""Published references of every analyte: one registry, one :class:`Reference` for every distribution.

Each file in ``reference_ranges/`` describes one reference (metadata + rows, names its
analyte); files are read on first use, validated (:mod:`igflab.science.reference_files`) and
cached; nothing is read at import. ``LMS``, ``BCCG`` and ``BCPE`` references give an SDS, a
centile, the value at an SDS and the 2.5th-97.5th centile interval; ``limits`` references
(lower and upper limit per age band, as a laboratory prints them) give only the interval.
:func:`choose_reference` picks an analyte's reference by id, family, assay or its default.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast

from igflab.analytes import IGF1, IGFBP3, AnalyteSpec, spec_of
from igflab.backend import SCALAR, Backend, numpy_backend
from igflab.errors import OutOfReferenceError, ReferenceDataError, UnknownReferenceError

from . import bccg, bcpe, lms
from .params import ParamTables, build_params, params_at
from .reference_files import ReferenceFile, data_dir, read_reference_file
from .tables import Bounds, Tables, build_tables, interval_at

__all__ = [
    "DEFAULT_REFERENCE",
    "Choice",
    "Interval",
    "Reference",
    "assay_ids",
    "choose_reference",
    "get_reference",
    "list_references",
    "reference_for_assay",
    "register_reference",
    "unregister_reference",
]

#: The IGF-1 reference used when none is chosen.
DEFAULT_REFERENCE = IGF1.default_reference

SexKey = Literal["male", "female"]


class Interval(NamedTuple):
    """A reference's interval for one age and sex, in ng/mL (immutable)."""

    lower: float
    """The lower limit (the 2.5th centile of an LMS reference)."""
    upper: float
    """The upper limit (the 97.5th centile of an LMS reference)."""
    median: float | None
    """The median (not for a limits reference)."""
    lms: tuple[float, float, float] | None
    """L, M and S at the age (LMS references only)."""
    band: tuple[float, float | None] | None = None
    """The age band [from, to) holding the age (limits references only; ``to`` is None when open)."""


class Reference:
    """One published reference of any distribution, ready for lookups on one value or on numpy columns.

    LMS and ``limits`` references are laid out in :attr:`tables` (:func:`~igflab.science.tables.interval_at`);
    BCCG and BCPE references in parameter tables (:mod:`igflab.science.params`). :meth:`bounds` and
    :meth:`scores` are what every path reads, whatever the distribution.
    """

    def __init__(self, data: ReferenceFile) -> None:
        self.data = data
        self.id = data.id
        self.analyte = data.analyte.key
        self.distribution = data.distribution
        self.is_lms = data.distribution == "LMS"
        self.age_min, self.age_max = data.age_domain
        self._tabled = data.distribution in ("LMS", "limits")
        self.tables: Tables | None = build_tables(self.is_lms, data.rows) if self._tabled else None
        self._module = bcpe if data.distribution == "BCPE" else bccg
        self._columns: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<Reference {self.id} {self.distribution} {self.age_min:g}-{self.age_max:g} y>"

    def columns(self) -> Tables:
        """An LMS or limits reference's tables as numpy arrays (built on first use)."""
        if "tables" not in self._columns:
            import numpy as np  # noqa: PLC0415 - only the column path needs numpy

            self._columns["tables"] = build_tables(self.is_lms, self.data.rows, numpy_backend(), np.asarray)
        return cast(Tables, self._columns["tables"])

    def _params(self, xp: Backend) -> ParamTables:
        key = "scalar" if xp is SCALAR else "numpy"
        if key not in self._columns:
            array: Any = tuple
            if xp is not SCALAR:
                import numpy as np  # noqa: PLC0415 - only the column path needs numpy

                array = np.asarray
            self._columns[key] = build_params(self.distribution, self.data.rows, self.data.age_domain, array)
        return cast(ParamTables, self._columns[key])

    def bounds(self, age: Any, female: Any, xp: Backend = SCALAR) -> Bounds:
        """The interval at ``age`` (inside the domain) for ``female`` (bool or bool array): limits, median, and
        L/M/S, the distribution's parameters or the age band."""
        if self._tabled:
            return interval_at(cast(Tables, self.tables) if xp is SCALAR else self.columns(), age, female, xp)
        p = params_at(self._params(xp), age, female, xp)
        f = self._module.value_from_sds
        return Bounds(f(-lms.Z_975, p, xp), f(lms.Z_975, p, xp), f(0.0, p, xp), None, math.nan, math.nan, p)

    def scores(self, x: Any, b: Bounds, xp: Backend = SCALAR) -> tuple[Any, Any]:
        """SDS and centile of ``x`` against the interval ``b`` of :meth:`bounds` (nan for a limits reference)."""
        if b.lms is not None:
            sds = lms.sds_from_value(x, b.lms, xp)
            return sds, lms.centile_from_sds(sds, xp)
        if b.params is not None:
            return self._module.sds(x, b.params, xp), self._module.centile(x, b.params, xp)
        return math.nan, math.nan

    def params_at(self, age: Any, female: Any, xp: Backend = SCALAR) -> tuple[Any, ...]:
        """A BCCG/BCPE reference's parameters at ``age``: (mu, sigma, nu) for BCCG, (mu, sigma, nu, tau) for BCPE."""
        if self._tabled:
            raise ReferenceDataError(f"the {self.id} reference is {self.distribution}, not BCCG or BCPE")
        if xp is SCALAR:
            self.check_age(age)
        return params_at(self._params(xp), age, female, xp)

    def sds(self, value: Any, age: Any, female: Any, xp: Backend = SCALAR) -> Any:
        """SDS of ``value`` (ng/mL) at ``age`` for ``female`` (nan for a limits reference)."""
        if xp is SCALAR:
            self.check_age(age)
        if not self._tabled:  # speed: the parameters alone, not the interval's three quantiles
            return self._module.sds(value, params_at(self._params(xp), age, female, xp), xp)
        return self.scores(value, self.bounds(age, female, xp), xp)[0]

    def centile(self, value: Any, age: Any, female: Any, xp: Backend = SCALAR) -> Any:
        """Centile (0-100) of ``value`` at ``age`` for ``female`` (nan for a limits reference)."""
        if xp is SCALAR:
            self.check_age(age)
        if not self._tabled:  # speed: as for sds()
            return self._module.centile(value, params_at(self._params(xp), age, female, xp), xp)
        return self.scores(value, self.bounds(age, female, xp), xp)[1]

    def value_at(self, z: Any, age: Any, female: Any, xp: Backend = SCALAR) -> Any:
        """The value with SDS ``z`` at ``age`` for ``female`` (LMS, BCCG and BCPE references)."""
        if xp is SCALAR:
            self.check_age(age)
        b = self.bounds(age, female, xp)
        if b.lms is not None:
            return lms.value_from_sds(z, b.lms, xp)
        if b.params is None:
            raise ReferenceDataError(f"the {self.id} reference publishes limits, not a distribution")
        return self._module.value_from_sds(z, b.params, xp)

    @property
    def sexes(self) -> list[str]:
        return list(self.data.sexes)

    def covers(self, age: float) -> bool:
        """Whether ``age`` (years) is inside the reference's age domain."""
        return self.age_min <= age <= self.age_max

    def coverage_text(self) -> str:
        return f"{self.age_min:g}-{self.age_max:g} years"

    def out_of_reference(self, age: float) -> OutOfReferenceError:
        """The error for an ``age`` outside the domain, naming references of the analyte that cover it."""
        others = [r.id for r in list_references(self.analyte) if r.id != self.id and r.covers(age)]
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
        b = self.bounds(age, sex == "female")
        if b.lms is None:
            raise ReferenceDataError(f"the {self.id} reference is {self.distribution}, not L, M and S")
        return b.lms

    def interval(self, age: float, sex: str) -> Interval:
        """The interval at ``age`` for ``sex`` ("male" or "female"); the age must be inside the domain."""
        self.check_age(age)
        b = self.bounds(age, sex == "female")
        median = None if math.isnan(b.median) else b.median
        if self.distribution != "limits":
            return Interval(b.lower, b.upper, median, b.lms)
        return Interval(b.lower, b.upper, None, None, (b.band_from, None if b.band_to == math.inf else b.band_to))


class _Registry:
    """Every reference by id: the shipped files (read and validated when first used: memory goes to the tables a
    program uses) and those registered at run time."""

    def __init__(self) -> None:
        self.paths: dict[str, Path] = {}
        self.analyte: dict[str, str] = {}
        self.loaded: dict[str, Reference] = {}

    def ids(self, analyte: str | None) -> list[str]:
        return sorted(i for i, key in self.analyte.items() if analyte is None or key == analyte)

    def get(self, reference_id: str) -> Reference | None:
        ref = self.loaded.get(reference_id)
        if ref is None and reference_id in self.paths:
            ref = self.loaded[reference_id] = Reference(read_reference_file(self.paths[reference_id]))
        return ref


@functools.cache
def _registry() -> _Registry:
    reg = _Registry()
    for path in sorted(data_dir("reference_ranges").glob("*.json")):
        try:
            analyte = json.loads(path.read_text(encoding="utf-8")).get("analyte", {})
        except (json.JSONDecodeError, AttributeError) as exc:
            raise ReferenceDataError(f"invalid reference file {path.name}: {exc}") from exc
        reg.paths[path.stem] = path
        reg.analyte[path.stem] = analyte.get("key", "igf1") if isinstance(analyte, dict) else "igf1"
    for spec in (IGF1, IGFBP3):  # the shipped analytes' defaults ship with them
        if spec.default_reference not in reg.paths:
            raise ReferenceDataError(f"default reference {spec.default_reference} of {spec.words} is missing")
    return reg


def register_reference(data: ReferenceFile) -> Reference:
    """Add a reference of a registered analyte (``data.analyte.key``, see :func:`igflab.analytes.register`) beside
    the shipped files; returns it. An id is registered once."""
    spec_of(data.analyte.key)  # an unknown analyte is an error
    reg = _registry()
    known = reg.get(data.id)
    if known is not None and known.data != data:
        raise ReferenceDataError(f"reference {data.id!r} is registered already")
    reg.loaded[data.id] = known or Reference(data)
    reg.analyte[data.id] = data.analyte.key
    _chosen.cache_clear()
    return reg.loaded[data.id]


def unregister_reference(reference_id: str) -> None:
    """Remove a reference added with :func:`register_reference` (the shipped files stay)."""
    reg = _registry()
    if reference_id in reg.paths:
        raise ReferenceDataError(f"reference {reference_id!r} ships with igflab and stays registered")
    reg.loaded.pop(reference_id, None)
    reg.analyte.pop(reference_id, None)
    _chosen.cache_clear()


def list_references(analyte: str | None = "igf1") -> list[Reference]:
    """The shipped references of ``analyte`` (an analyte key; None: every reference file), its default first."""
    reg = _registry()
    first = DEFAULT_REFERENCE if analyte is None else spec_of(analyte).default_reference
    ids = [first, *(i for i in reg.ids(analyte) if i != first)]
    return [r for r in map(reg.get, ids) if r is not None]


def get_reference(ref: object = None, analyte: str = "igf1") -> Reference:
    """The reference with id ``ref`` (any analyte's), or ``analyte``'s default when ``ref`` is None."""
    reg = _registry()
    key = spec_of(analyte).default_reference if ref is None else ref.strip().lower() if isinstance(ref, str) else None
    found = reg.get(key) if key is not None else None
    if found is None:
        raise UnknownReferenceError(f"unknown reference {ref!r}; known: {', '.join(reg.ids(None))}")
    return found


def assay_ids(analyte: str = "igf1") -> dict[str, str]:
    """Map of accepted assay names to reference ids, for ``analyte``."""
    return {a: r.id for r in reversed(list_references(analyte)) for a in r.data.assay_ids}


def reference_for_assay(assay: object, analyte: str = "igf1") -> Reference:
    """The reference of ``analyte`` built on ``assay`` (e.g. ``"idsisys"``, ``"lcms"``)."""
    key = assay.strip().lower().replace("_", "-") if isinstance(assay, str) else ""
    table = assay_ids(analyte)
    if key not in table:
        known = ", ".join(sorted({r.data.assay_ids[0] for r in list_references(analyte)}))
        raise UnknownReferenceError(f"unknown assay {assay!r}; known assays: {known}", field="assay")
    return get_reference(table[key])


class Choice(NamedTuple):
    """The reference chosen for a result, and what the choice means for its warnings and notes."""

    reference: Reference
    assay_mismatch: bool
    """The caller's assay is not the one the reference was built with (an ``assay_mismatch`` warning)."""
    contraceptive_table: bool
    """The reference's table was fitted with users of estrogen-containing contraceptives included."""


def _in_family(ref: Reference, spec: AnalyteSpec, contraceptive: bool) -> Reference:
    """``ref``, or its family's table with contraceptive users included when ``contraceptive`` (and one exists)."""
    family = spec.family_of(ref.id)
    twin = spec.families[family][1] if family is not None else None
    return get_reference(twin) if contraceptive and twin is not None else ref


def _named(reference: object, spec: AnalyteSpec) -> Reference:
    key = reference.strip().lower() if isinstance(reference, str) else ""
    ref = _registry().get(key)
    if ref is not None and ref.analyte == spec.key:
        return ref
    family = spec.family_of(key)
    if family is not None:
        return get_reference(spec.families[family][0])
    known = ", ".join(sorted({*(r.id for r in list_references(spec.key)), *spec.families, *spec.family_names}))
    whose = f" (it is a reference of {spec_of(ref.analyte).words})" if ref is not None else ""
    raise UnknownReferenceError(f"unknown reference {reference!r} for {spec.words}{whose}; known: {known}")


def choose_reference(reference: object, assay: object, spec: AnalyteSpec = IGF1, contraceptive: bool = False) -> Choice:
    """The published reference of ``spec``'s analyte chosen by id or family name, else by assay, else its default.

    With ``contraceptive`` (an estrogen-containing contraceptive in the context) a family's table fitted with
    contraceptive users included is chosen where it has one.
    """
    if (reference is None or type(reference) is str) and (assay is None or type(assay) is str):
        # Speed: the same texts give the same choice (about 2 µs of one interpret()); errors are not cached.
        return _chosen(reference, assay, spec, contraceptive)
    return _choose(reference, assay, spec, contraceptive)


@functools.lru_cache(maxsize=512)
def _chosen(reference: str | None, assay: str | None, spec: AnalyteSpec, contraceptive: bool) -> Choice:
    return _choose(reference, assay, spec, contraceptive)


def _choose(reference: object, assay: object, spec: AnalyteSpec, contraceptive: bool) -> Choice:
    if reference is not None:
        ref = _named(reference, spec)
        mismatch = False
        if assay is not None:  # raises for an unknown assay
            by_assay = reference_for_assay(assay, spec.key)
            mismatch = (spec.family_of(by_assay.id) or by_assay.id) != (spec.family_of(ref.id) or ref.id)
    elif assay is not None:
        try:
            ref, mismatch = reference_for_assay(assay, spec.key), False
        except UnknownReferenceError as exc:
            if not spec.lab_range:
                raise
            raise UnknownReferenceError(
                f"{exc.message}. Without a reference for your assay, give your laboratory's printed range "
                "(lab_range / --lab-range), or leave out the assay to use the default reference",
                field="assay",
            ) from None
    else:
        ref, mismatch = get_reference(spec.default_reference), False
    chosen = _in_family(ref, spec, contraceptive)
    return Choice(chosen, mismatch, bool(chosen.data.includes_contraceptive_users))
