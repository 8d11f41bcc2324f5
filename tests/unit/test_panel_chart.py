"""Charts of IGFBP-3 and LIFE results on their own BCCG/BCPE curves (igflab.io.panel_chart)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest

import igflab
from igflab.io.panel_chart import analyte_curves
from igflab.science.references import get_reference
from tests.support import run_cli

matplotlib.use("Agg")


def test_the_curves_are_the_intervals_the_result_reports() -> None:
    r = igflab.interpret(4.1, "mg/L", age=8.3, sex="female", analyte="igfbp3")
    c = analyte_curves(r.reference_id, "female", (8.3,))
    i = int(np.flatnonzero(c.ages == 8.3)[0])
    assert (c.lower[i], c.median[i], c.upper[i]) == pytest.approx(
        (r.lower_ng_per_ml, r.median_ng_per_ml, r.upper_ng_per_ml), rel=1e-12
    )
    ref = get_reference(r.reference_id)
    assert (c.ages[0], c.ages[-1]) == (ref.age_min, ref.age_max)
    assert c.method == "BCCG"


def test_plot_draws_the_point_and_the_centiles() -> None:
    r = igflab.interpret(1.0, "mg/L", age=30, sex="male", analyte="igfbp3", reference="life2022")
    ax = igflab.plot(r)
    gids = {a.get_gid() for a in (*ax.lines, *ax.collections)}
    assert {"result", "p2.5-male", "p50-male", "p97.5-male"} <= gids
    assert "IGFBP-3" in ax.get_title()
    assert "life2022_igfbp3 (BCPE)" in ax.get_title()
    import matplotlib.pyplot as plt

    plt.close("all")


def test_save_chart_and_the_command_line(tmp_path: Path) -> None:
    r = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=25, sex="female", reference="life2022").igf1
    out = igflab.save_chart(r, tmp_path / "life.png")
    assert out.stat().st_size > 10_000
    run = run_cli(
        "chart", "4.1", "mg/L", "--analyte", "igfbp3", "--age", "8", "--sex", "female", "-o", str(tmp_path / "c.svg")
    )
    assert run.returncode == 0, run.stderr
    assert "zone within_reference (N)" in run.stdout
    assert (tmp_path / "c.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_an_igf1_result_of_the_default_panel_is_charted_from_its_interpretation(tmp_path: Path) -> None:
    r = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male").igf1
    with pytest.raises(igflab.InputError, match="chart its Interpretation"):
        igflab.save_chart(r, tmp_path / "x.png")
