"""Which of the patient's IGF-1 Observations the card is about: the latest valid one, by instant.

An Observation is used when it is this patient's (``subject`` refers to ``Patient/<patientId>``)
and its status is ``final``, ``amended`` or ``corrected``. Entered-in-error, cancelled and other
patients' results are passed over and counted (the card says how many); results not yet final
(``preliminary``, ``registered``, ``unknown``) are never interpreted, and the card says when one
is newer than the result it shows. Results are ordered by their instant: ``effectiveDateTime``,
``effectiveInstant`` or ``effectivePeriod.end`` (else ``.start``), read as aware datetimes with
their offsets (a date alone is taken as midnight UTC), never by the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Candidate", "Selection", "instant_of", "is_patients", "select"]

VALID = ("final", "amended", "corrected")
NOT_FINAL = ("preliminary", "registered", "unknown")
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _parse(text: Any) -> dt.datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    partial = _PARTIAL.fullmatch(text)
    try:
        if partial:
            year, month, day = (int(g) if g else 1 for g in partial.groups())
            return dt.datetime(year, month, day, tzinfo=dt.UTC)
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def instant_of(obs: Mapping[str, Any]) -> dt.datetime | None:
    """When the result was taken, as an aware datetime (``None`` when the Observation does not say)."""
    for key in ("effectiveDateTime", "effectiveInstant"):
        if obs.get(key) is not None:
            return _parse(obs[key])
    period = obs.get("effectivePeriod")
    if isinstance(period, Mapping):
        return _parse(period.get("end")) or _parse(period.get("start"))
    return None


def is_patients(obs: Mapping[str, Any], patient_id: str) -> bool:
    """True when ``Observation.subject`` refers to ``Patient/<patient_id>`` (relative, absolute or versioned)."""
    subject = obs.get("subject")
    ref = subject.get("reference") if isinstance(subject, Mapping) else None
    if not isinstance(ref, str):
        return False
    pattern = rf"(?:.*/)?Patient/{re.escape(patient_id)}(?:/_history/[^/]+)?"
    return re.fullmatch(pattern, ref.strip()) is not None


@dataclass(frozen=True)
class Candidate:
    """One usable Observation and its instant."""

    obs: Mapping[str, Any]
    when: dt.datetime | None

    @property
    def day(self) -> str | None:
        """The date as the result gives it (first ten characters of the effective text)."""
        for key in ("effectiveDateTime", "effectiveInstant"):
            if isinstance(self.obs.get(key), str):
                return str(self.obs[key])[:10]
        return None if self.when is None else self.when.date().isoformat()


@dataclass(frozen=True)
class Selection:
    """The usable results latest first, the newer results not yet final, and what was passed over."""

    usable: tuple[Candidate, ...]
    newer_not_final: tuple[Candidate, ...]
    not_final: tuple[Candidate, ...]
    skipped: Counter[str] = field(default_factory=Counter)


def _key(c: Candidate) -> tuple[bool, dt.datetime]:
    """Latest first; a result without an instant last."""
    return (c.when is not None, c.when or dt.datetime.min.replace(tzinfo=dt.UTC))


def select(observations: Iterable[Mapping[str, Any]], patient_id: str) -> Selection:
    """Sort the patient's IGF-1 Observations (see the module notes)."""
    usable: list[Candidate] = []
    waiting: list[Candidate] = []
    skipped: Counter[str] = Counter()
    for obs in observations:
        status = obs.get("status")
        if not is_patients(obs, patient_id):
            skipped["of another patient or none named"] += 1
        elif status == "entered-in-error":
            skipped["entered in error"] += 1
        elif status == "cancelled":
            skipped["cancelled"] += 1
        elif status in NOT_FINAL:
            waiting.append(Candidate(obs, instant_of(obs)))
        elif status in VALID:
            usable.append(Candidate(obs, instant_of(obs)))
        else:
            skipped["with no valid status"] += 1
    usable.sort(key=_key, reverse=True)
    waiting.sort(key=_key, reverse=True)
    latest = usable[0] if usable else None
    newer = tuple(
        w
        for w in waiting
        if latest is not None and w.when is not None and (latest.when is None or w.when > latest.when)
    )
    return Selection(tuple(usable), newer, tuple(waiting), skipped)
