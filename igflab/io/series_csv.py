"""Series in long form: a CSV (or columns) with one row per result and a ``person_id`` column.

Columns: ``person_id``, ``value``, ``sex``, and ``age`` or ``date`` with ``birth_date``;
optional ``unit``, ``assay``, ``lab_low``, ``lab_high``. Every row comes back, in input
order, with its result and the change from the same person's previous result
(:func:`igflab.core.series_columns.interpret_series_batch`). :func:`series_by_person`
gives each person's :class:`~igflab.series_models.SeriesInterpretation` for the human summary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any, TextIO

from igflab.core.series import interpret_series
from igflab.errors import IgflabError, InputError
from igflab.series_models import SeriesInterpretation
from igflab.text.series import NO_PERSON

__all__ = ["SERIES_COLUMNS", "read_long_form", "series_by_person", "write_series_csv"]

#: The result and change columns appended to each row.
SERIES_COLUMNS = (
    "ng_per_ml",
    "sds",
    "upper_ng_per_ml",
    "x_uln",
    "zone",
    "flag",
    "sequence",
    "days_since_previous",
    "change_ng_per_ml",
    "change_percent",
    "change_sds",
    "change_x_uln",
    "rcv_rise_percent",
    "rcv_fall_percent",
    "change_flag",
    "error_code",
    "error_message",
)


def read_long_form(text: str, delimiter: str = ",") -> tuple[list[str], dict[str, list[str]]]:
    """The header and the columns of a long-form CSV (text already read)."""
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"the CSV cannot be read: {exc}", field="csv") from None
    rows = [r for r in rows if r]
    if not rows:
        raise InputError("the CSV is empty: it needs a header row", field="csv")
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    for k, r in enumerate(body, start=2):
        if len(r) != len(header):
            raise InputError(f"line {k} has {len(r)} fields but the header has {len(header)}", field="csv")
    cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
    for need in ("person_id", "value", "sex"):
        if need not in cols:
            raise InputError(
                f"the CSV has no {need!r} column (long form: person_id, value, sex, age or date)", field="csv"
            )
    if "age" not in cols and not ("date" in cols and "birth_date" in cols):
        raise InputError("the CSV needs an 'age' column, or 'date' and 'birth_date' columns", field="csv")
    return header, cols


def _or_none(cells: list[str]) -> list[str | None]:
    return [c.strip() or None for c in cells]


def _batch_args(cols: Mapping[str, list[str]]) -> dict[str, Any]:
    lab = (cols["lab_low"], cols["lab_high"]) if "lab_low" in cols and "lab_high" in cols else None
    return {
        "units": _or_none(cols["unit"]) if "unit" in cols else None,
        "ages": cols.get("age"),
        "dates": _or_none(cols["date"]) if "date" in cols else None,
        "birth_dates": _or_none(cols["birth_date"]) if "birth_date" in cols and "age" not in cols else None,
        "assays": _or_none(cols["assay"]) if "assay" in cols else None,
        "lab_ranges": lab,
    }


def write_series_csv(text: str, dst: TextIO, *, delimiter: str = ",", **options: Any) -> int:
    """Every row of the long-form CSV ``text``, with its result and change columns, to ``dst``; the row count."""
    from igflab.core.series_columns import interpret_series_batch  # noqa: PLC0415 - numpy only when used

    header, cols = read_long_form(text, delimiter)
    args = _batch_args(cols)
    units = args.pop("units")
    sb = interpret_series_batch(cols["person_id"], cols["value"], units, cols["sex"], **args, **options)
    b = sb.batch
    out = {
        "ng_per_ml": b.ng_per_ml,
        "sds": b.sds,
        "upper_ng_per_ml": b.upper_ng_per_ml,
        "x_uln": sb.x_uln,
        "zone": b.columns()["zone"],
        "flag": b.columns()["flag"],
        "sequence": sb.sequence,
        "days_since_previous": sb.days,
        "change_ng_per_ml": sb.change_ng_per_ml,
        "change_percent": sb.change_percent,
        "change_sds": sb.change_sds,
        "change_x_uln": sb.change_x_uln,
        "rcv_rise_percent": sb.limit_rise_percent,
        "rcv_fall_percent": sb.limit_fall_percent,
        "change_flag": sb.change_flag,
        "error_code": b.error_code,
        "error_message": b.error_message,
    }
    writer = csv.writer(dst, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*header, *SERIES_COLUMNS])
    incols = [cols[h] for h in header]
    cells = [_cells(out[name]) for name in SERIES_COLUMNS]
    writer.writerows(zip(*incols, *cells, strict=True))
    return len(cols["person_id"])


def _cells(a: Any) -> list[Any]:
    import numpy as np  # noqa: PLC0415

    if a.dtype.kind == "f":
        return ["" if np.isnan(x) else x for x in a.tolist()]
    if a.dtype.kind == "i":
        return ["" if x < 0 else x for x in a.tolist()]
    return ["" if x is None else x for x in a.tolist()]


def series_by_person(text: str, *, delimiter: str = ",", **options: Any) -> list[tuple[str, SeriesInterpretation]]:
    """Each person's series (in order of first appearance), for the human summary."""
    _, cols = read_long_form(text, delimiter)
    people: dict[str, list[int]] = {}
    for i, p in enumerate(cols["person_id"]):
        if not p.strip():  # never chained with the other rows that lack one
            raise InputError(f"line {i + 2}: {NO_PERSON}", field="person_id")
        people.setdefault(p.strip(), []).append(i)
    out = []
    for person, rows in people.items():
        items = []
        for i in rows:
            item: dict[str, Any] = {"value": cols["value"][i]}
            for name in ("unit", "assay"):
                if name in cols and cols[name][i].strip():
                    item[name] = cols[name][i].strip()
            if "age" in cols and cols["age"][i].strip():
                item["age"] = cols["age"][i].strip()
            if "date" in cols and cols["date"][i].strip():
                item["collected"] = cols["date"][i].strip()
            if "lab_low" in cols and cols["lab_low"][i].strip():
                item["lab_range"] = f"{cols['lab_low'][i].strip()}-{cols['lab_high'][i].strip()}"
            items.append(item)
        born = cols["birth_date"][rows[0]].strip() if "birth_date" in cols else None
        try:
            out.append((person, interpret_series(items, sex=cols["sex"][rows[0]], birth_date=born or None, **options)))
        except IgflabError as exc:
            raise type(exc)(f"person {person}: {exc.message}", field=exc.field) from None
    return out
