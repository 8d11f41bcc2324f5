"""interpret_batch(): the rules of :func:`igflab.interpret` over whole numpy columns.

One row in, one row out, in the same order. A row igflab cannot interpret gets an error
code, field and message in its own row (the same error ``interpret()`` raises for it);
the batch itself raises only for arguments that concern every row (an unknown
reference or assay, columns of different lengths).

One implementation: the inputs are parsed by :func:`igflab.inputs.columns.parse_columns`
(the single-result rules, on columns), the positions by :mod:`igflab.core.position`, the
warnings by :mod:`igflab.core.rules`: the functions ``interpret()`` calls, here with the
numpy backend, on the same reference tables.

>>> r = interpret_batch([150, 50, "<25"], "ng/mL", [45, 45, 60], "male")
>>> r.zone.tolist()
['middle_third', 'below_reference', 'below_reference']
>>> r.flag.tolist()
['N', 'L', 'L']
>>> bad = interpret_batch([150, "150,5"], ["furlongs", "ng/mL"], [45, 45], ["male", "male"])
>>> bad.error_code.tolist(), bad.warnings.tolist()
(['unit_error', None], [(), ('decimal_comma',)])
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from igflab._types import ContextFlagId, ContextIn
from igflab.analytes import AnalyteSpec, spec_of
from igflab.backend import numpy_backend
from igflab.errors import LabRangeError
from igflab.inputs.column import Column, as_column, cut, items
from igflab.inputs.columns import InputColumns, parse_columns
from igflab.inputs.context import CONTRACEPTIVE_TABLE_FLAG, NO_HU_FLAGS, normalise_context
from igflab.inputs.sex import FEMALE, MALE, UNKNOWN
from igflab.science.references import Reference, choose_reference
from igflab.science.tables import Bounds
from igflab.science.zones import ADULT_AGE_YEARS, ZoneCode, adult_band_code, sides_differ

from .batch_result import NO_ZONE, BatchResult
from .batch_rows import interpret_rows
from .position import lab_place, published_intervals, published_place, same_interval, unknown_sex_zone, zone_adult
from .rules import (
    LAB_RANGE_DOUBT,
    WARNING_BIT,
    context_mismatch_rows,
    doubtful_zone,
    lab_range_warnings,
    result_warnings,
    sds_floor_warning,
)

__all__ = ["CHUNK_ROWS", "SMALL_BATCH_ROWS", "BatchResult", "interpret_batch"]

_NOT_PLACED = int(ZoneCode.INDETERMINATE)  # no position to compare with

#: Rows computed at a time: bounds the temporary arrays (memory stays flat) and keeps them in cache.
CHUNK_ROWS = 1 << 16
#: Speed: a batch of at most this many rows goes row by row through ``interpret()`` (the
#: scalar path, ~20 µs a row), below the fixed cost of the column path (~200 µs of numpy
#: calls); a property test checks that both paths give the same rows.
SMALL_BATCH_ROWS = 8


def _lab_columns(lab_ranges: object, n: int) -> tuple[Column, Column] | None:
    if lab_ranges is None:
        return None
    if isinstance(lab_ranges, list) and all(isinstance(p, (tuple, list)) and len(p) == 2 for p in lab_ranges):
        lab: tuple[Column, Column] = ([p[0] for p in lab_ranges], [p[1] for p in lab_ranges])
    elif isinstance(lab_ranges, np.ndarray) and lab_ranges.ndim == 2 and lab_ranges.shape[1] == 2:
        lab = (lab_ranges[:, 0], lab_ranges[:, 1])
    elif isinstance(lab_ranges, tuple) and len(lab_ranges) == 2:
        if n == 2 and all(isinstance(c, tuple) and len(c) == 2 for c in lab_ranges):
            raise LabRangeError(
                "lab_ranges is ambiguous for two rows: pass (np.array(lows), np.array(highs)) "
                "or one pair per row as a list or an (n, 2) array"
            )
        lab = (as_column(lab_ranges[0], "lab_ranges", n), as_column(lab_ranges[1], "lab_ranges", n))
    else:
        raise LabRangeError("lab_ranges must be (lows, highs), a list of (low, high) pairs or an (n, 2) array")
    if len(lab[0]) != n:  # type: ignore[arg-type]
        raise LabRangeError(f"lab_ranges has {len(lab[0])} rows but values has {n}")  # type: ignore[arg-type]
    return lab


def interpret_batch(
    values: Any,
    units: Any,
    ages: Any,
    sexes: Any,
    *,
    reference: str | None = None,
    assay: str | None = None,
    lab_ranges: Any = None,
    analyte: str = "igf1",
    context: ContextIn | None = None,
) -> BatchResult:
    """Interpret many results of one analyte at once; row ``i`` equals ``interpret()`` of input row ``i``.

    ``values``: numbers, or text as ``interpret()`` reads it (``"150"``, ``"<25"``,
    ``"150 ng/mL"``). ``units``: one unit per row, or one text for all rows (``None``
    when every value carries its unit). ``ages``: years (numbers, or text such as
    ``"8m"``). ``sexes``: one per row (male/female/unknown, m/f ...), or one text for
    all. Lists, tuples, numpy arrays and pandas or Polars series are accepted.

    ``reference`` picks a published reference by id, ``assay`` by assay (as for
    ``interpret()``: both together give each row the ``assay_mismatch`` warning when the
    reference was built with another assay). ``lab_ranges`` is a tuple ``(lows, highs)``
    of two columns in each row's unit, or one ``(low, high)`` pair per row (an ``(n, 2)``
    array or a list of pairs); a row whose two limits are both missing (``None``, ``nan``
    or empty text) has no lab range, any other row is read as ``interpret(lab_range=(low,
    high))``. With two rows a tuple of two tuples could be either form, so it is refused:
    pass the columns as lists or arrays, or the pairs as a list.

    ``analyte`` (``"igf1"``, ``"igfbp3"``) says what the values measure, and ``context``
    (clinical-context flags, as for ``interpret()``) applies to every row: both choose the
    reference (an estrogen-containing contraceptive chooses a family's table fitted with
    its users) and the context's warnings, as ``interpret(..., analyte=, context=)`` does.

    Raises :class:`~igflab.errors.IgflabError` only for problems of the whole call (an
    unknown analyte, reference or assay, columns of different lengths, lab ranges for an
    analyte whose laboratory ranges igflab does not read); a bad row becomes an error in
    its own row. Rows are never dropped or reordered.
    """
    spec = spec_of(analyte)
    ctx = normalise_context(context)
    ref, mismatch, _ = choose_reference(reference, assay, spec, CONTRACEPTIVE_TABLE_FLAG in ctx)
    if lab_ranges is not None and not spec.lab_range:
        raise LabRangeError(
            f"a laboratory's range is read for IGF-1 only; {spec.words} is placed on its published table"
        )
    vals = as_column(values, "values", None)
    n = len(vals)  # type: ignore[arg-type]
    cols = (
        vals,
        as_column(units, "units", n, broadcast=True),
        as_column(ages, "ages", n),
        as_column(sexes, "sexes", n, broadcast=True),
    )
    lab = _lab_columns(lab_ranges, n)
    out = BatchResult.allocate(n, ref.id, spec.key)
    if n <= SMALL_BATCH_ROWS:
        rows_lab = None if lab is None else (items(lab[0], n), items(lab[1], n))
        options = {"context": [ctx] * n} if ctx else None
        interpret_rows(out, [items(c, n) for c in cols], rows_lab, (reference, assay, spec.key), options)
        return out
    call_bits = WARNING_BIT["assay_mismatch"] if mismatch else 0
    with np.errstate(all="ignore"):
        for s in range(0, n, CHUNK_ROWS):
            e = min(n, s + CHUNK_ROWS)
            chunk_lab = None if lab is None else (cut(lab[0], s, e), cut(lab[1], s, e))
            v, u, a, x = (cut(c, s, e) for c in cols)
            inp = parse_columns(v, u, a, x, chunk_lab, e - s, spec)
            _run(out, s, e, ref, inp, call_bits, spec, ctx)
    return out


def _run(
    out: BatchResult,
    s: int,
    e: int,
    ref: Reference,
    inp: InputColumns,
    call_bits: int,
    spec: AnalyteSpec,
    ctx: tuple[ContextFlagId, ...],
) -> None:
    """Interpret the parsed rows ``s:e`` of ``spec``'s analyte into ``out`` (the single-result rules, on columns)."""
    xp = numpy_backend()
    x = inp.number * inp.factor
    in_domain = (inp.age >= ref.age_min) & (inp.age <= ref.age_max)
    for k in np.flatnonzero(~inp.bad & ~inp.has_lab & ~in_domain).tolist():
        inp.fail(k, ref.out_of_reference(float(inp.age[k])))
    good = ~inp.bad
    adult = zone_adult(spec, inp.age >= ADULT_AGE_YEARS)  # where the adult zones apply
    if NO_HU_FLAGS.intersection(ctx):  # not on growth-hormone treatment (as interpret())
        adult = adult & False
    placed = good & in_domain
    safe_x = np.where(good, x, 1.0)
    safe_age = np.where(placed, inp.age, ref.age_min)
    pub = published_place(ref, safe_x, safe_age, inp.sex == FEMALE, adult, inp.censor, inp.inclusive, xp)
    m = e - s
    lower, median, upper, sds, centile, z = (
        _column(a, m) for a in (pub.bounds.lower, pub.bounds.median, pub.bounds.upper, pub.sds, pub.centile, pub.zlog)
    )
    zone = np.asarray(pub.zone)
    # The published zones each row was placed in (male or the given sex; the female one with the sex unknown), for
    # the rows the reference covers: what a laboratory's range, or the other sex, is compared with.
    pub_zone = np.where(placed, zone, _NOT_PLACED)
    fem_zone = np.full(m, _NOT_PLACED, dtype=zone.dtype)
    sds_abs = np.where(placed, np.abs(sds), np.nan)
    floor = _floor_bits(pub.bounds, safe_x, m)

    # Sex unknown: both sexes' positions; one interval for both is one position, else the
    # zone needs both to agree and there is no single score.
    u = np.flatnonzero(placed & (inp.sex == UNKNOWN))
    if u.size:
        fem = published_place(ref, safe_x[u], safe_age[u], True, adult[u], inp.censor[u], inp.inclusive[u], xp)
        same = np.asarray(same_interval(_rows(pub.bounds, u), fem.bounds))
        fem_zone[u] = np.where(same, _NOT_PLACED, np.asarray(fem.zone))  # one interval for both: one position
        zone[u] = unknown_sex_zone(zone[u], np.asarray(fem.zone), same, xp)
        sds_abs[u] = np.fmax(sds_abs[u], np.where(same, np.nan, np.abs(fem.sds)))
        floor[u] |= _floor_bits(fem.bounds, safe_x[u], u.size)
        differ = u[~same]
        sds[differ] = centile[differ] = z[differ] = np.nan

    labs = np.flatnonzero(good & inp.has_lab)
    lab_bits = np.zeros(m, np.int64)
    if labs.size:
        lo, hi = inp.lab_lower[labs], inp.lab_upper[labs]
        lp = lab_place(safe_x[labs], lo, hi, adult[labs], inp.censor[labs], inp.inclusive[labs], xp)
        lower[labs], upper[labs], zone[labs], z[labs] = lp.bounds.lower, lp.bounds.upper, lp.zone, lp.zlog
        sds[labs] = centile[labs] = median[labs] = np.nan
        female, unknown = (inp.sex == FEMALE)[labs], (inp.sex == UNKNOWN)[labs]
        intervals = published_intervals(spec, inp.age[labs], female, unknown, xp)
        lab_bits[labs] = lab_range_warnings(lo, hi, inp.factor[labs], intervals)

    bits = call_bits | result_warnings(x, inp.number, inp.factor, inp.censor, lower, upper, sds_abs, spec)
    if ctx:  # the context's contradictions with the person, as interpret() words them
        bits = bits | context_mismatch_rows(ctx, inp.sex == MALE, inp.age) * WARNING_BIT["context_mismatch"]
    unavailable = inp.has_lab & ~in_domain
    # Speed: the other bits only where some row of the chunk has them (each term a pass over the chunk).
    for present, term in (
        (inp.decimal_comma.any(), lambda: inp.decimal_comma * WARNING_BIT["decimal_comma"]),
        (unavailable.any(), lambda: unavailable * WARNING_BIT["published_reference_unavailable"]),
        (floor.any(), lambda: placed * floor),
        (labs.size > 0, lambda: lab_bits),
    ):
        if present:
            bits = bits | term()
    bits = bits | _disagree_bits(zone, pub_zone, fem_zone, good & inp.has_lab, bits, xp)
    if labs.size:  # speed: only a laboratory's range can be doubtful
        zone = doubtful_zone(zone, bits, xp)
    _store(out, s, e, inp, good, x, (lower, median, upper, sds, centile, z), zone, bits, spec)


