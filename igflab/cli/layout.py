"""The page layout every human output of the command line shares: the width, wrapping, and the sources.

Text is wrapped to the terminal's width (:func:`terminal_width`: ``COLUMNS``, else the terminal, else
80 columns; at most :data:`MAX_WIDTH`, at least :data:`MIN_WIDTH`). Sources are numbered and named
short by default ("[1] Bidlingmaier 2014"); with ``--sources`` (``--full``) in full, with their links.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence

from igflab.text.citations import catalog
from igflab.text.words import Citation, Note, ResultWarning

from .output import write, write_err

__all__ = [
    "MAX_WIDTH",
    "MIN_WIDTH",
    "flow",
    "is_terminal",
    "labelled",
    "note_lines",
    "short_source",
    "source_lines",
    "terminal_width",
    "text_block",
    "warning_lines",
    "wrap",
    "write_brief",
]

#: The widest lines igflab writes, whatever the terminal (longer lines are hard to read).
MAX_WIDTH = 100
#: The narrowest width text is wrapped to.
MIN_WIDTH = 40
#: The label column of the result's table ("Reference  ...").
LABEL = 11


def terminal_width() -> int:
    """The width to wrap to: ``COLUMNS`` or the terminal's (:func:`shutil.get_terminal_size`), else 80."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns or 80))


def wrap(text: str, width: int, first: str = "", indent: str = "") -> list[str]:
    """``text`` wrapped to ``width`` columns: the first line after ``first``, the others after ``indent``.

    Words are not broken (a link stays whole even where it is wider than the line)."""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def labelled(label: str, text: str, width: int) -> list[str]:
    """One row of the result's table: ``label`` in the label column, ``text`` wrapped beside it."""
    return wrap(text, width, label.ljust(LABEL), " " * LABEL)


def short_source(c: Citation) -> str:
    """A source named short: the first author's surname (or the organisation) and the year.

    >>> from igflab.text.citations import citation
    >>> short_source(citation("bidlingmaier2014"))
    'Bidlingmaier 2014'
    """
    entry = catalog().get(c.id)
    if entry is None:  # not from the catalog: the text up to its first full stop
        head = c.text.split(". ", 1)[0].strip()
        return head if len(head) <= 40 else head[:37].rsplit(" ", 1)[0] + "..."
    who = _first_author(entry.authors) if entry.authors else ""
    if not who:
        who = entry.title if len(entry.title) <= 40 else entry.title[:37].rsplit(" ", 1)[0] + "..."
    return f"{who} {entry.year}" if entry.year else who


def _first_author(authors: str) -> str:
    first = authors.replace(";", ",").split(",")[0].strip()
    words = first.split()
    if len(words) >= 2 and words[-1].isalpha() and words[-1].isupper() and len(words[-1]) <= 4:
        words = words[:-1]  # "Bidlingmaier M" -> "Bidlingmaier"; an organisation keeps its name
    return " ".join(words)


def source_lines(citations: Sequence[Citation], width: int, *, full: bool) -> list[str]:
    """The numbered sources: short names on a few lines, or (``full``) each citation with its link."""
    if not citations:
        return []
    if not full:
        items = [f"[{i}] {short_source(c)}" for i, c in enumerate(citations, 1)]
        lines = flow(items, width, "Sources    ", " " * LABEL)
        return [*lines, *labelled("", "(--sources prints them in full, with links)", width)]
    out = ["Sources"]
    for i, c in enumerate(citations, 1):
        link = f" {c.url}" if c.url and (c.url not in c.text) else ""
        out += wrap(f"{c.text}{link} [{c.evidence_grade}]", width, f"  [{i}] ", "      ")
    return out


def flow(items: Sequence[str], width: int, first: str, indent: str, gap: str = "  ") -> list[str]:
    """``items`` side by side, separated by two spaces (or ``gap``), wrapped between items (never inside one)."""
    lines: list[str] = []
    line = first
    for item in items:
        if line.strip() and len(line) + len(gap) + len(item) > width:
            lines.append(line.rstrip())
            line = indent
        if len(line) + len(item) > width:  # wider than a line on its own: wrapped inside
            *whole, line = wrap(item, width, line, indent + "  ")
            lines += whole
            continue
        line += ("" if line.endswith(" ") or not line else gap) + item
    return [*lines, line.rstrip()]


def note_lines(notes: Sequence[Note], index: dict[str, int], width: int, *, full: bool) -> list[str]:
    """Each note with its source numbers (and, ``full``, its evidence grade)."""
    out: list[str] = []
    for n in notes:
        marks = "".join(f"[{index[c]}]" for c in n.citations if c in index)
        grade = f" (evidence: {n.evidence_grade})" if full and n.evidence_grade else ""
        out += wrap(f"{n.text} {marks}{grade}", width, "  - ", "    ")
    return out


def warning_lines(warnings: Sequence[ResultWarning], width: int) -> list[str]:
    """The warnings, each worth checking, after a blank line (none: no lines)."""
    if not warnings:
        return []
    out = ["", "Warnings"]
    for w in warnings:
        out += wrap(w.message, width, "  ! ", "    ")
    return out


def text_block(
    warnings: Sequence[ResultWarning],
    notes: Sequence[tuple[str, Sequence[Note]]],
    citations: Sequence[Citation],
    guidance: str,
    *,
    width: int,
    full: bool = False,
) -> list[str]:
    """Warnings, each titled group of notes with their source numbers, the sources, the guidance."""
    out = warning_lines(warnings, width)
    index = {c.id: i for i, c in enumerate(citations, 1)}
    for title, group in notes:
        if group:
            out += ["", title, *note_lines(group, index, width, full=full)]
    out += ["", *source_lines(citations, width, full=full)]
    return [*out, "", "Guidance", *wrap(guidance, width, "  ", "  ")]


def is_terminal() -> bool:
    """Whether standard output is a terminal (a person reads it), not a pipe or a file."""
    out = sys.stdout
    return out is not None and out.isatty()


def write_brief(statements: Sequence[str], warnings: Sequence[ResultWarning] = ()) -> None:
    """``--brief``: each statement on its own line (wrapped on a terminal; whole for a script reading a pipe),
    and the warnings, each worth checking, on standard error."""
    if is_terminal():
        statements = ["\n".join(wrap(text, terminal_width())) for text in statements]
    write("".join(text + "\n" for text in statements))
    for message in dict.fromkeys(w.message for w in warnings):
        write_err(f"igflab: check: {message}\n")
