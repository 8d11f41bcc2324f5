"""Clinical context: the flags igflab knows and their accepted spellings.

What each flag adds to an interpretation (its note, with sources) is worded in
:mod:`igflab.text.context`; this module only reads the flags. A spelling that could mean
more than one flag (``pill``: a combined or a progestin-only contraceptive; ``estrogen``:
a contraceptive or hormone replacement) is refused with the flags it could mean: Hörenz
2022 found different effects for each, so igflab asks rather than guesses.
"""

from __future__ import annotations

from typing import Final, get_args

from igflab._types import ContextFlagId
from igflab.errors import ContextError

__all__ = [
    "AMBIGUOUS_CONTEXTS",
    "CONTEXT_ALIASES",
    "CONTEXT_IDS",
    "CONTRACEPTIVE_TABLE_FLAG",
    "NO_HU_FLAGS",
    "TREATMENT_FLAGS",
    "normalise_context",
]

#: The flag ids, in the order their notes are listed.
CONTEXT_IDS: Final[tuple[ContextFlagId, ...]] = get_args(ContextFlagId)

#: The flag that chooses a family's table fitted with contraceptive users (Hörenz 2022 found the effect for
#: estrogen-containing contraceptives only).
CONTRACEPTIVE_TABLE_FLAG: Final[ContextFlagId] = "combined-contraceptive"

#: Treatments followed with IGF-1: a result above the range is a monitoring finding, never the adult
#: "well above" (1.3 x the upper limit) tier of an untreated person.
TREATMENT_FLAGS: Final[frozenset[ContextFlagId]] = frozenset({"gh-therapy", "acromegaly-treatment"})
#: The treatments whose results are never put in the 1.3 x upper-limit tier (a monitoring finding, not the
#: acromegaly threshold); acromegaly under treatment keeps it, read as x ULN, as a series flags it.
NO_HU_FLAGS: Final[frozenset[ContextFlagId]] = frozenset({"gh-therapy"})

#: Accepted spellings of each flag (besides its id).
CONTEXT_ALIASES: Final[dict[ContextFlagId, tuple[str, ...]]] = {
    "pregnancy": ("pregnant",),
    "puberty": ("pubertal", "adolescence"),
    "combined-contraceptive": (
        "combined-pill",
        "combined-oral-contraceptive",
        "coc",
        "estrogen-contraceptive",
        "oestrogen-contraceptive",
    ),
    "progestin-contraceptive": (
        "progestin-only",
        "progestogen-only",
        "progestin-only-pill",
        "progestogen-only-pill",
        "pop",
        "mini-pill",
    ),
    "estrogen-replacement": (
        "oestrogen-replacement",
        "hrt",
        "hormone-replacement",
        "menopausal-hormone-therapy",
    ),
    "gh-therapy": ("growth-hormone", "gh", "somatropin"),
    "acromegaly-treatment": ("acromegaly", "treated-acromegaly"),
    "pituitary": (
        "pituitary-disease",
        "hypothalamic",
        "hypopituitarism",
        "pituitary-surgery",
        "cranial-radiotherapy",
        "head-injury",
    ),
    "cancer": ("past-cancer", "oncology", "malignancy"),
    "fasting": ("malnutrition", "undernutrition", "anorexia", "fasting-malnutrition"),
    "liver-disease": ("liver", "cirrhosis", "hepatic"),
    "kidney-disease": ("kidney", "renal", "ckd"),
    "diabetes": ("uncontrolled-diabetes", "poorly-controlled-diabetes"),
    "hypothyroidism": ("underactive-thyroid",),
    "hyperthyroidism": ("overactive-thyroid",),
    "obesity": ("obese",),
}

_HORMONES: Final = "combined-contraceptive, progestin-contraceptive or estrogen-replacement"
#: Spellings that could mean more than one flag: refused, naming the flags they could mean.
AMBIGUOUS_CONTEXTS: Final[dict[str, str]] = dict.fromkeys(
    (
        "pill",
        "contraceptive",
        "oral-contraceptive",
        "the-pill",
        "oral-estrogen",
        "oral-oestrogen",
        "estrogen",
        "oestrogen",
        "hormones",
        "hormone-therapy",
    ),
    _HORMONES,
)

_LOOKUP: Final[dict[str, ContextFlagId]] = {
    **{a: f for f, aliases in CONTEXT_ALIASES.items() for a in aliases},
    **{f: f for f in CONTEXT_IDS},
}


def normalise_context(flags: object) -> tuple[ContextFlagId, ...]:
    """Canonical context ids from a list or a comma-separated text; unknown or ambiguous flags raise.

    >>> normalise_context("COC, ckd")
    ('combined-contraceptive', 'kidney-disease')
    >>> normalise_context("pill")
    Traceback (most recent call last):
    ...
    igflab.errors.ContextError: context 'pill' could mean more than one thing: give combined-contraceptive, \
progestin-contraceptive or estrogen-replacement
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
            if key in AMBIGUOUS_CONTEXTS:
                raise ContextError(f"context {shown!r} could mean more than one thing: give {AMBIGUOUS_CONTEXTS[key]}")
            raise ContextError(f"unknown context {shown!r}; known: {', '.join(CONTEXT_IDS)}")
        out.append(hit)
    return tuple(dict.fromkeys(out))
