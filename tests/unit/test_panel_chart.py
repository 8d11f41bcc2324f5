"""Charts of IGFBP-3 and LIFE results on their own BCCG/BCPE curves: the one chart renderer, by distribution."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest

import igflab
from igflab.io.chart import reference_curves
from igflab.science.references import get_reference
from tests.support import run_cli

matplotlib.use("Agg")


def test_the_curves_are_the_intervals_the_result_reports() -> None:
    r = igflab.interpret(4.1, "mg/L", age=8.3, sex="female", analyte="igfbp3")
    c = reference_curves(r.reference.id, "female", (8.3,))
    i = int(np.flatnonzero(c.ages == 8.3)[0])
    p = r.reference
    assert (c.lower[i], c.median[i], c.upper[i]) == pytest.approx(
        (p.lower_ng_per_ml, p.median_ng_per_ml, p.upper_ng_per_ml), rel=1e-12
    )
    ref = get_reference(p.id)
    assert (c.ages[0], c.ages[-1]) == (ref.age_min, ref.age_max)
    assert c.method == "BCCG"


def test_plot_draws_the_point_and_the_centiles() -> None:
    r = igflab.interpret(1.0, "mg/L", age=30, sex="male", analyte="igfbp3", reference="life2022")
    ax = igflab.plot(r)
    gids = {a.get_gid() for a in (*ax.lines, *ax.collections)}
    assert {"result", "p2.5-male", "p50-male", "p97.5-male"} <= gids
    assert ax.get_title().startswith("IGFBP-3 1000 ng/mL")
    assert "LIFE 2022 IGFBP-3: 2.5th, 50th and 97.5th centiles" in ax.get_title()
    assert "adult-mid-range" not in {a.get_gid() for a in ax.patches}  # the adult band is IGF-1's
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
    b3 = igflab.interpret("4.1 mg/L", analyte="igfbp3", age=8, sex="female")
    assert run.stdout.endswith(f", {igflab.text.summary.where_words(b3)}\n")
    assert (tmp_path / "c.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_each_result_of_a_panel_is_charted_as_one_result_and_the_panel_itself_is_refused(tmp_path: Path) -> None:
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    for r in (p.igf1, p.igfbp3):  # the panel's results are Interpretations: the one renderer draws them
        assert igflab.save_chart(r, tmp_path / f"{r.analyte}.png").stat().st_size > 10_000
    with pytest.raises(igflab.InputError, match="a panel: chart its igf1 or igfbp3"):
        igflab.save_chart(p, tmp_path / "x.png")  # type: ignore[arg-type]
