"""The page's form: what the person typed, kept as typed, and every field's problem in plain words at once.

Each field is read by the function :func:`igflab.interpret` reads it with (the value and its
unit, the age or the two dates, the sex, the context, the laboratory's range), each on its own,
so every field's problem is found in one submit; when each field can be read, ``interpret()``
itself answers (and what only the whole can say, such as an age outside the reference, is shown
beside its field). A unit, sex or context written another way (``ng/dL``, ``m``, ``pregnant``) is
read as ``interpret()`` reads it and shown as typed or as the choice it means; text igflab cannot
read stays in the form, beside its message, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from igflab.core.interpret import interpret
from igflab.core.panel import interpret_panel
from igflab.errors import IgflabError
from igflab.inputs.ages import age_from_dates, resolve_age
from igflab.inputs.context import normalise_context
from igflab.inputs.lab_range import parse_lab_range
from igflab.inputs.sex import parse_sex
from igflab.inputs.values import parse_value, resolve_unit
from igflab.models import Interpretation
from igflab.panel_models import PanelInterpretation
from igflab.science.references import list_references
from igflab.text.figures import DISPLAY_UNITS

from .paste import read_line

__all__ = ["FORM_FIELDS", "SEXES", "FormState", "plain_message", "submit"]

#: The form's fields (text inputs, the unit and sex choices); ``context``, ``full_range`` and ``fan`` are checkboxes.
FORM_FIELDS = (
    "value",
    "unit",
    "age",
    "birth_date",
    "collected",
    "sex",
    "lab_low",
    "lab_high",
    "report_line",
    "line_read",
    "igfbp3_value",
    "igfbp3_unit",
)
#: The IGFBP-3 unit choices (mg/L as laboratories print it first).
IGFBP3_UNITS = ("mg/L", "ng/mL", "nmol/L")
#: What the form asks for, in words, when a pasted line does not give it.
_ASKED = {
    "value": "the IGF-1 result",
    "age": "the age when the sample was taken (or both dates)",
    "birth_date": "the birth date",
    "collected": "the date the sample was taken",
    "sex": "the sex",
    "unit": "the unit printed beside the result",
}
#: The sex choices: (value, label).
SEXES = (("female", "female"), ("male", "male"), ("unknown", "not given (compare with both)"))

# An error's field (igflab's names) -> the form field it is shown beside.
_FIELD_OF = {"lab_range": "lab_low", "lab_range_unit": "lab_low", "display_unit": "unit", "reference": "age"}


@dataclass
class FormState:
    """What the person typed (kept on error) and the messages beside fields."""

    values: dict[str, str] = field(default_factory=dict)
    context: list[str] = field(default_factory=list)
    full_range: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    fan: bool = False
    said: str = ""
    """What a pasted report line was read as (empty when no line was read in this submit)."""
    line_notes: tuple[str, ...] = ()
    asks: str = ""
    """What the pasted line does not give, in words (``the age ... and the sex``)."""
    panel: PanelInterpretation | None = None
    """IGF-1 with IGFBP-3, when an IGFBP-3 result was given and the form could be read."""

    @classmethod
    def read(cls, pairs: list[tuple[str, str]]) -> FormState:
        """The form from its fields; a context given as comma-separated text is read as ``interpret()`` reads it."""
        values = {k: v.strip() for k, v in pairs if k in FORM_FIELDS}
        context = [c.strip() for k, v in pairs if k == "context" for c in v.split(",") if c.strip()]
        full = any(k == "full_range" for k, _ in pairs)
        return cls(values, list(dict.fromkeys(context)), full, fan=any(k == "fan" for k, _ in pairs))

    def get(self, name: str) -> str | None:
        return self.values.get(name) or None

    def unit_options(self) -> list[tuple[str, str, bool]]:
        """The unit choices (value, label, selected): the unit typed is one of them, whatever it is."""
        typed = self.values.get("unit")
        chosen = "ng/mL" if typed is None else typed
        options: list[tuple[str, str, bool]] = [(u, u, u == chosen) for u in DISPLAY_UNITS]
        if chosen not in DISPLAY_UNITS:
            options.append((chosen, chosen or "(the unit is written in the result)", True))
        return options

    def igfbp3_unit_options(self) -> list[tuple[str, str, bool]]:
        """The IGFBP-3 unit choices (value, label, selected), with the unit typed among them."""
        chosen = self.values.get("igfbp3_unit") or IGFBP3_UNITS[0]
        options: list[tuple[str, str, bool]] = [(u, u, u == chosen) for u in IGFBP3_UNITS]
        if chosen not in IGFBP3_UNITS:
            options.append((chosen, chosen, True))
        return options

    def sex_choice(self) -> str | None:
        """The choice the sex typed means (``m`` is male); None when nothing or something unreadable was typed."""
        try:
            return parse_sex(self.values.get("sex", ""))
        except IgflabError:
            return None

    def context_flags(self) -> tuple[list[str], list[str]]:
        """The context flags the typed context means (aliases read), and what was typed that no flag means."""
        known: list[str] = []
        unknown: list[str] = []
        for item in self.context:
            try:
                known.extend(normalise_context([item]))
            except IgflabError:
                unknown.append(item)
        return known, unknown


def _missing(form: FormState) -> dict[str, str]:
    errors = {}
    if form.get("value") is None:
        errors["value"] = "Enter the result as printed on the report, for example 180."
    if form.get("sex") is None:
        errors["sex"] = "Choose one (choose 'not given' to compare with both)."
    if form.get("age") is None and (form.get("birth_date") is None or form.get("collected") is None):
        if form.get("birth_date") is None and form.get("collected") is None:
            errors["age"] = "Enter the age, or both the birth date and the date the sample was taken."
        else:
            which = "collected" if form.get("collected") is None else "birth_date"
            errors[which] = "Enter this date too: the age is worked out from both dates (or enter the age instead)."
    if (form.get("lab_low") is None) != (form.get("lab_high") is None):
        errors["lab_low"] = "Enter both ends of the laboratory's range, or leave both empty."
    return errors


def _place(exc: IgflabError, default: str) -> str:
    name = _FIELD_OF.get(exc.field or "", exc.field or default)
    return name if name in FORM_FIELDS or name == "context" else default


def _each_field(form: FormState) -> dict[str, str]:
    """Every field read on its own: each field's first problem, in plain words."""
    errors = _missing(form)
    unit = None

    def attempt(where: str, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except IgflabError as exc:
            errors.setdefault(_place(exc, where), plain_message(exc))
            return None

    if "value" not in errors:
        pv = attempt("value", lambda: parse_value(form.values["value"], form.get("unit")))
        unit = None if pv is None else pv.unit.display
    elif form.get("unit") is not None:  # no value: the unit is still read, on its own
        attempt("unit", lambda: resolve_unit(None, form.get("unit")))
    birth, when = form.get("birth_date"), form.get("collected")
    if when is not None:  # each date on its own first (a real date, not in the future), so both can be shown
        attempt("collected", lambda: resolve_age("1", None, when))
    if birth is not None:
        attempt("birth_date", lambda: age_from_dates(birth, birth))
    if not {"age", "birth_date", "collected"} & set(errors):
        attempt("age", lambda: resolve_age(form.get("age"), birth, when))
    if "sex" not in errors:
        attempt("sex", lambda: parse_sex(form.values["sex"]))
    attempt("context", lambda: normalise_context(form.context))
    low, high = form.get("lab_low"), form.get("lab_high")
    if low is not None and high is not None:
        attempt("lab_low", lambda: parse_lab_range(f"{low}-{high}", None, unit or "ng/mL"))
    return errors


def _read_line(form: FormState) -> bool:
    """Fill the form from a pasted report line that was not read before; False when it cannot be read."""
    line = form.get("report_line")
    if line is None or (form.get("value") is not None and line == form.values.get("line_read")):
        return True
    try:
        reading = read_line(line)
    except IgflabError as exc:
        form.errors = {
            "report_line": plain_message(exc)[:-1] + "; check the line, or enter the result in the fields below."
        }
        return False
    cleared = {"lab_low": "", "lab_high": ""} if reading.analyte == "igf1" else {}
    form.values.update(cleared | reading.fills, line_read=line)
    form.said, form.line_notes = reading.said, reading.notes
    unit = "unit" if reading.analyte == "igf1" else "igfbp3_unit"
    if unit not in reading.fills:
        form.errors[unit] = "The line prints no unit: choose the unit printed beside the result."
    return True


def submit(form: FormState) -> Interpretation | None:
    """Interpret the form; on bad input returns None with ``form.errors`` filled in (every field's, at once).

    A report line pasted into the form (``report_line``) fills the result, unit and laboratory range first.
    """
    form.errors = {}
    if not _read_line(form):
        return None
    form.errors = _each_field(form) | form.errors
    if form.said:
        asked = [words for name, words in _ASKED.items() if name in form.errors]
        if asked:
            form.asks = asked[0] if len(asked) == 1 else ", ".join(asked[:-1]) + " and " + asked[-1]
    if form.errors:
        return None
    low, high = form.get("lab_low"), form.get("lab_high")
    try:
        result = interpret(
            form.values["value"],
            form.get("unit"),
            age=form.get("age"),
            sex=form.values["sex"],
            lab_range=f"{low}-{high}" if low is not None else None,
            context=form.context or None,
            birth_date=form.get("birth_date"),
            collected=form.get("collected"),
        )
    except IgflabError as exc:
        form.errors[_place(exc, "value")] = plain_message(exc)
        return None
    if form.get("igfbp3_value") is not None:
        return _with_igfbp3(form, result)
    return result


def _with_igfbp3(form: FormState, result: Interpretation) -> Interpretation | None:
    """IGF-1 with IGFBP-3 (``form.panel``); a problem is shown beside the IGFBP-3 fields."""
    try:
        form.panel = interpret_panel(
            form.values["value"],
            form.values["igfbp3_value"],
            igf1_unit=form.get("unit"),
            igfbp3_unit=form.get("igfbp3_unit"),
            age=form.get("age"),
            sex=form.values["sex"],
            context=form.context or None,
            birth_date=form.get("birth_date"),
            collected=form.get("collected"),
        )
    except IgflabError as exc:
        where = "igfbp3_unit" if exc.field == "igfbp3_unit" else "igfbp3_value"
        if exc.field == "sex":
            words = "The IGFBP-3 comparison needs the sex, female or male: its tables differ by sex."
        else:
            words = "IGFBP-3: " + re.sub(r"^Igfbp3 ", "", plain_message(exc))
        form.errors[where] = words
        return None
    return result


# igflab's messages name fields as a program does; the page says the same in words.
_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"^unknown sex (['\"])(.*)\1; .*$",
        "\u201c" + r"\2" + "\u201d is not a sex igflab can read: choose female, male or not given",
    ),
    (
        r"^unknown context (['\"])(.*)\1; .*$",
        "\u201c" + r"\2" + "\u201d is not one of the situations listed here: untick it, and tick those that apply",
    ),
    (
        r"^lab range low \((\S+)\) must be below high \((\S+)\)",
        r"The laboratory's range must go from low to high: \1 is not below \2",
    ),
    (r"^lab range limits must be positive, got (\S+)", r"Both ends of the laboratory's range must be above 0 (got \1)"),
    (
        r"^lab range (must be two finite numbers.*|'.*' is not of the form LOW-HIGH.*)",
        "Enter both ends of the laboratory's range as numbers, for example 52 and 328",
    ),
    (r"^lab range( unit)?:? ", r"The laboratory's range\1: "),
    (r"^'([^']*)' ", "\u201c" + r"\1" + "\u201d "),
    (r"^([<>]?[\d.]+ \S+ is not a plausible)", r"The result \1"),
    (r"^birth_date ", "The birth date "),
    (r"^collected( date)? ", "The sample date "),
    (r"^value ", "The result "),
    (r"^age ", "The age "),
    (
        r"is not an ISO date \(YYYY-MM-DD\) of the calendar",
        "is not a date of the calendar written year-month-day, such as 2012-03-04",
    ),
    (
        r"is not a mass or amount concentration \(its dimension is \[[^\]]*\]\)",
        "is not a unit of a concentration in blood",
    ),
    (r"the collect(ed|ion) date", "the sample date"),
    (r"; references that cover it: .*$", ""),
    (r"\bbirth_date\b", "birth date"),
    (r"\blab_range(_unit)?\b", "laboratory's range"),
)


def _reference_names() -> dict[str, str]:
    return {r.id: f"{r.data.short_name} reference" for r in list_references(None)}


def plain_message(exc: IgflabError) -> str:
    """An error's message as the page shows it: no field ids or reference ids, a capital and a full stop."""
    text = exc.message
    for pattern, words in _WORDS:
        text = re.sub(pattern, words, text)
    for ref_id, name in _reference_names().items():
        text = re.sub(rf"\b(the )?{re.escape(ref_id)}( reference)?\b", f"the {name}", text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
