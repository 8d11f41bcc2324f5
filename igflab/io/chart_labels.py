"""Labels on the matplotlib charts, placed clear of every line, band edge and bar (:mod:`igflab.io.chart_place`).

The figure is laid out first (``draw_without_rendering``), so the label is placed on the final
geometry; the label is kept out of the layout, so placing it moves nothing else.
"""

from __future__ import annotations

from typing import Any

from .chart_place import Box, free_spot

__all__ = ["obstacles", "place_label", "screen_box"]


def _to_screen(fig: Any, xy: Any) -> list[tuple[float, float]]:
    height = fig.bbox.height
    return [(float(x), float(height - y)) for x, y in xy]


def screen_box(fig: Any, bbox: Any) -> Box:
    """A matplotlib display Bbox as a :class:`Box` (y downwards)."""
    height = fig.bbox.height
    return Box(float(bbox.x0), float(height - bbox.y1), float(bbox.x1), float(height - bbox.y0))


def obstacles(ax: Any) -> list[list[tuple[float, float]]]:
    """Every line drawn in ``ax`` (curves, steps, the lab bar and its end marks) and every patch's outline, in
    screen pixels."""
    fig = ax.figure
    out: list[list[tuple[float, float]]] = []
    for line in ax.lines:
        if not line.get_visible():
            continue
        path = line.get_transform().transform_path(line.get_path())
        pts = _to_screen(fig, path.vertices)
        out.append(pts)
        if line.get_marker() == "_":  # the end marks: short horizontal strokes at each end
            half = line.get_markersize() * fig.dpi / 72 / 2
            out += [[(x - half, y), (x + half, y)] for x, y in (pts[0], pts[-1])]
    for patch in ax.patches:
        if patch.get_visible():
            out.append(_to_screen(fig, patch.get_verts()))
    return out


def place_label(ax: Any, text: str, at: tuple[float, float], gid: str, **style: Any) -> Any:
    """Write ``text`` near the data point ``at`` where it crosses no line nor band edge; returns the annotation,
    or None when no spot is free (the legend names the result anyway)."""
    fig = ax.figure
    fig.draw_without_rendering()  # lay the figure out: the geometry the label is placed on
    probe = ax.annotate(text, at, xytext=(0, 0), textcoords="offset points", **style)
    probe.set_in_layout(False)
    extent = probe.get_window_extent()
    px, py = ax.transData.transform(at)
    point = (float(px), float(fig.bbox.height - py))
    marker = Box(point[0] - 8, point[1] - 8, point[0] + 8, point[1] + 8)
    bounds = screen_box(fig, ax.get_window_extent()).grown(-2.0)
    box = free_spot(point, (extent.width, extent.height), obstacles(ax), bounds, taken=[marker])
    if box is None:
        probe.remove()
        return None
    points_per_px = 72 / fig.dpi
    probe.set_position(((box.left - point[0]) * points_per_px, (point[1] - box.bottom) * points_per_px))
    probe.set_horizontalalignment("left")
    probe.set_verticalalignment("bottom")
    probe.set_gid(gid)
    return probe
