"""interpret_panel(): IGF-1 and IGFBP-3 from one sample -> a PanelInterpretation of two Interpretations.

The person (age, sex, context) is parsed once and shared. Each value goes through the one
engine (:func:`igflab.core.interpret.interpret_inputs`) with its analyte's spec, on the
reference chosen for it (both on LIFE when the LIFE family is chosen). The panel notes
(:mod:`igflab.text.panel`) say what the two say together.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal, Unpack

from igflab._types import ContextFlagId, PersonIn, Sex, UnitIn, ValueIn
from igflab.analytes import IGFBP3, molar_ratio, spec_of
from igflab.errors import IgflabError, InputError, SexError
from igflab.inputs import Inputs
from igflab.inputs.ages import resolve_age
from igflab.inputs.context import CONTRACEPTIVE_TABLE_FLAG, normalise_context
from igflab.inputs.sex import parse_sex
from igflab.inputs.values import ParsedValue, censored_error, parse_value
from igflab.models import Interpretation
from igflab.panel_models import PanelInterpretation
from igflab.science.references import choose_reference
from igflab.science.zones import ADULT_AGE_YEARS
from igflab.text.citations import citations
from igflab.text.panel import panel_guidance, panel_notes, ratio_note

from .interpret import interpret_inputs

__all__ = ["SEX_NEEDED", "PanelAnalyte", "check_options", "interpret_panel"]

#: Why the panel refuses a result with the sex unknown (one sentence for one sample and for columns).
SEX_NEEDED = "the panel needs the sex (male or female): IGFBP-3's tables differ by sex"

PanelAnalyte = Literal["igf1", "igfbp3"]


def check_options(options: Mapping[str, object], allowed: Any) -> None:
    """Refuse a keyword option that ``allowed`` (a TypedDict) does not name: a typo is never ignored."""
    names = allowed.__required_keys__ | allowed.__optional_keys__
    for key in options:
        if key not in names:
            raise InputError(f"unknown option {key!r}; known: {', '.join(sorted(names))}", field=key)


class _Person:
    """The person and the comparison, parsed once (age, sex, context) and kept (reference, assay)."""

    __slots__ = ("age", "assay", "context", "reference", "sex", "source")

    def __init__(self, options: PersonIn) -> None:
        check_options(options, PersonIn)
        self.age, self.source = resolve_age(options.get("age"), options.get("birth_date"), options.get("collected"))
        # An unknown sex is refused once a result is placed (as on columns: after the result's own first error).
        self.sex: Sex = parse_sex(options["sex"])
        self.context: tuple[ContextFlagId, ...] = normalise_context(options.get("context"))
        self.reference, self.assay = options.get("reference"), options.get("assay")


def _one(analyte: PanelAnalyte, pv: ParsedValue, person: _Person) -> Interpretation:
    """One analyte of the panel through the one engine; a result placed with the sex unknown is refused."""
    spec = spec_of(analyte)
    choice = choose_reference(person.reference, person.assay, spec, CONTRACEPTIVE_TABLE_FLAG in person.context)
    if pv.censor and not spec.censoring:
        raise censored_error(spec)
    r = interpret_inputs(
        Inputs(pv, person.age, person.source, person.sex, person.context, None), choice, person.assay, spec
    )
    if r.sex == "unknown":
        raise SexError(SEX_NEEDED)
    return r


@contextmanager
def _as_igfbp3_inputs() -> Iterator[None]:
    """An error about IGFBP-3's value or unit names them as the panel's inputs: ``igfbp3``, ``igfbp3_unit``.

    (The panel's IGF-1 keeps ``value`` and ``unit``, as in a JSON request.)
    """
    try:
        yield
    except IgflabError as exc:
        field = _IGFBP3_FIELDS.get(exc.field or "")
        if field is None:
            raise
        raise type(exc)(exc.message, field=field) from None


_IGFBP3_FIELDS = {"value": "igfbp3", "unit": "igfbp3_unit"}


def interpret_panel(
    igf1: ValueIn,
    igfbp3: ValueIn,
    *,
    igf1_unit: UnitIn = None,
    igfbp3_unit: UnitIn = None,
    **options: Unpack[PersonIn],
) -> PanelInterpretation:
    """Interpret IGF-1 and IGFBP-3 from one sample, each on its reference, and what they say together.

    ``igf1`` and ``igfbp3`` are numbers (with ``igf1_unit``/``igfbp3_unit``) or text such as
    ``"150 ng/mL"`` and ``"4.1 mg/L"``; the keyword options (``age``, ``sex``, ``reference``,
    ``assay``, ``context``, ``birth_date``, ``collected``) are :func:`igflab.interpret`'s.
    By default IGF-1 is read on Bidlingmaier 2014 and IGFBP-3 on Friedrich 2014 (both IDS-iSYS);
    ``reference="life2022"`` (or ``assay="life-eclia"``) reads both on the LIFE tables, and the context flag
    ``combined-contraceptive`` then picks the LIFE tables that include
    contraceptive users. The sex must be male or female.

    >>> p = interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    >>> p.igf1.zone.value, p.igfbp3.zone.value
    ('middle_third', 'middle_third')
    """
    pv = parse_value(igf1, igf1_unit)  # the values first, then the person: the order of interpret() and the batch
    with _as_igfbp3_inputs():
        pv3 = parse_value(igfbp3, igfbp3_unit, IGFBP3)
    person = _Person(options)
    one = _one("igf1", pv, person)
    with _as_igfbp3_inputs():
        two = _one("igfbp3", pv3, person)
    adult = person.age >= ADULT_AGE_YEARS
    ratio = None if pv.censor else float(molar_ratio(one.value.ng_per_ml, two.value.ng_per_ml))
    notes = (
        *panel_notes(one.zone, two.zone, adult),
        ratio_note(ratio, one.value.nmol_per_l, two.value.nmol_per_l, adult),
    )
    ids = [c.id for c in (*one.citations, *two.citations)] + [c for n in notes for c in n.citations]
    return PanelInterpretation(
        age=person.age,
        sex="female" if one.sex == "female" else "male",  # _one refused an unknown sex
        context=person.context,
        igf1=one,
        igfbp3=two,
        molar_ratio=ratio,
        notes=notes,
        citations=citations(ids),
        guidance=panel_guidance((one.zone, two.zone), adult),
        warnings=(*one.warnings, *two.warnings),
    )
