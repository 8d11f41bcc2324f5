"""The results-over-time page is checked against the code: its Python runs, its printed
outputs are what the command prints today, and its file commands run from the repository root."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.support import ROOT, run_cli_process

pytestmark = pytest.mark.e2e

PAGE = (ROOT / "docs" / "series.md").read_text(encoding="utf-8")
COMMANDS = [
    shlex.split(line)[1:]
    for block in re.findall(r"^```text\n(.*?)^```", (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), re.M | re.S)
    for line in block.splitlines()
    if line.startswith(("igflab series examples/", "igflab chart --series examples/"))
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli_process(*args, env={"MPLBACKEND": "Agg", "COLUMNS": "120"}, cwd=ROOT)


def test_the_python_on_the_page_runs() -> None:
    (code,) = re.findall(r"^```python\n(.*?)^```", PAGE, flags=re.MULTILINE | re.DOTALL)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("[2.1, 1.6, 1.2, 0.9]\n[None, None, None] D\n4 results over 18 months.")


@pytest.mark.parametrize("name", ["acromegaly.json", "gh_therapy_child.json"])
def test_the_printed_summaries_are_what_the_command_prints(name: str) -> None:
    run = _run("series", f"examples/series/{name}")
    assert run.returncode == 0, run.stderr
    assert "```text\n" + run.stdout.rstrip() + "\n```" in PAGE, f"docs/series.md no longer shows {name} as printed"


def test_the_documented_series_commands_run(tmp_path: os.PathLike[str]) -> None:
    assert len(COMMANDS) == 5
    for documented in COMMANDS:
        if "chart" in documented:
            pytest.importorskip("matplotlib")
        args = [
            str(tmp_path) + "/" + a if a.endswith((".png", ".csv")) and not a.startswith("examples") else a
            for a in documented
        ]
        run = _run(*args)
        assert run.returncode == 0, (args, run.stderr)
