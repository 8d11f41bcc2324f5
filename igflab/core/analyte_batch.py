"""interpret_analyte_batch() and interpret_panel_batch(): IGFBP-3 (and LIFE IGF-1) on whole columns.

Row ``i`` equals :func:`igflab.core.panel.interpret_analyte` of row ``i`` (a property test
checks it): the columns are parsed by :func:`igflab.inputs.columns.parse_columns` (the rules
of one value), the row checks are the scalar path's, in its order (value, age, sex; then the
unknown sex, a censored result, an age outside the table), and the SDS,
centile, limits and zone come from the same functions on the numpy backend. A bad row
keeps its error in its own row; no row is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import numpy as np
from numpy.typing import NDArray

from igflab._types import ContextIn
from igflab.analytes import molar_ratio, spec_of
from igflab.backend import numpy_backend
from igflab.errors import IgflabError, InputError
from igflab.inputs.column import as_column
from igflab.inputs.columns import parse_columns
from igflab.inputs.context import normalise_context
from igflab.inputs.sex import UNKNOWN
from igflab.science.assays import ADVISORY_SDS
from igflab.science.panel_references import PanelReference
from igflab.science.zones import ZONE_BY_CODE, Zone, flag_for

from .analyte import (
    PanelAnalyte,
    censored_error,
    check_options,
    choose_panel_reference,
    require_sex,
    zone_of,
)
from .batch import interpret_batch
from .batch_result import BatchResult

__all__ = [
    "ANALYTE_COLUMNS",
    "AnalyteBatch",
    "PanelBatch",
    "TableChoice",
    "interpret_analyte_batch",
    "interpret_panel_batch",
    "panel_columns",
]

#: The result columns of an :class:`AnalyteBatch` (and of an IGFBP-3 CSV), in order.
ANALYTE_COLUMNS = (
    "value_ng_per_ml",
    "value_nmol_per_l",
    "sds",
    "centile",
    "lower_ng_per_ml",
    "median_ng_per_ml",
    "upper_ng_per_ml",
    "zone",
    "flag",
    "reference",
    "warnings",
    "error_code",
    "error_field",
    "error_message",
)

F64 = NDArray[np.float64]


class TableChoice(TypedDict, total=False):
    """Which tables the rows are read on (as for :func:`igflab.interpret_panel`)."""

    reference: str | None
    assay: str | None
    context: ContextIn | None


@dataclass(frozen=True, slots=True)
class AnalyteBatch:
    """Columns of results on one BCCG/BCPE table (nan where a row has an error)."""

    analyte: PanelAnalyte
    reference_id: str
    value_ng_per_ml: F64
    sds: F64
    centile: F64
    lower_ng_per_ml: F64
    median_ng_per_ml: F64
    upper_ng_per_ml: F64
    zone_code: NDArray[np.int8]  # igflab.science.zones.ZoneCode; -1 where the row has an error
    extreme_sds: NDArray[np.bool_]  # the row carries the "extreme_sds" warning
    errors: dict[int, IgflabError]
    decimal_comma: NDArray[np.bool_] | None = None  # the row carries the "decimal_comma" warning (None: no row)

    def __len__(self) -> int:
        return int(self.sds.size)

    def zone(self, i: int) -> Zone | None:
        """Row ``i``'s zone (None for a row with an error)."""
        code = int(self.zone_code[i])
        return None if code < 0 else ZONE_BY_CODE[code]

    @property
    def n_errors(self) -> int:
        return len(self.errors)

    def zone_counts(self) -> dict[str, int]:
        """How many rows fell in each zone (zones with no row included, as 0)."""
        counts = np.bincount(self.zone_code[self.zone_code >= 0], minlength=len(ZONE_BY_CODE))
        return {z.value: int(counts[i]) for i, z in enumerate(ZONE_BY_CODE)}

    def mark_error(self, k: int, error: IgflabError) -> None:
        """Make row ``k`` an error row (the CSV reader's rows that do not fit the header)."""
        for a in (self.value_ng_per_ml, self.sds, self.centile, self.lower_ng_per_ml, self.median_ng_per_ml):
            a[k] = np.nan
        self.upper_ng_per_ml[k] = np.nan
        self.zone_code[k] = -1
        self.extreme_sds[k] = False
        if self.decimal_comma is not None:
            self.decimal_comma[k] = False
        self.errors[k] = error

    def columns(self) -> dict[str, NDArray[Any]]:
        """The result columns by name, in the order of :data:`ANALYTE_COLUMNS` (text empty where n/a)."""
        n = len(self)
        zones = np.array(["", *(z.value for z in ZONE_BY_CODE)], dtype=object).take(self.zone_code.astype(np.intp) + 1)
        flags = np.array(["", *(flag_for(z).value for z in ZONE_BY_CODE)], dtype=object)
        err = {name: np.full(n, "", dtype=object) for name in ("code", "field", "message")}
        for k, e in self.errors.items():
            err["code"][k], err["field"][k], err["message"][k] = e.code, e.field or "", e.message
        return {
            "value_ng_per_ml": self.value_ng_per_ml,
            "value_nmol_per_l": self.value_ng_per_ml / spec_of(self.analyte).ng_per_ml_per_nmol_per_l,
            "sds": self.sds,
            "centile": self.centile,
            "lower_ng_per_ml": self.lower_ng_per_ml,
            "median_ng_per_ml": self.median_ng_per_ml,
            "upper_ng_per_ml": self.upper_ng_per_ml,
            "zone": zones,
            "flag": flags.take(self.zone_code.astype(np.intp) + 1),
            "reference": np.full(n, self.reference_id, dtype=object),
            "warnings": self._warnings(),
            **{f"error_{k}": v for k, v in err.items()},
        }

    def _warnings(self) -> NDArray[np.object_]:
        """Each row's warning codes joined by ``;``, in the scalar result's order (as the CSV writes them)."""
        extreme = np.where(self.extreme_sds, "extreme_sds", "").astype(object)
        if self.decimal_comma is None or not self.decimal_comma.any():
            return extreme
        comma = np.where(self.decimal_comma, "decimal_comma", "").astype(object)
        both = self.decimal_comma & self.extreme_sds
        return np.where(both, "decimal_comma;extreme_sds", comma + extreme).astype(object)


