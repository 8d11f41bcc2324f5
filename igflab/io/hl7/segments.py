"""HL7 v2 segments -> what :func:`igflab.interpret` takes: the mapping of MSH, PID, OBR and OBX fields.

=========  ==========================================================================
MSH-9      the message type: ORU^R01 (any other is refused)
MSH-12     the version: 2.3 to 2.8.2
PID-7      birth date (a full date: YYYYMMDD, a time after it is ignored)
PID-8      sex (table 0001: M, F; A, N, O, U compare both sexes)
OBR-7      observation (collection) date of the OBX under it, when OBX-14 is empty
OBX-2      value type: NM, SN (comparator^number), ST/TX/FT (text such as ``<15``)
OBX-3      the analyte: a LOINC code (system ``LN``) of a registered analyte, a local code mapped by
           ``local_codes``, or (with a warning) a text naming IGF-1
OBX-5      the value; ``<`` and ``>`` make a censored result
OBX-6      the unit (its identifier, else its text)
OBX-7      the laboratory's reference range (``low-high``)
OBX-8      the laboratory's flags (table 0078), compared with igflab's
OBX-11     status (table 0085): F, C, U used; P, R, S used with a warning; X, W, D, I, N, O no result
OBX-14     date/time of the observation (collection)
=========  ==========================================================================
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from igflab.analytes import IGF1, AnalyteSpec, all_specs, spec_of
from igflab.errors import AgeError, InputError, SexError, ValueInputError
from igflab.io.fhir_code import names_igf1
from igflab.io.fhir_codes import IGF1_SDS_LOINC
from igflab.text.words import ResultWarning

from .codes import HL7_SEX, LOINC_SYSTEM, OWN_NOTE, READ_VERSIONS
from .er7 import Encoding, RawSegment
from .lib import Segment

__all__ = ["ObxRead", "analyte_of", "hl7_date", "msh_version", "obx_read", "pid_read"]

_DATE = re.compile(r"(\d{4})(\d{2})?(\d{2})?(\d{2}(\d{2}(\d{2}(\.\d{1,4})?)?)?)?([+-]\d{4})?", re.ASCII)
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_VALUE = re.compile(rf"\s*(<=|>=|<|>|=)?\s*({_NUMBER})\s*", re.ASCII)
_TEXT_TYPES = ("ST", "TX", "FT")


def msh_version(msh: RawSegment, enc: Encoding) -> str:
    """MSH-12, the version, after checking MSH-9 is ORU^R01."""
    fields = msh.text.split(enc.field)
    # fields[0] is "MSH", fields[1] is MSH-2: MSH-n is fields[n - 1].
    kind = fields[8].split(enc.component) if len(fields) > 8 else []
    if kind[:2] != ["ORU", "R01"]:
        shown = enc.component.join(kind[:3]) or "empty"
        raise InputError(f"MSH-9 is {shown[:40]!r}; igflab reads results, ORU^R01 messages", field="MSH-9")
    version = fields[11].split(enc.component)[0].strip() if len(fields) > 11 else ""
    if version not in READ_VERSIONS:
        raise InputError(
            f"MSH-12 is {version[:20]!r}; igflab reads HL7 v2 versions {READ_VERSIONS[0]} to {READ_VERSIONS[-1]}",
            field="MSH-12",
        )
    return version


def hl7_date(text: str | None, field: str, where: str) -> dt.date | None:
    """The calendar date of an HL7 DTM/TS value (``YYYYMMDD[HHMM[SS]][+ZZZZ]``); a partial date is an error."""
    if text is None:
        return None
    m = _DATE.fullmatch(text.strip())
    if m is None or m.group(2) is None or m.group(3) is None:
        shown = text.strip()[:30]
        raise AgeError(f"{where}: {field} {shown!r} is not a full date (YYYYMMDD, a time may follow)", field=field)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise AgeError(f"{where}: {field} {text.strip()[:30]!r} is not a date of the calendar", field=field) from None


def pid_read(pid: Segment) -> tuple[dt.date | None, str | None]:
    """PID-7 (birth date) and PID-8 (sex, as igflab names it), each None when empty."""
    born = hl7_date(pid.text(7), "PID-7", pid.where)
    code = pid.text(8)
    if code is None:
        return born, None
    sex = HL7_SEX.get(code.upper())
    if sex is None:
        raise SexError(f"{pid.where}: PID-8 is {code[:20]!r}; HL7 table 0001 has M, F, O, U, A and N", field="PID-8")
    return born, sex


def _pairs(comps: list[str]) -> list[tuple[str, str]]:
    """(code, coding system) of a CE/CWE: the first triplet and the alternate one."""
    padded = [*comps, "", "", "", "", "", ""]
    return [(padded[0], padded[2].upper()), (padded[3], padded[5].upper())]


def analyte_of(obx: Segment, local_codes: Mapping[str, str]) -> tuple[AnalyteSpec | None, ResultWarning | None]:
    """The analyte OBX-3 names (None for another test) and, when only its text said IGF-1, a warning."""
    comps = obx.components(3)
    pairs = _pairs(comps)
    loinc = [c for c, s in pairs if c and s == LOINC_SYSTEM]
    spec = next((s for s in all_specs() if s.loinc in loinc), None)
    if spec is not None or loinc:
        return spec, None
    for code, system in pairs:
        key = next((k for k in (f"{code}^{system}", code) if code and k in local_codes), None)
        if key is not None:
            return spec_of(local_codes[key]), None
    texts = [t for t in (comps[1] if len(comps) > 1 else "", comps[4] if len(comps) > 4 else "") if t]
    named = [names_igf1(t) for t in texts]
    if named and all(named):
        return IGF1, ResultWarning(
            code="no_loinc_code",
            message=f"{obx.where}: OBX-3 ({texts[0][:60]}) has no LOINC code; it was read as IGF-1 (LOINC "
            f"{IGF1.loinc}) because its text names IGF-1; check that the result is an IGF-1 concentration",
            field="OBX-3",
        )
    return None, None


def is_sds(obx: Segment) -> bool:
    """Whether OBX-3 is the IGF-1 Z-score (LOINC 73561-3)."""
    return any(c == IGF1_SDS_LOINC and s == LOINC_SYSTEM for c, s in _pairs(obx.components(3)))


@dataclass(frozen=True, slots=True)
class ObxRead:
    """One IGF-1 or IGFBP-3 OBX, as read: what interpret() takes, and where it came from."""

    spec: AnalyteSpec
    value: str
    unit: str
    range_text: str | None
    flags: tuple[str, ...]
    status: str | None
    observed: dt.date | None
    where: str
    published: str | None = None
    """The published reference igflab's own note under the OBX names (a message igflab wrote), else None."""
    own_range: bool = False
    """Whether OBX-7 is igflab's published range (a message igflab wrote), not a laboratory's."""


