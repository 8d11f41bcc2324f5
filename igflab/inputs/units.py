"""IGF-1 units: the molar mass, laboratory spellings, and each unit's factor to ng/mL.

Conversions work on plain floats: each accepted unit has a factor to ng/mL, and the
value is multiplied by it. The factors of the common laboratory units are listed
below; any other mass or amount concentration is resolved once with pint (imported only
then) and cached. The unit tests check every listed factor against pint, so pint stays
the authority while the hot path stays free of it.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from typing import Literal, NamedTuple

from igflab.analytes import IGF1, IGF1_MOLAR_MASS_G_PER_MOL, AnalyteSpec
from igflab.errors import UnitError

__all__ = [
    "NG_PER_ML_PER_NMOL_PER_L",
    "PINT_SPELLINGS",
    "UCUM_CODES",
    "UnitInfo",
    "analyte_unit",
    "known_unit",
    "known_units",
    "mass_factors",
    "normalise_unit",
    "unit_factor",
    "unit_info",
]

#: 1 nmol/L of IGF-1 in ng/mL (= µg/L): 7649 g/mol x 1e-9 mol/L = 7.649 µg/L.
NG_PER_ML_PER_NMOL_PER_L: float = IGF1_MOLAR_MASS_G_PER_MOL / 1000.0

UnitKind = Literal["mass", "amount"]


class UnitInfo(NamedTuple):
    """A resolved unit: display spelling, factor to ng/mL, kind, and UCUM code (when igflab lists it)."""

    display: str
    factor: float
    kind: UnitKind
    ucum: str | None


# Common laboratory spellings, matched case-insensitively after normalisation (micro
# sign, Greek mu, "mc" and "u" are the same prefix): display spelling, pint spelling
# (checked in the tests), UCUM code, factor to ng/mL (mass) or to nmol/L (amount).
_MASS: dict[str, tuple[str, str, str, float]] = {
    "ng/ml": ("ng/mL", "ng/mL", "ng/mL", 1.0),
    "ug/l": ("µg/L", "µg/L", "ug/L", 1.0),
    "ng/dl": ("ng/dL", "ng/dL", "ng/dL", 1e-2),
    "ng/l": ("ng/L", "ng/L", "ng/L", 1e-3),
    "pg/ml": ("pg/mL", "pg/mL", "pg/mL", 1e-3),
    "ug/dl": ("µg/dL", "µg/dL", "ug/dL", 10.0),
    "ug/ml": ("µg/mL", "µg/mL", "ug/mL", 1e3),
    "mg/l": ("mg/L", "mg/L", "mg/L", 1e3),
    "mg/dl": ("mg/dL", "mg/dL", "mg/dL", 1e4),
    "g/l": ("g/L", "g/L", "g/L", 1e6),
}
_AMOUNT: dict[str, tuple[str, str, str, float]] = {
    "nmol/l": ("nmol/L", "nmol/L", "nmol/L", 1.0),
    "pmol/ml": ("pmol/mL", "pmol/mL", "pmol/mL", 1.0),
    "pmol/l": ("pmol/L", "pmol/L", "pmol/L", 1e-3),
    "nmol/ml": ("nmol/mL", "nmol/mL", "nmol/mL", 1e3),
    "umol/l": ("µmol/L", "µmol/L", "umol/L", 1e3),
}

_KNOWN: dict[str, UnitInfo] = {
    **{k: UnitInfo(d, f, "mass", u) for k, (d, _p, u, f) in _MASS.items()},
    **{k: UnitInfo(d, f * NG_PER_ML_PER_NMOL_PER_L, "amount", u) for k, (d, _p, u, f) in _AMOUNT.items()},
}

#: UCUM codes of the listed units (case-sensitive, as UCUM is; ``L`` and ``l`` both mean litre),
#: mapped to igflab's display spelling. UCUM codes are read from this table only, never
#: handed to pint, which does not know UCUM syntax such as annotations.
UCUM_CODES: dict[str, str] = {
    **{u.ucum: u.display for u in _KNOWN.values() if u.ucum},
    **{u.ucum.replace("L", "l"): u.display for u in _KNOWN.values() if u.ucum},
}

#: pint spellings of the listed units, for the tests that check the factors.
PINT_SPELLINGS: dict[str, str] = {d: p for d, p, _u, _f in (*_MASS.values(), *_AMOUNT.values())}

_MAX_TEXT = 200
# pint factors are accepted within these bounds (a little slack: kg/m**3 is exactly 1e6 ng/mL
# but pint's float arithmetic may land just above it).
_FACTOR_RANGE = (1e-6 * (1 - 1e-9), 1e6 * (1 + 1e-9))


def known_units() -> list[str]:
    """The laboratory units igflab knows without pint, in display spelling."""
    return [u.display for u in _KNOWN.values()]


def normalise_unit(unit: str) -> str:
    """A unit's lookup key: micro spellings unified, ``per`` as ``/``, no spaces, lower case.

    >>> normalise_unit(" MCG per L ")
    'ug/l'
    """
    u = unit.strip().replace("\u00b5", "u").replace("\u03bc", "u")
    u = re.sub(r"\s+per\s+", "/", u, flags=re.IGNORECASE)
    u = re.sub(r"\s+", "", u).lower()
    return re.sub(r"mc(?=g|mol)", "u", u)


def known_unit(unit: str) -> UnitInfo | None:
    """The listed unit ``unit`` names, or ``None`` (no pint lookup)."""
    return _KNOWN.get(normalise_unit(unit))


def unit_info(unit: object) -> UnitInfo:
    """The :class:`UnitInfo` of a concentration unit.

    >>> unit_info("NMOL/L").factor
    7.649

    Raises :class:`~igflab.errors.UnitError` for anything that is not a mass or amount
    concentration (a missing unit, ``None`` or ``nan``, included).
    """
    if not isinstance(unit, str):
        if unit is None or (isinstance(unit, float) and math.isnan(unit)):
            raise UnitError("unit is missing; give it, e.g. '150 ng/mL', or the unit separately")
        raise UnitError(f"unit must be text such as 'ng/mL', got {type(unit).__name__}")
    if not unit.strip():
        raise UnitError("unit is empty; give a concentration unit such as ng/mL or nmol/L")
    if len(unit) > _MAX_TEXT:
        raise UnitError(f"unit is too long ({len(unit)} characters)")
    return _lookup(unit)


def unit_factor(unit: object) -> tuple[str, float]:
    """``(display spelling, factor to ng/mL)`` of a concentration unit (see :func:`unit_info`).

    >>> unit_factor("mcg/L")
    ('µg/L', 1.0)
    """
    info = unit_info(unit)
    return info.display, info.factor


@functools.lru_cache(maxsize=1024)
def _lookup(unit: str) -> UnitInfo:
    hit = _KNOWN.get(normalise_unit(unit))
    if hit is not None:
        return hit
    return _pint_unit(unit.strip())


_PINT_LOCK = threading.Lock()


@functools.lru_cache(maxsize=256)
def _pint_unit(unit: str) -> UnitInfo:
    """Resolve a unit igflab does not list, with pint (as written, then lower-cased).

    One thread at a time: pint's application registry loads on first use, and a parse
    that runs while it loads fails with errors that would read as an unknown unit.
    """
    with _PINT_LOCK:
        return _pint_unit_unlocked(unit)


def _pint_unit_unlocked(unit: str) -> UnitInfo:
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
    kind: UnitKind
    if dim == {"[mass]": 1, "[length]": -3}:
        factor, kind = float(one.m_as("ng/mL")), "mass"
    elif dim == {"[substance]": 1, "[length]": -3}:
        factor, kind = float(one.m_as("nmol/L")) * NG_PER_ML_PER_NMOL_PER_L, "amount"
    else:
        raise UnitError(
            f"{unit!r} is not a mass or amount concentration (its dimension is {parsed.dimensionality}); "
            "IGF-1 and IGFBP-3 are reported in units such as ng/mL, µg/L, mg/L or nmol/L"
        )
    if not (_FACTOR_RANGE[0] <= factor <= _FACTOR_RANGE[1]):
        raise UnitError(f"{unit!r} is not a plausible unit for an IGF-1 or IGFBP-3 result")
    return UnitInfo(f"{parsed:~P}", factor, kind, None)


def analyte_unit(info: UnitInfo, spec: AnalyteSpec) -> UnitInfo:
    """``info`` with its factor to ng/mL for ``spec``'s analyte: an amount unit (nmol/L) is converted with
    the analyte's own molar mass (the factors above use IGF-1's).

    >>> from igflab.analytes import IGFBP3
    >>> analyte_unit(unit_info("nmol/L"), IGFBP3).factor
    28.7
    """
    if info.kind != "amount" or spec.molar_mass_g_per_mol == IGF1.molar_mass_g_per_mol:
        return info
    factor = info.factor * spec.molar_mass_g_per_mol / IGF1.molar_mass_g_per_mol
    return UnitInfo(info.display, factor, "amount", info.ucum)


@functools.lru_cache(maxsize=16)
def mass_factors(spec: AnalyteSpec) -> tuple[float, ...]:
    """The factors to ng/mL of the mass units ``spec``'s results are reported in (its display units), each once.

    The unit mix-up rule reads a number in these units and in nmol/L.

    >>> from igflab.analytes import IGFBP3
    >>> mass_factors(IGF1), mass_factors(IGFBP3)
    ((1.0,), (1000.0, 1.0))
    """
    infos = (unit_info(u) for u in spec.display_units)
    return tuple(dict.fromkeys(i.factor for i in infos if i.kind == "mass"))
