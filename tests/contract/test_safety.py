"""Safety review of every sentence igflab can emit (templates, context notes, guidance)."""

from __future__ import annotations

import re
import string
from pathlib import Path

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
    assert len(GUIDANCE) == 9  # five zones' guidance for adults, four for children


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
        assert any(n.kind == "context" and n.citations == ("sklar2018",) for n in r.notes)
        if r.age >= 40 and r.zone is not igflab.Zone.WELL_ABOVE_REFERENCE:  # the ages the cohorts covered
            assert any(n.kind == "caution" and "seed-002" in n.citations for n in r.notes)


def test_context_notes_appear_with_their_citations() -> None:
    r = igflab.interpret(100, "ng/mL", age=30, sex="female", context=["oral-estrogen", "pregnancy"])
    ctx = [n for n in r.notes if n.kind == "context"]
    assert [n.citations for n in ctx] == [("hoerenz2022",), ("wilson1982",)]
    assert "0.43-0.45 SDS" in ctx[0].text  # Hoerenz 2022: beta -0.43 (adults) to -0.45 (adolescents) SDS
    assert "a third above" in ctx[1].text  # Wilson 1982: third-trimester mean about 33% above the first


def test_cancer_context_withholds_raising_notes() -> None:
    r = igflab.interpret(50, "ng/mL", age=45, sex="male", context="cancer")
    kinds = [n.kind for n in r.notes]
    assert "lifestyle" not in kinds
    assert any("leaves out notes about raising IGF-1" in n.text for n in r.notes)
    without = igflab.interpret(50, "ng/mL", age=45, sex="male")
    assert "lifestyle" in [n.kind for n in without.notes]


# -- every sentence, rendered for every age group (issue: "safe for every age") ------------------------

AGES = (0, 2, 8, 12, 15, 17, 18, 45, 85)
#: Words that state a verdict about the person; igflab attributes thresholds, it never applies them.
VERDICTS = ("confirms", "confirm the", "diagnosis of", "diagnosed", "you have", "you are ")
LITERATURE = {"guideline", "consensus", "meta-analysis", "cohort", "reference-study", "method", "review"}
_SOURCE_FILES = [
    *Path(igflab.__file__).parent.rglob("*.py"),
    *Path(igflab.__file__).parent.parent.joinpath("reference_ranges").glob("*.json"),
]


def _values(age: float, sex: str) -> list[object]:
    """Values that land in every zone for this person (from the default reference's interval)."""
    r = igflab.interpret(100, "ng/mL", age=age, sex=sex)
    lo, hi = r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml
    mid = (lo * hi) ** 0.5
    out: list[object] = [lo * 0.6, mid, hi * 1.1, hi * 1.6, f"<{lo * 0.9:.0f}", f">{hi * 1.5:.0f}", f"<{mid:.0f}"]
    out += [v for v in (110, 140, 180) if lo <= v <= hi]
    return out


def _sentences(r: igflab.Interpretation) -> list[str]:
    """Every sentence a person is shown for one result: notes, guidance, warnings, summary and FHIR text."""
    obs = igflab.to_fhir(r)
    # The FHIR notes end with the numbered sources: their titles are the authors' words, not igflab's.
    fhir = [obs["text"]["div"], *(n["text"] for n in obs.get("note", []) if not re.match(r"\[\d+\] ", n["text"]))]
    fhir += [i.get("text", "") for i in obs.get("interpretation", [])]
    return [*(n.text for n in r.notes), r.guidance, *(w.message for w in r.warnings), str(r), *fhir]


def _verified(cid: str) -> bool:
    e = catalog()[cid]
    if e.kind in LITERATURE:
        return bool(e.authors and e.year and e.title and (e.doi or e.pmid))
    if e.kind in {"laboratory", "database"}:
        return bool(e.authors and e.title and e.url)
    return cid.startswith("seed-")  # a seed article: described in seeds/catalog.json, cited beside primary sources


@pytest.mark.parametrize("age", AGES)
def test_every_sentence_for_every_age_sex_zone_and_context_is_safe(age: float) -> None:
    child = age < 18
    seen_zones = set()
    for sex in ("male", "female"):
        for value in _values(age, sex):
            for context in (None, *([c] for c in CONTEXT_FLAGS)):
                r = igflab.interpret(value, "ng/mL", age=age, sex=sex, context=context)
                seen_zones.add(r.zone)
                text = " ".join(_sentences(r)).lower()
                assert not any(v in text for v in VERDICTS), (age, sex, value, context, text)
                assert not any(p in text for p in BANNED), (age, sex, value, context)
                assert "qualified health professional" in r.guidance
                cited = {c for n in r.notes for c in n.citations}
                assert all(_verified(c) for c in cited), [c for c in cited if not _verified(c)]
                assert {c.id for c in r.citations} == cited
                if child:
                    _assert_for_a_child(r, text)
                else:
                    assert "paediatric" not in r.guidance
    # children: below, within, above, indeterminate; adults also well above and the mid-range zones
    assert len(seen_zones) >= (4 if child else 6), seen_zones


def _assert_for_a_child(r: igflab.Interpretation, text: str) -> None:
    # Rule 1: no adult lifestyle text, no seed or popular article, no adult cohort notes.
    assert not {n.kind for n in r.notes} & {"lifestyle", "u_curve", "caution"}
    assert not [c for n in r.notes for c in n.citations if catalog()[c].kind == "secondary"]
    # Rule 2: the adult acromegaly consensus (1.3 x the upper limit) is neither quoted nor applied.
    assert "1.3 times" not in text
    assert r.zone is not igflab.Zone.WELL_ABOVE_REFERENCE
    assert "giustina2024" not in {c for n in r.notes if n.kind == "zone" for c in n.citations}
    # Rule 3: never reassured when growth is the question; the next step is the child's doctor.
    assert "needs no action" not in text
    assert "child's doctor" in r.guidance
    if r.zone is igflab.Zone.WITHIN_REFERENCE:
        assert "does not rule out" in text


def test_every_catalog_entry_is_verified_and_cited() -> None:
    """Authors, title, year and DOI or PMID for literature; publisher and address for laboratories and
    databases; seed articles only as the project's own catalog. Every entry is cited by something."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in _SOURCE_FILES)
    for cid in catalog():
        assert _verified(cid), cid
        assert f'"{cid}"' in sources, f"{cid} is cited by nothing"


def test_no_note_rests_on_a_secondary_source_alone() -> None:
    for key, t in ALL_TEMPLATES.items():
        kinds = {"reference-study" if c == REFERENCE_PLACEHOLDER else catalog()[c].kind for c in t.citations}
        assert kinds - {"secondary"}, key


def test_the_cancer_caution_says_what_svensson_2012_found() -> None:
    # Svensson 2012 (MrOS Sweden): quintile 1 and quintile 5 each associated with higher cancer mortality.
    t = TEMPLATES["caution_growth_axis"].text
    assert "both the lowest and the highest" in t
    assert "associated" in t


def test_the_adult_band_is_never_a_target_nor_the_zone() -> None:
    t = TEMPLATES["adult_band"].text
    assert "not a target and not the zone" in t
    assert "not adjusted for age" in t
    for key in ("zone_inside", "zone_inside_child"):
        assert "120-160" not in TEMPLATES[key].text  # the zone is the position for age
