"""One result on a BCCG/BCPE table: IGFBP-3 (Friedrich 2014, LIFE) and LIFE IGF-1 -> an AnalyteResult.

The reference is chosen by family (``reference``: a table id, or ``"life2022"``; or
``assay``: ``idsisys`` or ``life-eclia``). With the context flag ``oral-estrogen`` (also
spelt ``oral-contraceptive``) the LIFE tables fitted with contraceptive users included are
used, and a note says so. Zones are the reference position only: below, within or above
the 2.5th-97.5th centile interval (the IGF-1 mid-range band and U-curve notes are IGF-1's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from igflab._types import ContextFlagId
from igflab.analytes import spec_of
from igflab.backend import SCALAR, Backend, first_code
from igflab.errors import InputError, SexError, UnknownReferenceError, ValueInputError
from igflab.inputs.values import ParsedValue
from igflab.models import Interpretation
from igflab.panel_models import AnalyteResult
from igflab.science import lms
from igflab.science.assays import ADVISORY_SDS
from igflab.science.panel_references import PanelReference, get_panel_reference
from igflab.science.references import get_reference
from igflab.science.zones import ADULT_AGE_YEARS, ZONE_BY_CODE, ZoneCode, flag_for
from igflab.text.citations import citations
from igflab.text.context import context_note
from igflab.text.guidance import guidance_for
from igflab.text.panel import (
    ANALYTE_WORDS,
    contraceptive_table_note,
    decimal_comma_warning,
    igfbp3_molar_mass_note,
    position_note,
    unchecked_value_warning,
)
from igflab.text.words import Note, ResultWarning

__all__ = [
    "PanelAnalyte",
    "analyte_result",
    "censored_error",
    "check_options",
    "choose_panel_reference",
    "from_interpretation",
    "require_sex",
    "zone_of",
]

PanelAnalyte = Literal["igf1", "igfbp3"]

# Reference families: each analyte's table, and the table with contraceptive users included (if any).
_FAMILIES: dict[str, dict[str, tuple[str, str | None]]] = {
    "idsisys": {"igfbp3": ("friedrich2014_igfbp3_idsisys", None)},
    "life2022": {
        "igf1": ("life2022_igf1", "life2022_igf1_incl_cc"),
        "igfbp3": ("life2022_igfbp3", "life2022_igfbp3_incl_cc"),
    },
}
_FAMILY_NAMES = {"idsisys": "idsisys", "ids-isys": "idsisys", "life": "life2022", "life2022": "life2022"}
_FAMILY_OF_ASSAY = {"idsisys": "idsisys", "ids-isys": "idsisys", "isys": "idsisys", "life-eclia": "life2022"}


def _family(reference: str | None, assay: str | None) -> str | None:
    """The family named by ``reference`` or ``assay``; None for IGF-1's own references (and the default)."""
    if reference is not None:
        key = reference.strip().lower()
        for fam, tables in _FAMILIES.items():
            if key in {t for pair in tables.values() for t in pair if t}:
                return fam
        return _FAMILY_NAMES.get(key)
    if assay is not None:
        key = assay.strip().lower().replace("_", "-")
        if key not in _FAMILY_OF_ASSAY:
            known = ", ".join(sorted(_FAMILY_OF_ASSAY))
            raise UnknownReferenceError(f"unknown assay {assay!r} for IGFBP-3; known: {known}", field="assay")
        return _FAMILY_OF_ASSAY[key]
    return None


def choose_panel_reference(
    analyte: PanelAnalyte, reference: str | None, assay: str | None, contraceptive: bool
) -> tuple[PanelReference, bool] | None:
    """The BCCG/BCPE table for ``analyte`` and whether it is the one with contraceptive users included.

    None when IGF-1 stays on its own references (no family named, or IDS-iSYS).
    """
    fam = _family(reference, assay)
    if fam is None and reference is not None:
        if analyte == "igf1":
            return None  # an IGF-1 reference id: the IGF-1 core decides
        ids = {t for f in _FAMILIES.values() for pair in f.values() for t in pair if t}
        known = ", ".join(sorted({*_FAMILY_NAMES, *ids}))
        raise UnknownReferenceError(f"unknown reference {reference!r} for IGFBP-3; known: {known}")
    tables = _FAMILIES[fam or "idsisys"]
    if analyte not in tables:
        return None
    plain, with_cc = tables[analyte]
    if contraceptive and with_cc is not None:
        return get_panel_reference(with_cc), True
    return get_panel_reference(plain), False


def check_options(options: Mapping[str, object], allowed: Any) -> None:
    """Refuse a keyword option that ``allowed`` (a TypedDict) does not name: a typo is never ignored."""
    names = allowed.__required_keys__ | allowed.__optional_keys__
    for key in options:
        if key not in names:
            raise InputError(f"unknown option {key!r}; known: {', '.join(sorted(names))}", field=key)


def require_sex(sex: str) -> Literal["male", "female"]:
    """IGFBP-3 and the LIFE tables differ by sex: an unknown sex is refused, never guessed."""
    if sex == "male":
        return "male"
    if sex == "female":
        return "female"
    raise SexError("IGFBP-3 and the LIFE tables need the sex (male or female): their tables differ by sex")


