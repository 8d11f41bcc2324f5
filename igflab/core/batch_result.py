"""BatchResult: the columns :func:`igflab.interpret_batch` returns, and their conversions."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from igflab.errors import IgflabError
from igflab.inputs.values import CENSOR_SYMBOL
from igflab.science.zones import ADULT_BAND_BY_CODE, FLAG_BY_CODE, ZoneCode

from .rules import WARNING_CODES, warning_codes

__all__ = ["COLUMNS", "NO_ZONE", "BatchResult"]

F64 = NDArray[np.float64]

#: The result columns, in output order (:meth:`BatchResult.columns`, CSV output).
COLUMNS: tuple[str, ...] = (
    "ng_per_ml",
    "nmol_per_l",
    "sds",
    "centile",
    "zlog",
    "lower_ng_per_ml",
    "median_ng_per_ml",
    "upper_ng_per_ml",
    "zone",
    "flag",
    "adult_band",
    "censored",
    "position",
    "warnings",
    "error_code",
    "error_field",
    "error_message",
)

#: The zone code of an error row.
NO_ZONE = -1
_ZONE_NAMES = np.array([c.zone.value for c in ZoneCode] + [None], dtype=object)
_FLAG_NAMES = np.array([*FLAG_BY_CODE, None], dtype=object)
_CENSOR_NAMES = np.array(CENSOR_SYMBOL, dtype=object)
_BAND_NAMES = np.array([*ADULT_BAND_BY_CODE, None], dtype=object)  # index -1: no band


@dataclass(frozen=True, slots=True, eq=False)
class BatchResult:
    """Columnar results of :func:`interpret_batch`, one entry per input row, in input order.

    Float columns hold ``nan`` where a value does not apply (an error row; SDS and
    centile for a limits reference, a lab range or an unknown sex; zlog for an LMS
    reference). ``lower_ng_per_ml``/``upper_ng_per_ml`` are the limits of the row's
    primary position, as ``interpret().reference`` (the laboratory's range when one was
    given; for an unknown sex, the male position, while the zone needs both sexes to
    agree). ``zone_code`` is a :class:`~igflab.science.zones.ZoneCode` (``-1`` on error
    rows); ``censored`` is 0, 1 (``"<"``) or 2 (``">"``); ``warning_bits`` holds the row's
    warnings (see :attr:`warnings`). Error rows have ``error_code`` (the ``code`` of the
    :class:`~igflab.errors.IgflabError` that ``interpret()`` raises for the row),
    ``error_field`` and ``error_message``; other rows have ``None`` there.
    """

    reference: str
    ng_per_ml: F64
    nmol_per_l: F64
    sds: F64
    centile: F64
    zlog: F64
    lower_ng_per_ml: F64
    upper_ng_per_ml: F64
    zone_code: NDArray[np.int8]
    censored: NDArray[np.int8]
    lab: NDArray[np.bool_]
    warning_bits: NDArray[np.uint16]
    error_code: NDArray[np.object_]
    error_field: NDArray[np.object_]
    error_message: NDArray[np.object_]
    median_ng_per_ml: F64
    adult_band_code: NDArray[np.int8]  # 0 below, 1 within, 2 above the adult 120-160 ng/mL band; -1 not shown
    analyte: str = "igf1"

    @classmethod
    def allocate(cls, n: int, reference: str, analyte: str = "igf1") -> BatchResult:
        """``n`` rows to be filled in by :func:`~igflab.interpret_batch`, which writes every row.

        Speed: the columns are not initialised here (no fill pass over 100 MB at 1M rows);
        each is first written chunk by chunk, while the chunk is in cache.
        """

        def f() -> F64:
            return np.empty(n)

        def o() -> NDArray[np.object_]:
            return np.empty(n, dtype=object)  # numpy fills object arrays with None

        return cls(
            reference=reference,
            ng_per_ml=f(),
            nmol_per_l=f(),
            sds=f(),
            centile=f(),
            zlog=f(),
            lower_ng_per_ml=f(),
            upper_ng_per_ml=f(),
            zone_code=np.empty(n, dtype=np.int8),
            censored=np.empty(n, dtype=np.int8),
            lab=np.empty(n, dtype=bool),
            warning_bits=np.empty(n, dtype=np.uint16),
            error_code=o(),
            error_field=o(),
            error_message=o(),
            median_ng_per_ml=f(),
            adult_band_code=np.empty(n, dtype=np.int8),
            analyte=analyte,
        )

    def put(self, rows: NDArray[np.intp], other: BatchResult) -> None:
        """Write the rows of ``other`` (of the same reference), in order, over the rows ``rows`` of this result."""
        for f in fields(self):
            if f.name not in ("reference", "analyte"):
                getattr(self, f.name)[rows] = getattr(other, f.name)

    def fail(self, k: int, error: IgflabError) -> None:
        """Make row ``k`` an error row with ``error`` (a check of the whole row after it was placed)."""
        for name in ("ng_per_ml", "nmol_per_l", "sds", "centile", "zlog", "lower_ng_per_ml", "median_ng_per_ml"):
            getattr(self, name)[k] = np.nan
        self.upper_ng_per_ml[k] = np.nan
        self.zone_code[k], self.censored[k], self.lab[k], self.warning_bits[k] = NO_ZONE, 0, False, 0
        self.adult_band_code[k] = -1
        self.error_code[k], self.error_field[k], self.error_message[k] = error.code, error.field, error.message

    def __len__(self) -> int:
        return len(self.zone_code)

    @property
    def ok(self) -> NDArray[np.bool_]:
        """True for rows that were interpreted, False for error rows."""
        return self.zone_code >= 0

    @property
    def n_errors(self) -> int:
        return int(np.count_nonzero(self.zone_code < 0))

    @property
    def zone(self) -> NDArray[np.object_]:
        """Zone names (``"middle_third"`` ...), ``None`` on error rows."""
        return _ZONE_NAMES[self.zone_code]

    @property
    def flag(self) -> NDArray[np.object_]:
        """HL7 flags (``"L"``, ``"N"``, ``"H"``, ``"HU"``, ``"IND"``), ``None`` on error rows."""
        return _FLAG_NAMES[self.zone_code]

    @property
    def adult_band(self) -> NDArray[np.object_]:
        """Where each row sits against the adult 120-160 ng/mL band (``"below"``, ``"within"``, ``"above"``), as
        ``interpret().adult_band``; ``None`` where it is not shown (under 40, another analyte, an error row)."""
        return _BAND_NAMES[self.adult_band_code]

    @property
    def position(self) -> NDArray[np.object_]:
        """What placed each row: the reference id, ``"lab"`` (its printed range) or ``None`` (error)."""
        out = np.where(self.lab, "lab", self.reference).astype(object)
        out[self.zone_code < 0] = None
        return out

    @property
    def warnings(self) -> NDArray[np.object_]:
        """Each row's warning codes, a tuple (empty when none): the codes ``interpret()`` gives for the row."""
        return self._decode(warning_codes)

    def warning_text(self) -> NDArray[np.object_]:
        """Each row's warning codes joined by ``;`` (an empty text when none), as the CSV writes them."""
        return self._decode(lambda bits: ";".join(warning_codes(bits)))

    def _decode(self, fn: Any) -> NDArray[np.object_]:
        uniq, inv = np.unique(self.warning_bits, return_inverse=True)
        table = np.empty(len(uniq), dtype=object)
        table[:] = [fn(int(b)) for b in uniq.tolist()]
        return table[inv.reshape(-1)] if len(self) else np.empty(0, dtype=object)

    def zone_counts(self) -> dict[str, int]:
        """How many rows fell in each zone (zones with no row included, as 0)."""
        counts = np.bincount(self.zone_code[self.zone_code >= 0], minlength=len(ZoneCode))
        return {c.zone.value: int(counts[c]) for c in ZoneCode}

    def warning_counts(self) -> dict[str, int]:
        """How many rows have each warning (codes with no row included, as 0)."""
        return {c: int(np.count_nonzero(self.warning_bits & (1 << i))) for i, c in enumerate(WARNING_CODES)}

    def columns(self) -> dict[str, NDArray[Any]]:
        """The result columns by name, in the order of :data:`COLUMNS`."""
        return {
            "ng_per_ml": self.ng_per_ml,
            "nmol_per_l": self.nmol_per_l,
            "sds": self.sds,
            "centile": self.centile,
            "zlog": self.zlog,
            "lower_ng_per_ml": self.lower_ng_per_ml,
            "median_ng_per_ml": self.median_ng_per_ml,
            "upper_ng_per_ml": self.upper_ng_per_ml,
            "zone": self.zone,
            "flag": self.flag,
            "adult_band": self.adult_band,
            "censored": _CENSOR_NAMES[self.censored],
            "position": self.position,
            "warnings": self.warning_text(),
            "error_code": self.error_code,
            "error_field": self.error_field,
            "error_message": self.error_message,
        }

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per row (Python floats and strings; ``None`` for ``nan`` and missing)."""
        cols = {
            k: [None if isinstance(v, float) and math.isnan(v) else v for v in a.tolist()]
            for k, a in self.columns().items()
        }
        names = list(cols)
        return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    def to_records(self) -> NDArray[Any]:
        """A numpy structured array: float fields ``f8``, text fields ``object``."""
        cols = self.columns()
        out = np.empty(len(self), dtype=[(k, a.dtype) for k, a in cols.items()])
        for k, a in cols.items():
            out[k] = a
        return out

    def to_arrow(self) -> Any:
        """A :class:`pyarrow.Table` of the columns: float64 (null where nan), text as dictionary columns.

        Needs ``pip install 'igflab[cohort]'`` (pyarrow). Zone, flag, censored, position,
        warnings and the error columns are ``dictionary<int32, string>`` (no Python object
        per row); see :mod:`igflab.core.batch_columns`.
        """
        from .batch_columns import to_arrow  # noqa: PLC0415 - pyarrow only when used

        return to_arrow(self)

    def to_polars(self) -> Any:
        """A :class:`polars.DataFrame` of the columns (null where nan; text as ``Categorical``); needs pyarrow."""
        from .batch_columns import to_polars  # noqa: PLC0415 - polars only when used

        return to_polars(self)

    def to_pandas(self, index: Any = None) -> Any:
        """A :class:`pandas.DataFrame` of the columns, text as ``Categorical`` (``pip install 'igflab[pandas]'``).

        ``index``: the frame's index, e.g. the index of the DataFrame the inputs came from,
        so that ``df.join(res.to_pandas(index=df.index))`` pairs each row with its result
        (default: 0 to n-1).
        """
        from .batch_columns import to_pandas  # noqa: PLC0415 - pandas only when used

        return to_pandas(self, index)
