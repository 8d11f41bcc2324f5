"""What each analyte's values are checked and converted with: molar mass and plausibility bounds.

IGF-1's unit factors (:mod:`igflab.inputs.units`) turn an amount concentration into ng/mL
with IGF-1's molar mass. An IGFBP-3 value in nmol/L is converted with IGFBP-3's own molar
mass instead (:func:`analyte_unit`), and each analyte has its own plausibility bounds.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from .units import IGF1_MOLAR_MASS_G_PER_MOL, UnitInfo

__all__ = ["IGF1", "IGFBP3", "IGFBP3_MOLAR_MASS_G_PER_MOL", "AnalyteSpec", "analyte_unit", "molar_ratio", "spec_of"]

#: Molar mass of IGFBP-3 in g/mol: 28.7 kDa, the 264-residue protein, as the maker of the
#: IDS-iSYS IGFBP-3 assay states it (citation ``ids_igfbp3``; the assay of the Friedrich 2014
#: reference). Mayo Clinic Laboratories quotes 29 kDa (``mayo_igfb3``), so a nmol/L figure of
#: IGFBP-3 depends on the molar mass chosen by about 1 % (no cited figure for other forms of
#: the protein was found, so the spread may be wider).
IGFBP3_MOLAR_MASS_G_PER_MOL: Final = 28_700.0


class AnalyteSpec(NamedTuple):
    """One analyte: its key, its name in sentences, its molar mass and its plausibility bounds (ng/mL)."""

    key: str
    words: str
    molar_mass_g_per_mol: float
    min_ng_per_ml: float
    max_ng_per_ml: float

    @property
    def ng_per_ml_per_nmol_per_l(self) -> float:
        """1 nmol/L of the analyte in ng/mL."""
        return self.molar_mass_g_per_mol / 1000.0


#: IGF-1: values outside 0.0088-160,000 ng/mL are refused: 100 x above the highest measuring
#: range of common assays (1600 ng/mL) and 1000 x below their lowest limit of quantitation
#: (8.8 ng/mL) (Chanson 2016; Sabbah 2021).
IGF1: Final = AnalyteSpec("igf1", "IGF-1", IGF1_MOLAR_MASS_G_PER_MOL, 0.0088, 160_000.0)

#: IGFBP-3: the measuring ranges of IGFBP-3 assays were not read, so the bounds follow the
#: same rule on igflab's IGFBP-3 tables instead: 100 x their highest 97.5th centile (7628
#: ng/mL, LIFE with contraceptive users, women) rounded up to 800,000 ng/mL, and 1/1000 of
#: their lowest 2.5th centile (920 ng/mL, LIFE) rounded down to 0.9 ng/mL. A test recomputes
#: both from the tables.
IGFBP3: Final = AnalyteSpec("igfbp3", "IGFBP-3", IGFBP3_MOLAR_MASS_G_PER_MOL, 0.9, 800_000.0)

_SPECS: Final = {s.key: s for s in (IGF1, IGFBP3)}


def spec_of(analyte: str) -> AnalyteSpec:
    """The :class:`AnalyteSpec` of ``"igf1"`` or ``"igfbp3"``."""
    return _SPECS[analyte]


def analyte_unit(info: UnitInfo, spec: AnalyteSpec) -> UnitInfo:
    """``info`` with its factor to ng/mL for ``spec``'s analyte (amount units use its molar mass).

    >>> from igflab.inputs.units import unit_info
    >>> analyte_unit(unit_info("nmol/L"), IGFBP3).factor
    28.7
    """
    if info.kind != "amount" or spec is IGF1:
        return info
    factor = info.factor * spec.molar_mass_g_per_mol / IGF1.molar_mass_g_per_mol
    return UnitInfo(info.display, factor, "amount", info.ucum)


def molar_ratio(igf1_ng_per_ml: Any, igfbp3_ng_per_ml: Any) -> Any:
    """The molar IGF-1/IGFBP-3 ratio of two concentrations in ng/mL (floats or numpy arrays).

    IGF-1 over 7649 g/mol, IGFBP-3 over 28,700 g/mol. 150 ng/mL IGF-1 and 4.1 mg/L IGFBP-3
    (19.6 and 142.9 nmol/L):

    >>> round(molar_ratio(150.0, 4100.0), 4)
    0.1373
    """
    return (igf1_ng_per_ml / IGF1.molar_mass_g_per_mol) / (igfbp3_ng_per_ml / IGFBP3.molar_mass_g_per_mol)
