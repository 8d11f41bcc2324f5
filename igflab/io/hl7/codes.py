"""HL7 v2 codes igflab reads and writes: versions, tables and its own local codes.

* LOINC (coding system ``LN``, HL7 table 0396): each analyte's concentration from its spec
  (:mod:`igflab.analytes`: 2484-4 IGF-1, 2483-6 IGFBP-3) and 73561-3, the IGF-1 Z-score;
* UCUM (coding system ``UCUM``) for units, ``{Z-score}`` for an SDS;
* table 0085 (observation result status, OBX-11), table 0078 (abnormal flags / interpretation codes,
  OBX-8), table 0001 (administrative sex, PID-8).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FINAL",
    "FLAG_SIDE",
    "HL7_SEX",
    "LOCAL_SYSTEM",
    "LOINC_SYSTEM",
    "MAX_MESSAGE_CHARS",
    "MAX_SEGMENTS",
    "OWN_NOTE",
    "PRELIMINARY",
    "READ_VERSIONS",
    "REFUSED",
    "SEX_CODE",
    "STATUS_WORDS",
    "UCUM_SYSTEM",
    "WRITE_VERSIONS",
    "ZSCORE_UNIT",
    "flag_in_table",
]

#: The HL7 v2 versions igflab reads (MSH-12).
READ_VERSIONS: Final = ("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2")
#: The versions igflab writes: 2.5.1 (the version of most laboratory result interfaces) by default, or 2.8.2.
WRITE_VERSIONS: Final = ("2.5.1", "2.8.2")

#: The largest message igflab reads, in characters: one person's ORU^R01 is a few kilobytes; the limit
#: keeps a hostile or mistaken input (a whole batch file, a binary) from taking seconds to parse.
MAX_MESSAGE_CHARS: Final = 256 * 1024
#: The most segments igflab reads in one message (each segment costs the HL7 library about 3 ms).
MAX_SEGMENTS: Final = 400

#: The NTE igflab writes under each result it interprets (see :func:`~igflab.io.hl7.content.note_lines`): it names
#: the reference that placed the result (``lab+<id>`` when the laboratory's range did), so that reading igflab's
#: own message back tells its published range in OBX-7 from a laboratory's and picks the same reference again.
OWN_NOTE: Final = re.compile(r"Interpreted with igflab \S+ against (lab\+)?([A-Za-z0-9_.-]+);")

LOINC_SYSTEM: Final = "LN"
UCUM_SYSTEM: Final = "UCUM"
#: igflab's own local coding system (HL7 table 0396 reserves ``99zzz`` names for local systems).
LOCAL_SYSTEM: Final = "99IGF"
ZSCORE_UNIT: Final = "{Z-score}"

#: OBX-11 (table 0085): a result that is final (F), corrected (C) or made final without change (U).
FINAL: Final = frozenset({"F", "C", "U"})
#: OBX-11: a result that may still change: preliminary (P), entered but not verified (R), partial (S).
PRELIMINARY: Final = frozenset({"P", "R", "S"})
#: OBX-11: no valid result: cannot be obtained (X), wrong (W), deleted (D), in process (I),
#: not asked (N), order detail only (O).
REFUSED: Final = frozenset({"X", "W", "D", "I", "N", "O"})
STATUS_WORDS: Final = {
    "F": "final",
    "C": "corrected",
    "U": "final (status changed without retransmission)",
    "P": "preliminary",
    "R": "entered, not verified",
    "S": "partial",
    "X": "cannot be obtained",
    "W": "wrong (replaced by a later result)",
    "D": "deleted",
    "I": "in process (no result yet)",
    "N": "not asked",
    "O": "order detail only (no result)",
}

#: PID-8 (table 0001) -> igflab's sex; A (ambiguous), N (not applicable), O (other), U (unknown) compare both.
HL7_SEX: Final = {"M": "male", "F": "female", "U": "unknown", "O": "unknown", "A": "unknown", "N": "unknown"}
#: igflab's sex -> PID-8.
SEX_CODE: Final = {"male": "M", "female": "F", "unknown": "U"}

#: OBX-8 codes (table 0078) by the side of the reference they say the value is on; others (change
#: codes U/D, susceptibility ...) say nothing igflab compares.
FLAG_SIDE: Final = {
    "L": "low",
    "LL": "low",
    "LU": "low",
    "<": "low",
    "H": "high",
    "HH": "high",
    "HU": "high",
    ">": "high",
    "N": "normal",
    "A": "abnormal",
    "AA": "abnormal",
}

# Table 0078 codes igflab writes that older versions lack: HU (significantly high) from 2.8.2 and
# IND (indeterminate) from 2.7 (the tables shipped with the HL7 library, hl7apy 1.3.5).
_FIRST_VERSION = {"HU": (2, 8, 2), "IND": (2, 7)}


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def flag_in_table(flag: str, version: str) -> str | None:
    """The OBX-8 code of igflab's ``flag`` in ``version``: itself, or its parent where the version lacks it (HU ->
    H before 2.8.2), or None (IND before 2.7: nothing is written, the NTE says why).

    >>> flag_in_table("HU", "2.5.1"), flag_in_table("HU", "2.8.2"), flag_in_table("IND", "2.5.1")
    ('H', 'HU', None)
    """
    first = _FIRST_VERSION.get(flag)
    if first is None or _version_tuple(version) >= first:
        return flag
    return "H" if flag == "HU" else None
