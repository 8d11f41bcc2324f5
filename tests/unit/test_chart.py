"""Reference charts: rendered to real files, and read back from the Axes.

Expected curve values come from the Bidlingmaier 2014 IDS-iSYS LMS table (J Clin Endocrinol
Metab 2014;99:1712-1721, parameters as distributed in the R package childsds 0.9.11): centiles
computed from that table with X = M (1 + L S z)^(1/L), z = +/-1.95996, rounded to whole ng/mL:
male 45 years 72 / 132 / 212 ng/mL (P2.5 / P50 / P97.5), female 15 years 127 / 300 / 554 ng/mL.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L
from igflab.io.chart import CHART_SIZE_PX, INSTALL_HINT, reference_curves, save_chart

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Rounded table values (see the module docstring): whole ng/mL, so half a unit of tolerance.
TABLE_TOL = 0.5 + 1e-9


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk must come first)."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, "not a PNG file"
    assert head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def artist(ax: Any, gid: str) -> Any:
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"{gid}: {len(found)} artists"
    return found[0]


def curve_at(ax: Any, gid: str, age: float) -> float:
    """The y of a drawn line at ``age`` (the grid holds the person's age exactly)."""
    line = artist(ax, gid)
    xs, ys = line.get_xdata(), line.get_ydata()
    hits = [i for i, x in enumerate(xs) if x == age]
    assert hits, f"{gid}: age {age} is not on the grid"
    return float(ys[hits[0]])


def result_point(ax: Any) -> tuple[float, float]:
    ((x, y),) = artist(ax, "result").get_offsets()
    return float(x), float(y)


@pytest.fixture
def axes() -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(9.6, 6.0), dpi=100).add_subplot()


def check_common(ax: Any, r: igflab.Interpretation, sex: str) -> None:
    """What every LMS chart must show, read back from the Axes."""
    assert result_point(ax) == pytest.approx((r.age, r.value.ng_per_ml), rel=1e-12)
    for gid, expected in (
        (f"p2.5-{sex}", r.reference.lower_ng_per_ml),
        (f"p50-{sex}", r.reference.median_ng_per_ml),
        (f"p97.5-{sex}", r.reference.upper_ng_per_ml),
    ):
        assert curve_at(ax, gid, r.age) == pytest.approx(expected, rel=1e-9)
    # The curves span the reference's whole age domain.
    ref = igflab.get_reference(r.reference.id)
    xs = artist(ax, f"p97.5-{sex}").get_xdata()
    assert (float(xs[0]), float(xs[-1])) == (ref.age_min, ref.age_max)
    # The reference is named in the title, ng/mL on the left and nmol/L on the right.
    assert ref.data.short_name in ax.get_title()
    assert "ng/mL" in ax.get_ylabel()
    (sec,) = [c for c in ax.child_axes if "nmol/L" in c.get_ylabel()]
    assert sec.get_ylabel().startswith("IGF-1 (nmol/L")
    # The secondary axis converts with the package's factor (1 nmol/L = 7.649 ng/mL).
    ax.figure.draw_without_rendering()  # a secondary axis takes its limits when drawn
    lo, hi = ax.get_ylim()
    assert sec.get_ylim() == pytest.approx((lo / NG_PER_ML_PER_NMOL_PER_L, hi / NG_PER_ML_PER_NMOL_PER_L))
    assert hi > max(r.value.ng_per_ml, r.reference.upper_ng_per_ml)


def test_adult_low_point_sits_below_the_lower_curve(axes: Any) -> None:
    r = igflab.interpret(60, "ng/mL", age=45, sex="male")
    ax = igflab.plot(r, ax=axes)
    assert ax is axes
    check_common(ax, r, "male")
    assert curve_at(ax, "p2.5-male", 45) == pytest.approx(72, abs=TABLE_TOL)
    assert curve_at(ax, "p97.5-male", 45) == pytest.approx(212, abs=TABLE_TOL)
    x, y = result_point(ax)
    assert (x, y) == (45.0, 60.0)
    assert y < curve_at(ax, "p2.5-male", 45)
    assert r.zone is igflab.Zone.BELOW_REFERENCE


