"""The analytes igflab reads: one :class:`AnalyteSpec` row each, and the registry of them.

Everything that differs between analytes is a field of its row: how it is named, its LOINC
code, its unit, its molar mass (with the source), the concentrations that are plausible at
all, what common assays can measure, how zones are drawn, which reference families it has
and which is the default, and whether a laboratory's range and censored results apply.
Every other module reads these rows; none compares analyte names. A new analyte is one
row here (:func:`register`) and its reference files in ``reference_ranges/``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal

from .errors import InputError

__all__ = [
    "ANALYTES",
    "IGF1",
    "IGF1_MOLAR_MASS_G_PER_MOL",
    "IGFBP3",
    "IGFBP3_MOLAR_MASS_G_PER_MOL",
    "AnalyteSpec",
    "ZoneRule",
    "all_specs",
    "molar_ratio",
    "register",
    "spec_of",
    "unregister",
]

#: Molar mass of mature human IGF-1 in g/mol (the one value igflab uses).
#:
#: Mature IGF-1 is the 70-residue chain of UniProt P05019 (residues 49-118) with three
#: disulfide bridges; its average mass from the sequence is 7648.7 Da, quoted as
#: 7649 g/mol (citation ``uniprot_p05019``). Some laboratories quote 7647 (LabCorp
#: test 010540, citation ``labcorp_010540``) or use the rounded factor 0.131; these
#: change a nmol/L figure by at most about 0.2 %.
IGF1_MOLAR_MASS_G_PER_MOL: Final = 7649.0

#: Molar mass of IGFBP-3 in g/mol: 28.7 kDa, the 264-residue protein, as the maker of the
#: IDS-iSYS IGFBP-3 assay states it (citation ``ids_igfbp3``; the assay of the Friedrich 2014
#: reference). Mayo Clinic Laboratories quotes 29 kDa (``mayo_igfb3``), so a nmol/L figure of
#: IGFBP-3 depends on the molar mass chosen by about 1 % (no cited figure for other forms of
#: the protein was found, so the spread may be wider).
IGFBP3_MOLAR_MASS_G_PER_MOL: Final = 28_700.0

#: How the zones of an analyte are drawn inside its reference: ``u_curve`` (IGF-1: the adult
#: band of Rahmani 2022 and the 1.3 x upper-limit split of Giustina 2024) or ``position``
#: (below, within or above the reference interval only).
ZoneRule = Literal["u_curve", "position"]


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one row per analyte
class AnalyteSpec:
    """One analyte, as data: every fact about it that a rule, a sentence or a format needs."""

    key: str
    """The analyte's key in requests, results and columns (``"igf1"``)."""
    words: str
    """Its name in sentences (``"IGF-1"``)."""
    loinc: str
    """LOINC code of its mass concentration in serum or plasma."""
    loinc_display: str
    """LOINC's long common name of that code."""
    molar_mass_g_per_mol: float
    """The molar mass nmol/L figures are converted with."""
    molar_mass_citations: tuple[str, ...]
    """The sources of the molar mass (citation ids)."""
    min_ng_per_ml: float
    """Values below this are refused as implausible (ng/mL)."""
    max_ng_per_ml: float
    """Values above this are refused as implausible (ng/mL)."""
    zone_rule: ZoneRule
    """How zones are drawn inside the reference."""
    families: Mapping[str, tuple[str, str | None]]
    """Reference families by name: the table id, and the id of the table fitted with contraceptive users
    included (None when the family has none)."""
    default_reference: str
    """The reference id used when none is chosen."""
    assay_range_ng_per_ml: tuple[float, float] | None = None
    """What common assays can measure (ng/mL): values outside get a warning; None when not known."""
    usual_unit: str = "ng/mL"
    """The unit laboratories usually report it in (named in the warning about a far-out value)."""
    display_units: tuple[str, ...] = ("ng/mL", "µg/L", "nmol/L")
    """The units a result's figures may be shown in (by default the unit typed, when it is one of these)."""
    lab_range: bool = True
    """Whether a laboratory's printed range can decide the zone."""
    censoring: bool = True
    """Whether a censored result ('<' or '>') is read."""
    family_names: Mapping[str, str] = field(default_factory=dict)
    """Other spellings of the family names (``"life"`` for ``"life2022"``)."""

    @property
    def ng_per_ml_per_nmol_per_l(self) -> float:
        """1 nmol/L of the analyte in ng/mL."""
        return self.molar_mass_g_per_mol / 1000.0

    def family_of(self, name: str) -> str | None:
        """The family a reference or family name belongs to (None when it names none of this analyte's)."""
        key = self.family_names.get(name, name)
        if key in self.families:
            return key
        return next((f for f, pair in self.families.items() if name in pair), None)


