"""The short human summary of a result (``str(result)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .format import age_text, centile_text, number, sds_text
from .notes import shown_value
from .zones import ZONE_LABEL

if TYPE_CHECKING:
    from igflab.models import Interpretation

__all__ = ["short_summary"]


def short_summary(r: Interpretation) -> str:
    """One line: the value in both units, who, the position and the zone.

    >>> import igflab
    >>> print(igflab.interpret(150, "ng/mL", age=45, sex="male"))  # doctest: +ELLIPSIS
    IGF-1 150 ng/mL (19.6 nmol/L), male, 45 years: at the 69th centile (SDS +0.49) of bidlingmaier2014_idsisys; ...
    """
    v = r.value
    c = v.censored or ""
    who = "sex not given" if r.sex == "unknown" else r.sex
    p = r.reference
    if p.kind == "lab":
        where = f"against the laboratory's range {number(p.lower_ng_per_ml)}-{number(p.upper_ng_per_ml)} ng/mL"
    elif r.sds is not None and r.centile is not None:
        where = f"{centile_text(r.centile, p.bound)} (SDS {sds_text(r.sds, p.bound)}) of {p.id}"
    else:
        where = f"against {p.id}"
    value = f"IGF-1 {c}{shown_value(v.ng_per_ml, p)} ng/mL ({c}{number(v.nmol_per_l)} nmol/L)"
    return f"{value}, {who}, {age_text(r.age)}: {where}; {ZONE_LABEL[r.zone]}"
