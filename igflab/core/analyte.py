"""What the panel and the column paths share about an analyte's result: the panel's flat view of an
:class:`~igflab.models.Interpretation` (:func:`from_interpretation`), the keyword check, the sex the
panel needs, and the zone of a position-rule analyte's SDS on columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from igflab.errors import InputError, SexError
from igflab.models import Interpretation
from igflab.panel_models import AnalyteResult
from igflab.science.references import get_reference

#: Why the panel refuses a result with the sex unknown (one sentence for one result and for columns).
SEX_NEEDED = "the panel needs the sex (male or female): IGFBP-3's tables differ by sex"

__all__ = [
    "SEX_NEEDED",
    "PanelAnalyte",
    "check_options",
    "from_interpretation",
]

PanelAnalyte = Literal["igf1", "igfbp3"]


def check_options(options: Mapping[str, object], allowed: Any) -> None:
    """Refuse a keyword option that ``allowed`` (a TypedDict) does not name: a typo is never ignored."""
    names = allowed.__required_keys__ | allowed.__optional_keys__
    for key in options:
        if key not in names:
            raise InputError(f"unknown option {key!r}; known: {', '.join(sorted(names))}", field=key)


def from_interpretation(r: Interpretation) -> AnalyteResult:
    """An :class:`~igflab.models.Interpretation` of any analyte as the panel's flat :class:`AnalyteResult` view."""
    if r.sex == "unknown":
        raise SexError(SEX_NEEDED)
    p, analyte = r.reference, get_reference(r.provenance.published_reference_id).data.analyte
    return AnalyteResult(
        analyte=r.analyte,
        analyte_name=analyte.name,
        loinc=analyte.loinc,
        reference_id=p.id,
        reference_title=p.title,
        assay=p.assay or "",
        method=p.method,
        value_ng_per_ml=r.value.ng_per_ml,
        value_nmol_per_l=r.value.nmol_per_l,
        input_value=r.value.input_value,
        input_unit=r.value.input_unit,
        censored=r.value.censored,
        age=r.age,
        sex=r.sex,
        lower_ng_per_ml=p.lower_ng_per_ml,
        median_ng_per_ml=p.median_ng_per_ml,
        upper_ng_per_ml=p.upper_ng_per_ml,
        sds=r.sds,
        centile=r.centile,
        zone=r.zone,
        flag=r.flag,
        notes=r.notes,
        citations=r.citations,
        guidance=r.guidance,
        warnings=r.warnings,
    )
