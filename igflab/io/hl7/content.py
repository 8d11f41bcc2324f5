"""What igflab writes in an ORU^R01, as plain values: each OBX (the value with its flag, the SDS) and each NTE.

The value is written as reported (OBX-5 in the unit of OBX-6, a censored one as SN ``<^15``),
the range that decided the flag in OBX-7, igflab's flag in OBX-8 (table 0078 of the version
written, see :func:`~igflab.io.hl7.codes.flag_in_table`; a series adds the change code U or D),
and the SDS as its own OBX: LOINC 73561-3 for IGF-1. No LOINC Z-score code for IGFBP-3 was found
in the sources igflab's codes come from (LOINC lists 2483-6 for its concentration only), so its
SDS carries igflab's local code ``IGFBP3-SDS`` (system ``99IGF``), as does the panel's molar ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from igflab.analytes import spec_of
from igflab.io.fhir_codes import SDS_LOINC
from igflab.io.fhir_common import rounded, significant
from igflab.models import Interpretation, ReferencePosition
from igflab.science.references import get_reference
from igflab.text.format import SDS_EXPRESSIBLE

from .codes import LOCAL_SYSTEM, LOINC_SYSTEM, UCUM_SYSTEM, ZSCORE_UNIT, flag_in_table

__all__ = ["LOCAL_SDS", "RATIO_CODE", "ObxOut", "note_lines", "number", "result_obx", "sds_obx"]

#: igflab's local OBX-3 codes (system 99IGF) for the SDS of an analyte without a LOINC Z-score code.
LOCAL_SDS = {"igfbp3": ("IGFBP3-SDS", "IGFBP-3 SDS")}
#: igflab's local OBX-3 code of the molar IGF-1/IGFBP-3 ratio.
RATIO_CODE = ("IGF1-IGFBP3-MR", "IGF-1/IGFBP-3 molar ratio", LOCAL_SYSTEM)


@dataclass(frozen=True, slots=True)
class ObxOut:
    """One OBX as igflab writes it (plain text values, escaped when the message is built)."""

    code: tuple[str, str, str]
    value_type: str
    value: tuple[str, ...]
    unit: tuple[str, str, str] | None
    range: str | None = None
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def number(x: float) -> str:
    """A number as HL7 NM text: plain decimal, no exponent, no trailing zeros.

    >>> number(60.0), number(0.000123), number(-2.456)
    ('60', '0.000123', '-2.456')
    """
    text = f"{x:.12f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _unit(r: Interpretation) -> tuple[str, float]:
    if r.value.input_unit_ucum is not None:
        return r.value.input_unit_ucum, r.provenance.unit_factor_to_ng_per_ml
    return "ng/mL", 1.0  # a unit without a UCUM code igflab lists: the value in ng/mL


def _range(p: ReferencePosition, factor: float) -> str:
    digits = 6 if p.kind == "lab" else 3
    low, high = (number(significant(x / factor, digits)) for x in (p.lower_ng_per_ml, p.upper_ng_per_ml))
    return f"{low}-{high}"


def result_obx(r: Interpretation, version: str, change: str | None = None, notes: tuple[str, ...] = ()) -> ObxOut:
    """The result's OBX: its value as reported, the range that decided the flag, the flags, and its NTE lines."""
    spec = spec_of(r.analyte)
    code, factor = _unit(r)
    exact = factor != 1.0 or r.value.input_unit_ucum is not None
    value = number(r.value.input_value if exact else rounded(r.value.ng_per_ml, 2))
    flag = flag_in_table(r.flag.value, version)
    flags = [flag] if flag is not None else []
    if r.value.censored is not None:
        flags.append(r.value.censored)  # table 0078: < / > off the assay's scale
    if change is not None:
        flags.append(change)
    censored = r.value.censored
    return ObxOut(
        code=(spec.loinc, spec.loinc_display, LOINC_SYSTEM),
        value_type="SN" if censored else "NM",
        value=(censored, value) if censored else (value,),
        unit=(code, code, UCUM_SYSTEM),
        range=_range(r.reference, factor),
        flags=tuple(flags),
        notes=notes or note_lines(r),
    )


def sds_obx(r: Interpretation) -> ObxOut | None:
    """The SDS as its own OBX (IGF-1: LOINC 73561-3; IGFBP-3: igflab's local code), or None without an SDS."""
    pos: ReferencePosition | None = None
    if r.sds is not None and r.reference.sds is not None:
        pos = r.reference
    elif r.reference.kind == "lab":
        with_sds = [p for p in r.other_positions if p.sds is not None]
        pos = with_sds[0] if len(with_sds) == 1 else None
    if pos is None or pos.sds is None:
        return None
    spec = spec_of(r.analyte)
    loinc = SDS_LOINC.get(spec.loinc)
    code = (loinc[0], loinc[1], LOINC_SYSTEM) if loinc else (*LOCAL_SDS[spec.key], LOCAL_SYSTEM)
    sds = pos.sds
    comparator = None if pos.bound is None else ("<=" if pos.bound == "upper" else ">=")
    if not math.isfinite(sds):
        comparator, sds = (">" if sds > 0 else "<"), math.copysign(SDS_EXPRESSIBLE, sds)
    text = number(rounded(sds, 2))
    note = f"{spec.words} SDS against the {get_reference(pos.id, r.analyte).data.short_name} reference ({pos.title})."
    return ObxOut(
        code=code,
        value_type="SN" if comparator else "NM",
        value=(comparator, text) if comparator else (text,),
        unit=(ZSCORE_UNIT, ZSCORE_UNIT, UCUM_SYSTEM),
        notes=(note,),
    )


def note_lines(r: Interpretation) -> tuple[str, ...]:
    """The NTE lines of one result: the summary, each warning, the guidance, and what placed it."""
    pv = r.provenance
    return (
        r.summary.text,
        *(f"Check: {w.message}" for w in r.warnings),
        f"Guidance: {r.guidance}",
        f"Interpreted with igflab {pv.igflab_version} against {pv.reference_id}; age {r.age:.2f} years.",
    )
