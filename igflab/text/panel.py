"""Every sentence igflab says about IGFBP-3, a result on a BCCG/BCPE table, and the IGF-1 + IGFBP-3 panel.

Each note names its sources (ids in the citation catalog). The wording describes where
values sit and what the sources report; it never names a cause or a treatment.
"""

from __future__ import annotations

from typing import Final

from igflab.analytes import all_specs
from igflab.science.zones import Zone

from .format import age_text, centile_text, group_text, number, signed
from .guidance import guidance_for
from .render import note_of
from .templates import NoteTemplate
from .warnings import decimal_comma_text
from .words import Note, ResultWarning
from .zones import ZONE_WORDS

__all__ = [
    "ANALYTE_WORDS",
    "contraceptive_table_note",
    "decimal_comma_warning",
    "igfbp3_molar_mass_note",
    "lab_range_unused_warning",
    "pair_side",
    "panel_guidance",
    "panel_notes",
    "position_note",
    "ratio_note",
    "relation_word",
    "unchecked_value_warning",
]

#: How each analyte is named in text.
ANALYTE_WORDS: Final[dict[str, str]] = {
    **{s.key: s.words for s in all_specs()},
    "igf1_igfbp3_ratio": "IGF-1/IGFBP-3 ratio",
}

_POSITION = NoteTemplate(
    "position",
    "{analyte} {value} is {centile_text} (SDS {sds}) for {group} aged {age} in the {ref_title} "
    "reference, a {method} table. At this age its central 95% interval is {limits} and its "
    "median {median}.",
    ("$reference",),
)

_BOTH_LOW = NoteTemplate(
    "zone",
    "IGF-1 and IGFBP-3 are both below the 2.5th centile for age and sex. Both markers of the growth-hormone "
    "axis being low together is a pattern {who}; one pair of results does not establish a cause.",
    ("friedrich2014", "bidlingmaier2014"),
)
_WHO_CHILD = "that a paediatric endocrinologist reads with the child's growth over time and other tests"
_WHO_ADULT = "that an endocrinologist reads with the clinical picture and other tests"

_BOTH_HIGH = NoteTemplate(
    "zone",
    "IGF-1 and IGFBP-3 are both above the reference interval for age and sex, a pair {who}; one pair of "
    "results does not establish a cause.",
    ("friedrich2014", "bidlingmaier2014"),
)

_DISCORDANT = NoteTemplate(
    "zone",
    "IGF-1 is {igf1_place} while IGFBP-3 is {bp3_place} for age and sex. The two are usually read together, "
    "and a pair that disagrees is worth going through with the person who ordered the tests; repeating both "
    "with the same assays is one way a professional may check it.",
    ("friedrich2014", "bidlingmaier2014"),
)

# The ratio note in parts: the pair's value, what adult studies use the ratio for (Kucera 2015
# studied adults), why it is not placed; children are told the value and why it is not placed.
_RATIO_VALUE = (
    "The molar IGF-1/IGFBP-3 ratio of this pair is {ratio} (IGF-1 {igf1_nmol} nmol/L over IGFBP-3 {bp3_nmol} "
    "nmol/L, from molar masses of 7649 and 28,700 g/mol; sources quote 28.7 to 29 kDa for IGFBP-3). "
)
_RATIO_IN_ADULTS = (
    "In adults the ratio is studied as an indicator of IGF-1 bioavailability (how much IGF-1 is available rather "
    "than bound), and epidemiological studies associate it with clinical end points. "
)
_RATIO_NOT_PLACED = (
    "A published reference for the ratio exists (IDS-iSYS assays, birth to 90 years), but the scale of its values "
    "and the molar masses behind it were not confirmed from the paper, so igflab does not place the ratio on a "
    "reference."
)
_RATIO_SOURCES = ("friedrich2014", "uniprot_p05019", "ids_igfbp3", "mayo_igfb3")
_RATIO = {
    True: NoteTemplate(
        "method",
        _RATIO_VALUE + _RATIO_IN_ADULTS + _RATIO_NOT_PLACED,
        (*_RATIO_SOURCES, "kucera2015"),
        "reference-interval studies (abstracts); association, not cause",
    ),
    False: NoteTemplate(
        "method", _RATIO_VALUE + _RATIO_NOT_PLACED, _RATIO_SOURCES, "reference-interval study (abstract)"
    ),
}

