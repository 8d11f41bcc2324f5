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
    # five zones' guidance for adults, four for children, and the wording for a treatment (adult, child), a
    # pituitary condition, the transition years, young children, late teens and a child far above the range
    assert len(GUIDANCE) == 17


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


def test_no_template_is_lifestyle_advice_or_cites_a_seed_article() -> None:
    """Clinical review 2026-12, finding 10: raising IGF-1 is not a clinical goal; the popular articles stay
    catalogued in seeds/ only."""
    for key, t in ALL_TEMPLATES.items():
        assert t.kind not in ("lifestyle", "caution"), key
        assert not [c for c in t.citations if c.startswith("seed-")], key
        assert "raise igf-1" not in t.text.lower(), key
    assert not [c for c in catalog() if c.startswith("seed-")]


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
    for extra in ({}, {"context": "cancer,pregnancy,combined-contraceptive,kidney-disease"}, {"lab_range": "52-328"})
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
    assert all(n.kind not in ("lifestyle", "caution") for n in r.notes)
    if "cancer" in r.context:
        assert any(n.kind == "context" and n.citations == ("sklar2018",) for n in r.notes)


def test_context_notes_appear_with_their_citations() -> None:
    r = igflab.interpret(100, "ng/mL", age=30, sex="female", context=["combined-contraceptive", "pregnancy"])
    ctx = [n for n in r.notes if n.kind == "context"]
    assert [n.citations for n in ctx] == [("hoerenz2022",), ("wilson1982",)]
    assert "0.43-0.45 SDS" in ctx[0].text  # Hoerenz 2022: beta -0.43 (adults) to -0.45 (adolescents) SDS
    assert "a third above" in ctx[1].text  # Wilson 1982: third-trimester mean about 33% above the first


# -- every sentence, rendered for every age group (issue: "safe for every age") ------------------------

AGES = (0.1, 0.5, 2, 8, 13, 17, 18, 22, 45, 85)
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
        # a DOI or PMID, or the publisher's page where neither could be confirmed
        return bool(e.authors and e.year and e.title and (e.doi or e.pmid or e.url))
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
                _assert_for_the_person(r, text)
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


def _zone_words(r: igflab.Interpretation) -> str:
    """The zone notes and the guidance: what the result is said to mean."""
    return " ".join([*(n.text for n in r.notes if n.kind == "zone"), r.guidance]).lower()


def _assert_for_the_person(r: igflab.Interpretation, text: str) -> None:
    """The rules of the clinical review 2026-12 (findings 7-12, 27, 28) for every age, context and zone."""
    ctx = set(r.context)
    assert not {n.kind for n in r.notes} & {"lifestyle", "caution"}  # finding 10
    assert not [c for c in r.citations if c.id.startswith("seed-")]
    if ctx & {"gh-therapy", "acromegaly-treatment"}:  # finding 7: a monitoring finding, never the diagnostic threshold
        assert "1.3 times the upper limit for age as its threshold" not in text
    if "gh-therapy" in ctx:  # never the HU tier during growth-hormone treatment
        assert r.zone is not igflab.Zone.WELL_ABOVE_REFERENCE
    if "gh-therapy" in ctx:
        assert "acromegaly" not in _zone_words(r)
        assert "puberty" not in r.guidance.lower()
        if r.zone in (igflab.Zone.ABOVE_REFERENCE, igflab.Zone.BELOW_REFERENCE):
            assert "puberty" not in _zone_words(r)
        if r.zone is igflab.Zone.ABOVE_REFERENCE:
            assert "within the reference range for age" in text
    if "acromegaly-treatment" in ctx and r.zone is not igflab.Zone.INDETERMINATE:
        assert "x ULN" in r.notes[1].text or "x ULN" in r.notes[2].text  # after the position note(s)
    if "pregnancy" in ctx:  # finding 27
        assert "threshold for acromegaly" not in text
    if r.age < 8 and r.zone is igflab.Zone.ABOVE_REFERENCE:  # finding 11: no puberty wording in young children
        assert "puberty" not in _zone_words(r)
    if r.age < 1:  # finding 11: the infant caveat
        assert "first year of life" in text
    if r.age < 18 and r.zone is igflab.Zone.ABOVE_REFERENCE:  # finding 12: the far-above tier
        far = any((p.sds if p.sds is not None else (p.zlog or 0.0)) > 3 for p in (r.reference, *r.other_positions))
        assert ("far above" in r.guidance) == (far and not ctx & {"gh-therapy", "acromegaly-treatment"})
    if 18 <= r.age < 25 and r.zone.value.endswith(("third", "within_reference")):  # the transition years
        assert "does not rule out" in r.guidance or "does not exclude" in r.guidance
        assert "needs no action" not in r.guidance
    if "pituitary" in ctx and r.adult and r.zone.value.endswith(("third", "within_reference")):  # finding 9
        assert "does not exclude growth-hormone deficiency" in r.guidance
    if "immunoassay" in r.reference.assay.lower() if r.reference.assay else False:  # finding 28
        assert "biotin" in text
    young = r.age < 10
    said = {w.code for w in r.warnings}
    if ctx & {"pregnancy", "combined-contraceptive", "progestin-contraceptive", "estrogen-replacement"} and young:
        assert "context_mismatch" in said  # finding 21


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


def test_the_adult_band_is_never_a_target_nor_the_zone() -> None:
    t = TEMPLATES["adult_band"].text
    assert "not a target and not the zone" in t
    assert "not adjusted for age" in t
    for key in ("zone_inside", "zone_inside_child"):
        assert "120-160" not in TEMPLATES[key].text  # the zone is the position for age
