"""An ORU^R01 message's structure: its header, its one patient and each OBX with the OBR it belongs to.

The segments are walked in order, as the ORU^R01 structure of every version from 2.3 to 2.8.2
nests them (PATIENT_RESULT: PATIENT (PID ...), ORDER_OBSERVATION (ORC, OBR, NTE ..., OBSERVATION
(OBX, NTE ...))): an OBX belongs to the OBR before it. Only the segments igflab reads are parsed
(MSH, PID, OBR, OBX) and the text of each NTE under an OBX; the others (ORC, PV1, SPM, Z-segments ...) are
passed over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from igflab.errors import InputError

from .er7 import Encoding, RawSegment, decode, split_message, unescape
from .lib import Segment, parse
from .segments import msh_version

__all__ = ["Observation", "Scan", "scan"]

_READ = ("PID", "OBR", "OBX")


@dataclass(frozen=True, slots=True)
class Observation:
    """One OBX, the OBR it sits under (None when no OBR comes before it) and the text of its NTE segments."""

    obx: Segment
    obr: Segment | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scan:
    """What a message holds, parsed: its encoding, version, MSH, PID and observations in order."""

    enc: Encoding
    version: str
    msh: RawSegment
    pid: Segment | None
    observations: tuple[Observation, ...]
    orders: tuple[Segment, ...] = field(default=())


def scan(message: str | bytes) -> Scan:
    """The message's structure; an :class:`~igflab.errors.InputError` naming the segment and field when it is not
    one person's ORU^R01 igflab can read."""
    enc, raws = split_message(decode(message))
    version = msh_version(raws[0], enc)
    pid: Segment | None = None
    obr: Segment | None = None
    orders: list[Segment] = []
    observations: list[Observation] = []
    after_obx = False  # an NTE belongs to the OBX just before it (else to an OBR or the patient: not read)
    for raw in raws[1:]:
        if raw.name == "NTE":
            if after_obx:
                last = observations[-1]
                observations[-1] = Observation(last.obx, last.obr, (*last.notes, _note(raw, enc)))
            continue
        if raw.name not in _READ:
            continue
        seg = parse(raw, version, enc)
        after_obx = raw.name == "OBX"
        if raw.name == "PID":
            if pid is not None:
                raise InputError(
                    f"{raw.where}: the message holds more than one PID segment; igflab reads one person's results",
                    field="PID",
                )
            if orders:
                raise InputError(
                    f"{raw.where}: PID comes after an OBR; in an ORU^R01 the patient (PID) comes before the orders",
                    field="PID",
                )
            pid = seg
        elif raw.name == "OBR":
            obr = seg
            orders.append(seg)
        else:
            observations.append(Observation(seg, obr))
    if not observations:
        raise InputError("the message holds no OBX segment, so no result to read", field="OBX")
    return Scan(enc, version, raws[0], pid, tuple(observations), tuple(orders))


def _note(raw: RawSegment, enc: Encoding) -> str:
    """NTE-3, the comment's text (kept as written where its escapes cannot be read: a comment is only looked at)."""
    fields = raw.text.split(enc.field)
    text = fields[3] if len(fields) > 3 else ""
    try:
        return unescape(text, enc, "NTE-3")
    except InputError:
        return text