def _place(analyte: PanelAnalyte, ref: PanelReference, values: Any, units: Any, ages: Any, sexes: Any) -> AnalyteBatch:
    vals = as_column(values, "values", None)
    n = len(vals)  # type: ignore[arg-type]
    inp = parse_columns(
        vals,
        as_column(units, "units", n, broadcast=True),
        as_column(ages, "ages", n),
        as_column(sexes, "sexes", n, broadcast=True),
        None,
        n,
        spec_of(analyte),
    )
    errors = dict(inp.errors)
    # The scalar path's checks after parsing, in its order; each row keeps its first error.
    checks: tuple[tuple[NDArray[np.bool_], Any], ...] = (
        (inp.sex == UNKNOWN, lambda k: _sex_error()),
        (inp.censor != 0, lambda k: censored_error(analyte)),
        ((inp.age < ref.age_min) | (inp.age > ref.age_max), lambda k: ref.out_of_table(float(inp.age[k]))),
    )
    bad = inp.bad.copy()
    for rows, make in checks:
        for k in np.flatnonzero(rows & ~bad).tolist():
            errors[k] = make(k)
            bad[k] = True
    xp = numpy_backend()
    x = np.where(bad, np.nan, inp.number * inp.factor)
    age = np.where(bad, ref.age_min, inp.age)
    female = inp.sex == 1
    with np.errstate(all="ignore"):
        sds = np.where(bad, np.nan, ref.sds(np.where(bad, 1.0, x), age, female, xp))
        centile = np.where(bad, np.nan, ref.centile(np.where(bad, 1.0, x), age, female, xp))
        lower, median, upper = (np.where(bad, np.nan, c) for c in ref.interval(age, female, xp))
    zone = np.where(bad, -1, zone_of(sds, xp)).astype(np.int8)
    extreme = ~bad & (np.abs(sds) > ADVISORY_SDS)
    return AnalyteBatch(
        analyte, ref.id, x, sds, centile, lower, median, upper, zone, extreme, errors, ~bad & inp.decimal_comma
    )


