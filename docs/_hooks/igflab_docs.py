"""mkdocs hook: fill generated tables into the pages from the installed igflab package.

A page asks for a table with an HTML comment on a line of its own, e.g.
``<!-- igflab:note-templates -->``. The tables come from the same objects the library
uses (``igflab.text.templates.TEMPLATES``, the reference files, the citation catalog, the CLI
parser), so the documentation cannot drift from the code.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
from collections.abc import Callable
from typing import Any

from igflab.cli.parser import build_parser
from igflab.science.reference_files import ReferenceFile
from igflab.science.references import DEFAULT_REFERENCE, list_references
from igflab.science.zones import Zone
from igflab.text.citations import catalog
from igflab.text.context import CONTEXT_FLAGS
from igflab.text.guidance import GUIDANCE, guidance_for
from igflab.text.templates import TEMPLATES

_MARKER = re.compile(r"^<!-- igflab:([a-z-]+) -->$", re.MULTILINE)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _cites(ids: tuple[str, ...]) -> str:
    return ", ".join(f"[{c}](#{c})" if c != "$reference" else "*the reference in use*" for c in ids)


def note_templates() -> str:
    rows = ["| template | kind | wording | sources | evidence grade |", "|---|---|---|---|---|"]
    for key, t in TEMPLATES.items():
        grade = t.evidence_grade or "see the sources"
        rows.append(f"| `{key}` | {t.kind} | {_cell(t.text)} | {_cites(t.citations)} | {_cell(grade)} |")
    return "\n".join(rows)


def context_flags() -> str:
    rows = ["| flag | also accepted | note added | sources | evidence grade |", "|---|---|---|---|---|"]
    for f in CONTEXT_FLAGS.values():
        aliases = ", ".join(f"`{a}`" for a in f.aliases)
        grade = f.note.evidence_grade or "see the sources"
        rows.append(f"| `{f.id}` | {aliases} | {_cell(f.note.text)} | {_cites(f.note.citations)} | {_cell(grade)} |")
    return "\n".join(rows)


def guidance() -> str:
    rows = ["| zones | guidance |", "|---|---|"]
    for key, text in GUIDANCE.items():
        for adult, who in ((True, "18 years and over"), (False, "under 18")):
            zones = ", ".join(f"`{z.value}`" for z in Zone if guidance_for(z, adult) == text)
            if zones:
                rows.append(f"| {zones} ({who}) | {_cell(text)} |")
                break
        else:
            rows.append(f"| {key} | {_cell(text)} |")
    return "\n".join(rows)


def citations() -> str:
    out = []
    for e in catalog().values():
        link = e.link()
        tail = f" <{link}>" if link else ""
        out.append(f'- <span id="{e.id}"></span>**`{e.id}`** ({e.kind}): {_cell(e.text())}{tail}  ')
        out.append(f"  *Evidence:* {_cell(e.evidence_grade)}")
    return "\n".join(out)


def _reference_block(
    ref_id: str, d: ReferenceFile, coverage: str, method: str, default: str = "", option: bool = True
) -> list[str]:
    c = d.citation
    assay = f" (`--assay {d.assay_ids[0]}`)" if option else ""
    src = f"[doi:{c.doi}](https://doi.org/{c.doi})" if c.doi else _cell(c.journal)
    n = f"{d.n:,}" if d.n else "not stated"
    if d.n_by_sex:
        n += " (" + ", ".join(f"{k} {v:,}" for k, v in d.n_by_sex.items()) + ")"
    return [
        f"### `{ref_id}`{default}",
        "",
        f"**{_cell(d.title)}**",
        "",
        "| | |",
        "|---|---|",
        f"| population | {_cell(d.population)} |",
        f"| n | {n} |",
        f"| assay | {_cell(d.assay)}{assay} |",
        f"| calibrator | {_cell(d.calibrator)} |",
        f"| coverage | {coverage}, {' and '.join(d.sexes)} |",
        f"| method | {method}; interpolation: {d.interpolation} |",
        f"| source | {_cell(c.authors)} ({c.year or 'n.d.'}). {_cell(c.title)}. {_cell(c.journal)}. {src} |",
        f"| provenance | {_cell(d.transcribed_from)} |",
        "",
        "Caveats:",
        "",
        *(f"- {_cell(x)}" for x in d.caveats),
        "",
    ]


def references() -> str:
    out = []
    for r in (r for r in list_references() if r.distribution in ("LMS", "limits")):
        default = " (default)" if r.id == DEFAULT_REFERENCE else ""
        method = (
            "LMS: SDS, centile and the 2.5th-97.5th centile interval"
            if r.is_lms
            else "limits only: the interval and a zlog score"
        )
        out += _reference_block(r.id, r.data, r.coverage_text(), method, default)
    return "\n".join(out)


def panel_tables() -> str:
    out = []
    for r in (r for r in list_references(None) if r.distribution in ("BCCG", "BCPE")):
        d = r.data
        method = (
            f"{d.distribution} (gamlss): SDS = qnorm(p{d.distribution}(value)), centile, 2.5th-97.5th centile interval"
        )
        coverage = f"{r.age_min:g}-{r.age_max:g} years; {d.analyte.name}, unit {d.unit}"
        out += _reference_block(r.id, d, coverage, method, option=False)
    return "\n".join(out)


def cli_help() -> str:
    os.environ.setdefault("COLUMNS", "100")
    parser = build_parser()
    out = []
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in [("igflab", parser), *((f"igflab {k}", v) for k, v in subs.choices.items())]:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            sub.print_help()
        out += [f"#### `{name} --help`", "", "```text", buf.getvalue().rstrip(), "```", ""]
    return "\n".join(out)


GENERATORS: dict[str, Callable[[], str]] = {
    "note-templates": note_templates,
    "context-flags": context_flags,
    "guidance": guidance,
    "citations": citations,
    "references": references,
    "panel-references": panel_tables,
    "cli-help": cli_help,
}


def fill(markdown: str) -> str:
    """Replace every ``<!-- igflab:NAME -->`` line with the generated table NAME."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in GENERATORS:
            raise ValueError(f"unknown generated table {name!r}; known: {', '.join(GENERATORS)}")
        return GENERATORS[name]()

    return _MARKER.sub(one, markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return fill(markdown)