def test_adult_band_point_sits_in_the_band_between_median_and_upper(axes: Any) -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    ax = igflab.plot(r, ax=axes)
    check_common(ax, r, "male")
    assert curve_at(ax, "p50-male", 45) == pytest.approx(132, abs=TABLE_TOL)
    x, y = result_point(ax)
    assert (x, y) == (45.0, 150.0)
    assert curve_at(ax, "p50-male", 45) < y < curve_at(ax, "p97.5-male", 45)
    band = artist(ax, "adult-mid-range")
    assert (band.get_x(), band.get_y(), band.get_height()) == (40.0, 120.0, 40.0)  # Rahmani 2022, from 40 years
    assert band.get_x() <= x <= band.get_x() + band.get_width()
    assert band.get_y() <= y <= band.get_y() + band.get_height()


def test_adolescent_point_sits_on_the_median_left_of_the_adult_band(axes: Any) -> None:
    r = igflab.interpret(300, "ng/mL", age=15, sex="female")
    ax = igflab.plot(r, ax=axes)
    check_common(ax, r, "female")
    for gid, table in (("p2.5-female", 127), ("p50-female", 300), ("p97.5-female", 554)):
        assert curve_at(ax, gid, 15) == pytest.approx(table, abs=TABLE_TOL)
    x, y = result_point(ax)
    assert (x, y) == (15.0, 300.0)
    assert y == pytest.approx(curve_at(ax, "p50-female", 15), abs=1.0)
    # The adult 120-160 ng/mL band is context from 40 years, for a person of those ages: not on a child's chart.
    assert not [a for a in ax.get_children() if a.get_gid() == "adult-mid-range"]
    assert r.zone is igflab.Zone.MIDDLE_THIRD


def test_interval_only_reference_draws_the_laboratory_steps(axes: Any) -> None:
    # Quest LC/MS (Cleveland HeartLab test page), 40-49.9 years, both sexes: 52-328 ng/mL.
    r = igflab.interpret(150, "ng/mL", age=45, sex="female", reference="quest_lcms")
    ax = igflab.plot(r, ax=axes)
    upper, lower = artist(ax, "upper-female"), artist(ax, "lower-female")
    assert upper.get_drawstyle() == "steps-post"
    xs = list(upper.get_xdata())
    i = max(k for k, a in enumerate(xs) if a <= 45)
    assert (xs[i], lower.get_ydata()[i], upper.get_ydata()[i]) == (40.0, 52.0, 328.0)
    assert (xs[0], xs[-1]) == (0.0, 120.0)
    assert result_point(ax) == (45.0, 150.0)
    assert not [a for a in ax.get_children() if str(a.get_gid()).startswith("p50")]


def test_lab_range_is_marked_at_the_persons_age(axes: Any) -> None:
    r = igflab.interpret(60, "ng/mL", age=45, sex="male", lab_range="52-328")
    ax = igflab.plot(r, ax=axes)
    lab = artist(ax, "lab-range")
    assert list(lab.get_xdata()) == [45, 45]
    assert list(lab.get_ydata()) == [52.0, 328.0]
    # The published reference is still drawn, as a second opinion.
    assert curve_at(ax, "p2.5-male", 45) == pytest.approx(72, abs=TABLE_TOL)


def test_lab_range_past_the_published_domain_keeps_the_point_in_view(axes: Any) -> None:
    # Bidlingmaier 2014 covers 0-94 years; with a lab range a 100-year-old is still placed, against
    # the lab's range alone: no published curve is drawn for an age it does not cover.
    r = igflab.interpret(80, "ng/mL", age=100, sex="male", lab_range="30-200")
    ax = igflab.plot(r, ax=axes)
    assert result_point(ax) == (100.0, 80.0)
    assert list(artist(ax, "lab-range").get_xdata()) == [100, 100]
    assert not [a for a in ax.get_lines() if str(a.get_gid()).startswith("p97.5")]
    assert "no published reference covers this age" in ax.get_title()
    lo, hi = ax.get_xlim()
    assert lo <= 100.0 < hi


def test_unknown_sex_draws_both_sexes(axes: Any) -> None:
    r = igflab.interpret(150, "ng/mL", age=12, sex="unknown")
    ax = igflab.plot(r, ax=axes)
    from igflab.text.chart_words import SEX_WORDS

    for sex in ("male", "female"):
        label = artist(ax, f"p97.5-{sex}").get_label()
        assert label.endswith(SEX_WORDS[sex])
        assert label.count("(") <= 1  # no "median (male)"-style double parentheses
    # The sexes differ by pattern, not only colour: the female middle line is dashed, the male one solid.
    assert artist(ax, "p50-male").get_linestyle() == "-"
    assert artist(ax, "p50-female").get_linestyle() not in ("-", "solid")


