"""Where a chart's label goes: the first free spot around its point, clear of every line and band edge.

Pure geometry on screen coordinates (pixels, y growing downwards as in SVG; matplotlib's display
coordinates are flipped by the caller), used by the page's SVG and by the matplotlib charts alike.
A label is a box; the lines, band edges and bars drawn are polylines; a spot is free when the box
lies inside the plot and crosses no polyline and no box already placed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = ["OFFSETS", "Box", "box_hits_line", "free_spot", "text_width"]

Point = tuple[float, float]


class Box(NamedTuple):
    """A rectangle on screen: left, top, right, bottom (top < bottom)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def inside(self, bounds: Box) -> bool:
        return (
            self.left >= bounds.left
            and self.right <= bounds.right
            and self.top >= bounds.top
            and self.bottom <= bounds.bottom
        )

    def grown(self, pad: float) -> Box:
        return Box(self.left - pad, self.top - pad, self.right + pad, self.bottom + pad)


#: Where a label may sit around its point, in order of preference: (dx, dy) of the box's nearest corner, as
#: multiples of the gap, with the side of the point the box lies on (+1 right/below, -1 left/above).
OFFSETS: tuple[tuple[int, int], ...] = (
    (1, -1),
    (-1, -1),
    (1, 1),
    (-1, 1),
    (0, -1),
    (0, 1),
    (1, 0),
    (-1, 0),
)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous width of ``text`` in pixels at ``size`` px (sans-serif: about 0.6 em a character, 0.66 bold)."""
    return len(text) * size * (0.66 if bold else 0.6)


def _segment_hits(box: Box, a: Point, b: Point) -> bool:
    """Whether the segment a-b crosses or lies in ``box`` (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box.left), (dx, box.right - x0), (-dy, y0 - box.top), (dy, box.bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def box_hits_line(box: Box, line: Sequence[Point]) -> bool:
    """Whether the polyline ``line`` crosses or touches ``box``.

    >>> box_hits_line(Box(0, 0, 10, 10), [(-5, 5), (15, 5)]), box_hits_line(Box(0, 0, 10, 10), [(-5, 20), (15, 20)])
    (True, False)
    """
    if len(line) == 1:
        return _segment_hits(box, line[0], line[0])
    return any(
        _segment_hits(box, line[i], line[i + 1])
        for i in range(len(line) - 1)
        if not (max(line[i][0], line[i + 1][0]) < box.left or min(line[i][0], line[i + 1][0]) > box.right)
    )


def free_spot(
    at: Point,
    size: tuple[float, float],
    lines: Iterable[Sequence[Point]],
    bounds: Box,
    taken: Iterable[Box] = (),
    gap: float = 10.0,
    pad: float = 2.0,
) -> Box | None:
    """The first box of ``size`` (width, height) around ``at`` that is inside ``bounds`` and, grown by ``pad``,
    crosses none of ``lines`` and none of the ``taken`` boxes; None when no spot is free.

    The spots tried are :data:`OFFSETS` at ``gap``, then at two, three and five times it (a label moves
    away from a crowded point rather than sitting on a line).
    """
    w, h = size
    lines = [list(line) for line in lines]
    taken = list(taken)
    for reach in (1.0, 2.0, 3.0, 5.0, 8.0):
        g = gap * reach
        for dx, dy in OFFSETS:
            left = at[0] + g if dx > 0 else at[0] - g - w if dx < 0 else at[0] - w / 2
            top = at[1] + g if dy > 0 else at[1] - g - h if dy < 0 else at[1] - h / 2
            box = Box(left, top, left + w, top + h)
            if not box.inside(bounds):
                continue
            big = box.grown(pad)
            if any(big.overlaps(t) for t in taken) or any(box_hits_line(big, line) for line in lines):
                continue
            return box
    return None