_NOT_COMPUTED = (
    "The molar IGF-1/IGFBP-3 ratio is not computed here because the IGF-1 result is censored (given as '<' or '>'), "
    "so its exact value is not known."
)
_NO_RATIO = {
    True: NoteTemplate(
        "method",
        _NOT_COMPUTED + " " + _RATIO_IN_ADULTS.strip(),
        ("friedrich2014", "kucera2015"),
        "reference-interval studies (abstracts); association, not cause",
    ),
    False: NoteTemplate("method", _NOT_COMPUTED, ("friedrich2014",), "reference-interval study (abstract)"),
}

_CONTRACEPTIVE_TABLE = NoteTemplate(
    "context",
    "The context lists an estrogen-containing contraceptive, so the {analyte} result is compared with the "
    "LIFE table fitted with contraceptive users included. In the LIFE study, combined estrogen-progestin "
    "contraceptives were associated with IGF-1 about 0.43-0.45 SDS lower and IGFBP-3 about 0.94-1.12 SDS "
    "higher than in non-users.",
    ("hoerenz2022",),
    "population reference study (association)",
)

_IGFBP3_MOLAR_MASS = NoteTemplate(
    "method",
    "IGFBP-3 given in {unit} is converted to ng/mL with a molar mass of 28,700 g/mol (1 nmol/L = 28.7 ng/mL), the "
    "28.7 kDa stated by the maker of the IDS-iSYS IGFBP-3 assay; Mayo Clinic Laboratories quotes 29 kDa, which would "
    "give a figure about 1% higher. A result reported in mg/L or ng/mL avoids this step.",
    ("ids_igfbp3", "mayo_igfb3"),
)

_CONTRACEPTIVE_OTHER = NoteTemplate(
    "context",
    "The context lists an estrogen-containing contraceptive. In the LIFE study, combined contraceptives "
    "were associated with IGFBP-3 about 0.94-1.12 SDS higher than in non-users; the {ref_title} reference has no "
    "table that includes contraceptive users, so the result is read against all its participants.",
    ("hoerenz2022",),
    "population reference study (association)",
)


def relation_word(zone: Zone) -> str:
    """Where a zone lies, in words: below, inside, above or well above the reference interval.

    Not for :attr:`Zone.INDETERMINATE` (no single zone), which :func:`panel_notes` does not compare.
    """
    if zone is Zone.WELL_ABOVE_REFERENCE:
        return "well above the reference interval"
    if zone in (Zone.BELOW_REFERENCE, Zone.ABOVE_REFERENCE):
        return ZONE_WORDS[zone]
    return ZONE_WORDS[Zone.WITHIN_REFERENCE]


def position_note(
    analyte: str,
    value: str,
    sds: float,
    centile: float,
    interval: tuple[str, str],
    person: tuple[str, float],
    reference: tuple[str, str, str],
) -> Note:
    """Where a value of ``analyte`` (its name) sits on a BCCG/BCPE table; ``value`` is the value as shown (in the unit
    typed, the other beside it), ``interval`` = (limits, median) as shown, ``reference`` = (title, method, citation
    id)."""
    limits, median = interval
    sex, age = person
    ref_title, method, cid = reference
    text = _POSITION.text.format(
        analyte=analyte,
        value=value,
        centile_text=centile_text(centile),
        sds=signed(sds),
        group=group_text(sex),
        age=age_text(age),
        ref_title=ref_title,
        method=method,
        limits=limits,
        median=median,
    )
    return note_of(_POSITION, text, cid)


def contraceptive_table_note(analyte: str, chosen: bool, ref_title: str) -> Note:
    """The contraceptive note of ``analyte`` (its name): the LIFE table with users included was chosen, or the
    reference has none."""
    if chosen:
        return note_of(_CONTRACEPTIVE_TABLE, _CONTRACEPTIVE_TABLE.text.format(analyte=analyte), None)
    return note_of(_CONTRACEPTIVE_OTHER, _CONTRACEPTIVE_OTHER.text.format(ref_title=ref_title), None)