def censored_error(analyte: str) -> ValueInputError:
    """A censored result ('<' or '>') cannot be placed on a BCCG/BCPE table."""
    return ValueInputError(f"a censored {ANALYTE_WORDS[analyte]} result ('<' or '>') cannot be placed on its table")


def _check_value(analyte: str, pv: ParsedValue) -> float:
    if pv.censor:
        raise censored_error(analyte)
    return pv.number * pv.unit.factor  # finite, positive, plausible: parse_value checks it with the analyte's spec


def zone_of(sds: Any, xp: Backend = SCALAR) -> Any:
    """The zone code of an SDS on a BCCG/BCPE table: the reference position only (floats or arrays)."""
    return first_code(
        xp,
        ((sds < -lms.Z_975, int(ZoneCode.BELOW_REFERENCE)), (sds > lms.Z_975, int(ZoneCode.ABOVE_REFERENCE))),
        int(ZoneCode.WITHIN_REFERENCE),
    )


def analyte_result(
    analyte: PanelAnalyte,
    pv: ParsedValue,
    age: float,
    sex: Literal["male", "female"],
    choice: tuple[PanelReference, bool],
    context: tuple[ContextFlagId, ...],
) -> AnalyteResult:
    """Place one parsed value on its BCCG/BCPE table (the age must be inside the table)."""
    ref, with_cc = choice
    x = _check_value(analyte, pv)
    female = sex == "female"
    sds = ref.sds(x, age, female)  # raises OutOfReferenceError outside the table
    centile = ref.centile(x, age, female)
    lower, median, upper = ref.interval(age, female)
    zone = ZONE_BY_CODE[int(zone_of(sds))]
    d = ref.data
    notes: list[Note] = [
        position_note(
            analyte,
            (x, pv.number, pv.unit.display),
            sds,
            centile,
            (lower, median, upper),
            (sex, age),
            (d.short_name, d.distribution, d.citation.id),
        )
    ]
    if analyte == "igfbp3" and pv.unit.kind == "amount":  # converted with IGFBP-3's molar mass: say which
        notes.append(igfbp3_molar_mass_note(pv.unit.display))
    if "oral-estrogen" in context:
        notes.append(contraceptive_table_note(analyte, with_cc, d.short_name))
    if "obesity" in context:  # the LIFE finding names both analytes; the other context notes are about IGF-1
        notes.append(context_note("obesity"))
    # the warnings in IGF-1's order: the decimal comma first
    warnings: tuple[ResultWarning, ...] = (decimal_comma_warning(pv.number),) if pv.decimal_comma else ()
    warnings += (unchecked_value_warning(analyte, sds),) if abs(sds) > ADVISORY_SDS else ()
    position = (lower, median, upper, sds, centile, zone, flag_for(zone))
    text = (
        tuple(notes),
        citations([c for n in notes for c in n.citations]),
        guidance_for(zone, age >= ADULT_AGE_YEARS),
    )
    return _assemble(
        (analyte, d.analyte.name, d.analyte.loinc, ref.id, d.title, d.assay, d.distribution),
        (x, x / spec_of(analyte).ng_per_ml_per_nmol_per_l, pv.number, pv.unit.display, None, age, sex),
        position,
        (*text, warnings),
    )


# AnalyteResult's fields in four groups: what and against what, the value, where it sits, what is said.
_IDENTITY = ("analyte", "analyte_name", "loinc", "reference_id", "reference_title", "assay", "method")
_VALUE = ("value_ng_per_ml", "value_nmol_per_l", "input_value", "input_unit", "censored", "age", "sex")
_POSITION = ("lower_ng_per_ml", "median_ng_per_ml", "upper_ng_per_ml", "sds", "centile", "zone", "flag")
_TEXT = ("notes", "citations", "guidance", "warnings")


def _assemble(
    identity: tuple[Any, ...], value: tuple[Any, ...], position: tuple[Any, ...], text: tuple[Any, ...]
) -> AnalyteResult:
    groups = zip((_IDENTITY, _VALUE, _POSITION, _TEXT), (identity, value, position, text), strict=True)
    fields: dict[str, Any] = {k: v for names, values in groups for k, v in zip(names, values, strict=True)}
    return AnalyteResult(**fields)


def from_interpretation(r: Interpretation) -> AnalyteResult:
    """An IGF-1 :class:`~igflab.models.Interpretation` as an :class:`AnalyteResult` (for the panel)."""
    if r.sex == "unknown":
        raise SexError("the panel needs the sex (male or female): IGFBP-3's tables differ by sex")
    p, analyte = r.reference, get_reference(r.provenance.published_reference_id).data.analyte
    return _assemble(
        ("igf1", analyte.name, analyte.loinc, p.id, p.title, p.assay or "", p.method),
        (
            r.value.ng_per_ml,
            r.value.nmol_per_l,
            r.value.input_value,
            r.value.input_unit,
            r.value.censored,
            r.age,
            r.sex,
        ),
        (p.lower_ng_per_ml, p.median_ng_per_ml, p.upper_ng_per_ml, r.sds, r.centile, r.zone, r.flag),
        (r.notes, r.citations, r.guidance, r.warnings),
    )
