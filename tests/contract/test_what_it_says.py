"""What igflab says agrees with what it computed (clinical review 2026-12, findings 1-4 and 19).

A grid of ages (0.1-94 years), both sexes and values from SDS -4 to +8 on the published
reference, each with and without a laboratory range: the zone and the summary's headline
follow the position for age (the SDS, or the zlog of the laboratory's limits) in every row,
two comparisons that disagree are both said, and every warning of a result is said in its
summary, ``str()``, the FHIR narrative (``Observation.text.div``) and the FHIR interpretation.
"""

from __future__ import annotations

import html
import itertools
import math
import re

import pytest

import igflab
from igflab.science.lms import Z_975
from igflab.science.references import get_reference
from igflab.science.zones import HU_FACTOR, THIRD_Z, Zone
from igflab.text.summary import DISAGREE
from tests.support import run_cli

AGES = (0.1, 0.5, 2.0, 8.0, 13.0, 17.0, 17.99, 18.0, 22.0, 45.0, 65.0, 85.0, 94.0)
SDS = (-4.0, -2.5, -1.5, -0.3, 0.3, 1.5, 2.5, 4.0, 8.0)
SEXES = ("male", "female")
#: The laboratory's range as a multiple of the published limits: the same range, and one shifted down (so the two
#: comparisons disagree for some rows).
LAB_SHIFT = (None, 1.0, 0.6)

#: The headline's words for each zone (the summary says where the result sits, from the zone).
HEADLINE = {
    Zone.BELOW_REFERENCE: "is below",
    Zone.LOWER_THIRD: "is in the lower third of",
    Zone.MIDDLE_THIRD: "is in the middle third of",
    Zone.UPPER_THIRD: "is in the upper third of",
    Zone.ABOVE_REFERENCE: "is above",
    Zone.WELL_ABOVE_REFERENCE: "is well above",
}


def expected_zone(x: float, lower: float, upper: float, z: float, adult: bool) -> Zone:
    """The zone of the position, written independently of igflab.science.zones."""
    if x < lower:
        return Zone.BELOW_REFERENCE
    if x > upper:
        return Zone.WELL_ABOVE_REFERENCE if adult and x > HU_FACTOR * upper else Zone.ABOVE_REFERENCE
    if z < -Z_975 / 3:
        return Zone.LOWER_THIRD
    return Zone.UPPER_THIRD if z > Z_975 / 3 else Zone.MIDDLE_THIRD


def _zlog(x: float, lo: float, hi: float) -> float:
    # Hoffmann 2017: (log x - (log lo + log hi) / 2) * 3.92 / (log hi - log lo)
    return (math.log(x) - (math.log(lo) + math.log(hi)) / 2) * 2 * Z_975 / (math.log(hi) - math.log(lo))


def _near_a_cut(z: float) -> bool:
    return any(abs(abs(z) - c) < 1e-6 for c in (THIRD_Z, Z_975))


ROWS = list(itertools.product(AGES, SEXES, SDS, LAB_SHIFT))


@pytest.mark.parametrize(("age", "sex", "sds", "shift"), ROWS)
def test_zone_and_headline_follow_the_position(age: float, sex: str, sds: float, shift: float | None) -> None:
    ref = get_reference()
    x = float(ref.value_at(sds, age, sex == "female"))
    lab = None
    if shift is not None:
        iv = ref.interval(age, sex)
        lab = (round(iv.lower * shift, 2), round(iv.upper * shift, 2))
    r = igflab.interpret(x, "ng/mL", age=age, sex=sex, lab_range=lab)
    text = r.summary.text
    if lab is None:
        lo, hi, z = r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml, r.sds
        assert z is not None
    else:
        lo, hi = lab
        z = _zlog(x, lo, hi)
    if _near_a_cut(z) or r.zone is Zone.INDETERMINATE:
        return
    assert r.zone is expected_zone(x, lo, hi, z, age >= 18), (r.zone, z)
    codes = {w.code for w in r.warnings}
    if DISAGREE in codes:  # the headline says both comparisons
        assert " but " in text
        assert "ask whether the laboratory's range is for this age" in text
    else:
        assert HEADLINE[r.zone] in text, text
    # the adult band is context from 40 years (IGF-1), never the zone
    assert (r.adult_band is not None) == (age >= 40)


def _every_channel(r: igflab.Interpretation, value: tuple[str, str], kwargs: dict[str, object]) -> dict[str, str]:
    fhir = igflab.to_fhir(r)
    interp = " ".join(c.get("text", "") for c in fhir.get("interpretation", []))
    args = [*value, "--brief"]
    for k, v in kwargs.items():
        shown = f"{v[0]}-{v[1]}" if isinstance(v, tuple) else str(v)
        args += [f"--{k.replace('_', '-')}", shown]
    brief = run_cli("interpret", *args)
    assert brief.returncode == 0, brief.stderr
    card = pytest.importorskip("igflab.web.cds_card")
    answer = card.result_card(r, None, {}, card.CardFacts("final"), "http://127.0.0.1", "k")
    assert answer["indicator"] in ("warning", "critical") or not r.warnings
    return {
        "summary": r.summary.text,
        "str": str(r),
        "--brief": " ".join(brief.stdout.split()),
        "fhir text.div": html.unescape(re.sub(r"<[^>]+>", "", fhir["text"]["div"])),
        "card detail": answer["detail"].replace("\\", ""),  # Markdown escapes taken out
        "fhir interpretation": interp,
    }


