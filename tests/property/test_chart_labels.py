"""Labels never sit on a line or a band edge: for any age, value, sex and lab range, on the page and in matplotlib.

Each drawn line is read back (the SVG's path data; matplotlib's artists in screen pixels) and sampled
densely along every segment; no sample may fall inside the label's box.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import igflab
from igflab.io.chart_place import Box
from igflab.web.svg import PLOT_BOX, chart_svg

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from igflab.io.chart_labels import obstacles, screen_box  # noqa: E402

ages = st.one_of(st.integers(0, 20).map(float), st.floats(0.5, 90.0).map(lambda a: round(a, 1)))
values = st.one_of(st.floats(5.0, 1200.0).map(lambda v: round(v, 1)), st.sampled_from(["<15", ">1000", "<25"]))
sexes = st.sampled_from(["male", "female", "unknown"])


def _samples(line: list[tuple[float, float]], n: int = 40) -> list[tuple[float, float]]:
    out = list(line)
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n)]
    return out


def _strictly_inside(box: Box, pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(x, y) for x, y in pts if box.left < x < box.right and box.top < y < box.bottom]


def _svg_lines(root: ET.Element) -> list[list[tuple[float, float]]]:
    lines: list[list[tuple[float, float]]] = []
    for e in root.iter():
        gid = e.get("id") or ""
        if e.tag == "path" and (gid.startswith(("band-", "median-")) or e.get("class") == "fan"):
            for part in re.split(r"(?=M)", e.get("d", "")):
                pts = [(float(a), float(b)) for a, b in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", part)]
                if pts:
                    lines.append(pts)
        elif e.tag == "line" and gid == "" and e.get("stroke") is None:  # the lab bar's strokes
            lines.append(
                [(float(e.get("x1", 0)), float(e.get("y1", 0))), (float(e.get("x2", 0)), float(e.get("y2", 0)))]
            )
        elif gid == "adult-mid-range":
            x, y, w, h = (float(e.get(k, 0)) for k in ("x", "y", "width", "height"))
            lines.append([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)])
    return lines


def _interpret(value: Any, age: float, sex: str, lab: bool) -> igflab.Interpretation:
    return igflab.interpret(f"{value} ng/mL", age=age, sex=sex, lab_range="80-300" if lab else None)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values, age=ages, sex=sexes, lab=st.booleans(), fan=st.booleans())
def test_page_labels_cross_no_line_nor_band_edge(value: Any, age: float, sex: str, lab: bool, fan: bool) -> None:
    r = _interpret(value, age, sex, lab)
    root = ET.fromstring(chart_svg(r, "ng/mL", fan=fan))
    lines = _svg_lines(root)
    boxes = []
    for e in root.iter("text"):
        if e.get("data-box"):
            box = Box(*(float(v) for v in (e.get("data-box") or "").split()))
            boxes.append(box)
            for line in lines:
                assert not _strictly_inside(box, _samples(line)), (e.get("id"), e.text)
            assert box.inside(PLOT_BOX) or box.bottom <= PLOT_BOX.top  # in the plot, or in the margin above it
    assert any(e.get("id") == "result-label" for e in root.iter("text"))
    for i, a in enumerate(boxes):
        assert not any(a.overlaps(b) for b in boxes[i + 1 :])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values, age=ages, sex=sexes, lab=st.booleans())
def test_matplotlib_label_crosses_no_line_nor_band_edge(value: Any, age: float, sex: str, lab: bool) -> None:
    r = _interpret(value, age, sex, lab)
    fig = Figure(figsize=(9.6, 6.0), dpi=100, layout="constrained")
    ax = igflab.plot(r, ax=fig.add_subplot())
    fig.draw_without_rendering()
    labels = [t for t in ax.texts if t.get_gid() == "result-label"]
    if not labels:  # nowhere free: the legend names the result
        return
    box = screen_box(fig, labels[0].get_window_extent())
    for line in obstacles(ax):
        assert not _strictly_inside(box, _samples(line))
    assert box.inside(screen_box(fig, ax.get_window_extent()))