def ratio_note(ratio: float | None, igf1_nmol: float, bp3_nmol: float, adult: bool) -> Note:
    """The molar ratio of the pair (or why it was not computed: ``ratio`` None); for adults, what it is studied for."""
    if ratio is None:
        return note_of(_NO_RATIO[adult], _NO_RATIO[adult].text, None)
    template = _RATIO[adult]
    text = template.text.format(ratio=f"{ratio:.3g}", igf1_nmol=number(igf1_nmol), bp3_nmol=number(bp3_nmol))
    return note_of(template, text, None)


def pair_side(zone: Zone) -> str:
    """The side of the reference interval a zone is on: "below", "inside" (every third) or "above" (well above too).

    The pair notes compare sides only: IGF-1 "well above" with IGFBP-3 "above" is both high.
    """
    if zone is Zone.BELOW_REFERENCE:
        return "below"
    if zone in (Zone.ABOVE_REFERENCE, Zone.WELL_ABOVE_REFERENCE):
        return "above"
    return "inside"


def panel_notes(igf1_zone: Zone, bp3_zone: Zone, adult: bool) -> tuple[Note, ...]:
    """What IGF-1 and IGFBP-3 say together: both low, both high, or discordant (compared by :func:`pair_side`;
    none when both are inside, or when a censored result could not be placed in one zone: as
    :func:`igflab.interpret_panel_batch` decides)."""
    out = []
    if Zone.INDETERMINATE in (igf1_zone, bp3_zone):
        return ()  # a censored result in no single zone: the pair is not compared (its own notes say why)
    sides = (pair_side(igf1_zone), pair_side(bp3_zone))
    if sides == ("below", "below"):
        who = _WHO_ADULT if adult else _WHO_CHILD
        out.append(note_of(_BOTH_LOW, _BOTH_LOW.text.format(who=who), None))
    elif sides == ("above", "above"):
        who = _WHO_ADULT if adult else _WHO_CHILD
        out.append(note_of(_BOTH_HIGH, _BOTH_HIGH.text.format(who=who), None))
    elif sides[0] != sides[1]:
        text = _DISCORDANT.text.format(igf1_place=relation_word(igf1_zone), bp3_place=relation_word(bp3_zone))
        out.append(note_of(_DISCORDANT, text, None))
    return tuple(out)


_ORDER: Final[dict[Zone, int]] = {
    Zone.WELL_ABOVE_REFERENCE: 0,
    Zone.BELOW_REFERENCE: 1,
    Zone.ABOVE_REFERENCE: 2,
}


def panel_guidance(zones: tuple[Zone, ...], adult: bool) -> str:
    """The guidance of the panel: that of its most notable result (well above, below, above, else inside)."""
    return guidance_for(min(zones, key=lambda z: _ORDER.get(z, 3)), adult)


def igfbp3_molar_mass_note(unit: str) -> Note:
    """An IGFBP-3 value given in a molar unit (``unit``): the molar mass it was converted with, and its source."""
    return note_of(_IGFBP3_MOLAR_MASS, _IGFBP3_MOLAR_MASS.text.format(unit=unit), None)


def decimal_comma_warning(number: float) -> ResultWarning:
    """The value was written with a decimal comma (``"4,1 mg/L"``), read as a decimal point: a guess, so said."""
    return ResultWarning(code="decimal_comma", message=decimal_comma_text(number), field="value")


def lab_range_unused_warning(analyte: str, reader: str = "the panel") -> ResultWarning:
    """An Observation carried the laboratory's own range, which ``reader`` (the panel, or igflab reading an analyte
    whose laboratory ranges it does not read) does not use."""
    name = ANALYTE_WORDS[analyte]
    return ResultWarning(
        code="lab_range_not_used",
        message=f"The {name} Observation carries the laboratory's own reference range; {reader} does not use it and "
        f"places {name} on a published reference instead, so its flag may differ from the laboratory's.",
        field="Observation.referenceRange",
    )


def unchecked_value_warning(analyte: str, sds: float) -> ResultWarning:
    """A value far outside the reference: most often a unit or typing slip."""
    unit_hint = " (IGFBP-3 is usually reported in mg/L, which is 1000 ng/mL)" if analyte == "igfbp3" else ""
    return ResultWarning(
        code="extreme_sds",
        message=f"The {ANALYTE_WORDS[analyte]} SDS is {signed(sds)}, far outside what healthy people show: please "
        f"check the value and its unit{unit_hint}.",
        field="value",
    )