WARNED = [
    pytest.param(("10.7", "ng/mL"), {"age": 65, "sex": "female"}, id="low-value-65"),
    pytest.param(("1000", "ng/mL"), {"age": 45, "sex": "male"}, id="extreme-sds"),
    pytest.param(("150,5", "ng/mL"), {"age": 45, "sex": "male"}, id="decimal-comma"),
    pytest.param(("98", "ug/L"), {"age": 16, "sex": "male", "lab_range": (84, 270)}, id="lab-disagrees"),
    pytest.param(("12", "nmol/L"), {"age": 45, "sex": "male", "lab_range": (70, 230)}, id="lab-doubtful"),
    pytest.param(("149.5", "ng/mL"), {"age": "2w", "sex": "unknown"}, id="sexes-disagree"),
    pytest.param(
        ("150", "ng/mL"),
        {"age": 45, "sex": "male", "assay": "lcms", "reference": "bidlingmaier2014_idsisys"},
        id="assay",
    ),
]


@pytest.mark.parametrize(("value", "kwargs"), WARNED)
def test_every_warning_reaches_every_channel(value: tuple[str, str], kwargs: dict[str, object]) -> None:
    r = igflab.interpret(*value, **kwargs)  # type: ignore[arg-type]
    channels = _every_channel(r, value, kwargs)
    for channel, text in channels.items():
        for w in r.warnings:
            if w.code == DISAGREE:
                if channel != "fhir interpretation":
                    assert " but " in text, (channel, text)
                assert " but " in channels["fhir interpretation"]
            elif channel != "fhir interpretation":
                assert w.message in text, (channel, w.code, text)
        if r.warnings and channel != "fhir interpretation":
            assert text.startswith("Please check the input first") or " but " in text, (channel, text)


def test_review_examples_as_printed() -> None:
    """The four examples of issue 23 "Done when", each failing on the old main."""
    boy = igflab.interpret(98, "ug/L", age=16, sex="male", lab_range=(84, 270))
    assert "inside the laboratory's printed range" in boy.summary.text
    assert "but below the published range for boys aged 16 years" in boy.summary.text
    assert "SDS -2.88" in boy.summary.text
    assert [w.code for w in boy.warnings] == [DISAGREE]
    woman = igflab.interpret(90, "ng/mL", age=85, sex="female")
    assert "is in the middle third of the usual range for women aged 85 years" in woman.summary.text
    assert woman.adult_band == "below"  # context in its own field and note, never in the headline
    assert "120-160" not in woman.summary.text
    man = igflab.interpret(150, "ng/mL", age=18, sex="male")
    assert "is in the lower third of the usual range for men aged 18 years" in man.summary.text
    assert "at the 3rd centile" in man.summary.text
    assert "120-160" not in man.summary.text


def test_indeterminate_is_could_not_be_placed_never_at_the_edge() -> None:
    """Finding 19: "at the edge of the usual range" was said of results that could not be placed at all."""
    from igflab.text.zones import ZONE_LABEL, ZONE_PLAIN, ZONE_WORDS

    for words in (ZONE_PLAIN, ZONE_LABEL, ZONE_WORDS):
        assert "edge" not in words[Zone.INDETERMINATE]
        assert "limit" not in words[Zone.INDETERMINATE]
    doubtful = igflab.interpret(12, "nmol/L", age=45, sex="male", lab_range=(70, 230))
    assert doubtful.zone is Zone.INDETERMINATE
    assert "could not be placed in one zone" in doubtful.summary.text
    censored = igflab.interpret("<25 ng/mL", age=1, sex="male", reference="quest_lcms")
    assert "could be below or inside the usual range for boys aged 12 months" in censored.summary.text
    assert "at the limit of" not in " ".join(n.text for n in censored.notes)


def test_every_figure_is_in_the_unit_typed() -> None:
    """Finding 5: a result typed in nmol/L was explained in ng/mL in the notes; IGFBP-3 in mg/L as "4100 ng/mL"."""
    r = igflab.interpret(19.6, "nmol/L", age=45, sex="male")
    position = next(n.text for n in r.notes if n.kind == "position")
    assert position.startswith("19.6 nmol/L (150 ng/mL) is at the 69th centile")
    assert "9.37-27.7 nmol/L (71.7-212 ng/mL)" in position
    band = next(n.text for n in r.notes if n.kind == "u_curve")
    assert "15.7-20.9 nmol/L (120-160 ng/mL)" in band
    bp3 = igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3")
    assert "4100" not in " ".join(n.text for n in bp3.notes)
    assert "2.43-5.92 mg/L" in bp3.notes[0].text


def test_a_laboratory_range_is_never_said_to_be_for_this_age() -> None:
    """The laboratory's printed range is often not age-specific: its guidance and zone note name it as printed."""
    r = igflab.interpret(98, "ug/L", age=16, sex="male", lab_range=(84, 270))
    assert "the laboratory's printed range" in r.guidance
    assert "for the child's age and sex. A result" not in r.guidance
    low = igflab.interpret(40, "ng/mL", age=45, sex="female", lab_range=(52, 328))
    zone = next(n.text for n in low.notes if n.kind == "zone")
    assert zone.startswith("The result is below the lower limit of the laboratory's printed range.")