def _disagree_bits(zone: Any, pub_zone: Any, fem_zone: Any, lab: Any, bits: Any, xp: Any) -> Any:
    """``comparisons_disagree`` per row, as :func:`igflab.core.interpret` decides it: a laboratory's range (``zone`` on
    a ``lab`` row; not a doubtful one) against each published position, or the two sexes' positions."""
    by_lab = sides_differ(zone, pub_zone, xp) | sides_differ(zone, fem_zone, xp)
    differ = np.where(lab, by_lab, sides_differ(pub_zone, fem_zone, xp))
    differ &= ~((bits & LAB_RANGE_DOUBT) > 0)
    return np.where(differ, WARNING_BIT["comparisons_disagree"], 0)


def _floor_bits(b: Bounds, x: Any, m: int) -> NDArray[np.int64]:
    """The ``sds_floor`` bits of one published position (none for a limits reference)."""
    out = np.zeros(m, np.int64)
    if b.lms is None:
        return out
    below = np.flatnonzero(np.broadcast_to(x < b.lower, (m,)))  # speed: the rule only concerns these rows
    if below.size:
        rows = _rows(b, below)
        assert rows.lms is not None
        out[below] = sds_floor_warning(np.broadcast_to(x, (m,))[below], rows.lms[0], rows.lms[2], rows.lower)
    return out