def test_curves_match_the_scalar_intervals_at_every_knot() -> None:
    ref = igflab.get_reference("isojima2012_japan")
    for sex in ("male", "female"):
        c = reference_curves(ref, sex)
        knots = [r.age for r in ref.data.rows[sex]]  # type: ignore[index, union-attr]
        for k in knots:
            i = int((c.ages == k).nonzero()[0][0])
            iv = ref.interval(k, sex)
            assert float(c.lower[i]) == pytest.approx(iv.lower, rel=1e-12)
            assert float(c.upper[i]) == pytest.approx(iv.upper, rel=1e-12)
            assert float(c.median[i]) == pytest.approx(iv.median, rel=1e-12)


LMS_REFERENCES = [r for r in igflab.list_references() if r.is_lms]


@given(
    ref=st.sampled_from(LMS_REFERENCES),
    sex=st.sampled_from(["male", "female"]),
    frac=st.floats(0.0, 1.0),
)
def test_curves_equal_the_scalar_interval_at_any_age(ref: Any, sex: str, frac: float) -> None:
    import numpy as np

    age = ref.age_min + frac * (ref.age_max - ref.age_min)
    iv = ref.interval(age, sex)
    c = reference_curves(ref, sex, include_ages=(age,))
    i = int(np.searchsorted(c.ages, age))
    assert c.ages[i] == age
    assert (float(c.lower[i]), float(c.median[i]), float(c.upper[i])) == pytest.approx(
        (iv.lower, iv.median, iv.upper), rel=1e-12
    )
    assert bool(np.all(c.lower < c.median))
    assert bool(np.all(c.median < c.upper))
    # Between grid points the drawn (straight) segments stay within 0.1 % of the exact curve.
    plain = reference_curves(ref, sex)
    assert float(np.interp(age, plain.ages, plain.upper)) == pytest.approx(iv.upper, rel=1e-3)
    assert float(np.interp(age, plain.ages, plain.lower)) == pytest.approx(iv.lower, rel=1e-3)


def test_png_has_the_expected_size(tmp_path: Path) -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    out = save_chart(r, tmp_path / "chart.png")
    assert png_size(out) == CHART_SIZE_PX == (960, 600)
    out2 = save_chart(r, tmp_path / "small.png", size_px=(640, 400))
    assert png_size(out2) == (640, 400)


def test_svg_is_a_valid_svg_document_of_the_expected_size(tmp_path: Path) -> None:
    r = igflab.interpret(60, "ng/mL", age=45, sex="male")
    out = save_chart(r, tmp_path / "chart.svg")
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # 960 x 600 px at 100 dpi = 9.6 x 6 inches = 691.2 x 432 pt.
    assert root.get("viewBox") == "0 0 691.2 432"
    text = out.read_text(encoding="utf-8")
    assert "Bidlingmaier 2014" in text


def test_unsupported_suffix_is_an_input_error(tmp_path: Path) -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    with pytest.raises(igflab.InputError) as info:
        save_chart(r, tmp_path / "chart.jpg")
    assert info.value.field == "output"


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("not an interpretation", "chart.png"), {}, "interpretation"),
        ((None, "chart.png"), {}, "interpretation"),
        ((igflab.interpret(150, "ng/mL", age=45, sex="male"), 5), {}, "output"),
        ((igflab.interpret(150, "ng/mL", age=45, sex="male"), "chart.png"), {"size_px": (0, 600)}, "size_px"),
        ((igflab.interpret(150, "ng/mL", age=45, sex="male"), "chart.png"), {"size_px": (10**6, 10**6)}, "size_px"),
        ((igflab.interpret(150, "ng/mL", age=45, sex="male"), "chart.png"), {"dpi": 0}, "size_px"),
    ],
)
def test_bad_chart_arguments_are_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[Any, Any], kwargs: dict[str, Any], field: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(igflab.InputError) as info:
        save_chart(*args, **kwargs)
    assert info.value.field == field
    assert not (tmp_path / "chart.png").exists()


def run_cli(*args: str, cwd: Path, pre: str = "") -> subprocess.CompletedProcess[str]:
    code = f"import sys; {pre}from igflab.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


