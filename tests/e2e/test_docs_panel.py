"""The documentation of the BCCG/BCPE tables: generated from the files, and the method's figures and numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from igflab.science import bccg, bcpe, lms
from igflab.science.references import get_reference, list_references
from tests.support import ROOT, load_module

DOCS = ROOT / "docs"


def test_reference_page_describes_every_panel_table() -> None:
    hooks = load_module(DOCS / "_hooks" / "igflab_docs.py", "igflab_docs_hooks_panel")
    text = str(hooks.fill((DOCS / "references.md").read_text(encoding="utf-8")))
    assert "<!-- igflab:" not in text
    for r in [r for r in list_references(None) if r.distribution in ("BCCG", "BCPE")]:
        d = r.data
        assert f"### `{r.id}`" in text
        for fact in (d.population, d.assay, d.calibrator, d.transcribed_from, *d.caveats):
            assert " ".join(fact.split()).replace("|", "\\\\|") in text, (r.id, fact)


def test_method_numbers_match_the_code() -> None:
    text = " ".join((DOCS / "method.md").read_text(encoding="utf-8").split())
    iso = (67.0, 0.524, 0.658)
    low_lms = lms.value_from_sds(-lms.Z_975, (iso[2], iso[0], iso[1]))
    low_bccg = bccg.value_from_sds(-lms.Z_975, iso)
    assert f"12.7 ng/mL instead of {low_lms:.1f}" in text
    assert f"{low_bccg:.1f} ng/mL instead of" in text
    assert f"({100 * (low_bccg / low_lms - 1):.1f} % higher)" in text
    z = lms.sds_from_value(lms.value_from_sds(-2.5, (iso[2], iso[0], iso[1])), (iso[2], iso[0], iso[1]))
    assert z == pytest.approx(-2.5)
    assert f"BCCG SDS {bccg.sds(lms.value_from_sds(-2.5, (iso[2], iso[0], iso[1])), iso):.2f}" in text.replace(
        "SDS −", "SDS -"
    )
    p = get_reference("life2022_igf1").params_at(45.0, False)
    assert f"(tau = {p[3]:.2f})" in text
    lo, hi = bcpe.value_from_sds(-lms.Z_975, p), bcpe.value_from_sds(lms.Z_975, p)
    assert f"{lo:.1f} and {hi:.1f} ng/mL" in text
    lo2, hi2 = bccg.value_from_sds(-lms.Z_975, p[:3]), bccg.value_from_sds(lms.Z_975, p[:3])
    assert f"would give {lo2:.1f} and {hi2:.1f}" in text


def test_the_figures_are_drawn_by_the_script(tmp_path: Path) -> None:
    figures = load_module(DOCS / "_hooks" / "figures.py", "igflab_docs_figures")
    made = figures.main(tmp_path)
    assert [p.name for p in made] == ["bccg_truncation.png", "bcpe_kurtosis.png"]
    for p in made:
        assert p.stat().st_size > 10_000
        assert (DOCS / "img" / p.name).is_file()
        assert f"img/{p.name}" in (DOCS / "method.md").read_text(encoding="utf-8")