def _column(a: Any, m: int) -> NDArray[np.float64]:
    """A computed score as a column of its own (a score that does not apply is one nan for all rows)."""
    if isinstance(a, np.ndarray) and a.shape == (m,):
        return a  # freshly computed for this chunk: changed in place below
    return np.full(m, float(a))


def _rows(b: Bounds, rows: NDArray[np.intp]) -> Bounds:
    """The bounds of some rows (fields that are one value for every row stay as they are)."""

    def pick(v: Any) -> Any:
        return v if v is None or np.ndim(v) == 0 else np.asarray(v)[rows]

    return Bounds(*(tuple(map(pick, f)) if isinstance(f, tuple) else pick(f) for f in b))


def _store(
    out: BatchResult,
    s: int,
    e: int,
    inp: InputColumns,
    good: NDArray[np.bool_],
    x: Any,
    scores: tuple[Any, ...],
    zone: Any,
    bits: Any,
    spec: AnalyteSpec,
) -> None:
    bad = ~good
    if bad.any():
        for a in (x, *scores):
            a[bad] = np.nan
        zone, censor, bits = np.where(good, zone, NO_ZONE), np.where(good, inp.censor, 0), np.where(good, bits, 0)
    else:  # speed: no error row in the chunk, nothing to blank
        censor = inp.censor
    out.ng_per_ml[s:e] = x
    np.divide(x, spec.ng_per_ml_per_nmol_per_l, out=out.nmol_per_l[s:e])
    lower, median, upper, sds, centile, z = scores
    out.lower_ng_per_ml[s:e], out.median_ng_per_ml[s:e], out.upper_ng_per_ml[s:e] = lower, median, upper
    out.sds[s:e], out.centile[s:e], out.zlog[s:e] = sds, centile, z
    out.zone_code[s:e] = zone
    band = adult_band_code(x, inp.age, censor, inp.inclusive, spec.zone_rule == "u_curve", numpy_backend())
    out.adult_band_code[s:e] = np.where(good, band, -1)
    out.censored[s:e] = censor
    np.logical_and(good, inp.has_lab, out=out.lab[s:e])
    out.warning_bits[s:e] = bits
    for k, exc in inp.errors.items():
        out.error_code[s + k], out.error_field[s + k], out.error_message[s + k] = exc.code, exc.field, exc.message
