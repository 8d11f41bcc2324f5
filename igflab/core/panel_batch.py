"""interpret_panel_batch(): IGF-1 and IGFBP-3 of the same rows, each through :func:`igflab.interpret_batch`.

Row ``i`` equals :func:`igflab.interpret_panel` of row ``i`` (a property test checks it): each
analyte's column is read by the one column engine (:func:`igflab.interpret_batch` with its
``analyte``), the sex the panel needs is checked as the scalar panel checks it, and what the
pair says (both low, discordant, the molar ratio) is decided per row from the two zones. A bad
row keeps its error in its own row; no row is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import numpy as np
from numpy.typing import NDArray

from igflab._types import ContextIn
from igflab.analytes import IGFBP3, molar_ratio
from igflab.errors import InputError, SexError
from igflab.inputs.column import as_column, items
from igflab.inputs.sex import parse_sex
from igflab.science.zones import ZONE_BY_CODE

from .batch import interpret_batch
from .batch_result import COLUMNS, BatchResult
from .panel import SEX_NEEDED, check_options

__all__ = ["PanelBatch", "TableChoice", "interpret_panel_batch", "panel_columns"]

F64 = NDArray[np.float64]


class TableChoice(TypedDict, total=False):
    """Which tables the rows are read on (as for :func:`igflab.interpret_panel`)."""

    reference: str | None
    assay: str | None
    context: ContextIn | None


@dataclass(frozen=True, slots=True)
class PanelBatch:
    """IGF-1 and IGFBP-3 columns from the same rows, and where both are below their references."""

    igf1: BatchResult
    igfbp3: BatchResult
    both_low: NDArray[np.bool_]
    discordant: NDArray[np.bool_]
    molar_ratio: F64  # the molar IGF-1/IGFBP-3 ratio (nan where either row has an error or is censored)

    def __len__(self) -> int:
        return len(self.igfbp3)

    @property
    def error_rows(self) -> NDArray[np.bool_]:
        """Rows where the IGF-1 or the IGFBP-3 result has an error."""
        return (self.igf1.zone_code < 0) | (self.igfbp3.zone_code < 0)

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


def panel_columns() -> tuple[str, ...]:
    """The result columns of :meth:`PanelBatch.columns`: IGF-1's and IGFBP-3's (one column set), then the pair's."""
    return (*(f"igf1_{c}" for c in COLUMNS), *(f"igfbp3_{c}" for c in COLUMNS), "molar_ratio", "both_low", "discordant")


_SEX_ERROR = SexError(SEX_NEEDED)


def _need_sex(results: tuple[BatchResult, ...], sexes: Any) -> None:
    """Rows placed with the sex unknown become errors in each result, as :func:`igflab.interpret_panel` refuses
    them (a row with an error of its own keeps it)."""
    n = len(results[0])
    cells = items(as_column(sexes, "sexes", n, broadcast=True), n)
    for r in results:
        for k in np.flatnonzero(r.zone_code >= 0).tolist():
            if parse_sex(cells[k]) == "unknown":  # placed: its sex was read, so parse_sex does not raise
                r.fail(k, _SEX_ERROR)


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
    :func:`igflab.interpret_panel`. Each analyte goes through :func:`igflab.interpret_batch`; ``both_low`` and
    ``discordant`` say per row what the panel notes of :func:`igflab.interpret_panel` say (False where either row
    has an error).
    """
    check_options(choice, TableChoice)
    units = _unit_pair(units)
    _same_rows(igf1_values, igfbp3_values)
    reference, assay = choice.get("reference"), choice.get("assay")
    ctx = choice.get("context")
    one = interpret_batch(igf1_values, units[0], ages, sexes, reference=reference, assay=assay, context=ctx)
    bp3 = interpret_batch(
        igfbp3_values, units[1], ages, sexes, reference=reference, assay=assay, analyte=IGFBP3.key, context=ctx
    )
    _need_sex((one, bp3), sexes)
    place_1, place_2 = _place_class(one.zone_code), _place_class(bp3.zone_code)
    ok = (place_1 >= 0) & (place_2 >= 0)
    ratio = np.where(ok, molar_ratio(_uncensored(one), bp3.ng_per_ml), np.nan)
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
    """Below (0), inside (1), above (2; well above too), or -1 (an error or no single zone), per zone code.

    The pair is compared by side only, as :func:`igflab.text.panel.pair_side`: the thirds are inside, and
    "well above" is above (IGF-1 well above with IGFBP-3 above is both high, not a pair that disagrees).
    """
    table = np.array([0, 1, 1, 1, 1, 2, 2, -1], dtype=np.int8)
    c = np.asarray(codes).astype(np.intp)
    return np.where((c >= 0) & (c < table.size), table.take(np.clip(c, 0, table.size - 1)), -1).astype(np.int8)
