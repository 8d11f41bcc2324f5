"""interpret_series(): one person's IGF-1 results over time.

Each result goes through :func:`igflab.interpret` at its own age (nothing is re-derived); the
series adds the change between consecutive results and from first to last, and whether each
change exceeds the reference change value (:mod:`igflab.science.rcv`). The change arithmetic
lives in :mod:`igflab.core.series_changes`, shared with the column path.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from typing import Any

from igflab._types import ContextIn, DateIn, SexIn
from igflab.errors import AgeError, ContextError, IgflabError, InputError
from igflab.inputs.ages import age_from_dates, parse_age, parse_date
from igflab.inputs.context import normalise_context
from igflab.inputs.sex import parse_sex
from igflab.inputs.units import normalise_unit
from igflab.models import Interpretation
from igflab.series_models import SeriesInterpretation, SeriesItem, SeriesResult
from igflab.text.series import series_warning
from igflab.text.words import ResultWarning

from .interpret import interpret
from .series_changes import ChangeSettings, assemble, change_settings

__all__ = [
    "CENSORED_RANK",
    "SERIES_CONTEXTS",
    "interpret_series",
    "series_item",
    "series_of",
    "series_result",
    "split_context",
    "time_key",
]

#: Contexts that only a series has (the others are single-result context flags, passed on).
SERIES_CONTEXTS = ("acromegaly-treatment",)
_SERIES_ALIASES = {"acromegaly-treatment": "acromegaly-treatment", "acromegaly": "acromegaly-treatment"}


def series_item(item: object, index: int) -> SeriesItem:
    """One result as given: a :class:`SeriesItem`, a dict, or a tuple ``(value, unit, date or age)``."""
    if isinstance(item, SeriesItem):
        return item
    try:
        if isinstance(item, Mapping):
            return SeriesItem.model_validate(dict(item))
        if isinstance(item, (tuple, list)) and len(item) in (2, 3):
            value, unit, when = (item[0], None, item[1]) if len(item) == 2 else item
            key = "age" if isinstance(when, (int, float)) and not isinstance(when, bool) else "collected"
            when = when.isoformat() if hasattr(when, "isoformat") else when
            return SeriesItem.model_validate({"value": value, "unit": unit, key: when})
    except ValueError as exc:
        raise InputError(f"results[{index}] is not a usable result: {_first(exc)}", field=f"results[{index}]") from None
    raise InputError(
        f"results[{index}] must be a dict, a SeriesItem or (value, unit, date or age), got {type(item).__name__}",
        field=f"results[{index}]",
    )


def _first(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        e = errors()[0]
        return f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
    return str(exc)


def split_context(context: ContextIn | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(series contexts, single-result context flags) from what the caller gave."""
    if context is None:
        return (), ()
    given = [c.strip() for c in context.split(",")] if isinstance(context, str) else [str(c) for c in context]
    series = tuple(dict.fromkeys(_SERIES_ALIASES[c.lower()] for c in given if c.lower() in _SERIES_ALIASES))
    rest = [c for c in given if c and c.lower() not in _SERIES_ALIASES]
    try:
        flags = tuple(normalise_context(rest)) if rest else ()
    except ContextError as exc:
        raise ContextError(exc.message + "; a series also knows acromegaly-treatment", field="context") from None
    return series, flags


def _when(it: SeriesItem, age: Any, birth_date: DateIn | None, index: int) -> tuple[dict[str, Any], str | None]:
    collected = None if it.collected is None else parse_date(it.collected, f"results[{index}].collected")
    if it.age is not None or age is not None:
        given = it.age if it.age is not None else age
        if collected is not None and birth_date is not None:
            _check_age_against_dates(given, birth_date, collected, index)
        return {"age": given}, None if collected is None else collected.isoformat()
    if collected is None:
        raise InputError(f"results[{index}] needs a collection date or an age", field=f"results[{index}].collected")
    if birth_date is None:
        raise InputError(f"results[{index}] gives a date but no age: pass birth_date= (or ages=)", field="birth_date")
    return {"birth_date": birth_date, "collected": collected}, collected.isoformat()


def _check_age_against_dates(age: Any, birth_date: DateIn, collected: Any, index: int) -> None:
    """Refuse an age that the birth date and the collection date contradict.

    ``interpret()`` refuses an age given beside the dates; a series may carry both (the date
    for display), so they must agree: to within a day, or, for an age in whole years, the
    completed years (45 for 45.6).
    """
    field = f"results[{index}].age"
    try:
        years, _ = parse_age(age)
        from_dates = age_from_dates(birth_date, collected)
    except IgflabError as exc:
        raise type(exc)(f"results[{index}]: {exc.message}", field=field) from None
    whole = float(years).is_integer() and math.floor(from_dates + 1e-9) == years
    if abs(years - from_dates) > 0.005 + 1 / 365.25 and not whole:  # two decimals and a day
        raise AgeError(
            f"results[{index}]: the age {years:g} years contradicts the birth date and the collection date "
            f"({from_dates:.2f} years); give either the age or the dates, or correct one",
            field=field,
        )


