"""Every output sample in README.md and the docs is what the code prints now.

The samples are written by ``docs/_hooks/samples.py`` from the command (or the Python
statements) each names; these tests regenerate each one and compare, so a change of wording
fails here until the samples are written again.
"""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType
from typing import Any

import pytest

from tests.support import ROOT, load_module

FIX = "run `python docs/_hooks/samples.py` to write the samples again, and review the diff"


@cache
def generator() -> ModuleType:
    return load_module(ROOT / "docs" / "_hooks" / "samples.py", "igflab_docs_samples")


def text_of(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def all_samples() -> list[tuple[str, int, Any]]:
    out = []
    for name in generator().FILES:
        for i, s in enumerate(generator().samples(text_of(name))):
            out.append((name, i, s))
    return out


SAMPLES = all_samples()


@pytest.mark.parametrize(("name", "index", "sample"), SAMPLES, ids=[f"{n}#{i}" for n, i, _ in SAMPLES])
def test_sample_is_what_the_code_prints(name: str, index: int, sample: Any) -> None:
    for optional in ("matplotlib", "pandas", "fastapi"):
        if optional in sample.body:
            pytest.importorskip(optional)
    written, now = sample.body, sample.expected()
    assert written == now, (
        f"{name}: sample {index + 1} ({sample.what}) is not what the code prints now; {FIX}.\n"
        f"--- written\n{written}--- now\n{now}"
    )


def test_the_pages_with_output_have_samples() -> None:
    for name in ("README.md", "docs/index.md", "docs/quickstart.md", "docs/cli.md", "docs/api.md", "docs/web.md"):
        assert generator().samples(text_of(name)), f"{name} has no generated sample"
    commands = [s.what for _, _, s in SAMPLES]
    assert "igflab interpret 150 ng/mL --age 45 --sex male" in commands


@pytest.mark.parametrize("name", ["README.md", *(f"docs/{p.name}" for p in sorted((ROOT / "docs").glob("*.md")))])
def test_no_output_block_without_its_command(name: str) -> None:
    """A block showing a command's output (``$ igflab ...``) or a Python session is a generated sample."""
    text = text_of(name)
    marked = {s.start for s in generator().samples(text)}
    for m in re.finditer(r"^```(text|pycon)\n(\$ igflab |>>> )", text, flags=re.MULTILINE):
        line = text[: m.start()].count("\n") + 1
        assert m.end(1) + 1 in marked, f"{name}: the block at line {line} has no sample comment"


def test_a_long_output_is_cut_the_same_way() -> None:
    g = generator()
    assert g.trim("a  \nb\nc\nd\n", 2) == "a\nb\n... (2 more lines)\n"
    assert g.trim("a\nb\nc\n", 2) == "a\nb\nc\n"  # one line more is shown rather than cut
    assert g.trim("a\nb\n", None) == "a\nb\n"


def test_the_generator_rewrites_a_stale_sample() -> None:
    g = generator()
    stale = "x\n<!-- sample: igflab ranges --age 45 --sex female -->\n```text\nold\n```\ny\n"
    fresh = g.regenerate(stale)
    assert "old" not in fresh
    assert fresh.startswith("x\n<!-- sample: igflab ranges --age 45 --sex female -->\n```text\n$ igflab ranges")
    assert fresh.endswith("```\ny\n")
    assert g.regenerate(fresh) == fresh
    session = "<!-- sample: python -->\n```pycon\n>>> 1 + 1\n3\n>>> for i in range(2):\n...     print(i)\n...\n```\n"
    assert g.regenerate(session) == (
        "<!-- sample: python -->\n```pycon\n>>> 1 + 1\n2\n>>> for i in range(2):\n...     print(i)\n...\n0\n1\n```\n"
    )
