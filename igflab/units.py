"""IGF-1 units: the molar mass, parsing of results as labs print them, conversion factors.

Conversions work on plain floats: each accepted unit has a factor to ng/mL, and the
value is multiplied by it. The factors of the common laboratory units are listed
below; any other mass or amount concentration is resolved once with pint (which is
imported only then) and cached. ``tests/test_units.py`` checks every listed factor
against pint, so pint stays the authority while the hot path stays free of it.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from typing import Any, Literal, NamedTuple

from .errors import UnitError, ValueInputError

__all__ = [
    "IGF1_MOLAR_MASS_G_PER_MOL",
    "NG_PER_ML_PER_NMOL_PER_L",
    "ParsedValue",
    "known_units",
    "parse_value",
    "unit_factor",
]

#: Molar mass of mature human IGF-1 in g/mol (the one value igflab uses).
#:
#: Mature IGF-1 is the 70-residue chain of UniProt P05019 (residues 49-118) with three
#: disulfide bridges; its average mass from the sequence is 7648.7 Da, quoted as
#: 7649 g/mol (citation ``uniprot_p05019``). Some laboratories quote 7647 (LabCorp
#: test 010540, citation ``labcorp_010540``) or use the rounded factor 0.131; these
#: change a nmol/L figure by at most about 0.2 %.
IGF1_MOLAR_MASS_G_PER_MOL: float = 7649.0

#: 1 nmol/L of IGF-1 in ng/mL (= µg/L): 7649 g/mol x 1e-9 mol/L = 7.649 µg/L.
NG_PER_ML_PER_NMOL_PER_L: float = IGF1_MOLAR_MASS_G_PER_MOL / 1000.0

Censor = Literal["<", ">"]

# Common laboratory spellings, matched case-insensitively after normalisation
# (micro sign, Greek mu, "mc" and "u" are the same prefix). Each maps to the display
# spelling, pint's spelling (checked in the tests), and the factor to ng/mL.
_MASS: dict[str, tuple[str, str, float]] = {
    "ng/ml": ("ng/mL", "ng/mL", 1.0),
    "ug/l": ("µg/L", "µg/L", 1.0),
    "ng/dl": ("ng/dL", "ng/dL", 1e-2),
    "ng/l": ("ng/L", "ng/L", 1e-3),
    "pg/ml": ("pg/mL", "pg/mL", 1e-3),
    "ug/dl": ("µg/dL", "µg/dL", 10.0),
    "ug/ml": ("µg/mL", "µg/mL", 1e3),
    "mg/l": ("mg/L", "mg/L", 1e3),
    "mg/dl": ("mg/dL", "mg/dL", 1e4),
    "g/l": ("g/L", "g/L", 1e6),
}
# Amount concentrations: factor in nmol/L per unit, times the molar mass term.
_AMOUNT: dict[str, tuple[str, str, float]] = {
    "nmol/l": ("nmol/L", "nmol/L", 1.0),
    "pmol/ml": ("pmol/mL", "pmol/mL", 1.0),
    "pmol/l": ("pmol/L", "pmol/L", 1e-3),
    "nmol/ml": ("nmol/mL", "nmol/mL", 1e3),
    "umol/l": ("µmol/L", "µmol/L", 1e3),
}

_KNOWN: dict[str, tuple[str, float]] = {
    **{k: (d, f) for k, (d, _p, f) in _MASS.items()},
    **{k: (d, f * NG_PER_ML_PER_NMOL_PER_L) for k, (d, _p, f) in _AMOUNT.items()},
}

#: pint spellings of the listed units, for the tests that check the factors.
PINT_SPELLINGS: dict[str, str] = {
    **{d: p for d, p, _f in _MASS.values()},
    **{d: p for d, p, _f in _AMOUNT.values()},
}

_MAX_TEXT = 200


def known_units() -> list[str]:
    """The laboratory units igflab knows without pint, in display spelling."""
    return [d for d, _f in _KNOWN.values()]


def _normalise(unit: str) -> str:
    u = unit.strip().replace("\u00b5", "u").replace("\u03bc", "u")
    u = re.sub(r"\s+per\s+", "/", u, flags=re.IGNORECASE)
    u = re.sub(r"\s+", "", u).lower()
    return re.sub(r"mc(?=g|mol)", "u", u)


def unit_factor(unit: str) -> tuple[str, float]:
    """Return ``(display spelling, factor to ng/mL)`` for a concentration unit.

    >>> unit_factor("NMOL/L")
    ('nmol/L', 7.649)
    >>> unit_factor("mcg/L")
    ('µg/L', 1.0)

    Raises :class:`~igflab.errors.UnitError` for anything that is not a mass or amount
    concentration.
    """
    if not isinstance(unit, str):
        raise UnitError(f"unit must be text such as 'ng/mL', got {type(unit).__name__}")
    if not unit.strip():
        raise UnitError("unit is empty; give a concentration unit such as ng/mL or nmol/L")
    if len(unit) > _MAX_TEXT:
        raise UnitError(f"unit is too long ({len(unit)} characters)")
    return _lookup(unit)


@functools.lru_cache(maxsize=1024)
def _lookup(unit: str) -> tuple[str, float]:
    hit = _KNOWN.get(_normalise(unit))
    if hit is not None:
        return hit
    return _pint_factor(unit.strip())


_PINT_LOCK = threading.Lock()


@functools.lru_cache(maxsize=256)
def _pint_factor(unit: str) -> tuple[str, float]:
    """Resolve a unit igflab does not list, with pint (as written, then lower-cased).

    One thread at a time: pint's application registry loads on first use, and a parse
    that runs while it loads fails with errors that would read as an unknown unit.
    """
    with _PINT_LOCK:
        return _pint_factor_unlocked(unit)


def _pint_factor_unlocked(unit: str) -> tuple[str, float]:
    import pint  # noqa: PLC0415 - deferred: pint costs ~0.3 s to import

    ureg = pint.get_application_registry()  # type: ignore[no-untyped-call]
    parsed = None
    # As written first; then lower-cased, as lab feeds send "NG/UL" (lower case never means mega).
    for candidate in dict.fromkeys((unit, unit.lower())):
        try:
            parsed = ureg.parse_units(candidate)
            break
        except Exception:  # noqa: BLE001 - pint raises several unrelated types for bad text
            continue
    if parsed is None:
        raise UnitError(f"unknown unit {unit!r}; use a concentration unit such as ng/mL, µg/L or nmol/L")
    if "grain" in str(parsed):
        raise UnitError(f"{unit!r} reads as grains per volume; write grams as g, e.g. g/L")
    dim = dict(parsed.dimensionality)
    one = ureg.Quantity(1.0, parsed)
    try:
        if dim == {"[mass]": 1, "[length]": -3}:
            factor = float(one.m_as("ng/mL"))
        elif dim == {"[substance]": 1, "[length]": -3}:
            factor = float(one.m_as("nmol/L")) * NG_PER_ML_PER_NMOL_PER_L
        else:
            raise UnitError(
                f"{unit!r} is not a mass or amount concentration "
                f"(its dimension is {parsed.dimensionality}); "
                "IGF-1 is reported in units such as ng/mL, µg/L or nmol/L"
            )
    except UnitError:
        raise
    except Exception as exc:  # pragma: no cover - defensive
        raise UnitError(f"cannot convert {unit!r} to ng/mL") from exc
    if not (1e-6 <= factor <= 1e6):
        raise UnitError(f"{unit!r} is not a plausible unit for an IGF-1 result")
    return f"{parsed:~P}", factor


class ParsedValue(NamedTuple):
    """A result as read: the number and unit as given, and its value in ng/mL (immutable)."""

    number: float
    unit: str
    factor: float
    censored: Censor | None = None
    inclusive: bool = False
    warnings: tuple[tuple[str, str], ...] = ()

    @property
    def ng_per_ml(self) -> float:
        return self.number * self.factor

    @property
    def nmol_per_l(self) -> float:
        return self.ng_per_ml / NG_PER_ML_PER_NMOL_PER_L


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_LEADING = re.compile(
    r"\s*(?P<censor><=|>=|=<|=>|<|>|\u2264|\u2265)?\s*"
    r"(?P<number>[+-]?[0-9][0-9.,]*(?:[eE][+-]?\d+)?|[+-]?\.[0-9]+(?:[eE][+-]?\d+)?)"
    r"\s*(?P<unit>.*?)\s*",
    re.ASCII,
)
_CENSOR = {
    "<": ("<", False),
    "<=": ("<", True),
    "=<": ("<", True),
    "\u2264": ("<", True),
    ">": (">", False),
    ">=": (">", True),
    "=>": (">", True),
    "\u2265": (">", True),
}


def _read_number(text: str, warnings: list[tuple[str, str]]) -> float:
    """Read a decimal number; a decimal comma is accepted with a warning.

    "150,5" is read as 150.5 (a comma followed by one, two or more than three digits can
    only be a decimal comma). "1,200" is refused: it may mean 1200 or 1.2.
    """
    if "," in text:
        if text.count(",") == 1 and "." not in text:
            whole, frac = text.split(",")
            if len(frac) == 3:
                raise ValueInputError(
                    f"{text!r} is ambiguous (thousands separator or decimal comma?); "
                    "write it without separators, e.g. 1200 or 1.2"
                )
            if whole and frac and whole.lstrip("+-").isdigit() and frac.isdigit():
                warnings.append(("decimal_comma", f"read the decimal comma in {text!r} as a decimal point"))
                text = f"{whole}.{frac}"
        if "," in text:
            raise ValueInputError(f"{text!r} is not a number igflab can read; write it without separators, e.g. 1200.5")
    if not _NUMBER.fullmatch(text):
        raise ValueInputError(f"{text!r} is not a number")
    return float(text)


#: Values outside these bounds (ng/mL) are refused as not plausible IGF-1 concentrations:
#: 100 x above the highest measuring range of common assays (1600 ng/mL) and 1000 x below
#: their lowest limit of quantitation (8.8 ng/mL) (Chanson 2016; Sabbah 2021). Values between
#: these bounds and the assay limits are accepted with a warning.
MAX_PLAUSIBLE_NG_PER_ML = 160_000.0
MIN_PLAUSIBLE_NG_PER_ML = 0.0088


def _check_plausible(ng_per_ml: float, number: float, display: str) -> None:
    if not (MIN_PLAUSIBLE_NG_PER_ML <= ng_per_ml <= MAX_PLAUSIBLE_NG_PER_ML):
        raise ValueInputError(
            f"{number:g} {display} is not a plausible IGF-1 concentration (outside {MIN_PLAUSIBLE_NG_PER_ML:g}-"
            f"{MAX_PLAUSIBLE_NG_PER_ML:g} ng/mL); check the value and unit"
        )


def _check_number(x: float) -> float:
    if x > 0.0 and x != math.inf:
        return x
    if math.isnan(x):
        raise ValueInputError("value is not a number (NaN)")
    if math.isinf(x):
        raise ValueInputError("value is infinite")
    if x < 0:
        raise ValueInputError(f"value {x:g} is negative; a concentration cannot be")
    if x == 0:
        raise ValueInputError("value is 0; a result under the assay's limit is written with '<', e.g. '<15 ng/mL'")
    return x


def parse_value(value: Any, unit: str | None = None) -> ParsedValue:
    """Read a result given as a number and a unit, one string, or a pint Quantity.

    >>> parse_value("150 ng/mL").ng_per_ml
    150.0
    >>> round(parse_value(19.6, "nmol/L").ng_per_ml, 2)
    149.92
    >>> parse_value("<25 ng/ml").censored
    '<'
    """
    warnings: list[tuple[str, str]] = []
    censored: Censor | None = None
    inclusive = False
    if type(value) in (float, int):  # the common case first (exact types: a subclass may be a Quantity)
        number = _number_from_object(value)
    elif hasattr(value, "magnitude") and hasattr(value, "units") and not isinstance(value, str):
        if unit is not None:
            raise UnitError("give the unit either in the Quantity or as unit=, not both")
        number = _number_from_object(value.magnitude)
        unit = f"{value.units}"
    elif isinstance(value, str):
        if len(value) > _MAX_TEXT:
            raise ValueInputError(f"value text is too long ({len(value)} characters)")
        if not value.strip():
            raise ValueInputError("value is empty")
        m = _LEADING.fullmatch(value)
        if m is None:
            raise ValueInputError(f"{value.strip()!r} is not a result igflab can read (expected e.g. '150 ng/mL')")
        if m["censor"]:
            censored, inclusive = _CENSOR[m["censor"]]  # type: ignore[assignment]
        text_unit = m["unit"]
        if (text_unit[:1] in "_0123456789" and text_unit) or (m["number"] == "0" and text_unit[:1] in "xXbBoO"):
            raise ValueInputError(f"{value.strip()!r} is not a number")
        number = _read_number(m["number"], warnings)
        if text_unit:
            if unit is not None and _normalise(unit) != _normalise(text_unit):
                raise UnitError(f"the value says {text_unit!r} but unit= says {unit!r}")
            unit = text_unit
    else:
        number = _number_from_object(value)
    if unit is None:
        raise UnitError("unit is missing; give it, e.g. '150 ng/mL' or value=150, unit='ng/mL'")
    display, factor = unit_factor(unit)
    _check_number(number)
    _check_plausible(number * factor, number, display)
    return ParsedValue(number, display, factor, censored, inclusive, tuple(warnings))


def _number_from_object(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueInputError("value is a boolean, not a number")
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError as exc:
            raise ValueInputError("value is too large") from exc
    try:
        import numbers  # noqa: PLC0415

        if isinstance(value, numbers.Real):
            return float(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueInputError(f"value {value!r} is not a number") from exc
    raise ValueInputError(f"value must be a number or text such as '150 ng/mL', got {type(value).__name__}")
