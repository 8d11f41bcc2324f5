"""The changes of a series: change arithmetic, the RCV verdict, monitoring notes and the summary.

One rule for a pair of results: :func:`pair_change`. The column path
(:mod:`igflab.core.series_columns`) applies the same :func:`~igflab.science.rcv.rcv_limits` and
:func:`~igflab.science.rcv.change_code` to whole arrays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from igflab.errors import InputError
from igflab.science.rcv import CHANGE_DOWN, CHANGE_UP, DEFAULT_CV, change_code, check_cv, rcv_limits, z_for
from igflab.series_models import ChangeRule, CVUsed, MonitoringNote, SeriesChange, SeriesInterpretation, SeriesResult
from igflab.text.citations import citations
from igflab.text.series import (
    SERIES_GUIDANCE,
    SERIES_GUIDANCE_CHILD,
    band_words,
    change_note,
    rcv_note,
    series_note,
    series_summary,
    series_warning,
    span_words,
)
from igflab.text.words import Note, ResultWarning

__all__ = ["ChangeSettings", "PairFacts", "assemble", "change_settings", "pair_change", "sds_band"]

#: The SDS interval the gh-therapy context reads against: the reference's 2.5th-97.5th centiles.
SDS_LIMIT = 2.0


@dataclass(frozen=True, slots=True)
class ChangeSettings:
    """The change rule of one call: CVs (with their sources), per-assay CVs and z."""

    analytical: CVUsed
    within_person: CVUsed
    assay_cvs: dict[str, float]
    probability: float
    one_sided: bool
    z: float

    def cva_for(self, assay: str | None) -> float:
        return self.assay_cvs.get((assay or "").lower(), self.analytical.cv)

    def limits(self, assay_a: str | None, assay_b: str | None) -> tuple[float, float]:
        """(rise, fall) RCV limits for a change from a result of ``assay_a`` to one of ``assay_b``."""
        return self.limits_for(self.cva_for(assay_a), self.cva_for(assay_b))

    def limits_for(self, cva_a: float, cva_b: float) -> tuple[float, float]:
        """(rise, fall) RCV limits for two analytical CVs."""
        return rcv_limits(self.within_person.cv, float(cva_a), float(cva_b), z=self.z)


def _cv(given: float | None, key: str, name: str) -> CVUsed:
    d = DEFAULT_CV[key]
    if given is None:
        return CVUsed(cv=d.cv, source=d.source, citations=d.citations, uncertain=d.uncertain)
    return CVUsed(cv=check_cv(given, name), source="given by the caller", citations=(), uncertain=False)


def change_settings(
    cv_analytical: float | None,
    cv_within: float | None,
    assay_cvs: Mapping[str, float] | None,
    probability: float,
    one_sided: bool,
) -> ChangeSettings:
    """The change rule, with every number checked (a CV as a fraction, a probability in [0.5, 1))."""
    if assay_cvs is not None and not isinstance(assay_cvs, Mapping):
        raise InputError("assay_cvs must map assay names to CVs, e.g. {'idsisys': 0.05}", field="assay_cvs")
    per_assay = {str(k).lower(): check_cv(v, f"assay_cvs[{k!r}]") for k, v in (assay_cvs or {}).items()}
    return ChangeSettings(
        _cv(cv_analytical, "analytical", "cv_analytical"),
        _cv(cv_within, "within_person", "cv_within"),
        per_assay,
        float(probability),
        bool(one_sided),
        z_for(probability, bool(one_sided)),
    )


@dataclass(slots=True)
class PairFacts:
    """What the pairs found that the whole series reports once."""

    same_day: list[str] = field(default_factory=list)
    methods: set[str] = field(default_factory=set)
    censored: bool = False


def _days(a: SeriesResult, b: SeriesResult) -> float | None:
    if a.collected is None or b.collected is None:
        return None
    return float((dt.date.fromisoformat(b.collected) - dt.date.fromisoformat(a.collected)).days)


def pair_change(
    a: SeriesResult, b: SeriesResult, ia: int, ib: int, kind: str, s: ChangeSettings, facts: PairFacts
) -> SeriesChange:
    """The change from ``a`` to ``b`` (``b`` the later one)."""
    x_a, x_b = a.interpretation.value.ng_per_ml, b.interpretation.value.ng_per_ml
    days, years = _days(a, b), b.age - a.age
    same_day = days == 0 if days is not None else years == 0
    both_lab = a.interpretation.reference.kind == "lab" and b.interpretation.reference.kind == "lab"
    compared = "value" if a.method_key == b.method_key else "x_uln" if both_lab else "none"
    ratio = x_b / x_a if compared == "value" else b.x_uln / a.x_uln
    up, down = s.limits(a.assay, b.assay)
    censored = bool(a.interpretation.value.censored or b.interpretation.value.censored)
    verdict_given = compared != "none" and not same_day and not censored
    code = int(change_code(ratio, up, down))
    if a.method_key != b.method_key:
        facts.methods.update((a.method_key, b.method_key))
    if same_day and kind == "consecutive":
        facts.same_day.append(a.collected or f"age {a.age:g}")
    facts.censored |= censored and kind == "consecutive"
    limit = up if ratio >= 1 else down
    verdict = None if not verdict_given else ("up" if code == CHANGE_UP else "down" if code == CHANGE_DOWN else "none")
    return SeriesChange(
        kind=kind,
        from_index=ia,
        to_index=ib,
        days=days,
        years=years,
        delta_ng_per_ml=x_b - x_a,
        percent=(x_b / x_a - 1) * 100,
        delta_sds=None if a.sds is None or b.sds is None else b.sds - a.sds,
        delta_x_uln=b.x_uln - a.x_uln,
        compared_as=compared,
        limit_rise_percent=up * 100 if verdict_given else None,
        limit_fall_percent=down * 100 if verdict_given else None,
        significant=None if not verdict_given else code != 0,
        flag=None if not verdict_given or code == 0 else ("U" if code == CHANGE_UP else "D"),
        note=change_note(
            (ratio - 1) * 100,
            x_a,
            x_b,
            span_words(days, years),
            verdict,
            limit * 100,
            None if a.sds is None or b.sds is None else (a.sds, b.sds),
            child=not (a.interpretation.adult and b.interpretation.adult),
        ),
    )


def sds_band(sds: float) -> str:
    """below / within / above the -2..+2 SDS interval."""
    return "below" if sds < -SDS_LIMIT else "above" if sds > SDS_LIMIT else "within"


def _monitoring(
    results: tuple[SeriesResult, ...], ctx: tuple[str, ...], warns: list[ResultWarning]
) -> list[MonitoringNote]:
    last = results[-1]
    out: list[MonitoringNote] = []
    if "acromegaly-treatment" in ctx:
        within = last.x_uln <= 1.0
        # The acromegaly consensus statements concern adults: a child's series gets its own note.
        key = "acromegaly-treatment" if last.interpretation.adult else "acromegaly-treatment-child"
        note = series_note(key, x_uln=f"{last.x_uln:.2f}", where="within" if within else "above")
        out.append(
            MonitoringNote(
                context="acromegaly-treatment", latest_x_uln=last.x_uln, latest_within_upper_limit=within, note=note
            )
        )
    if "gh-therapy" in ctx or "gh-therapy" in last.interpretation.context:
        if last.sds is None:
            warns.append(series_warning("gh_therapy_no_sds"))
        else:
            band = sds_band(last.sds)
            child = not last.interpretation.adult
            key = "gh-therapy-child" if child else "gh-therapy-adult"
            note = series_note(
                key, sds=f"{last.sds:+.1f}", band=band_words(band, False), band_child=band_words(band, True)
            )
            out.append(MonitoringNote(context="gh-therapy", latest_sds=last.sds, latest_sds_band=band, note=note))
    return out


def assemble(
    results: tuple[SeriesResult, ...], ctx: tuple[str, ...], s: ChangeSettings, warnings: list[ResultWarning]
) -> SeriesInterpretation:
    """The series model from results in time order."""
    facts = PairFacts()
    changes = tuple(
        pair_change(results[i], results[i + 1], i, i + 1, "consecutive", s, facts) for i in range(len(results) - 1)
    )
    overall = None
    if len(results) > 1:
        overall = pair_change(results[0], results[-1], 0, len(results) - 1, "first_to_last", s, facts)
    if facts.same_day:
        warnings.append(series_warning("same_day", n=str(len(facts.same_day) + 1), days=", ".join(facts.same_day)))
    if facts.methods:
        warnings.append(series_warning("different_methods", methods=", ".join(sorted(facts.methods))))
    if facts.censored:
        warnings.append(series_warning("censored_change"))
    up, down = s.limits(None, None)
    uncertain = s.analytical.uncertain or s.within_person.uncertain
    notes: list[Note] = [rcv_note(s.analytical.cv, s.within_person.cv, s.probability, s.one_sided, up, down, uncertain)]
    if facts.methods:
        notes.append(series_note("different_methods", methods=", ".join(sorted(facts.methods))))
    monitoring = _monitoring(results, ctx, warnings)
    notes.extend(m.note for m in monitoring)
    rule = ChangeRule(
        probability=s.probability,
        one_sided=s.one_sided,
        z=s.z,
        rise_percent=up * 100,
        fall_percent=down * 100,
        analytical=s.analytical,
        within_person=s.within_person,
        assay_cvs=s.assay_cvs,
        citations=("harris1983", "fokkema2006"),
    )
    return SeriesInterpretation(
        sex=results[0].interpretation.sex,
        context=tuple(dict.fromkeys((*ctx, *results[0].interpretation.context))),
        results=results,
        changes=changes,
        overall=overall,
        rule=rule,
        monitoring=tuple(monitoring),
        summary=_summary(results, changes, overall),
        notes=tuple(notes),
        citations=citations([c for n in notes for c in n.citations]),
        guidance=SERIES_GUIDANCE if results[-1].interpretation.adult else SERIES_GUIDANCE_CHILD,
        warnings=tuple(warnings),
    )


def _summary(results: tuple[SeriesResult, ...], changes: tuple[SeriesChange, ...], overall: SeriesChange | None) -> str:
    judged = [c for c in changes if c.significant is not None]
    flags = [c.flag for c in judged if c.flag]
    first, last = results[0], results[-1]
    span = span_words(overall.days, overall.years) if overall is not None else ""
    return series_summary(
        len(results),
        span,
        overall.note if overall is not None else None,
        (first.x_uln, last.x_uln) if overall is not None else None,
        len(flags),
        len(judged),
        f" ({', '.join(flags)})" if flags else "",
    )
