"""Notes from templates: fill the fields, resolve the citations, build the :class:`~igflab.text.words.Note`."""

from __future__ import annotations

import functools
from collections.abc import Callable

from igflab._model import trusted

from .compiler import compile_template
from .templates import REFERENCE_PLACEHOLDER, TEMPLATES, NoteTemplate
from .words import Note

__all__ = ["note", "note_of", "render", "renderer"]


@functools.lru_cache(maxsize=512)
def _resolve(cites: tuple[str, ...], reference_citation: str | None) -> tuple[str, ...]:
    out = []
    for c in cites:
        if c == REFERENCE_PLACEHOLDER:
            if reference_citation:
                out.append(reference_citation)
        else:
            out.append(c)
    return tuple(dict.fromkeys(out))


_new_note = trusted(Note)


def note_of(t: NoteTemplate, text: str, reference_citation: str | None) -> Note:
    """The note of template ``t`` with ``text`` filled in; ``$reference`` becomes ``reference_citation``.

    Every note is cited: a template that would leave a note without a source is a defect
    (``Note.citations`` has ``min_length=1``; notes are built without re-validation).
    """
    cites = _resolve(t.citations, reference_citation)
    if not cites:
        raise ValueError(f"the note {text[:40]!r}... has no citation: its template needs the reference's")
    return _new_note({"kind": t.kind, "text": text, "citations": cites, "evidence_grade": t.evidence_grade})


@functools.lru_cache(maxsize=512)
def _checked(key: str, reference_citation: str | None) -> tuple[NoteTemplate, tuple[str, ...]]:
    """Template ``key`` and its resolved citations, checked once (speed: a note per result needs no lookups)."""
    t = TEMPLATES[key]
    return t, note_of(t, t.text, reference_citation).citations


@functools.lru_cache(maxsize=512)
def _static(key: str, reference_citation: str | None) -> Note:
    t = TEMPLATES[key]
    return note_of(t, t.text, reference_citation)


def render(key: str, reference_citation: str | None = None, **fields: str) -> Note:
    """Fill template ``key`` with ``fields``; ``$reference`` becomes ``reference_citation``."""
    if not fields:
        return _static(key, reference_citation)
    return note(key, reference_citation, renderer(key)(**fields))


def note(key: str, reference_citation: str | None, text: str) -> Note:
    """The note of template ``key`` with ``text`` already filled in (see :func:`renderer`)."""
    t, cites = _checked(key, reference_citation)
    return _new_note({"kind": t.kind, "text": text, "citations": cites, "evidence_grade": t.evidence_grade})


def renderer(key: str) -> Callable[..., str]:
    """Template ``key``'s text as a function of its fields (compiled once; see :mod:`.compiler`)."""
    return compile_template(TEMPLATES[key].text)
