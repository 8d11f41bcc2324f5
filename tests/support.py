"""Helpers every test module shares: paths, fixture files, and the one way each runs the command line."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_module(path: Path, name: str) -> ModuleType:
    """A Python file that is not part of a package (an example, a docs hook), imported."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class CliRun(NamedTuple):
    """What one run of the command line gave: its exit code and what it wrote."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str | None = None) -> CliRun:
    """The command line in this process (``igflab.cli.main``), with its own standard streams."""
    from igflab.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's own --help/--version exits
                code = int(exc.code or 0)
    finally:
        sys.stdin = saved
    return CliRun(code, out.getvalue(), err.getvalue())


def run_cli_process(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The command line as a real process (``python -m igflab``): for what only a process shows."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    base.update({"NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "igflab", *args],
        input=stdin,
        capture_output=kwargs.pop("capture_output", "stdout" not in kwargs and "stderr" not in kwargs),
        text=True,
        timeout=120,
        env={**base, **(env or {})},
        check=False,
        **kwargs,
    )


def one_error(run: CliRun | subprocess.CompletedProcess[str], field: str) -> str:
    """The run failed on bad input: exit 2, nothing on stdout, one line (or one JSON object) naming ``field``."""
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    if lines[0].startswith("{"):  # with --input or --json the error is one JSON object
        error = json.loads(lines[0])
        assert set(error) == {"code", "field", "message"}
        assert error["field"] == field, lines[0]
    else:
        assert lines[0].startswith(f"igflab: error: {field}:"), lines[0]
    return lines[0]