def _sex_error() -> IgflabError:
    try:
        require_sex("unknown")
    except IgflabError as exc:
        return exc
    raise AssertionError("require_sex accepts only male and female")  # pragma: no cover


def interpret_analyte_batch(
    values: Any,
    units: Any,
    ages: Any,
    sexes: Any,
    *,
    analyte: PanelAnalyte = "igfbp3",
    reference: str | None = None,
    assay: str | None = None,
    context: ContextIn | None = None,
) -> AnalyteBatch:
    """Many IGFBP-3 results (or IGF-1 on the LIFE table) at once; row ``i`` equals ``interpret_analyte`` of row ``i``.

    Columns as for :func:`igflab.interpret_batch`; ``reference``, ``assay`` and ``context``
    apply to every row (``context=["oral-contraceptive"]`` chooses the LIFE tables with
    contraceptive users). IGF-1 on its own references goes through ``interpret_batch``.
    """
    ctx = normalise_context(context)
    choice = choose_panel_reference(analyte, reference, assay, "oral-estrogen" in ctx)
    if choice is None:
        raise InputError("IGF-1 on its own references is read by interpret_batch", field="reference")
    return _place(analyte, choice[0], values, units, ages, sexes)


@dataclass(frozen=True, slots=True)
class PanelBatch:
    """IGF-1 and IGFBP-3 columns from the same rows, and where both are below their references."""

    igf1: BatchResult | AnalyteBatch
    igfbp3: AnalyteBatch
    both_low: NDArray[np.bool_]
    discordant: NDArray[np.bool_]
    molar_ratio: F64  # the molar IGF-1/IGFBP-3 ratio (nan where either row has an error or is censored)

    def __len__(self) -> int:
        return len(self.igfbp3)

    @property
    def error_rows(self) -> NDArray[np.bool_]:
        """Rows where the IGF-1 or the IGFBP-3 result has an error."""
        bad = np.zeros(len(self), dtype=bool)
        bad[list(self.igfbp3.errors)] = True
        if isinstance(self.igf1, AnalyteBatch):
            bad[list(self.igf1.errors)] = True
        else:
            bad |= self.igf1.zone_code < 0
        return bad

    @property
    def n_errors(self) -> int:
        return int(self.error_rows.sum())

    def zone_counts(self) -> dict[str, int]:
        """How many rows without an error (in either result) fell in each IGF-1 zone.

        So a summary's zones and errors add up to its rows, as for one analyte.
        """
        codes = np.asarray(self.igf1.zone_code)[~self.error_rows]
        counts = np.bincount(codes[codes >= 0], minlength=len(ZONE_BY_CODE))
        return {z.value: int(counts[i]) for i, z in enumerate(ZONE_BY_CODE)}

    def columns(self) -> dict[str, NDArray[Any]]:
        """The result columns by name: IGF-1's (``igf1_``), IGFBP-3's (``igfbp3_``), then what the pair says."""
        return {
            **{f"igf1_{k}": v for k, v in self.igf1.columns().items()},
            **{f"igfbp3_{k}": v for k, v in self.igfbp3.columns().items()},
            "molar_ratio": self.molar_ratio,
            "both_low": self.both_low,
            "discordant": self.discordant,
        }

    def forget(self, k: int) -> None:
        """Row ``k`` says nothing about the pair (after one of its results became an error)."""
        self.molar_ratio[k] = np.nan
        self.both_low[k] = self.discordant[k] = False


def panel_columns(igf1_columns: tuple[str, ...]) -> tuple[str, ...]:
    """The result columns of :meth:`PanelBatch.columns`, given the IGF-1 result's columns."""
    return (
        *(f"igf1_{c}" for c in igf1_columns),
        *(f"igfbp3_{c}" for c in ANALYTE_COLUMNS),
        "molar_ratio",
        "both_low",
        "discordant",
    )


