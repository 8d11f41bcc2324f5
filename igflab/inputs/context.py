"""Clinical context: the flags igflab knows and their accepted spellings.

What each flag adds to an interpretation (its note, with sources) is worded in
:mod:`igflab.text.context`; this module only reads the flags.
"""

from __future__ import annotations

from typing import Final, get_args

from igflab._types import ContextFlagId
from igflab.errors import ContextError

__all__ = ["CONTEXT_ALIASES", "CONTEXT_IDS", "normalise_context"]

#: The flag ids, in the order their notes are listed.
CONTEXT_IDS: Final[tuple[ContextFlagId, ...]] = get_args(ContextFlagId)

#: Accepted spellings of each flag (besides its id).
CONTEXT_ALIASES: Final[dict[ContextFlagId, tuple[str, ...]]] = {
    "pregnancy": ("pregnant",),
    "puberty": ("pubertal", "adolescence"),
    "oral-estrogen": ("oral-oestrogen", "estrogen", "oestrogen", "contraceptive", "oral-contraceptive", "pill"),
    "gh-therapy": ("growth-hormone", "gh", "somatropin"),
    "cancer": ("past-cancer", "oncology", "malignancy"),
    "fasting": ("malnutrition", "undernutrition", "anorexia", "fasting-malnutrition"),
    "liver-disease": ("liver", "cirrhosis", "hepatic"),
    "kidney-disease": ("kidney", "renal", "ckd"),
    "diabetes": ("uncontrolled-diabetes", "poorly-controlled-diabetes"),
    "hypothyroidism": ("underactive-thyroid",),
    "hyperthyroidism": ("overactive-thyroid",),
    "obesity": ("obese",),
}

_LOOKUP: Final[dict[str, ContextFlagId]] = {
    **{a: f for f, aliases in CONTEXT_ALIASES.items() for a in aliases},
    **{f: f for f in CONTEXT_IDS},
}


def normalise_context(flags: object) -> tuple[ContextFlagId, ...]:
    """Canonical context ids from a list or a comma-separated text; unknown flags raise.

    >>> normalise_context("PILL, ckd")
    ('oral-estrogen', 'kidney-disease')
    """
    if flags is None:
        return ()
    if isinstance(flags, str):
        items: list[object] = list(flags.split(","))
    elif isinstance(flags, (list, tuple, set, frozenset)):
        items = list(flags)
    else:
        raise ContextError(f"context must be a list of flags or comma-separated text, got {type(flags).__name__}")
    out: list[ContextFlagId] = []
    for item in items:
        if not isinstance(item, str):
            raise ContextError(f"context flags must be text, got {type(item).__name__}")
        key = item.strip().lower().replace("_", "-").replace(" ", "-")
        if not key:
            continue
        hit = _LOOKUP.get(key)
        if hit is None:
            shown = item.strip() if len(item) <= 40 else item.strip()[:40] + "..."
            raise ContextError(f"unknown context {shown!r}; known: {', '.join(CONTEXT_IDS)}")
        out.append(hit)
    return tuple(dict.fromkeys(out))
