"""HL7 v2 ORU^R01 messages written for the tests: one person's IGF-1 (and IGFBP-3) results.

Each is built from its segments, so that a test states only what it varies. The values are
chosen against igflab's references in the tests that use them, never hard-coded here.
"""

from __future__ import annotations

IGF1 = "2484-4^Insulin-like growth factor-I [Mass/volume] in Serum or Plasma^LN"
IGFBP3 = "2483-6^Insulin-like growth factor binding protein 3 [Mass/volume] in Serum or Plasma^LN"


def msh(version: str = "2.5.1", charset: str = "") -> str:
    tail = f"||||||{charset}" if charset else ""
    return f"MSH|^~\\&|LAB|ACME LAB|EHR|CLINIC|20260302120000||ORU^R01^ORU_R01|MSG0001|P|{version}{tail}"


def pid(birth: str = "19810302", sex: str = "M") -> str:
    return f"PID|1||123456^^^ACME^MR||DOE^JOHN||{birth}|{sex}"


def obr(n: int = 1, when: str = "20260302083000", code: str = "2484-4^IGF-1^LN") -> str:
    return f"OBR|{n}|ORD{n}|FIL{n}|{code}|||{when}"


def obx(
    n: int = 1,
    value: str = "60",
    unit: str = "ng/mL^ng/mL^UCUM",
    *,
    code: str = IGF1,
    kind: str = "NM",
    range_: str = "",
    flags: str = "",
    status: str = "F",
    when: str = "",
) -> str:
    return f"OBX|{n}|{kind}|{code}||{value}|{unit}|{range_}|{flags}|||{status}|||{when}"


def message(*segments: str, version: str = "2.5.1", sep: str = "\r") -> str:
    """An ORU^R01: MSH, then the segments given (PID, OBR, OBX ...), each ended by ``sep``."""
    return sep.join([msh(version), *segments]) + sep


def low_adult(**obx_fields: str) -> str:
    """A man born 1981-03-02, sampled 2026-03-02 (45 years): one IGF-1 OBX, 60 ng/mL unless told otherwise."""
    return message(pid(), obr(), obx(**obx_fields))  # type: ignore[arg-type]


def three_dates() -> str:
    """A man's IGF-1 on three dates (440, 330, 185 ng/mL), one OBR each: a series."""
    return message(
        pid("19780402", "M"),
        obr(1, "20250115"),
        obx(1, "440"),
        obr(2, "20250715"),
        obx(2, "330"),
        obr(3, "20260715"),
        obx(3, "185"),
    )
