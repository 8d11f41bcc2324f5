"""The catalog of bad and awkward inputs, each with its defined outcome, in the library and the CLI.

Outcome ``ok``: accepted (optionally with the named warning codes, and the expected zone).
Outcome ``error``: a typed IgflabError whose ``field`` names the bad input; in the CLI,
exit code 2 and exactly one line on stderr naming that field.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

import pytest

import igflab
from igflab import errors as E
from igflab.cli import main
from igflab.io.csv import interpret_csv


@dataclass(frozen=True)
class Case:
    category: str
    what: str
    value: Any
    unit: str | None = "ng/mL"
    kw: dict[str, Any] = field(default_factory=dict)
    error: type[E.IgflabError] | None = None
    field: str | None = None
    warnings: tuple[str, ...] = ()
    zone: str | None = None

    def kwargs(self) -> dict[str, Any]:
        return {"age": 45, "sex": "male", **self.kw}


LONG = "1" * 5000
CATALOG: list[Case] = [
    # -- value: numbers -------------------------------------------------------------------
    Case("value", "negative", -5.0, error=E.ValueInputError, field="value"),
    Case("value", "zero", 0.0, error=E.ValueInputError, field="value"),
    Case("value", "NaN", math.nan, error=E.ValueInputError, field="value"),
    Case("value", "infinity", math.inf, error=E.ValueInputError, field="value"),
    Case("value", "minus infinity", -math.inf, error=E.ValueInputError, field="value"),
    Case("value", "text overflowing to infinity", "1e400", error=E.ValueInputError, field="value"),
    Case("value", "implausibly high (over 160,000 ng/mL)", 1e12, error=E.ValueInputError, field="value"),
    Case("value", "implausibly low (under 0.0088 ng/mL)", 1e-6, error=E.ValueInputError, field="value"),
    Case(
        "value",
        "above every assay's range",
        5000,
        warnings=("above_assay_range", "extreme_sds"),
        zone="well_above_reference",
    ),
    Case(
        "value",
        "below every assay's quantitation limit",
        5,
        warnings=("below_assay_range", "extreme_sds"),
        zone="below_reference",
    ),
    Case("value", "overflowing after conversion", "1e308 g/L", unit=None, error=E.ValueInputError, field="value"),
    Case("value", "boolean", True, error=E.ValueInputError, field="value"),
    Case("value", "a list", [150], error=E.ValueInputError, field="value"),
    # -- value: text --------------------------------------------------------------------------
    Case("value text", "decimal comma", "150,5", warnings=("decimal_comma",), zone="middle_third"),
    Case("value text", "thousands separator (ambiguous)", "1,200", error=E.ValueInputError, field="value"),
    Case("value text", "both separators", "1.200,5", error=E.ValueInputError, field="value"),
    # A thousands dot whose decimal reading no assay measures (clinical review 2026-12, finding 1).
    Case("value text", "thousands dot (ambiguous)", "1.200", error=E.ValueInputError, field="value"),
    Case(
        "value text", "thousands dot in nmol/L (ambiguous)", "1.100", "nmol/L", error=E.ValueInputError, field="value"
    ),
    Case("value text", "three decimals read as a decimal point", "150.000"),
    Case("value text", "stray spaces", "   150   ", zone="middle_third"),
    Case("value text", "number and unit in one", "150ng/mL", unit=None, zone="middle_third"),
    Case("value text", "exponent", "1.5e2", zone="middle_third"),
    Case("value text", "empty", "", error=E.ValueInputError, field="value"),
    Case("value text", "blank", "   ", error=E.ValueInputError, field="value"),
    Case("value text", "words", "abc", error=E.ValueInputError, field="value"),
    Case("value text", "hex", "0x96", error=E.ValueInputError, field="value"),
    Case("value text", "underscore digits", "1_50", error=E.ValueInputError, field="value"),
    Case("value text", "non-ASCII digits", "\u0661\u0665\u0660", error=E.ValueInputError, field="value"),
    Case("value text", "very long", LONG, error=E.ValueInputError, field="value"),
    # -- units ------------------------------------------------------------------------------------
    Case("unit", "upper case lab feed", 150, "NG/ML", zone="middle_third"),
    Case("unit", "lower case nmol/l", 19.6, "nmol/l", zone="middle_third"),
    Case("unit", "micro sign", 150, "\u00b5g/L", zone="middle_third"),
    Case("unit", "Greek mu", 150, "\u03bcg/L", zone="middle_third"),
    Case("unit", "u for micro", 150, "ug/L", zone="middle_third"),
    Case("unit", "mc for micro", 150, "mcg/L", zone="middle_third"),
    Case("unit", "spaces inside", 150, " ng / mL ", zone="middle_third"),
    Case("unit", "MG/DL read as milligram, never megagram", 0.015, "MG/DL", zone="middle_third"),
    Case("unit", "ML alone (volume)", 150, "ML", error=E.UnitError, field="unit"),
    Case("unit", "mass", 150, "kg", error=E.UnitError, field="unit"),
    Case("unit", "amount", 150, "mmol", error=E.UnitError, field="unit"),
    Case("unit", "international units", 150, "IU/mL", error=E.UnitError, field="unit"),
    Case("unit", "unknown word", 150, "furlongs", error=E.UnitError, field="unit"),
    Case("unit", "percent", 150, "%", error=E.UnitError, field="unit"),
    Case("unit", "empty", 150, "", error=E.UnitError, field="unit"),
    Case("unit", "missing", 150, None, error=E.UnitError, field="unit"),
    Case("unit", "very long", 150, "ng/" + "m" * 500, error=E.UnitError, field="unit"),
    Case("unit", "conflicting units", "150 ng/mL", "nmol/L", error=E.UnitError, field="unit"),
    Case(
        "unit",
        "likely mix-up: ng/mL number sent as nmol/L",
        150,
        "nmol/L",
        warnings=("unit_mixup", "extreme_sds"),
        zone="well_above_reference",
    ),
    Case(
        "unit",
        "likely mix-up: nmol/L number sent as ng/mL",
        19.6,
        "ng/mL",
        warnings=("unit_mixup",),
        zone="below_reference",
    ),
    # -- censored results ------------------------------------------------------------------------------
    # A censored bound beyond the interval with an SDS beyond +-5 is at least that extreme (review finding 16).
    Case("censored", "below the iSYS LOQ", "<8.8", warnings=("extreme_sds",), zone="below_reference"),
    Case("censored", "below a 25 ng/mL LOQ", "<25", zone="below_reference"),
    Case("censored", "below a limit inside the reference", "<100", zone="indeterminate"),
    Case("censored", "above the iSYS maximum", ">1200", warnings=("extreme_sds",), zone="well_above_reference"),
    Case(
        "censored", "at or above the IMMULITE maximum", ">=1600", warnings=("extreme_sds",), zone="well_above_reference"
    ),
    Case("censored", "above a limit inside the reference", ">150", zone="indeterminate"),
    Case("censored", "below zero", "<0", error=E.ValueInputError, field="value"),
    Case("censored", "doubled sign", "<<25", error=E.ValueInputError, field="value"),
    # -- age ---------------------------------------------------------------------------------------------
    Case("age", "negative", 150, kw={"age": -1}, error=E.AgeError, field="age"),
    Case("age", "over 120", 150, kw={"age": 121}, error=E.AgeError, field="age"),
    Case("age", "NaN", 150, kw={"age": math.nan}, error=E.AgeError, field="age"),
    Case("age", "infinite", 150, kw={"age": math.inf}, error=E.AgeError, field="age"),
    Case("age", "words", 150, kw={"age": "old"}, error=E.AgeError, field="age"),
    Case("age", "empty", 150, kw={"age": ""}, error=E.AgeError, field="age"),
    Case("age", "boolean", 150, kw={"age": True}, error=E.AgeError, field="age"),
    Case("age", "beyond the reference", 150, kw={"age": 100}, error=E.OutOfReferenceError, field="age"),
    Case("age", "beyond the reference, covered by another", 150, kw={"age": 100, "assay": "lcms"}, zone="upper_third"),
    Case("age", "years with a suffix", 150, kw={"age": "45y"}, zone="middle_third"),
    Case("age", "months", 60, kw={"age": "8m", "sex": "f"}, zone="middle_third"),
    Case("age", "weeks", 60, kw={"age": "30w", "sex": "f"}, zone="middle_third"),
    Case(
        "age",
        "dates",
        150,
        kw={"age": None, "birth_date": "1980-06-15", "collected": "2025-06-14"},
        zone="middle_third",
    ),
    Case(
        "age",
        "date in the wrong format",
        150,
        kw={"age": None, "birth_date": "15/06/1980", "collected": "2025-06-14"},
        error=E.AgeError,
        field="birth_date",
    ),
    # -- sex -----------------------------------------------------------------------------------------------
    Case("sex", "capitalised with spaces", 150, kw={"sex": "  Male "}, zone="middle_third"),
    Case("sex", "single letter", 150, kw={"sex": "M"}, zone="middle_third"),
    Case("sex", "FEMALE", 150, kw={"sex": "FEMALE"}, zone="upper_third"),
    Case("sex", "other", 150, kw={"sex": "other"}, zone="within_reference"),
    Case("sex", "empty", 150, kw={"sex": ""}, error=E.SexError, field="sex"),
    Case("sex", "blank", 150, kw={"sex": "   "}, error=E.SexError, field="sex"),
    Case("sex", "unrecognised", 150, kw={"sex": "robot"}, error=E.SexError, field="sex"),
    Case("sex", "both letters", 150, kw={"sex": "mf"}, error=E.SexError, field="sex"),
    Case("sex", "very long", 150, kw={"sex": "m" * 5000}, error=E.SexError, field="sex"),
    Case("sex", "a number", 150, kw={"sex": 1}, error=E.SexError, field="sex"),
    # -- lab range -------------------------------------------------------------------------------------------
    Case(
        "lab range",
        "en dash",
        60,
        kw={"lab_range": "52\u2013328"},
        warnings=("comparisons_disagree",),
        zone="lower_third",
    ),
    Case("lab range", "inverted", 60, kw={"lab_range": "328-52"}, error=E.LabRangeError, field="lab_range"),
    Case("lab range", "zero low", 60, kw={"lab_range": (0, 328)}, error=E.LabRangeError, field="lab_range"),
    Case("lab range", "infinite high", 60, kw={"lab_range": (52, math.inf)}, error=E.LabRangeError, field="lab_range"),
    Case("lab range", "wrong unit kind", 60, kw={"lab_range": "52-328 kg"}, error=E.LabRangeError, field="lab_range"),
    Case("lab range", "words", 60, kw={"lab_range": "normal"}, error=E.LabRangeError, field="lab_range"),
    Case(
        "lab range", "unit without range", 60, kw={"lab_range_unit": "ng/mL"}, error=E.LabRangeError, field="lab_range"
    ),
    # -- context, reference, assay -----------------------------------------------------------------------------
    Case("context", "known flag, any case", 150, kw={"context": "FASTING"}, zone="middle_third"),
    Case("context", "alias", 150, kw={"context": "somatropin,ckd"}, zone="middle_third"),
    Case("context", "ambiguous alias", 150, kw={"context": "pill"}, error=E.ContextError, field="context"),
    Case("context", "unknown flag", 150, kw={"context": "sunburn"}, error=E.ContextError, field="context"),
    Case(
        "reference",
        "unknown reference",
        150,
        kw={"reference": "nope"},
        error=E.UnknownReferenceError,
        field="reference",
    ),
    Case("reference", "unknown assay", 150, kw={"assay": "immulite"}, error=E.UnknownReferenceError, field="assay"),
]


def _id(c: Case) -> str:
    return f"{c.category}: {c.what}"


def test_catalog_covers_every_category() -> None:
    counts: dict[str, int] = {}
    for c in CATALOG:
        counts[c.category] = counts.get(c.category, 0) + 1
    assert set(counts) == {"value", "value text", "unit", "censored", "age", "sex", "lab range", "context", "reference"}
    assert sum(counts.values()) == len(CATALOG) >= 80


@pytest.mark.parametrize("case", CATALOG, ids=_id)
def test_library(case: Case) -> None:
    if case.error is not None:
        with pytest.raises(case.error) as info:
            igflab.interpret(case.value, case.unit, **case.kwargs())
        assert info.value.field == case.field
        assert str(info.value)
        return
    r = igflab.interpret(case.value, case.unit, **case.kwargs())
    assert {w.code for w in r.warnings} == set(case.warnings)
    if case.zone is not None:
        assert r.zone.value == case.zone
    assert "qualified health professional" in r.guidance


def _outcome(case: Case) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """What interpret() gives: ("error", code, field, ()) or ("ok", zone, None, warning codes)."""
    try:
        r = igflab.interpret(case.value, case.unit, **case.kwargs())
    except igflab.IgflabError as exc:
        return "error", exc.code, exc.field, ()
    return "ok", r.zone.value, None, tuple(w.code for w in r.warnings)


_NOT_COLUMNS = ("birth_date", "collected", "context", "lab_range_unit")


def _batch_skip(case: Case) -> str | None:
    kw = case.kwargs()
    if any(kw.get(k) is not None for k in _NOT_COLUMNS):
        return "a batch takes values, units, ages, sexes and lab limits as columns (not dates or context)"
    if isinstance(kw.get("lab_range"), str):
        return "a batch takes lab limits as numbers, not text"
    return None


@pytest.mark.parametrize("case", CATALOG, ids=_id)
def test_batch(case: Case) -> None:
    """A one-row batch gives the outcome interpret() gives: the same error, or the same zone and warnings."""
    if (why := _batch_skip(case)) is not None:
        pytest.skip(why)
    kw = case.kwargs()
    lab = kw.get("lab_range")
    kind, a, b, codes = _outcome(case)
    call = {"reference": kw.get("reference"), "assay": kw.get("assay"), "lab_ranges": None if lab is None else [lab]}
    if case.category == "reference" and kind == "error":  # a reference or assay concerns the whole call
        with pytest.raises(igflab.IgflabError) as info:
            igflab.interpret_batch([case.value], [case.unit], [kw["age"]], [kw["sex"]], **call)
        assert (info.value.code, info.value.field) == (a, b)
        return
    res = igflab.interpret_batch([case.value], [case.unit], [kw["age"]], [kw["sex"]], **call)
    if kind == "error":
        assert (res.error_code[0], res.error_field[0]) == (a, b)
    else:
        assert (res.zone[0], res.warnings[0]) == (a, codes)


def _json_skip(case: Case) -> str | None:
    v = case.value
    if isinstance(v, bool) or not isinstance(v, (str, int, float)) or (isinstance(v, float) and not math.isfinite(v)):
        return "not a JSON number or text"
    if any(isinstance(x, float) and not math.isfinite(x) for x in case.kwargs().values()):
        return "not a JSON number"
    if isinstance(case.kwargs().get("age"), bool) or isinstance(case.kwargs().get("sex"), int):
        return "the request schema refuses the type itself (pydantic), before igflab reads it"
    return None


@pytest.mark.parametrize("case", CATALOG, ids=_id)
def test_json_request(case: Case) -> None:
    """The JSON request (what apps send) gives the outcome interpret() gives."""
    if (why := _json_skip(case)) is not None:
        pytest.skip(why)
    request: dict[str, Any] = {"value": case.value, "unit": case.unit}
    for k, v in case.kwargs().items():
        if v is not None:
            request[k] = list(v) if isinstance(v, tuple) else (v.split(",") if k == "context" else v)
    text = json.dumps({k: v for k, v in request.items() if v is not None})
    kind, a, b, codes = _outcome(case)
    if kind == "error":
        with pytest.raises(igflab.IgflabError) as info:
            igflab.interpret_request(text)
        assert (info.value.code, info.value.field) == (a, b)
    else:
        r = igflab.interpret_request(text)
        assert (r.zone.value, tuple(w.code for w in r.warnings)) == (a, codes)


@pytest.mark.parametrize("case", CATALOG, ids=_id)
def test_csv(case: Case) -> None:
    """A CSV row gives the outcome interpret() gives, in its result columns."""
    if (why := _batch_skip(case)) is not None or (why := _json_skip(case)) is not None:
        pytest.skip(why)
    kw = case.kwargs()
    if kw.get("reference") is not None or kw.get("assay") is not None:
        pytest.skip("the reference and assay are options of the whole file (tested in unit/test_csv.py)")
    lab = kw.get("lab_range") or ("", "")
    buf = io.StringIO()
    csv.writer(buf).writerows(
        [
            ["value", "unit", "age", "sex", "lab_low", "lab_high"],
            [case.value, case.unit or "", kw["age"], kw["sex"], *lab],
        ]
    )
    out = io.StringIO()
    interpret_csv(io.StringIO(buf.getvalue()), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    kind, a, b, codes = _outcome(case)
    if case.unit == "" or (isinstance(case.value, str) and not case.value.strip()):
        # An empty cell is a missing value or unit in a CSV: the error is still of that field.
        assert kind == "error"
        assert row["error_field"] == b
    elif kind == "error":
        assert (row["error_code"], row["error_field"]) == (a, b)
    else:
        assert (row["zone"], row["warnings"]) == (a, ";".join(codes))


def _cli_args(case: Case) -> list[str] | None:
    value = case.value
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None  # not expressible on a command line
    args = ["interpret", "--json"]
    for key, v in case.kwargs().items():
        if v is not None:
            text = f"{v[0]}-{v[1]}" if isinstance(v, tuple) else str(v)
            args += [f"--{key.replace('_', '-')}", text]
    # "--" ends the options, so a value such as "-inf" is read as the VALUE, as a user would type it.
    return [*args, "--", str(value), *([case.unit] if case.unit is not None else [])]


@pytest.mark.parametrize("case", CATALOG, ids=_id)
def test_cli(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    args = _cli_args(case)
    if args is None:
        pytest.skip("value cannot be typed on a command line")
    code = main(args)
    out, err = capsys.readouterr()
    if case.error is None:
        assert code == 0, err
        assert err == ""
        return
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    error = json.loads(lines[0])  # with --json the error is one JSON object
    assert error["code"] == case.error.code
    assert error["field"] == case.field
    assert 0 < len(error["message"]) < 400
    # Without --json: one plain line naming the field.
    code = main([a for a in args if a != "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"igflab: error: {case.field}:")
