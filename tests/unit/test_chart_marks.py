"""What the charts draw, read back: legends matching the drawing, censored bounds, whole-year ticks, the fan.

Fan values: the Bidlingmaier 2014 IDS-iSYS LMS table (J Clin Endocrinol Metab 2014;99:1712-1721),
X = M (1 + L S z)^(1/L) at z = -8/3, 0, +8/3 for males of 45 years (L 0.4568, M 131.72, S 0.27116):
54.8, 131.7 and 246.0 ng/mL (the 0.4th, 50th and 99.6th centiles).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

import igflab
from igflab.io.chart_style import FAN_SDS, MEDIAN_DASH, SEX_COLOUR
from igflab.io.series_chart import plot_series
from igflab.text.chart_words import SEX_WORDS
from igflab.web.svg import chart_parts

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402

SVG = ""  # the inline SVG has no namespace


def _parts(r: igflab.Interpretation, **kw: Any) -> tuple[ET.Element, ET.Element]:
    svg, legend = chart_parts(r, "ng/mL", **kw)
    return ET.fromstring(svg), ET.fromstring(legend)


def _by_id(root: ET.Element, gid: str) -> ET.Element:
    (found,) = [e for e in root.iter() if e.get("id") == gid]
    return found


@pytest.mark.parametrize("sex", ["male", "female", "unknown"])
def test_page_legend_keys_are_drawn_as_the_chart_draws(sex: str) -> None:
    r = igflab.interpret(40, "ng/mL", age=6, sex=sex)
    chart, legend = _parts(r)
    sexes = ["male", "female"] if sex == "unknown" else [sex]
    items = legend.findall("li")
    medians = [li for li in items if li.get("data-kind") == "median"]
    assert len(medians) == len(sexes)
    for s, li in zip(sexes, medians, strict=True):
        drawn = _by_id(chart, f"median-{s}")
        key = li.find(f"{SVG}svg/{SVG}line")
        assert key is not None
        # The key's colour and dash are the drawn line's: a red dashed female line has a red dashed key.
        assert key.get("stroke") == drawn.get("stroke") == SEX_COLOUR[s]
        assert key.get("stroke-dasharray") == drawn.get("stroke-dasharray")
        assert (drawn.get("stroke-dasharray") is None) == (MEDIAN_DASH[s] == ())
        words = "".join(li.itertext())
        assert ("Solid line" in words) == (MEDIAN_DASH[s] == ())
        assert ("Long-dashed line" in words) == (MEDIAN_DASH[s] != ())
        assert (SEX_WORDS[s] in words) == (sex == "unknown")
    bands = [li for li in items if li.get("data-kind") == "band"]
    for s, li in zip(sexes, bands, strict=True):
        rect = li.find(f"{SVG}svg/{SVG}rect")
        assert rect is not None
        assert rect.get("fill") == _by_id(chart, f"band-{s}").get("fill")
    # A 6-year-old's chart has no adult band, and its legend does not explain one.
    assert not [e for e in chart.iter() if e.get("id") == "adult-mid-range"]
    assert "mid" not in {li.get("data-kind") for li in items}


def test_every_legend_entry_is_drawn_and_every_drawn_element_explained() -> None:
    r = igflab.interpret(150, "ng/mL", age=55, sex="female", lab_range="60-250")
    chart, legend = _parts(r)
    kinds = {li.get("data-kind") for li in legend.findall("li")}
    assert kinds == {"band", "median", "mid", "lab", "result"}
    for gid in ("band-female", "median-female", "adult-mid-range", "lab-range", "result"):
        _by_id(chart, gid)


@pytest.mark.parametrize(("text", "marker", "points_down"), [("<15 ng/mL", "down", True), (">1000 ng/mL", "up", False)])
def test_censored_result_is_a_triangle_pointing_the_way_of_its_bound(text: str, marker: str, points_down: bool) -> None:
    r = igflab.interpret(text, age=70, sex="male")
    chart, legend = _parts(r)
    point = _by_id(chart, "result")
    assert point.tag == f"{SVG}polygon"
    assert point.get("data-marker") == marker
    ys = [float(p.split(",")[1]) for p in (point.get("points") or "").split()]
    tip, base = ys[2], ys[0]
    assert (tip > base) == points_down  # SVG y grows downwards
    (result_key,) = [li for li in legend.findall("li") if li.get("data-kind") == "result"]
    assert "triangle pointing " + ("down" if points_down else "up") in "".join(result_key.itertext())
    label = _by_id(chart, "result-label")
    assert (label.text or "").startswith("your result " + text[0])
    assert "text-decoration" not in ET.tostring(label, encoding="unicode")
    # matplotlib draws the same bound.
    ax = igflab.plot(r, ax=Figure(figsize=(9.6, 6)).add_subplot())
    (res,) = [a for a in ax.get_children() if a.get_gid() == "result"]
    assert res.get_paths()[0].vertices[:, 1].mean() == pytest.approx(
        MarkerStyle("v" if points_down else "^").get_path().vertices[:, 1].mean()
    )


@pytest.mark.parametrize("age", [1, 6, 12.5, 16])
def test_childrens_charts_have_whole_year_ticks_and_no_adult_band(age: float) -> None:
    r = igflab.interpret(150, "ng/mL", age=age, sex="female")
    chart, _legend = _parts(r)
    ticks = [float(t.text or "") for t in chart.iter(f"{SVG}text") if t.get("class") == "age-tick"]
    assert ticks
    assert all(t == int(t) for t in ticks)
    fig = Figure(figsize=(9.6, 6))
    ax = igflab.plot(r, ax=fig.add_subplot())
    fig.draw_without_rendering()
    lo, hi = ax.get_xlim()
    shown = [t for t in ax.get_xticks() if lo <= t <= hi]
    assert shown
    assert all(float(t).is_integer() for t in shown)
    assert not [a for a in ax.get_children() if a.get_gid() == "adult-mid-range"]


def test_fan_has_nine_lines_at_the_published_sds_and_is_off_by_default() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    ax = igflab.plot(r, ax=Figure().add_subplot())
    assert not [a for a in ax.get_children() if str(a.get_gid()).startswith("fan")]
    ax = igflab.plot(r, ax=Figure().add_subplot(), fan=True)
    fan = {a.get_gid(): a for a in ax.get_lines() if str(a.get_gid()).startswith("fan")}
    assert len(fan) == len(FAN_SDS) == 9
    ref = igflab.get_reference(r.reference.id)
    for z in FAN_SDS:
        line = fan[f"fan{z:+.2f}-male"]
        xs, ys = line.get_xdata(), line.get_ydata()
        i = list(xs).index(45.0)
        assert ys[i] == pytest.approx(ref.value_at(z, 45.0, False), rel=1e-9)
    at45 = {
        z: fan[f"fan{z:+.2f}-male"].get_ydata()[list(fan[f"fan{z:+.2f}-male"].get_xdata()).index(45.0)] for z in FAN_SDS
    }
    assert (at45[FAN_SDS[0]], at45[0.0], at45[FAN_SDS[-1]]) == pytest.approx((54.8, 131.7, 246.0), abs=0.05)
    _svg, legend = _parts(r, fan=True)
    assert "fan" in {li.get("data-kind") for li in legend.findall("li")}


def test_fan_is_ignored_for_a_limits_reference() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="female", reference="quest_lcms")
    ax = igflab.plot(r, ax=Figure().add_subplot(), fan=True)
    assert not [a for a in ax.get_lines() if str(a.get_gid()).startswith("fan")]


def _series() -> Any:
    return igflab.interpret_series(
        [
            {"value": 440, "unit": "ng/mL", "collected": "2025-01-10"},
            {"value": 330, "unit": "ng/mL", "collected": "2025-07-10"},
            {"value": 185, "unit": "ng/mL", "collected": "2026-07-10"},
        ],
        sex="male",
        birth_date="1978-03-01",
    )


def test_trend_chart_has_dates_a_legend_entry_per_mark_and_the_short_name() -> None:
    s = _series()
    ax = plot_series(s)
    ref = igflab.get_reference(s.results[-1].interpretation.provenance.published_reference_id)
    assert ref.data.short_name in ax.get_title()
    assert ref.id not in ax.get_title()
    lo, hi = ax.get_xlim()
    first = (date(2025, 1, 10) - date(1970, 1, 1)).days
    assert lo < first < hi  # the x axis is in days (matplotlib dates), not years of age
    assert "date" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    handles = ax.get_legend().legend_handles
    # The two centile lines have different styles in the legend.
    styles = {lab.split(" (")[0]: h.get_linestyle() for lab, h in zip(labels, handles, strict=True)}
    assert styles["upper end of the usual range"] != styles["lower end of the usual range"]
    # Each point colour drawn is explained by a legend entry whose words say where such a result sits.
    drawn = {
        tuple(a.get_color()) if not isinstance(a.get_color(), str) else a.get_color()
        for a in ax.get_lines()
        if str(a.get_gid()).startswith("result-")
    }
    explained = {h.get_color() for h in handles if h.get_marker() in ("o", "v", "^")}
    assert drawn == explained
    for r in s.results:
        assert any(
            igflab.text.summary.where_words(r.interpretation).replace("\n", " ") in " ".join(lab.split())
            for lab in labels
        )


def test_cli_says_the_censored_result_as_typed_and_where_it_sits(tmp_path: Any) -> None:
    import subprocess
    import sys

    out = tmp_path / "x.png"
    code = "import sys; from igflab.cli import main; sys.exit(main(sys.argv[1:]))"
    args = ["chart", "<15 ng/mL", "--age", "70", "--sex", "male", "-o", str(out), "--fan"]
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, check=False)
    assert p.returncode == 0, p.stderr
    r = igflab.interpret("<15 ng/mL", age=70, sex="male")
    assert p.stdout == f"wrote {out}: <15 ng/mL (<1.96 nmol/L), {igflab.text.summary.where_words(r)}\n"
    assert out.stat().st_size > 10_000
