"""Display rounding shared by notes, the terminal and charts (models keep full precision)."""

from __future__ import annotations

__all__ = ["number", "signed"]


def number(x: float) -> str:
    """A concentration for display: 212, 71.7, 8.80; whole numbers without decimals.

    >>> number(211.98), number(71.66), number(8.8), number(52.0)
    ('212', '71.7', '8.80', '52')
    """
    if x >= 100 or x % 1 == 0:  # whole numbers (also ints); False for nan and inf
        return f"{x:.0f}"
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def signed(x: float) -> str:
    """A score with its sign, two decimals; never ``-0.00``.

    >>> signed(0.4936), signed(-0.0004), signed(-2.441)
    ('+0.49', '+0.00', '-2.44')
    """
    text = f"{x:+.2f}"
    return "+0.00" if text == "-0.00" else text
