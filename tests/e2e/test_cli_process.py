"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import run_cli_process


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli_process(*args, stdin=stdin)


def test_human_output() -> None:
    p = run("interpret", "150", "ng/mL", "--age", "45", "--sex", "male")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "150 ng/mL = 19.6 nmol/L" in out
    assert "Bidlingmaier 2014 (IDS-iSYS)" in out
    assert "SDS +0.49" in out
    assert "inside, middle third (N)" in out
    assert "^ 150" in out  # the position bar
    assert "[1]" in out
    assert "Sources" in out
    assert "qualified health professional" in out
    assert "\033[" not in out  # no colour when not on a terminal


def test_json_output_is_the_model_dump() -> None:
    import igflab

    p = run("interpret", "150 ng/mL", "--age", "45", "--sex", "m", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    expected = igflab.interpret("150 ng/mL", age=45, sex="m").model_dump(mode="json")
    assert data == expected


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["interpret", "150", "kg", "--age", "45", "--sex", "male"], "unit"),
        (["interpret", "abc", "ng/mL", "--age", "45", "--sex", "male"], "value"),
        (["interpret", "-5", "ng/mL", "--age", "45", "--sex", "male"], "value"),
        (["interpret", "150", "ng/mL", "--age", "200", "--sex", "male"], "age"),
        (["interpret", "150", "ng/mL", "--age", "95", "--sex", "male"], "age"),
        (["interpret", "150", "ng/mL", "--age", "45", "--sex", "robot"], "sex"),
        (["interpret", "150", "ng/mL", "--age", "45"], "sex"),
        (["interpret", "150", "ng/mL", "--sex", "f"], "age"),
        (["interpret", "150", "ng/mL", "--age", "45", "--sex", "f", "--reference", "nope"], "reference"),
        (["interpret", "150", "ng/mL", "--age", "45", "--sex", "f", "--bogus"], None),
        (["interpret"], None),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], field: str | None) -> None:
    p = run(*args)
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("igflab: error:")
    assert "Traceback" not in p.stderr
    if field:
        assert f"{field}:" in lines[0]


def test_version_and_help() -> None:
    import igflab

    v = run("--version")
    assert v.returncode == 0
    assert v.stdout.strip() == f"igflab {igflab.__version__}"
    h = run("interpret", "--help")
    assert h.returncode == 0
    assert "examples:" in h.stdout
    assert "--lab-range" in h.stdout


def test_no_command_prints_help_and_exits_2() -> None:
    p = run()
    assert p.returncode == 2
    assert "usage:" in p.stdout


def test_json_request_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text('\ufeff{"value": "150 ng/mL", "age": 45, "sex": "male"}', encoding="utf-8")
    p = run("interpret", "--input", str(path))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["zone"] == "middle_third"


COHORT = "id,value,unit,age,sex\na1,150,ng/mL,45,m\n"


def test_cli_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "cohort.csv"
    src.write_text(COHORT, encoding="utf-8")
    p = run("interpret", "--csv", str(src), "-o", str(src))
    assert p.returncode == 2
    assert "is the input CSV" in p.stderr
    assert src.read_text(encoding="utf-8") == COHORT  # the input is untouched
    with src.open(encoding="utf-8") as stdin:  # the same file, redirected to stdin
        p = subprocess.run(
            [sys.executable, "-m", "igflab", "interpret", "--csv", "-", "-o", str(src)],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert p.returncode == 2
    assert "is the input CSV" in p.stderr
    assert src.read_text(encoding="utf-8") == COHORT


def test_cli_run_that_stops_leaves_no_partial_output(tmp_path: Path) -> None:
    src = tmp_path / "cohort.csv"
    src.write_bytes(COHORT.encode() * 2000 + b"a9,150,ng/mL,45,m\xe4nnlich,x\n")  # bad bytes near the end
    dst = tmp_path / "results.csv"
    p = run("interpret", "--csv", str(src), "-o", str(dst))
    assert p.returncode == 2
    assert "not UTF-8" in p.stderr
    assert not dst.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("to_stdout", [False, True])
def test_cli_full_disk_is_an_environment_fault(to_stdout: bool) -> None:
    """A full disk is not bad input: exit 1 and one plain line naming the fault."""
    args = ["--csv", "-", "-q"] if to_stdout else ["--csv", "-", "-q", "-o", "/dev/full"]
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [sys.executable, "-m", "igflab", "interpret", *args],
            input=COHORT,
            stdout=full if to_stdout else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert p.returncode == 1
    assert p.stderr.splitlines() == [
        f"igflab: cannot write {'standard output' if to_stdout else '/dev/full'}: the disk is full"
    ]
    assert Path("/dev/full").exists()


# -- faults of the environment: exit 1 and one plain line naming the fault ------------------------------

ARGS = ("interpret", "150", "ug/L", "--age", "45", "--sex", "male")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_full() -> None:
    with open("/dev/full", "w") as full:
        p = run_cli_process(*ARGS, stdout=full, stderr=subprocess.PIPE)
    assert p.returncode == 1
    assert p.stderr == "igflab: cannot write standard output: the disk is full\n"


@pytest.mark.parametrize(
    ("fd", "args", "message"),
    [(1, ARGS, "standard output is closed"), (0, ("interpret", "--input", "-"), "standard input is closed")],
)
def test_closed_standard_streams(fd: int, args: tuple[str, ...], message: str) -> None:
    p = run_cli_process(
        *args, stderr=subprocess.PIPE, stdout=subprocess.PIPE if fd else None, preexec_fn=lambda: os.close(fd)
    )
    assert p.returncode == 1
    assert p.stderr == f"igflab: {message}\n"


def test_an_ascii_only_terminal_gets_ascii() -> None:
    p = run_cli_process(*ARGS, env={"PYTHONIOENCODING": "ascii"})
    assert p.returncode == 0, p.stderr
    assert p.stdout.isascii()
    assert "as entered: 150 ug/L" in p.stdout
    help_text = run_cli_process("interpret", "--help", env={"PYTHONIOENCODING": "ascii"})
    assert help_text.returncode == 0
    assert help_text.stdout.isascii()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_input_without_line_breaks_is_refused_not_read_for_ever() -> None:
    p = run_cli_process("interpret", "--csv", "/dev/zero")
    assert p.returncode == 2
    assert "longer than" in p.stderr


def test_a_failed_run_keeps_an_existing_output_file(tmp_path: Path) -> None:
    src = tmp_path / "cohort.csv"
    src.write_bytes(COHORT.encode() * 3000 + b"a9,150,ng/mL,45,m\xe4nnlich\n")  # bad bytes near the end
    dst = tmp_path / "results.csv"
    dst.write_text("earlier results\n", encoding="utf-8")
    p = run("interpret", "--csv", str(src), "-o", str(dst))
    assert p.returncode == 2
    assert dst.read_text(encoding="utf-8") == "earlier results\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["cohort.csv", "results.csv"]  # no temporary file left
    ok = run("interpret", "--csv", "-", "-o", str(dst), stdin=COHORT)
    assert ok.returncode == 0, ok.stderr
    assert dst.read_text(encoding="utf-8").startswith("id,value,unit,age,sex,ng_per_ml")
