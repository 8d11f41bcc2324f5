"""The citation catalog: the literature igflab's notes rest on, and the seed articles.

The catalog is ``igflab/citations.json`` (one entry per source, with an evidence grade);
the seed articles are described in more detail in ``seeds/catalog.json``. Loaded on
first use and cached.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from igflab.errors import ReferenceDataError

from .words import Citation

__all__ = ["CatalogEntry", "catalog", "citation", "citations"]

_KINDS = frozenset(
    {
        "guideline",
        "consensus",
        "meta-analysis",
        "cohort",
        "reference-study",
        "method",
        "laboratory",
        "database",
        "review",
        "secondary",
    }
)


class CatalogEntry(BaseModel):
    """One entry of ``citations.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: str
    authors: str | None
    year: int | None
    title: str
    source: str | None
    doi: str | None
    pmid: str | None
    url: str | None
    evidence_grade: str
    note: str | None

    def text(self) -> str:
        """The entry as one citation string."""
        parts = []
        head = _short_authors(self.authors)
        if self.year:
            head = f"{head} ({self.year})" if head else f"({self.year})"
        if head:
            parts.append(head)
        parts.append(self.title)
        if self.source:
            parts.append(self.source)
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.pmid:
            parts.append(f"PMID {self.pmid}")
        return ". ".join(p.rstrip(".") for p in parts) + "."

    def link(self) -> str | None:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.url:
            return self.url if "://" in self.url else f"https://{self.url}"
        return None


def _short_authors(authors: str | None, keep: int = 3) -> str:
    """First ``keep`` authors, then "et al." (the catalog keeps the full list)."""
    if not authors:
        return ""
    names = [a.strip() for a in authors.replace(";", ",").split(",") if a.strip()]
    if len(names) <= keep or any(n.startswith("et al") for n in names[:keep]):
        return authors.strip()
    return ", ".join(names[:keep]) + ", et al."


@functools.cache
def catalog() -> dict[str, CatalogEntry]:
    """Every catalog entry by id."""
    path = Path(__file__).with_name("citations.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = [CatalogEntry.model_validate(e) for e in raw]
    except (OSError, ValidationError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"invalid citation catalog: {exc}") from exc
    out: dict[str, CatalogEntry] = {}
    for e in entries:
        if e.id in out:
            raise ReferenceDataError(f"duplicate citation id {e.id!r}")
        if e.kind not in _KINDS:
            raise ReferenceDataError(f"citation {e.id!r} has unknown kind {e.kind!r}")
        out[e.id] = e
    return out


@functools.cache
def citation(cid: str) -> Citation:
    """The :class:`~igflab.text.words.Citation` for an id (cached: citations are immutable)."""
    try:
        e = catalog()[cid]
    except KeyError:
        raise ReferenceDataError(f"unknown citation id {cid!r}") from None
    return Citation(id=e.id, kind=e.kind, text=e.text(), url=e.link(), evidence_grade=e.evidence_grade)


def citations(ids: list[str] | tuple[str, ...]) -> tuple[Citation, ...]:
    """Citations for ids, in first-seen order, without repeats."""
    return _citations(tuple(ids))


@functools.lru_cache(maxsize=1024)
def _citations(ids: tuple[str, ...]) -> tuple[Citation, ...]:
    return tuple(citation(i) for i in dict.fromkeys(ids))
