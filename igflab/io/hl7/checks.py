"""What reading an IGF-1 or IGFBP-3 OBX warns of, each warning naming the HL7 field.

* OBX-11: a result not final (``not_final``), no status (``status_missing``), a result passed over because it is
  cancelled, wrong or deleted (``result_skipped``); a status outside table 0085 is an error;
* OBX-7: a range igflab does not use as the laboratory's (``lab_range_not_used``, ``lab_range_incomplete``,
  ``lab_range_unreadable``);
* OBX-8: the laboratory's flag says another side of the range than igflab's (``lab_flag_differs``);
* igflab's own note names a reference this igflab does not ship (``reference_not_shipped``).
"""

from __future__ import annotations

import re

from igflab.analytes import IGF1
from igflab.errors import IgflabError, InputError
from igflab.models import Interpretation
from igflab.science.references import get_reference
from igflab.text.words import ResultWarning

from .codes import FINAL, FLAG_SIDE, PRELIMINARY, REFUSED, STATUS_WORDS
from .scan import Observation
from .segments import ObxRead

__all__ = ["flag_warnings", "known_reference", "lab_range_of", "panel_family", "range_warning", "status_of"]

_RANGE = re.compile(r"\s*[0-9.]+\s*-\s*[0-9.]+\s*\S*\s*", re.ASCII)

_OURS = {"L": "low", "N": "normal", "H": "high", "HU": "high"}


def status_of(o: Observation, warns: list[ResultWarning]) -> str | None:
    """OBX-11, checked: None when the OBX gives no result (a warning says so), else the status."""
    code = (o.obx.text(11) or "").upper()
    where = o.obx.where
    if not code:
        warns.append(
            ResultWarning(
                code="status_missing",
                message=f"{where}: OBX-11 (result status) is empty; the result was read as final",
                field="OBX-11",
            )
        )
        return None
    if code in FINAL:
        return code
    if code in PRELIMINARY:
        warns.append(
            ResultWarning(
                code="not_final",
                message=f"{where}: OBX-11 is {code!r} ({STATUS_WORDS[code]}); the laboratory may still change the "
                "result",
                field="OBX-11",
            )
        )
        return code
    if code in REFUSED:
        warns.append(
            ResultWarning(
                code="result_skipped",
                message=f"{where}: OBX-11 is {code!r} ({STATUS_WORDS[code]}), so it holds no valid result; it was "
                "passed over",
                field="OBX-11",
            )
        )
        return "skip"
    raise InputError(f"{where}: OBX-11 is {code[:10]!r}, not a status of HL7 table 0085", field="OBX-11")


def lab_range_of(r: ObxRead, warns: list[ResultWarning]) -> str | None:
    """OBX-7 as the laboratory's range (both limits), or None with a warning saying why it is not used."""
    if r.range_text is None or r.own_range:  # igflab's own published range is not the laboratory's
        return None
    if not r.spec.lab_range:
        warns.append(
            range_warning(r, "lab_range_not_used", f"igflab does not read a laboratory's {r.spec.words} range")
        )
        return None
    if _RANGE.fullmatch(r.range_text):
        return r.range_text
    code = "lab_range_incomplete" if r.range_text.strip()[:1] in "<>" else "lab_range_unreadable"
    why = "has one limit; igflab needs both" if code == "lab_range_incomplete" else "is not low-high"
    warns.append(range_warning(r, code, why))
    return None


def range_warning(r: ObxRead, code: str, why: str) -> ResultWarning:
    return ResultWarning(
        code=code,
        message=f"{r.where}: OBX-7 ({r.range_text!r}) {why}, so the published reference decides the flag, which "
        "may differ from the laboratory's",
        field="OBX-7",
    )


def flag_warnings(r: ObxRead, result: Interpretation) -> list[ResultWarning]:
    """A warning when the laboratory's OBX-8 flag says another side of the range than igflab's flag."""
    sides = {FLAG_SIDE[f] for f in r.flags if f in FLAG_SIDE}
    ours = _OURS.get(result.flag.value)
    if not sides or ours is None:
        return []
    agree = ours != "normal" if sides == {"abnormal"} else ours in sides
    if agree:
        return []
    against = "the laboratory's range (OBX-7)" if result.reference.kind == "lab" else result.reference.title
    return [
        ResultWarning(
            code="lab_flag_differs",
            message=f"{r.where}: the laboratory flagged the result {'~'.join(r.flags)} (OBX-8); igflab's flag is "
            f"{result.flag.value} against {against}",
            field="OBX-8",
        )
    ]


def known_reference(r: ObxRead, warns: list[ResultWarning]) -> str | None:
    """The published reference igflab's own note names, if this igflab ships it (else a warning, and the default)."""
    if r.published is None:
        return None
    try:
        return get_reference(r.published).id
    except IgflabError:
        warns.append(
            ResultWarning(
                code="reference_not_shipped",
                message=f"{r.where}: igflab's note names the published reference {r.published!r}, which this igflab "
                "does not ship; the default reference was used",
                field="NTE-3",
            )
        )
        return None


def panel_family(published: str | None) -> str | None:
    """The panel's reference family from igflab's own note on its IGF-1 OBX: LIFE when it names a LIFE table."""
    return "life2022" if published is not None and IGF1.family_of(published) == "life2022" else None
