"""HL7 v2 out: an interpretation, the panel or a series as an ORU^R01 message (2.5.1, or 2.8.2).

The message is built with the HL7 library by its version's ORU^R01 structure (MSH, then
PATIENT_RESULT: PATIENT (PID), ORDER_OBSERVATION (OBR, NTE, OBSERVATION (OBX, NTE))). What each
OBX and NTE holds is :mod:`igflab.io.hl7.content`. Given the ``source`` message it answers, the
output names the same patient (PID-3, PID-5, PID-7, PID-8 copied), the same orders (OBR-2, OBR-3,
OBR-4) and the same collection date, and is addressed back to the sender (MSH-5, MSH-6).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from igflab._version import __version__
from igflab.analytes import IGF1, spec_of
from igflab.errors import InputError
from igflab.inputs.ages import parse_date
from igflab.models import Interpretation
from igflab.panel_models import PanelInterpretation
from igflab.series_models import SeriesInterpretation

from .codes import LOCAL_SYSTEM, LOINC_SYSTEM, SEX_CODE, WRITE_VERSIONS
from .content import RATIO_CODE, ObxOut, note_lines, number, result_obx, sds_obx
from .er7 import escape, reencode
from .lib import Segment, hl7apy
from .scan import Scan, scan
from .segments import analyte_of, hl7_date

__all__ = ["to_hl7"]

_PANEL_CODE = ("IGF-PANEL", "IGF-1 and IGFBP-3", LOCAL_SYSTEM)
_SERIES_NOTE = "Results over time"


def _ce(code: tuple[str, ...]) -> str:
    return "^".join(escape(c) for c in code)


def _hl7_date(day: dt.date | None) -> str | None:
    return None if day is None else day.strftime("%Y%m%d")


class _Builder:
    """The message under construction (the library's Message), with the running OBX and OBR set IDs."""

    def __init__(self, version: str, source: Scan | None, sent: dt.datetime, key: str) -> None:
        lib = hl7apy()
        self.version, self.source = version, source
        level = lib.consts.VALIDATION_LEVEL.TOLERANT
        self.message = lib.core.Message("ORU_R01", version=version, validation_level=level)
        msh = self.message.msh
        msh.msh_3 = "IGFLAB"
        msh.msh_4 = "igflab"
        if source is not None:
            for n in (3, 4):
                text = source.msh.text.split(source.enc.field)
                if len(text) > n - 1 and text[n - 1]:
                    setattr(msh, f"msh_{n + 2}", reencode(text[n - 1], source.enc, f"MSH-{n}"))
        msh.msh_7 = sent.strftime("%Y%m%d%H%M%S%z")
        msh.msh_9 = "ORU^R01^ORU_R01"
        msh.msh_10 = "IGF" + hashlib.sha256(f"{key}|{msh.msh_7.to_er7()}".encode()).hexdigest()[:16].upper()
        msh.msh_11 = self._processing()
        msh.msh_12 = version
        msh.msh_18 = "UNICODE UTF-8"
        self.group = self.message.add_group("ORU_R01_PATIENT_RESULT")
        self.obr_id = self.obx_id = 0
        self.sent = msh.msh_7.to_er7()

    def _processing(self) -> str:
        if self.source is not None:
            fields = self.source.msh.text.split(self.source.enc.field)
            given = fields[10].split(self.source.enc.component)[0] if len(fields) > 10 else ""
            if given in ("P", "T", "D"):
                return given
        return "P"

    def patient(self, sex: str, birth: dt.date | None, patient_id: str | None) -> None:
        pid = self.group.add_group("ORU_R01_PATIENT").add_segment("PID")
        pid.pid_1 = "1"
        if patient_id is not None:
            pid.pid_3 = escape(patient_id)
        src = self.source.pid if self.source is not None else None
        if src is not None:
            for n in (3, 5):
                if src.raw_field(n):
                    setattr(pid, f"pid_{n}", reencode(src.raw_field(n), src.enc, f"PID-{n}"))
        born = _hl7_date(birth)
        if born is not None:
            pid.pid_7 = born
        pid.pid_8 = SEX_CODE.get(sex, "U")

    def order(
        self, code: tuple[str, ...], day: dt.date | None, src: Segment | None, notes: tuple[str, ...] = ()
    ) -> Any:
        self.obr_id += 1
        group = self.group.add_group("ORU_R01_ORDER_OBSERVATION")
        obr = group.add_segment("OBR")
        obr.obr_1 = str(self.obr_id)
        if src is not None:
            for n in (2, 3):
                if src.raw_field(n):
                    setattr(obr, f"obr_{n}", reencode(src.raw_field(n), src.enc, f"OBR-{n}"))
        obr.obr_4 = reencode(src.raw_field(4), src.enc, "OBR-4") if src is not None and src.raw_field(4) else _ce(code)
        if day is not None:
            obr.obr_7 = _hl7_date(day)
        obr.obr_22 = self.sent
        obr.obr_25 = "F"
        self._notes(group, notes)
        return group

    def observation(self, order: Any, out: ObxOut, day: dt.date | None) -> None:
        self.obx_id += 1
        group = order.add_group("ORU_R01_OBSERVATION")
        obx = group.add_segment("OBX")
        obx.obx_1 = str(self.obx_id)
        obx.obx_2 = out.value_type
        obx.obx_3 = _ce(out.code)
        obx.obx_5 = "^".join(escape(v) for v in out.value)
        if out.unit is not None:
            obx.obx_6 = _ce(out.unit)
        if out.range is not None:
            obx.obx_7 = escape(out.range)
        for k, flag in enumerate(out.flags):  # each flag a repetition of OBX-8
            if k == 0:
                obx.obx_8 = escape(flag)
            else:
                obx.add_field("OBX_8").value = escape(flag)
        obx.obx_11 = "F"
        if day is not None:
            obx.obx_14 = _hl7_date(day)
        self._notes(group, out.notes)

    def _notes(self, group: Any, lines: tuple[str, ...]) -> None:
        for i, line in enumerate(lines, start=1):
            nte = group.add_segment("NTE")
            nte.nte_1 = str(i)
            nte.nte_2 = "O"  # table 0105: other system (igflab) is the source of the comment
            nte.nte_3 = escape(line)

    def result(
        self, order: Any, r: Interpretation, day: dt.date | None, change: str | None = None, notes: tuple[str, ...] = ()
    ) -> None:
        self.observation(order, result_obx(r, self.version, change, notes), day)
        sds = sds_obx(r)
        if sds is not None:
            self.observation(order, sds, day)

    def text(self) -> str:
        return str(self.message.to_er7()) + "\r"  # every segment, the last too, ends with a carriage return


def _source_order(
    source: Scan | None, analyte: str, day: dt.date | None = None
) -> tuple[Segment | None, dt.date | None]:
    """The source's OBR of the analyte's first OBX (of ``day``, when given), and that OBX's collection date."""
    if source is None:
        return None, None
    for o in source.observations:
        spec, _ = analyte_of(o.obx, {})
        if spec is None or spec.key != analyte:
            continue
        when = hl7_date(o.obx.text(14), "OBX-14", o.obx.where)
        if when is None and o.obr is not None:
            when = hl7_date(o.obr.text(7), "OBR-7", o.obr.where)
        if day is None or when == day:
            return o.obr, when
    return None, None


def to_hl7(
    result: Interpretation | PanelInterpretation | SeriesInterpretation,
    *,
    source: str | bytes | None = None,
    birth_date: Any = None,
    collected: Any = None,
    patient_id: str | None = None,
    version: str = "2.5.1",
    sent: dt.datetime | None = None,
) -> str:
    """The result as an HL7 v2 ORU^R01 message (ER7 text, each segment ended by a carriage return).

    Each result is an OBX with the value as reported, the range that decided the flag (OBX-7) and
    igflab's flag (OBX-8), then an OBX with the SDS (LOINC 73561-3 for IGF-1), and NTE segments
    with the summary, every warning and the guidance. ``source`` is the message the result was
    read from (:func:`igflab.from_hl7`): its patient, orders, collection date and sender are
    carried over. ``birth_date`` (PID-7), ``collected`` (OBR-7, OBX-14) and ``patient_id`` (PID-3) fill
    what no source gives (without either, PID-3, which HL7 requires, is left empty: the receiver must
    match the message to its patient otherwise); ``version`` is ``"2.5.1"`` (default) or ``"2.8.2"``;
    ``sent`` is MSH-7 (default: now, UTC).

    Needs the ``hl7`` extra (``pip install 'igflab[hl7]'``).
    """
    if not isinstance(result, (Interpretation, PanelInterpretation, SeriesInterpretation)):
        raise InputError(
            "to_hl7() takes an igflab Interpretation, PanelInterpretation or SeriesInterpretation",
            field="interpretation",
        )
    if version not in WRITE_VERSIONS:
        raise InputError(f"version {version!r}: igflab writes HL7 {' or '.join(WRITE_VERSIONS)}", field="version")
    when = dt.datetime.now(dt.UTC).replace(microsecond=0) if sent is None else sent
    if when.tzinfo is None:
        raise InputError("sent needs a time zone (MSH-7 carries the offset)", field="sent")
    src = scan(source) if source is not None else None
    born = parse_date(birth_date, "birth_date") if birth_date is not None else None
    if src is not None and src.pid is not None:
        born = hl7_date(src.pid.text(7), "PID-7", src.pid.where) or born
    b = _Builder(version, src, when, result.model_dump_json())
    b.patient(result.sex, born, patient_id)
    day = parse_date(collected, "collected") if collected is not None else None
    if isinstance(result, SeriesInterpretation):
        _series(b, result, src)
    elif isinstance(result, PanelInterpretation):
        order_src, src_day = _source_order(src, IGF1.key)
        day = day or src_day
        order = b.order(_PANEL_CODE, day, order_src, _panel_notes(result))
        for r in (result.igf1, result.igfbp3):
            b.result(order, r, day)
        if result.molar_ratio is not None:
            ratio = ObxOut(RATIO_CODE, "NM", (number(round(result.molar_ratio, 4)),), ("1", "1", "UCUM"))
            b.observation(order, ratio, day)
    else:
        spec = spec_of(result.analyte)
        order_src, src_day = _source_order(src, spec.key)
        day = day or src_day
        order = b.order((spec.loinc, spec.loinc_display, LOINC_SYSTEM), day, order_src)
        b.result(order, result, day)
    return b.text()


def _panel_notes(p: PanelInterpretation) -> tuple[str, ...]:
    return (
        *(n.text for n in p.notes),
        *(f"Check: {w.message}" for w in p.warnings),
        f"Guidance: {p.guidance}",
        f"Interpreted with igflab {__version__}.",
    )


def _series(b: _Builder, s: SeriesInterpretation, src: Scan | None) -> None:
    last = len(s.results) - 1
    for k, item in enumerate(s.results):
        r = item.interpretation
        day = parse_date(item.collected, "collected") if item.collected else None
        order_src, _ = _source_order(src, IGF1.key, day)
        closing: tuple[str, ...] = ()
        if k == last:  # what the series says as a whole, under its latest order
            closing = (
                f"{_SERIES_NOTE}: {s.summary}",
                *(n.text for n in s.notes),
                *(f"Check: {w.message}" for w in s.warnings),
                f"Guidance: {s.guidance}",
            )
        order = b.order((IGF1.loinc, IGF1.loinc_display, LOINC_SYSTEM), day, order_src, closing)
        change = s.changes[k - 1] if k > 0 else None
        notes = note_lines(r)
        if change is not None:
            notes = (*notes[:1], f"Change from the previous result: {change.note}", *notes[1:])
        b.result(order, r, day, change.flag if change is not None else None, notes)
