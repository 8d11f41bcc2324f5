"""Sex: the usual spellings of male, female and unknown, each read to one canonical value."""

from __future__ import annotations

from typing import Final

from igflab._types import Sex
from igflab.errors import SexError

__all__ = ["FEMALE", "MALE", "SEX_BY_CODE", "SEX_CODE", "UNKNOWN", "parse_sex"]

_SEX: Final[dict[str, Sex]] = {
    "male": "male",
    "m": "male",
    "man": "male",
    "boy": "male",
    "female": "female",
    "f": "female",
    "woman": "female",
    "girl": "female",
    "unknown": "unknown",
    "u": "unknown",
    "other": "unknown",
    "o": "unknown",
    "x": "unknown",
    "unspecified": "unknown",
    "not known": "unknown",
}

#: Integer codes of the sexes, for numpy columns.
MALE, FEMALE, UNKNOWN = 0, 1, 2
SEX_CODE: Final[dict[Sex, int]] = {"male": MALE, "female": FEMALE, "unknown": UNKNOWN}
SEX_BY_CODE: Final[tuple[Sex, ...]] = ("male", "female", "unknown")


def parse_sex(sex: object) -> Sex:
    """``"male"``, ``"female"`` or ``"unknown"`` from the usual spellings (m/F, other, ...).

    >>> parse_sex(" F ")
    'female'
    """
    if not isinstance(sex, str):
        # A numpy scalar is named as the Python value it holds (float, not float64), as a column's cell is.
        plain = sex.item() if hasattr(sex, "dtype") and hasattr(sex, "item") else sex
        raise SexError(f"sex must be text such as 'male' or 'female', got {type(plain).__name__}")
    key = sex.strip().lower()
    if not key:
        raise SexError("sex is empty; give male, female or unknown")
    hit = _SEX.get(key)
    if hit is None:
        shown = sex.strip() if len(sex) <= 40 else sex.strip()[:40] + "..."
        raise SexError(f"unknown sex {shown!r}; give male (m), female (f) or unknown (other)")
    return hit