def interpret_panel_batch(
    igf1_values: Any,
    igfbp3_values: Any,
    ages: Any,
    sexes: Any,
    *,
    units: tuple[Any, Any] = (None, None),
    **choice: Unpack[TableChoice],
) -> PanelBatch:
    """Two value columns (IGF-1 and IGFBP-3) of the same rows, each on its reference.

    ``units`` are the IGF-1 and the IGFBP-3 units (one text for all rows, a column, or None
    when the values carry them); ``reference``, ``assay`` and ``context`` as for
    :func:`igflab.interpret_panel`. IGF-1 goes through :func:`igflab.interpret_batch` (its own
    references) or onto the LIFE table; IGFBP-3 onto its table. ``both_low`` and ``discordant`` say per row what the
    panel notes of :func:`igflab.interpret_panel` say (False where either row has an error).
    """
    check_options(choice, TableChoice)
    units = _unit_pair(units)
    _same_rows(igf1_values, igfbp3_values)
    reference, assay = choice.get("reference"), choice.get("assay")
    ctx = normalise_context(choice.get("context"))
    bp3 = interpret_analyte_batch(igfbp3_values, units[1], ages, sexes, reference=reference, assay=assay, context=ctx)
    table = choose_panel_reference("igf1", reference, assay, "oral-estrogen" in ctx)
    one: BatchResult | AnalyteBatch
    if table is None:
        one = interpret_batch(igf1_values, units[0], ages, sexes, reference=reference, assay=assay)
        codes, igf1_ng = np.asarray(one.zone_code), _uncensored(one)
    else:
        one = _place("igf1", table[0], igf1_values, units[0], ages, sexes)
        codes, igf1_ng = one.zone_code, one.value_ng_per_ml
    place_1, place_2 = _place_class(codes), _place_class(bp3.zone_code)
    ok = (place_1 >= 0) & (place_2 >= 0)
    ratio = np.where(ok, molar_ratio(igf1_ng, bp3.value_ng_per_ml), np.nan)
    return PanelBatch(one, bp3, ok & (place_1 == 0) & (place_2 == 0), ok & (place_1 != place_2), ratio)


def _unit_pair(units: Any) -> tuple[Any, Any]:
    """``units`` as (IGF-1's, IGFBP-3's); anything but a pair (a text, a 1- or 3-tuple) is an error, never split."""
    if units is None:
        return None, None
    if isinstance(units, tuple) and len(units) == 2:
        return units
    raise InputError(
        "units is a pair, IGF-1's unit (or unit column) and IGFBP-3's, e.g. units=('ng/mL', 'mg/L'); "
        f"got {units!r:.60}",
        field="units",
    )


def _same_rows(igf1_values: Any, igfbp3_values: Any) -> None:
    """The two value columns hold the same rows (an error names both, not the ages)."""
    n1, n2 = (
        None if isinstance(x, (str, bytes)) or not hasattr(x, "__len__") else len(x)
        for x in (igf1_values, igfbp3_values)
    )
    if n1 is not None and n2 is not None and n1 != n2:
        raise InputError(f"igfbp3_values has {n2} rows but igf1_values has {n1}", field="igfbp3_values")


def _uncensored(r: BatchResult) -> F64:
    """The IGF-1 values in ng/mL of a batch, nan where a value is censored ('<' or '>')."""
    return np.where(r.censored != 0, np.nan, r.ng_per_ml)


def _place_class(codes: Any) -> NDArray[np.int8]:
    """Below (0), inside (1), above (2), well above (3), or -1 (an error or no single zone), per zone code."""
    table = np.array([0, 1, 1, 1, 1, 2, 3, -1], dtype=np.int8)
    c = np.asarray(codes).astype(np.intp)
    return np.where((c >= 0) & (c < table.size), table.take(np.clip(c, 0, table.size - 1)), -1).astype(np.int8)
