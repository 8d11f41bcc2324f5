"""Rows interpreted one at a time by ``interpret()``, into the columns of a :class:`BatchResult`.

Two uses: a batch so small that numpy's fixed cost per call exceeds the work (see
:data:`igflab.core.batch.SMALL_BATCH_ROWS`), and rows with options the column path does
not take (birth and collection dates, a clinical context), which
:func:`igflab.interpret_frame` reads from columns. Each row is what ``interpret()`` gives,
so its warnings and errors are those of one result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from igflab.errors import IgflabError
from igflab.inputs.values import CENSOR_SYMBOL
from igflab.science.zones import ADULT_BAND_BY_CODE, ZoneCode

from .batch_result import NO_ZONE, BatchResult
from .rules import WARNING_BIT

__all__ = ["RowOptions", "interpret_rows", "none_if_missing"]

_ZONE_CODE = {c.zone: int(c) for c in ZoneCode}

#: Per-row options by name (``birth_date``, ``collected``, ``context``): one value per row, ``None`` when not given.
RowOptions = Mapping[str, Sequence[Any]]


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x)


def _lab_pair(low: object, high: object) -> tuple[Any, Any] | None:
    """A row's lab limits as ``interpret(lab_range=...)`` takes them; both missing: no lab range."""
    return None if _missing(low) and _missing(high) else (low, high)


def interpret_rows(
    out: BatchResult,
    cols: Sequence[Sequence[Any]],
    lab: tuple[Sequence[Any], Sequence[Any]] | None,
    choice: tuple[str | None, str | None, str],
    options: RowOptions | None = None,
) -> None:
    """Fill ``out`` with ``interpret()`` of each row: ``cols`` are the values, units, ages and sexes, as lists;
    ``choice`` the reference, the assay and the analyte."""
    from .interpret import interpret  # noqa: PLC0415 - the scalar path

    n = len(out)
    reference, assay, analyte = choice
    values, units, ages, sexes = cols
    lows, highs = lab if lab is not None else ([None] * n, [None] * n)
    opts = options or {}
    for k in range(n):
        extra: dict[str, Any] = {name: none_if_missing(col[k]) for name, col in opts.items()}
        try:
            r = interpret(
                values[k],
                units[k],
                age=ages[k],
                sex=sexes[k],
                reference=reference,
                assay=assay,
                lab_range=_lab_pair(lows[k], highs[k]),
                analyte=analyte,
                **extra,
            )
        except IgflabError as exc:
            for a in (out.ng_per_ml, out.nmol_per_l, out.sds, out.centile, out.zlog):
                a[k] = np.nan
            out.lower_ng_per_ml[k] = out.median_ng_per_ml[k] = out.upper_ng_per_ml[k] = np.nan
            out.zone_code[k], out.censored[k], out.lab[k], out.warning_bits[k] = NO_ZONE, 0, False, 0
            out.adult_band_code[k] = -1
            out.error_code[k], out.error_field[k], out.error_message[k] = exc.code, exc.field, exc.message
            continue
        nums = (r.value.ng_per_ml, r.value.nmol_per_l, r.sds, r.centile, r.zlog)
        for a, x in zip((out.ng_per_ml, out.nmol_per_l, out.sds, out.centile, out.zlog), nums, strict=True):
            a[k] = np.nan if x is None else x
        p = r.reference
        out.lower_ng_per_ml[k], out.upper_ng_per_ml[k] = p.lower_ng_per_ml, p.upper_ng_per_ml
        out.median_ng_per_ml[k] = np.nan if p.median_ng_per_ml is None else p.median_ng_per_ml
        out.zone_code[k] = _ZONE_CODE[r.zone]
        out.adult_band_code[k] = -1 if r.adult_band is None else ADULT_BAND_BY_CODE.index(r.adult_band)
        out.censored[k] = CENSOR_SYMBOL.index(r.value.censored)
        out.lab[k] = r.reference.kind == "lab"
        out.warning_bits[k] = sum(WARNING_BIT[w.code] for w in r.warnings)
        out.error_code[k] = out.error_field[k] = out.error_message[k] = None


def none_if_missing(x: object) -> object:
    """A missing option cell (null, NaN, NaT, empty text) is an option not given."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip()):
        return None
    if type(x).__name__ in ("NaTType", "NAType"):
        return None
    return x