@pytest.mark.parametrize("name", ["chart.png", "chart.svg"])
def test_cli_writes_the_chart(tmp_path: Path, name: str) -> None:
    p = run_cli("chart", "150", "ng/mL", "--age", "45", "--sex", "male", "-o", name, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    assert p.stdout == f"wrote {name}: 150 ng/mL (19.6 nmol/L), {igflab.text.summary.where_words(r)}\n"
    out = tmp_path / name
    if name.endswith(".png"):
        assert png_size(out) == (960, 600)
    else:
        assert ET.parse(out).getroot().tag.endswith("svg")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["chart", "150", "ng/mL", "--age", "45", "--sex", "male", "-o", "chart.jpg"], "output: "),
        (["chart", "150", "ng/mL", "--age", "45", "--sex", "robot", "-o", "chart.png"], "sex: "),
        (["chart", "150", "ng/mL", "--age", "45", "--sex", "male"], "--output"),
    ],
)
def test_cli_bad_chart_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    p = run_cli(*args, cwd=tmp_path)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1
    assert needle in p.stderr
    assert not list(tmp_path.iterdir())


def test_without_matplotlib_cli_says_how_to_install(tmp_path: Path) -> None:
    # A None entry in sys.modules makes "import matplotlib" fail, as when it is not installed.
    block = "sys.modules['matplotlib'] = None; "
    p = run_cli("chart", "150", "ng/mL", "--age", "45", "--sex", "male", "-o", "c.png", cwd=tmp_path, pre=block)
    assert p.returncode == 2
    assert p.stderr == f"igflab: error: {INSTALL_HINT}\n"
    assert "pip install 'igflab[plot]'" in p.stderr
    assert not (tmp_path / "c.png").exists()


def test_without_matplotlib_the_library_raises_import_error() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import igflab\n"
        "r = igflab.interpret(150, 'ng/mL', age=45, sex='male')\n"
        "try:\n    igflab.plot(r)\nexcept ImportError as e:\n    print(e)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert p.stdout.strip() == INSTALL_HINT


def test_import_igflab_does_not_import_matplotlib() -> None:
    code = "import sys, igflab; print('matplotlib' in sys.modules)"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert p.stdout.strip() == "False"


def test_plot_without_axes_makes_a_pyplot_figure() -> None:
    import matplotlib.pyplot as plt

    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    ax = igflab.plot(r)
    try:
        w, h = ax.figure.get_size_inches() * ax.figure.dpi
        assert (round(w), round(h)) == CHART_SIZE_PX
        assert result_point(ax) == (45.0, 150.0)
    finally:
        plt.close(ax.figure)


def test_an_adults_chart_shows_the_adult_years_and_all_ages_on_request(axes: Any) -> None:
    r = igflab.interpret(180, "ng/mL", age=38, sex="female")
    ax = igflab.plot(r, ax=axes)
    assert ax.get_xlim() == (18.0, 94.0)  # Bidlingmaier 2014 runs to 94 years
    # the highest upper limit shown is the one at 18 years, not the pubertal peak (554 ng/mL at 15, females)
    assert ax.get_ylim()[1] < 554
    assert not [a for a in ax.get_children() if a.get_gid() == "adult-mid-range"]  # 38 years: no adult band
    assert "your result: 180 ng/mL (23.5 nmol/L), inside the usual range, in its upper third" in (
        artist(ax, "result").get_label()
    )
    from matplotlib.figure import Figure

    older = igflab.plot(igflab.interpret(180, "ng/mL", age=48, sex="female"), ax=Figure().add_subplot())
    band = artist(older, "adult-mid-range")
    assert band.get_label() == (
        "adult band from pooled studies (40 years and over): context, not a target, 120-160 ng/mL"
    )

    full = igflab.plot(r, ax=Figure().add_subplot(), full_range=True)
    assert full.get_xlim() == (0.0, 94.0)


def test_a_childs_chart_ends_after_puberty(axes: Any) -> None:
    ax = igflab.plot(igflab.interpret(300, "ng/mL", age=12, sex="female"), ax=axes)
    assert ax.get_xlim() == (0.0, 20.0)


def test_the_display_unit_is_the_left_axis(axes: Any) -> None:
    r = igflab.interpret(19.6, "nmol/L", age=45, sex="male")
    ax = igflab.plot(r, ax=axes)
    assert ax.get_ylabel() == "IGF-1 (nmol/L)"
    (sec,) = ax.child_axes
    assert sec.get_ylabel().startswith("IGF-1 (ng/mL")
    ticks = [float(t) for t in ax.get_yticks()]
    labels = [ax.yaxis.get_major_formatter()(t, 0) for t in ticks]
    # ticks sit at round nmol/L values: 10 nmol/L is drawn at 76.49 ng/mL
    assert "10" in labels
    assert ticks[labels.index("10")] == pytest.approx(76.49)
