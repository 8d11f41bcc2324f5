"""HL7 v2 in: an ORU^R01 message -> one interpretation, the IGF-1 + IGFBP-3 panel, or a series.

Every IGF-1 and IGFBP-3 OBX of the message is read (:mod:`igflab.io.hl7.segments` maps the fields)
and goes through the one engine: one result is :func:`igflab.interpret` of its analyte (the OBX-7
range as the laboratory's range), IGF-1 and IGFBP-3 of one date are :func:`igflab.interpret_panel`,
IGF-1 results of several dates are a series (:mod:`igflab.core.series`). Each is the result
:func:`igflab.from_fhir` gives for the same data, with warnings naming the HL7 field: a result not
final (OBX-11), a laboratory flag (OBX-8) that differs from igflab's, a range not used, a result
passed over (cancelled or wrong).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypedDict, Unpack, cast

from igflab._types import AgeIn, DateIn, SexIn
from igflab.analytes import IGF1, IGFBP3, spec_of
from igflab.core.interpret import interpret
from igflab.core.panel import interpret_panel
from igflab.core.series import series_of, series_result
from igflab.core.series_changes import change_settings
from igflab.errors import AgeError, IgflabError, InputError, SexError
from igflab.inputs.ages import parse_date
from igflab.inputs.sex import parse_sex
from igflab.models import Interpretation
from igflab.panel_models import PanelInterpretation
from igflab.series_models import SeriesInterpretation, SeriesResult
from igflab.text.words import ResultWarning

from .checks import flag_warnings, known_reference, lab_range_of, panel_family, range_warning, status_of
from .scan import Observation, Scan, scan
from .segments import ObxRead, analyte_of, hl7_date, obx_read, pid_read

__all__ = ["Hl7Options", "Hl7Result", "from_hl7", "read_results"]

#: What :func:`from_hl7` returns: one result, the panel, or a series.
Hl7Result = Interpretation | PanelInterpretation | SeriesInterpretation


class Hl7Options(TypedDict, total=False):
    """What the caller may add to a message (each only where the message does not say it), and the local codes."""

    birth_date: DateIn | None
    collected: DateIn | None
    age: AgeIn | None
    sex: SexIn | None
    reference: str | None
    local_codes: Mapping[str, str] | None


def _options(options: dict[str, Any]) -> Hl7Options:
    unknown = sorted(set(options) - set(Hl7Options.__annotations__))
    if unknown:
        known = ", ".join(Hl7Options.__annotations__)
        raise InputError(f"from_hl7() has no option {unknown[0]!r}; the options are {known}", field=unknown[0])
    codes = options.get("local_codes") or {}
    if not isinstance(codes, Mapping):
        raise InputError(
            "local_codes maps a local OBX-3 code to an analyte, e.g. {'IGF1': 'igf1'}", field="local_codes"
        )
    for key, analyte in codes.items():
        if not isinstance(key, str) or not isinstance(analyte, str):
            raise InputError("local_codes maps codes (text) to analyte keys (text)", field="local_codes")
        spec_of(analyte)  # an unknown analyte key is named here
    return cast(Hl7Options, options)


def from_hl7(message: str | bytes, **options: Unpack[Hl7Options]) -> Hl7Result:
    """Interpret the IGF-1 and IGFBP-3 results of an HL7 v2 ORU^R01 message (versions 2.3 to 2.8.2).

    One result gives an :class:`~igflab.models.Interpretation` (IGF-1, or IGFBP-3), IGF-1 and
    IGFBP-3 of one date the :class:`~igflab.panel_models.PanelInterpretation`, IGF-1 results of
    several dates the :class:`~igflab.series_models.SeriesInterpretation`. The age comes from
    PID-7 and the collection date (OBX-14, else OBR-7), the sex from PID-8; ``birth_date``,
    ``collected``, ``age`` and ``sex`` fill what the message lacks (and must agree with what it
    says). ``local_codes`` maps a laboratory's own OBX-3 code (``"IGF1"`` or ``"IGF1^99LAB"``) to
    an analyte key (``"igf1"``, ``"igfbp3"``); ``reference`` chooses the published reference.

    Needs the ``hl7`` extra (``pip install 'igflab[hl7]'``). A message igflab cannot read
    raises an :class:`~igflab.errors.IgflabError` whose ``field`` names the segment and field
    (``"PID-7"``, ``"OBX-5"``), and whose message says which segment (``OBX 2 (line 5)``).
    """
    opts = _options(dict(options))
    return read_results(scan(message), opts)


# ---------------------------------------------------------------------------------------
# The person
# ---------------------------------------------------------------------------------------


def _person(s: Scan, opts: Hl7Options) -> tuple[dt.date | None, str]:
    born, sex = pid_read(s.pid) if s.pid is not None else (None, None)
    given_birth, given_sex = opts.get("birth_date"), opts.get("sex")
    if given_birth is not None:
        day = parse_date(given_birth, "birth_date")
        if born is not None and day != born:
            raise AgeError(f"birth_date={day.isoformat()} contradicts PID-7 {born.isoformat()}", field="PID-7")
        born = day
    if given_sex is not None:
        if sex is not None and parse_sex(given_sex) != parse_sex(sex):
            raise SexError(f"sex={given_sex!r} contradicts PID-8 ({sex})", field="PID-8")
        sex = str(given_sex)
    if sex is None:
        what = "PID-8 (sex) is empty" if s.pid is not None else "the message has no PID segment"
        raise SexError(f"{what}; igflab needs the sex (pass sex=)", field="PID-8" if s.pid is not None else "PID")
    return born, sex


def _date(o: Observation, r: ObxRead, collected: dt.date | None) -> dt.date | None:
    when = r.observed or (hl7_date(o.obr.text(7), "OBR-7", o.obr.where) if o.obr is not None else None)
    if when is not None and collected is not None and when != collected:
        field = "OBX-14" if r.observed is not None else "OBR-7"
        raise AgeError(f"{r.where}: collected={collected.isoformat()} contradicts {field} {when}", field=field)
    return when or collected


class _Read:
    """The IGF-1 and IGFBP-3 results of a message, each with its date, and what reading them warned of."""

    def __init__(self, s: Scan, opts: Hl7Options) -> None:
        codes = opts.get("local_codes") or {}
        collected = opts.get("collected")
        day = parse_date(collected, "collected") if collected is not None else None
        self.results: list[tuple[ObxRead, dt.date | None, list[ResultWarning]]] = []
        self.skipped: list[ResultWarning] = []
        for o in s.observations:
            spec, code_warning = analyte_of(o.obx, codes)
            if spec is None:
                continue
            warns = [code_warning] if code_warning is not None else []
            status = status_of(o, warns)
            if status == "skip":
                self.skipped += warns
                continue
            r = obx_read(o.obx, spec, status, o.notes)
            self.results.append((r, _date(o, r, day), warns))
        if not self.results:
            if self.skipped:
                raise InputError(self.skipped[-1].message, field="OBX-11")
            found = [c for o in s.observations for c in o.obx.components(3)[:1]]
            shown = ", ".join(repr(c[:20]) for c in found[:5]) or "none"
            raise InputError(
                f"no OBX holds IGF-1 (LOINC {IGF1.loinc}) or IGFBP-3 (LOINC {IGFBP3.loinc}); the OBX-3 codes are "
                f"{shown} (map a laboratory's own code with local_codes=)",
                field="OBX-3",
            )


def read_results(s: Scan, opts: Hl7Options) -> Hl7Result:
    """The interpretation of a scanned message (see :func:`from_hl7`)."""
    read = _Read(s, opts)
    born, sex = _person(s, opts)
    dates = {d for _, d, _ in read.results}
    if len(dates) > 1:
        if None in dates:
            undated = next(r for r, d, _ in read.results if d is None)
            raise AgeError(f"{undated.where} has no date (OBX-14 or OBR-7) among dated results", field="OBR-7")
        return _series(read, born, sex, opts)
    _one_each(read.results)
    when = _when(born, next(iter(dates)), opts.get("age"))
    by = {r.spec.key: (r, w) for r, _, w in read.results}
    if IGF1.key in by and IGFBP3.key in by:
        return _panel(by[IGF1.key], by[IGFBP3.key], when, sex, opts.get("reference"), read.skipped)
    ((r, warns),) = by.values()
    result = _interpret(r, when, sex, opts.get("reference"))
    return _with(result, [*warns, *flag_warnings(r, result), *read.skipped])


def _one_each(results: list[tuple[ObxRead, dt.date | None, list[ResultWarning]]]) -> None:
    seen: dict[str, ObxRead] = {}
    for r, d, _ in results:
        first = seen.get(r.spec.key)
        if first is not None:
            on = f" of {d.isoformat()}" if d is not None else ""
            raise InputError(
                f"{first.where} and {r.where} are both {r.spec.words} results{on}; igflab reads one result per sample "
                "(a correction replaces the first: OBX-11 C, with the first marked W)",
                field="OBX-3",
            )
        seen[r.spec.key] = r


def _when(born: dt.date | None, day: dt.date | None, age: Any) -> dict[str, Any]:
    if born is not None and day is not None:
        if age is not None:
            raise AgeError("the age comes from PID-7 and the collection date; leave out age", field="age")
        return {"birth_date": born, "collected": day}
    if age is not None:
        return {"age": age}
    if born is None:
        raise AgeError("PID-7 (birth date) is empty; igflab needs it, or the age (pass age=)", field="PID-7")
    raise AgeError(
        "neither OBX-14 nor OBR-7 gives the date the sample was taken; igflab needs it for the age (or pass "
        "collected= or age=)",
        field="OBR-7",
    )


_FIELDS = {
    "value": "OBX-5",
    "unit": "OBX-6",
    "lab_range": "OBX-7",
    "lab_range_unit": "OBX-6",
    "sex": "PID-8",
    "birth_date": "PID-7",
    "collected": "OBX-14",
}


def _mapped(exc: IgflabError, r: ObxRead) -> IgflabError:
    field = _FIELDS.get(exc.field or "", exc.field)
    return type(exc)(f"{r.where}: {exc.message}", field=field)


def _interpret(r: ObxRead, when: dict[str, Any], sex: str, reference: str | None) -> Interpretation:
    warns: list[ResultWarning] = []
    lab = lab_range_of(r, warns)
    try:
        result = interpret(
            r.value,
            r.unit,
            sex=sex,
            reference=reference or known_reference(r, warns),
            lab_range=lab,
            lab_range_unit=None if lab is None else r.unit,
            analyte=r.spec.key,
            **when,
        )
    except IgflabError as exc:
        raise _mapped(exc, r) from None
    return _with(result, warns)


def _with(result: Interpretation, warns: list[ResultWarning]) -> Interpretation:
    return result.model_copy(update={"warnings": (*result.warnings, *warns)}) if warns else result


def _panel(
    igf1: tuple[ObxRead, list[ResultWarning]],
    igfbp3: tuple[ObxRead, list[ResultWarning]],
    when: dict[str, Any],
    sex: str,
    reference: str | None,
    skipped: list[ResultWarning],
) -> PanelInterpretation:
    (a, warns_a), (b, warns_b) = igf1, igfbp3
    warns = [*warns_a, *warns_b]
    reference = reference or panel_family(a.published)
    for r in (a, b):
        if r.range_text is not None and not r.own_range:
            warns.append(range_warning(r, "lab_range_not_used", "is not used by the panel"))
    try:
        panel = interpret_panel(
            a.value, b.value, igf1_unit=a.unit, igfbp3_unit=b.unit, sex=sex, reference=reference, **when
        )
    except IgflabError as exc:
        r = b if exc.field in ("igfbp3", "igfbp3_unit") else a
        field = {"igfbp3": "value", "igfbp3_unit": "unit"}.get(exc.field or "", exc.field)
        raise _mapped(type(exc)(exc.message, field=field), r) from None
    flags = [*flag_warnings(a, panel.igf1), *flag_warnings(b, panel.igfbp3)]
    return panel.model_copy(update={"warnings": (*panel.warnings, *warns, *flags, *skipped)})


def _series(read: _Read, born: dt.date | None, sex: str, opts: Hl7Options) -> SeriesInterpretation:
    if opts.get("age") is not None:
        raise AgeError(
            "the message holds results of several dates; each age comes from PID-7, leave out age", field="age"
        )
    if born is None:
        raise AgeError("PID-7 (birth date) is empty; a series of dates needs it (pass birth_date=)", field="PID-7")
    extra = list(read.skipped)
    rows: list[tuple[SeriesResult, int]] = []
    igf1 = [(r, d, w) for r, d, w in read.results if r.spec is IGF1]
    others = [r for r, _, _ in read.results if r.spec is not IGF1]
    if not igf1:
        raise InputError("the message holds results of several dates but no IGF-1; a series reads IGF-1", field="OBX-3")
    if others:
        extra.append(
            ResultWarning(
                code="not_in_series",
                message=f"{', '.join(r.where for r in others)}: a series follows IGF-1 only; the message's other "
                "results were not read",
                field="OBX-3",
            )
        )
    _each_date_once(igf1)
    for i, (r, d, warns) in enumerate(igf1):
        assert d is not None  # several dates and none missing (read_results)
        result = _interpret(r, {"birth_date": born, "collected": d}, sex, opts.get("reference"))
        result = _with(result, [*warns, *flag_warnings(r, result)])
        rows.append((series_result(result, d.isoformat(), None), i))
    series = series_of(rows, (), change_settings(None, None, None, 0.95, False))
    return series.model_copy(update={"warnings": (*series.warnings, *extra)}) if extra else series


def _each_date_once(results: list[tuple[ObxRead, dt.date | None, list[ResultWarning]]]) -> None:
    seen: dict[dt.date | None, ObxRead] = {}
    for r, d, _ in results:
        if d in seen:
            _one_each([(seen[d], d, []), (r, d, [])])
        seen[d] = r
