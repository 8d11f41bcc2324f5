"""The wheel ships the data, and a plain install works from another directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (whl,) = out.glob("igflab-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_every_reference_and_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((ROOT / "reference_ranges").glob("*.json")):
        assert f"igflab/reference_ranges/{path.name}" in names
    assert "igflab/seeds/catalog.json" in names
    assert "igflab/text/citations.json" in names
    assert "igflab/py.typed" in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_wheel_contains_the_pages_templates_and_stylesheet(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "static"):
        for path in sorted((ROOT / "igflab" / "web" / folder).iterdir()):
            assert f"igflab/web/{folder}/{path.name}" in names


@pytest.mark.slow
def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    # igflab comes from the wheel; its dependencies from this test environment, through a .pth file
    # (directories listed in a .pth file are not scanned for further .pth files, so the
    # editable install of the source tree stays invisible).
    site = Path(
        subprocess.check_output(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (site / "test_deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = (
        "import igflab, json, sys; r = igflab.interpret('150 ng/mL', age=45, sex='male'); "
        "print(json.dumps([igflab.__file__, r.zone.value, [x.id for x in igflab.list_references()]]))"
    )
    out = subprocess.run([str(py), "-I", "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True, env=env)
    where, zone, refs = json.loads(out.stdout)
    assert str(ROOT) not in where
    assert zone == "middle_third"
    assert "quest_lcms" in refs
    cli = subprocess.run(
        [str(env_dir / "bin" / "igflab"), "interpret", "150", "ng/mL", "--age", "45", "--sex", "male"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    assert "middle third" in cli.stdout