#: IGF-1: values outside 0.0088-160,000 ng/mL are refused: 100 x above the highest measuring
#: range of common assays (1600 ng/mL) and 1000 x below their lowest limit of quantitation
#: (8.8 ng/mL) (Chanson 2016; Sabbah 2021). The assay range is that of the same sources.
IGF1: Final = AnalyteSpec(
    key="igf1",
    words="IGF-1",
    loinc="2484-4",
    loinc_display="Insulin-like growth factor-I [Mass/volume] in Serum or Plasma",
    molar_mass_g_per_mol=IGF1_MOLAR_MASS_G_PER_MOL,
    molar_mass_citations=("uniprot_p05019",),
    min_ng_per_ml=0.0088,
    max_ng_per_ml=160_000.0,
    zone_rule="u_curve",
    families=MappingProxyType(
        {"idsisys": ("bidlingmaier2014_idsisys", None), "life2022": ("life2022_igf1", "life2022_igf1_incl_cc")}
    ),
    default_reference="bidlingmaier2014_idsisys",
    assay_range_ng_per_ml=(8.8, 1600.0),
    family_names=MappingProxyType({"life": "life2022", "ids-isys": "idsisys"}),
)

#: IGFBP-3 (LOINC 2483-6, "IGF BP3 SerPl-mCnc", checked in three independent public copies: a
#: LOINC table extract, a FHIR ConceptMap of a national laboratory code list, and a laboratory's
#: local-to-LOINC mapping). The measuring ranges of IGFBP-3 assays were not read, so the
#: plausibility bounds follow IGF-1's rule on igflab's IGFBP-3 tables instead: 100 x their
#: highest 97.5th centile (7628 ng/mL, LIFE with contraceptive users, women) rounded up to
#: 800,000 ng/mL, and 1/1000 of their lowest 2.5th centile (920 ng/mL, LIFE) rounded down to
#: 0.9 ng/mL. A test recomputes both from the tables. A censored IGFBP-3 result and a
#: laboratory's IGFBP-3 range are not read.
IGFBP3: Final = AnalyteSpec(
    key="igfbp3",
    words="IGFBP-3",
    loinc="2483-6",
    loinc_display="Insulin-like growth factor binding protein 3 [Mass/volume] in Serum or Plasma",
    molar_mass_g_per_mol=IGFBP3_MOLAR_MASS_G_PER_MOL,
    molar_mass_citations=("ids_igfbp3", "mayo_igfb3"),
    min_ng_per_ml=0.9,
    max_ng_per_ml=800_000.0,
    zone_rule="position",
    families=MappingProxyType(
        {
            "idsisys": ("friedrich2014_igfbp3_idsisys", None),
            "life2022": ("life2022_igfbp3", "life2022_igfbp3_incl_cc"),
        }
    ),
    default_reference="friedrich2014_igfbp3_idsisys",
    usual_unit="mg/L",
    display_units=("mg/L", "µg/mL", "ng/mL", "µg/L", "nmol/L"),
    lab_range=False,
    censoring=False,
    family_names=MappingProxyType({"life": "life2022", "ids-isys": "idsisys"}),
)

_REGISTRY: dict[str, AnalyteSpec] = {s.key: s for s in (IGF1, IGFBP3)}

#: The registered analytes by key (a read-only view; :func:`register` adds one).
ANALYTES: Final[Mapping[str, AnalyteSpec]] = MappingProxyType(_REGISTRY)


def register(spec: AnalyteSpec) -> AnalyteSpec:
    """Add an analyte (its reference files name it by ``spec.key``); returns it. A key is registered once."""
    if spec.key in _REGISTRY and _REGISTRY[spec.key] is not spec:
        raise ValueError(f"analyte {spec.key!r} is registered already")
    _REGISTRY[spec.key] = spec
    return spec


def unregister(key: str) -> None:
    """Remove an analyte added with :func:`register` (the shipped ones stay)."""
    if key in (IGF1.key, IGFBP3.key):
        raise ValueError(f"{key!r} ships with igflab and stays registered")
    _REGISTRY.pop(key, None)


def spec_of(analyte: object) -> AnalyteSpec:
    """The :class:`AnalyteSpec` of an analyte key (``"igf1"``, ``"igfbp3"``), or the spec itself.

    >>> spec_of("igfbp3").words
    'IGFBP-3'
    """
    if isinstance(analyte, AnalyteSpec):
        return analyte
    spec = _REGISTRY.get(analyte) if type(analyte) is str else None  # speed: a key as written, the usual case
    if spec is not None:
        return spec
    spec = _REGISTRY.get(analyte.strip().lower()) if isinstance(analyte, str) else None
    if spec is None:
        raise InputError(f"unknown analyte {analyte!r}; known: {', '.join(_REGISTRY)}", field="analyte")
    return spec


def all_specs() -> Iterator[AnalyteSpec]:
    """Every registered analyte, in registration order."""
    return iter(tuple(_REGISTRY.values()))


def molar_ratio(igf1_ng_per_ml: Any, igfbp3_ng_per_ml: Any) -> Any:
    """The molar IGF-1/IGFBP-3 ratio of two concentrations in ng/mL (floats or numpy arrays).

    IGF-1 over 7649 g/mol, IGFBP-3 over 28,700 g/mol. 150 ng/mL IGF-1 and 4.1 mg/L IGFBP-3
    (19.6 and 142.9 nmol/L):

    >>> round(molar_ratio(150.0, 4100.0), 4)
    0.1373
    """
    return (igf1_ng_per_ml / IGF1.molar_mass_g_per_mol) / (igfbp3_ng_per_ml / IGFBP3.molar_mass_g_per_mol)