def _one(
    it: SeriesItem,
    index: int,
    sex: SexIn,
    when: dict[str, Any],
    reference: str | None,
    assay: str | None,
    flags: tuple[str, ...],
) -> Interpretation:
    try:
        if "birth_date" in when:
            age_from_dates(when["birth_date"], when["collected"])  # a date before birth fails here, named
        return interpret(
            it.value,
            it.unit,
            sex=sex,
            reference=it.reference or reference,
            assay=it.assay or assay,
            lab_range=it.lab_range,
            lab_range_unit=it.lab_range_unit,
            context=flags or None,
            **when,
        )
    except IgflabError as exc:
        field = f"results[{index}].{exc.field}" if exc.field else f"results[{index}]"
        raise type(exc)(f"results[{index}]: {exc.message}", field=field) from None


def interpret_series(
    results: Iterable[Any],
    *,
    sex: SexIn,
    birth_date: DateIn | None = None,
    ages: Iterable[Any] | None = None,
    reference: str | None = None,
    assay: str | None = None,
    context: ContextIn | None = None,
    cv_analytical: float | None = None,
    cv_within: float | None = None,
    assay_cvs: Mapping[str, float] | None = None,
    probability: float = 0.95,
    one_sided: bool = False,
) -> SeriesInterpretation:
    """Interpret one person's IGF-1 results over time.

    ``results`` are dicts (``value``, ``unit``, ``collected`` or ``age``, optional ``assay``,
    ``reference``, ``lab_range``), :class:`~igflab.series_models.SeriesItem` or tuples
    ``(value, unit, date or age)``, in any order. Ages come from each result, from ``ages``
    (one per result) or from ``birth_date`` and each collection date. A change is significant
    beyond the log-normal reference change value at ``probability`` (two-sided unless
    ``one_sided``), from ``cv_analytical`` (or ``assay_cvs[assay]``) and ``cv_within``;
    the defaults are cited and uncertain. ``context`` may hold ``acromegaly-treatment``,
    ``gh-therapy`` and any single-result context flag.

    >>> s = interpret_series([(540, "ng/mL", 45.0), (210, "ng/mL", 46.5)], sex="male")
    >>> [c.flag for c in s.changes], round(s.rule.rise_percent, 1), round(s.rule.fall_percent, 1)
    (['D'], 54.7, -35.3)
    """
    items = [series_item(r, i) for i, r in enumerate(results)]
    if not items:
        raise InputError("results is empty: a series needs at least one result", field="results")
    given_ages = list(ages) if ages is not None else [None] * len(items)
    if len(given_ages) != len(items):
        raise InputError(f"ages has {len(given_ages)} entries but results has {len(items)}", field="ages")
    parse_sex(sex)
    series_ctx, flags = split_context(context)
    settings = change_settings(cv_analytical, cv_within, assay_cvs, probability, one_sided)
    rows: list[tuple[SeriesResult, int]] = []
    for i, it in enumerate(items):
        when, collected = _when(it, given_ages[i], birth_date, i)
        r = _one(it, i, sex, when, reference, assay, flags)
        rows.append((series_result(r, collected, it.assay), i))
    return series_of(rows, series_ctx, settings)


def series_result(r: Interpretation, collected: str | None, assay: str | None) -> SeriesResult:
    """One interpreted result with what the series compares: x ULN, SDS and the method key."""
    published = next((p for p in (r.reference, *r.other_positions) if p.kind == "published"), None)
    ref_assay = published.assay if published is not None else None
    method = f"{r.provenance.published_reference_id}:{(assay or ref_assay or '').lower()}"
    sds = r.sds
    if sds is None and r.reference.kind == "lab" and len(r.other_positions) == 1:
        sds = r.other_positions[0].sds
    upper = r.reference.upper_ng_per_ml
    return SeriesResult(
        collected=collected,
        age=r.age,
        assay=assay or ref_assay,
        method_key=method,
        upper_ng_per_ml=upper,
        x_uln=r.value.ng_per_ml / upper,
        sds=sds,
        interpretation=r,
    )


#: A censored value's place among equal values on one day: "<" first, then exact, then ">".
CENSORED_RANK = {"<": 0, None: 1, ">": 2}


def time_key(r: SeriesResult) -> tuple[float, float, int, float, str, str]:
    """The order of a series, never the input order.

    Time (age) first. Results of the same day (same age) by a stated rule: the value in ng/mL
    (lowest first), then a censored bound ("<" before an exact value before ">"), then the upper
    limit of the reference each was placed on, then the unit as entered (normalised spelling),
    then the assay name. Results equal in all of these say the same thing.
    """
    v = r.interpretation.value
    unit = normalise_unit(v.input_unit or "")
    return (r.age, v.ng_per_ml, CENSORED_RANK[v.censored], r.upper_ng_per_ml, unit, (r.assay or "").lower())


def series_of(
    rows: list[tuple[SeriesResult, int]], series_ctx: tuple[str, ...], settings: ChangeSettings
) -> SeriesInterpretation:
    """The series from interpreted results, each with its input position (any order)."""
    ordered = sorted(rows, key=lambda t: time_key(t[0]))
    warnings: list[ResultWarning] = []
    if not _in_time_order(rows):
        warnings.append(series_warning("unsorted_input"))
    results = tuple(r for r, _ in ordered)
    units = sorted({r.interpretation.value.input_unit for r in results})
    if len(units) > 1:
        warnings.append(series_warning("mixed_units", units=", ".join(units)))
    return assemble(results, series_ctx, settings, warnings)


def _in_time_order(rows: list[tuple[SeriesResult, int]]) -> bool:
    """True when the input was in time order (results of the same time in any order)."""
    key = [r.age for r, _ in rows]
    return all(a <= b for a, b in itertools.pairwise(key))
