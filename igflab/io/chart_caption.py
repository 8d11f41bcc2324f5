"""The caption under a chart (source and the reminder to see a professional), drawn the same way by every chart."""

from __future__ import annotations

from typing import Any

__all__ = ["caption_below"]


def caption_below(ax: Any, text: str) -> None:
    """Write ``text`` in small grey type under the axes (artist id ``"caption"``)."""
    ax.annotate(
        text,
        (0, 0),
        xycoords="axes fraction",
        xytext=(0, -34),
        textcoords="offset points",
        va="top",
        fontsize=7.5,
        color="#444444",
        gid="caption",
    )
