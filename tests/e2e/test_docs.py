"""The documentation is checked against the code, so it cannot drift.

* docs/cli.md names every command and every flag that ``--help`` shows;
* the generated tables (docs/_hooks/igflab_docs.py) hold every note template, context
  flag, guidance text, source and reference;
* every ``igflab ...`` command in the quickstart and the CLI page runs, and every Python
  block in the quickstart and the API page runs;
* the numbers quoted in the method page and the FAQ are the numbers the code computes;
* ``mkdocs build --strict`` passes.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import igflab
from igflab.cli.parser import build_parser
from igflab.science.references import list_references
from igflab.text.citations import catalog
from igflab.text.context import CONTEXT_FLAGS
from igflab.text.guidance import GUIDANCE
from igflab.text.templates import TEMPLATES
from tests.support import ROOT, load_module, run_cli_process

DOCS = ROOT / "docs"
PAGES = ["index.md", "quickstart.md", "cli.md", "api.md", "method.md", "references.md", "safety.md", "faq.md"]
FLAG = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@cache
def hooks() -> ModuleType:
    return load_module(DOCS / "_hooks" / "igflab_docs.py", "igflab_docs_hooks")


def rendered(name: str) -> str:
    """The page as mkdocs sees it after the hook filled the generated tables."""
    return str(hooks().fill(page(name)))


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (subs,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(subs.choices)


def help_text(*args: str) -> str:
    p = run_cli_process(*args, "--help", env={"COLUMNS": "200"})
    assert p.returncode == 0, p.stderr
    return p.stdout


def code_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def test_every_page_exists_and_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in [*PAGES, "performance.md", "embedding.md"]:
        assert f": {name}" in nav, name
    for name in PAGES:
        assert page(name).startswith("# "), name


@pytest.mark.parametrize("command", ["", *subcommands()])
def test_cli_page_names_every_flag_in_help(command: str) -> None:
    doc = page("cli.md")
    args = [command] if command else []
    if command:
        assert f"## `igflab {command}`" in doc, f"docs/cli.md has no section for 'igflab {command}'"
    flags = set(FLAG.findall(help_text(*args)))
    assert "-h" in flags
    missing = sorted(f for f in flags if f"`{f}" not in doc and f"{f} " not in doc)
    assert not missing, f"docs/cli.md does not mention {missing} of 'igflab {command} --help'"


def test_cli_page_flags_exist() -> None:
    """The reverse: every flag documented for a command is one the command accepts."""
    doc = page("cli.md")
    subs = subcommands()
    for name, sub in subs.items():
        section = doc.split(f"## `igflab {name}`", 1)[1].split("\n## ", 1)[0]
        accepted = {o for a in sub._actions for o in a.option_strings}
        documented = set(re.findall(r"^\| `(--?[A-Za-z][\w-]*)", section, flags=re.MULTILINE))
        documented |= set(re.findall(r", `(--?[A-Za-z][\w-]*)", section))
        if accepted - {"-h", "--help"}:
            assert documented, name
        assert documented <= accepted, (name, sorted(documented - accepted))


def test_generated_cli_help_covers_every_command() -> None:
    text = rendered("cli.md")
    for name in subcommands():
        assert f"#### `igflab {name} --help`" in text
    assert "<!-- igflab:" not in text


def test_method_page_lists_every_note_context_flag_guidance_and_source() -> None:
    text = rendered("method.md")
    assert "<!-- igflab:" not in text
    for key, t in TEMPLATES.items():
        assert f"| `{key}` | {t.kind} |" in text, key
    for flag in CONTEXT_FLAGS:
        assert f"| `{flag}` |" in text, flag
    for g in GUIDANCE.values():
        assert " ".join(g.split()) in text
    cited = {c for t in TEMPLATES.values() for c in t.citations if not c.startswith("$")}
    for cid in catalog():
        assert f'<span id="{cid}"></span>' in text, cid
    assert cited <= set(catalog())


def test_reference_page_describes_every_reference() -> None:
    text = rendered("references.md")
    assert "<!-- igflab:" not in text
    for r in list_references():
        d = r.data
        assert f"### `{r.id}`" in text
        for fact in (d.population, d.assay, d.calibrator, r.coverage_text(), d.transcribed_from, *d.caveats):
            assert " ".join(fact.split()).replace("|", "\\|") in text, (r.id, fact)


def test_method_worked_example_matches_the_code() -> None:
    # Bidlingmaier 2014 (IDS-iSYS) male knots 43 and 48 years, as quoted on the page.
    text = " ".join(page("method.md").split())
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    _l, m, s = igflab.get_reference(None).lms_at(45, "male")
    assert f"M = {m:.2f} ng/mL" in text
    assert f"S = {s:.5f}" in text
    assert f"{r.sds:+.2f}, the {r.centile:.1f}th centile" in text
    assert f"{r.reference.lower_ng_per_ml:.1f}-{r.reference.upper_ng_per_ml:.0f} ng/mL" in text
    lab = igflab.interpret(60, "ng/mL", age=45, sex="male", lab_range="52-328")
    assert f"gives zlog {lab.zlog:.2f}".replace("-", "−") in text


def test_faq_numbers_match_the_code() -> None:
    text = " ".join(page("faq.md").split())
    for ref_id, shown in (("bidlingmaier2014_idsisys", "{:.1f}-{:.0f}"), ("isojima2012_japan", "{:.1f}-{:.1f}")):
        iv = igflab.get_reference(ref_id).interval(45, "male")
        assert shown.format(iv.lower, iv.upper) + " ng/mL" in text, ref_id
    quest = igflab.get_reference("quest_lcms").interval(45, "male")
    assert f"{quest.lower:.0f}-{quest.upper:.0f} ng/mL" in text
    teen = igflab.get_reference(None).interval(15, "female")
    assert f"interval at 15 years is {teen.lower:.0f}-{teen.upper:.0f} ng/mL" in text
    for age, median in ((12, 263), (15, 300), (17, 285)):
        assert round(igflab.get_reference(None).interval(age, "female").median or 0) == median
    assert f"19.6 nmol/L = {19.6 * 7.649:.1f} ng/mL" in text


def commands_in(*names: str) -> list[list[str]]:
    out = []
    for name in names:
        for block in code_blocks(page(name), "bash"):
            out += [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("igflab ")]
    return out


DOC_COMMANDS = commands_in("quickstart.md", "cli.md", "index.md")


@pytest.mark.parametrize("args", DOC_COMMANDS, ids=[" ".join(a)[:60] for a in DOC_COMMANDS])
def test_documented_command_runs(args: list[str], tmp_path: Path) -> None:
    if "chart" in args:
        pytest.importorskip("matplotlib")
    p = run_cli_process(*args, env={"MPLBACKEND": "Agg"}, cwd=tmp_path)  # this repository's code
    assert p.returncode == 0, p.stderr
    if "-o" in args:
        out = tmp_path / args[args.index("-o") + 1]
        head = out.read_bytes()[:8]
        assert head == b"\x89PNG\r\n\x1a\n" if out.suffix == ".png" else head.startswith(b"<?xml")


def test_quickstart_gets_from_install_to_a_chart() -> None:
    text = page("quickstart.md")
    steps = [text.index(h) for h in ("## 1. Install", "## 2. A first", "## 3. A first batch", "## 4. A first chart")]
    assert steps == sorted(steps)
    assert "pip install '.[plot]'" in text
    assert ["chart", "150", "ng/mL", "--age", "45", "--sex", "male", "-o", "chart.png"] in DOC_COMMANDS


PYTHON_PAGES = ["quickstart.md", "api.md"]


@pytest.mark.parametrize("name", PYTHON_PAGES)
def test_documented_python_runs(name: str, tmp_path: Path) -> None:
    """The page's Python blocks, run in order in one interpreter as a reader would."""
    blocks = code_blocks(page(name), "python")
    assert blocks, name
    code = "\n".join(blocks)
    if "plot" in code or "matplotlib" in code:
        pytest.importorskip("matplotlib")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}  # this repository's code
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False
    )
    assert p.returncode == 0, f"{name}:\n{p.stderr[-2000:]}"
    assert "Traceback" not in p.stderr


def test_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docs/quickstart.md", "docs/cli.md", "docs/method.md", "docs/safety.md"):
        assert f"({name})" in readme, name


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    p = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    html = (tmp_path / "site" / "method" / "index.html").read_text(encoding="utf-8")
    for key in TEMPLATES:  # the generated table of note templates reached the built page
        assert f"<code>{key}</code>" in html, key
