"""Helpers every test module shares: paths, fixture files, and the one way each runs the command line."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from igflab import BatchResult

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


def write_csv(path: Path, rows: list[tuple[str, ...]], header: str) -> Path:
    """A small CSV file: the header, then each row joined by commas (no quoting: test cells hold none)."""
    path.write_text(header + "\n" + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class CliRun(NamedTuple):
    """What one run of the command line gave: its exit code and what it wrote."""

    returncode: int
    stdout: str
    stderr: str


def _igflab() -> Any:
    import igflab

    return igflab


def run_cli(*args: str, stdin: str | None = None) -> CliRun:
    """The command line in this process (``igflab.cli.main``), with its own standard streams."""
    from igflab.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved, columns = sys.stdin, os.environ.get("COLUMNS")
    sys.stdin = io.StringIO(stdin or "")
    os.environ["COLUMNS"] = columns or "80"  # text is wrapped to the terminal: the same width on every machine
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's own --help/--version exits
                code = int(exc.code or 0)
    finally:
        sys.stdin = saved
        if columns is None:
            del os.environ["COLUMNS"]
    return CliRun(code, out.getvalue(), err.getvalue())


def run_cli_process(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The command line as a real process (``python -m igflab``): for what only a process shows."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    base.update({"NO_COLOR": "1", "PYTHONPATH": str(ROOT), "COLUMNS": "80"})
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


def _close(a: float | None, b: float, rel: float = 1e-9) -> bool:
    if a is None:
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def assert_row_matches(
    res: BatchResult,
    i: int,
    row: tuple[Any, ...],
    reference: str | None,
    assay: str | None = None,
    **options: Any,
) -> None:
    """Row ``i`` of a batch is what ``interpret()`` gives for ``row``: numbers, zone, warnings, or the same error.

    ``options``: ``analyte`` and ``context``, as the batch was given them."""
    value, unit, age, sex, lab = row
    try:
        r = _igflab().interpret(
            value, unit, age=age, sex=sex, reference=reference, assay=assay, lab_range=lab, **options
        )
    except _igflab().IgflabError as exc:
        error: Exception | None = exc
    else:
        error = None
    if error is not None:
        assert res.error_code[i] == error.code, (row, res.error_message[i], error)
        assert res.error_field[i] == error.field
        assert res.error_message[i] == error.message
        assert res.zone_code[i] == -1
        assert math.isnan(res.ng_per_ml[i])
        return
    assert res.error_code[i] is None, (row, res.error_message[i])
    assert _close(r.value.ng_per_ml, res.ng_per_ml[i], 1e-12)
    assert _close(r.value.nmol_per_l, res.nmol_per_l[i], 1e-12)
    assert _close(r.sds, res.sds[i])
    assert _close(r.centile, res.centile[i])
    assert _close(r.zlog, res.zlog[i])
    assert _close(r.reference.lower_ng_per_ml, res.lower_ng_per_ml[i])
    assert _close(r.reference.upper_ng_per_ml, res.upper_ng_per_ml[i])
    assert _close(r.reference.median_ng_per_ml, res.median_ng_per_ml[i])
    assert res.analyte == r.analyte
    assert res.zone[i] == r.zone.value, row
    assert res.flag[i] == r.flag.value
    assert res.adult_band[i] == r.adult_band, (row, res.adult_band[i], r.adult_band)
    assert res.columns()["censored"][i] == r.value.censored
    assert res.position[i] == ("lab" if r.reference.kind == "lab" else r.reference.id)
    assert res.warnings[i] == tuple(w.code for w in r.warnings), (row, res.warnings[i], r.warnings)


def run_rows(rows: list[tuple[Any, ...]], reference: str | None, assay: str | None = None) -> BatchResult:
    """``interpret_batch`` of rows (value, unit, age, sex, lab range or None), as lists."""
    values, units, ages, sexes, labs = (list(c) for c in zip(*rows, strict=True))
    lab = None
    if any(x is not None for x in labs):
        lab = ([x[0] if x else None for x in labs], [x[1] if x else None for x in labs])
    return _igflab().interpret_batch(values, units, ages, sexes, reference=reference, assay=assay, lab_ranges=lab)


def web_client() -> Any:
    """A client of igflab's web app (fastapi's TestClient), in this process; server faults come back as 500s."""
    import warnings

    with warnings.catch_warnings():  # starlette may say it prefers httpx2 to httpx; either works
        warnings.filterwarnings("ignore", message=".*httpx.*")
        from fastapi.testclient import TestClient

    from igflab.web import create_app

    return TestClient(create_app(), raise_server_exceptions=False)


_SHARED_CLIENT: list[Any] = []


def shared_web_client() -> Any:
    """One :func:`web_client` for a module's property tests (hypothesis examples cannot take function fixtures)."""
    if not _SHARED_CLIENT:
        _SHARED_CLIENT.append(web_client())
    return _SHARED_CLIENT[0]


def assert_page_or_form(answer: Any) -> None:
    """The page answered with a result (200) or with the form and its messages (422), never anything else."""
    assert answer.status_code in (200, 422), answer.text[-500:]
    if answer.status_code == 200:
        assert 'id="result"' in answer.text
    else:
        assert 'class="error"' in answer.text
        assert "<form" in answer.text