def _value(obx: Segment) -> str:
    kind = (obx.text(2) or "").upper()
    if kind == "SN":
        comps = [*obx.components(5), "", "", ""]
        if comps[2] or comps[3]:
            raise ValueInputError(
                f"{obx.where}: OBX-5 is a range or ratio ({obx.field(5)!r}); igflab reads one value", field="OBX-5"
            )
        text = f"{comps[0]}{comps[1]}"
    elif kind in ("", "NM", *_TEXT_TYPES):
        comps = obx.components(5)
        if len(comps) > 1 and any(comps[1:]):
            raise ValueInputError(
                f"{obx.where}: OBX-5 has components ({obx.field(5)!r}) but OBX-2 is {kind or 'empty'}; an NM value "
                "is one number",
                field="OBX-5",
            )
        text = comps[0] if comps else ""
    else:
        raise InputError(
            f"{obx.where}: OBX-2 is {kind[:10]!r}; igflab reads a result of value type NM, SN, ST, TX or FT",
            field="OBX-2",
        )
    if not text.strip():
        raise ValueInputError(f"{obx.where}: OBX-5 (the value) is empty", field="OBX-5")
    m = _VALUE.fullmatch(text)
    if m is None:
        shown = text.strip()[:30]
        raise ValueInputError(
            f"{obx.where}: OBX-5 {shown!r} is not a number (optionally after < or >) as HL7 writes one", field="OBX-5"
        )
    censor = "" if m.group(1) in (None, "=") else m.group(1)
    return f"{censor}{m.group(2)}"


def obx_read(obx: Segment, spec: AnalyteSpec, status: str | None, notes: tuple[str, ...] = ()) -> ObxRead:
    """An IGF-1 or IGFBP-3 OBX whose status gives a result: its value, unit, range, flags and date; ``notes``
    (its NTE texts) tell a message igflab wrote (:data:`~igflab.io.hl7.codes.OWN_NOTE`)."""
    value = _value(obx)
    unit_comps = obx.components(6)
    unit = next((c for c in unit_comps[:2] if c), None)
    if unit is None:
        raise InputError(f"{obx.where}: OBX-6 (the unit) is empty; igflab needs the unit of OBX-5", field="OBX-6")
    rng = obx.field(7)
    range_text = obx.components(7, rng)[0] if rng is not None else None
    flags = tuple(c.upper() for rep in obx.repetitions(8) for c in obx.components(8, rep)[:1] if c)
    observed = hl7_date(obx.text(14), "OBX-14", obx.where)
    own = next((m for m in (OWN_NOTE.match(n) for n in notes) if m), None)
    published = None if own is None else own.group(2)
    own_range = own is not None and own.group(1) is None
    return ObxRead(spec, value, unit, range_text or None, flags, status, observed, obx.where, published, own_range)
