"""Safety review of every sentence igflab can emit (templates, context notes, guidance)."""

from __future__ import annotations

import re
import string

import pytest

import igflab
from igflab.science.references import list_references
from igflab.text.citations import catalog
from igflab.text.context import CONTEXT_FLAGS
from igflab.text.guidance import GUIDANCE
from igflab.text.templates import REFERENCE_PLACEHOLDER, TEMPLATES, NoteTemplate

# Phrases igflab must never emit: diagnoses addressed to the reader, drug/dose/supplement advice,
# alarm words, and the seed articles' promotional vocabulary.
BANNED = [
    "you have",
    "you are suffering",
    "diagnosed with",
    "your diagnosis",
    "the diagnosis is",
    "should take",
    "start taking",
    "take a ",
    "dose",
    "dosage",
    "mg/day",
    "prescri",
    "ketamine",
    "boost",
    "increase your",
    "optimi",
    "cure",
    "will die",
    "guarantee",
    "panic",
    "emergency",
    "dangerous",
    "deadly",
    "fatal",
    "master regenerator",
    "fountain of youth",
    "creatine",
    "sauna",
]
# Cohort findings are associations: these verbs would claim cause.
CAUSAL = re.compile(r"\b(causes|caused|leads to|results in|prevents|protects against)\b", re.IGNORECASE)

ALL_TEMPLATES: dict[str, NoteTemplate] = {
    **TEMPLATES,
    **{f"context:{k}": f.note for k, f in CONTEXT_FLAGS.items()},
}
REFERENCE_CITATIONS = {r.data.citation.id for r in list_references()}


def _plain(text: str) -> str:
    """The template with its fields blanked, lower-cased."""
    fields = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    return text.format(**dict.fromkeys(fields, "")).lower()


def test_there_is_something_to_review() -> None:
    assert len(ALL_TEMPLATES) >= 30
    assert len(GUIDANCE) == 5


@pytest.mark.parametrize("key", sorted(ALL_TEMPLATES))
def test_every_template_is_cited(key: str) -> None:
    t = ALL_TEMPLATES[key]
    assert t.citations, key
    for c in t.citations:
        if c == REFERENCE_PLACEHOLDER:
            assert set(catalog()) >= REFERENCE_CITATIONS
        else:
            assert c in catalog(), (key, c)


@pytest.mark.parametrize("key", sorted(ALL_TEMPLATES))
def test_no_banned_phrase_in_any_template(key: str) -> None:
    text = _plain(ALL_TEMPLATES[key].text)
    for phrase in BANNED:
        assert phrase not in text, (key, phrase)
    assert not CAUSAL.search(text), key


@pytest.mark.parametrize("key", sorted(ALL_TEMPLATES))
def test_cohort_findings_are_stated_as_associations(key: str) -> None:
    t = ALL_TEMPLATES[key]
    cohort = {"rahmani2022", "burgers2011", "svensson2012"} & set(t.citations)
    if cohort:
        assert "associat" in t.text.lower(), key


def test_lifestyle_notes_carry_an_evidence_grade_and_cite_seeds_beside_primary_sources() -> None:
    for key, t in ALL_TEMPLATES.items():
        if t.kind == "lifestyle":
            assert t.evidence_grade, key
            seeds = [c for c in t.citations if c.startswith("seed-")]
            primary = [c for c in t.citations if not c.startswith("seed-")]
            assert seeds
            assert primary, key


def test_secondary_sources_are_marked_as_such() -> None:
    for key, t in ALL_TEMPLATES.items():
        kinds = {catalog()[c].kind for c in t.citations if c != REFERENCE_PLACEHOLDER}
        only_secondary = kinds == {"secondary"}
        if only_secondary and t.kind == "context":
            assert t.evidence_grade
            assert "secondary" in t.evidence_grade, key


@pytest.mark.parametrize("key", sorted(GUIDANCE))
def test_guidance_ends_with_a_qualified_professional(key: str) -> None:
    g = GUIDANCE[key]
    last = g.rstrip().split(". ")[-1]
    assert "qualified health professional" in last, key
    assert "does not diagnose" in g
    for phrase in BANNED:
        assert phrase not in g.lower(), (key, phrase)


CASES = [
    {"value": v, "age": a, "sex": s, **extra}
    for v in (5, 40, 100, 140, 190, 260, 400, 1500, "<20", ">1200")
    for a, s in ((45, "male"), (70, "female"), (14, "male"), (0.5, "female"), (45, "unknown"))
    for extra in ({}, {"context": "cancer,pregnancy,oral-estrogen,kidney-disease"}, {"lab_range": "52-328"})
]


@pytest.mark.parametrize("case", CASES)
def test_every_rendered_interpretation_is_safe(case: dict[str, object]) -> None:
    r = igflab.interpret(case.pop("value"), "ng/mL", **case)  # type: ignore[arg-type]
    assert r.guidance
    assert "qualified health professional" in r.guidance
    for n in r.notes:
        low = n.text.lower()
        assert not any(p in low for p in BANNED), n.text
        assert not CAUSAL.search(n.text), n.text
        assert "{" not in n.text  # every template field was filled
    if "cancer" in r.context:
        assert all(n.kind != "lifestyle" for n in r.notes)
        assert any(n.kind == "caution" and "seed-002" in n.citations for n in r.notes)


def test_context_notes_appear_with_their_citations() -> None:
    r = igflab.interpret(100, "ng/mL", age=30, sex="female", context=["oral-estrogen", "pregnancy"])
    ctx = [n for n in r.notes if n.kind == "context"]
    assert [n.citations for n in ctx] == [("hoerenz2022", "myendoconsult"), ("labtests_co_in",)]
    assert "0.43-0.45 SDS" in ctx[0].text  # Hoerenz 2022: beta -0.43 (adults) to -0.45 (adolescents) SDS
    assert ctx[1].evidence_grade == "secondary source"


def test_cancer_context_withholds_raising_notes() -> None:
    r = igflab.interpret(50, "ng/mL", age=45, sex="male", context="cancer")
    kinds = [n.kind for n in r.notes]
    assert "lifestyle" not in kinds
    assert any("leaves out notes about raising IGF-1" in n.text for n in r.notes)
    without = igflab.interpret(50, "ng/mL", age=45, sex="male")
    assert "lifestyle" in [n.kind for n in without.notes]
