"""The caption under a chart (source and the reminder to see a professional), drawn the same way by every chart."""

from __future__ import annotations

from typing import Any

__all__ = ["caption_below"]


def caption_below(ax: Any, text: str, under: Any = None) -> None:
    """Write ``text`` in small grey type under the axes, or under the artist ``under`` (the legend) when given
    (artist id ``"caption"``)."""
    ax.annotate(
        text,
        (0, 0),
        xycoords="axes fraction" if under is None else under,
        xytext=(0, -34 if under is None else -6),
        textcoords="offset points",
        va="top",
        fontsize=7.5,
        color="#444444",
        gid="caption",
    )
