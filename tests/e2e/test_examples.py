"""Every script in examples/ runs, as a reader would run it, so the examples never rot.

Each ``examples/*.py`` is run with this interpreter in an empty temporary directory and must
exit 0. A script that imports an optional package that is not installed (matplotlib,
fhir.resources, fastapi ...) is skipped with the package named. Scripts listed in
``EXPECTED`` must also print the given text and write the given files.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

# What a script must print and write. Numbers: Bidlingmaier 2014 IDS-iSYS reference (childsds
# LMS table), male 45 years: 2.5th-97.5th centile 71.7-212 ng/mL, 150 ng/mL at SDS +0.49;
# 1 nmol/L = 7.649 ng/mL (molar mass 7649 g/mol, UniProt P05019).
EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "one_result.py": (
        (
            "150 ng/mL = 19.6 nmol/L",
            "bidlingmaier2014_idsisys: 71.7-212 ng/mL",
            "SDS +0.49",
            "zone       middle_third (flag N)",
            "qualified health professional",
            "19.6 nmol/L is 149.9 ng/mL: zone middle_third",
            "zone lower_third",
        ),
        (),
    ),
    # The RCV of the project's clinical notes (section 6): CVa 5 %, CVi 15 %: +54.7 % / -35.3 %.
    "results_over_time.py": (
        ("2025-01-15  440 ng/mL  2.12 x ULN", "0.90 x ULN", "first to last: -58% D", "RCV: +54.7% / -35.3%"),
        (),
    ),
    "chart.py": (
        ("wrote igf1_chart.png", "wrote igf1_chart.svg", "wrote two_results.png"),
        ("igf1_chart.png", "igf1_chart.svg", "two_results.png"),
    ),
}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every package the script imports (anywhere in the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def missing_modules(path: Path) -> list[str]:
    out = []
    for name in sorted(imported_modules(path)):
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # a parent package is missing
            found = False
        if not found:
            out.append(name)
    return out


def test_there_are_examples() -> None:
    names = {p.name for p in EXAMPLES}
    assert set(EXPECTED) <= names


def test_the_example_runner_detects_missing_packages(tmp_path: Path) -> None:
    script = tmp_path / "needs.py"
    script.write_text("import json\nfrom no_such_package_here.sub import x\n", encoding="utf-8")
    assert missing_modules(script) == ["no_such_package_here.sub"]


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    writes_into = {"chart.py": (str(tmp_path),)}
    missing = missing_modules(script)
    if missing:
        pytest.skip(f"{script.name} needs {', '.join(missing)} (an optional extra)")
    env = {**os.environ, "MPLBACKEND": "Agg", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    p = subprocess.run(
        [sys.executable, str(script), *writes_into.get(script.name, ())],  # where an example writes files
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert p.returncode == 0, f"{script.name} failed:\n{p.stderr[-3000:]}"
    assert "Traceback" not in p.stderr
    texts, files = EXPECTED.get(script.name, ((), ()))
    for text in texts:
        assert text in p.stdout, f"{script.name}: {text!r} not in its output"
    for name in files:
        out = tmp_path / name
        assert out.is_file(), name
        assert out.stat().st_size > 0, name
        if name.endswith(".png"):
            head = out.read_bytes()[:24]
            assert head[:8] == b"\x89PNG\r\n\x1a\n"
            assert struct.unpack(">II", head[16:24])[0] > 0
