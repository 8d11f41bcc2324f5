"""The change wording of a series (clinical review 2026-12, findings 5, 20 and 24)."""

from __future__ import annotations

import igflab
from igflab.text.citations import citation


def test_a_fall_over_20_percent_is_never_usual_variation() -> None:
    """Finding 5: 400 -> 270 ng/mL in 3 months on acromegaly treatment (a 32% fall) was 'may be usual variation'."""
    s = igflab.interpret_series(
        [(400, "ng/mL", "2025-01-15"), (270, "ng/mL", "2025-04-15")],
        sex="male",
        birth_date="1978-03-02",
        context="acromegaly-treatment",
    )
    c = s.changes[0]
    assert c.significant is False  # within the default RCV (-35.3%) ...
    assert "usual variation" in c.note
    assert "not called usual variation" in c.note
    assert "may be usual variation" not in c.note
    assert "may be usual variation" not in s.summary
    rcv = s.notes[0]
    assert "within 20% of the first in 99%" in rcv.text
    assert citation("rosario2010") in s.citations
    # A 10% fall, well inside both, may still be usual variation.
    small = igflab.interpret_series([(400, "ng/mL", 45.0), (360, "ng/mL", 45.25)], sex="male")
    assert "may be usual variation" in small.changes[0].note


def test_the_within_person_cv_is_said_to_be_uncertain_and_the_lab_cva_is_used() -> None:
    """Finding 5: the CVi 15% (Nguyen 2008: 11-21%, all IGF-axis markers, young athletes) was not qualified."""
    s = igflab.interpret_series([(400, "ng/mL", 45.0), (360, "ng/mL", 45.25)], sex="male")
    assert s.rule.within_person.uncertain
    text = s.notes[0].text
    assert "IGF-axis markers together" in text
    assert "young elite athletes" in text
    lab = igflab.interpret_series([(400, "ng/mL", 45.0), (360, "ng/mL", 45.25)], sex="male", cv_analytical=0.03)
    assert lab.rule.analytical.cv == 0.03
    assert lab.rule.analytical.source == "given by the caller"
    assert lab.rule.fall_percent > s.rule.fall_percent  # a smaller CVa: a narrower RCV


def test_a_childs_change_leads_with_sds() -> None:
    """Finding 24: `--previous 90@9.5` at 10 years judged a child's change in raw ng/mL ('may be usual variation')."""
    s = igflab.interpret_series([(90, "ng/mL", 9.5), (120, "ng/mL", 10.0)], sex="female")
    c = s.changes[0]
    a, b = s.results[0].sds, s.results[1].sds
    assert a is not None
    assert b is not None
    assert c.note.startswith(f"IGF-1 went from {a:+.1f} to {b:+.1f} SDS for age ({b - a:+.1f} SDS)")
    assert "usual variation" not in c.note
    assert "uncertain for a child" in c.note
    adult = igflab.interpret_series([(90, "ng/mL", 45.0), (100, "ng/mL", 45.5)], sex="female")
    assert "SDS" not in adult.changes[0].note


def test_child_gh_therapy_note_speaks_of_the_child() -> None:
    """Finding 20: the child GH-therapy series note switched to 'your doctors ... how you are growing'."""
    s = igflab.interpret_series([(150, "ng/mL", 8.0), (220, "ng/mL", 8.5)], sex="male", context="gh-therapy")
    text = s.monitoring[0].note.text
    assert "the child's treating team" in text
    assert "how the child is growing" in text
    for word in ("your", " you "):
        assert word not in text.lower()
