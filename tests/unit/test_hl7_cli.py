"""igflab interpret --hl7-in FILE|- and --hl7: a message in from a file or standard input, igflab's ORU^R01 out, and
a bad message as one line on stderr with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import igflab
from tests.hl7_messages import IGFBP3, message, obr, obx, pid
from tests.support import ROOT, one_error, run_cli, run_cli_process

pytest.importorskip("hl7apy")

LOW = ROOT / "examples/hl7/low_igf1_adult.hl7"


def test_hl7_in_file_prints_the_interpretation_as_json() -> None:
    run = run_cli("interpret", "--hl7-in", str(LOW))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    expected = igflab.from_hl7(LOW.read_bytes())
    assert isinstance(expected, igflab.Interpretation)
    assert (data["flag"], data["sds"], data["age"]) == (expected.flag.value, expected.sds, 45.0)


def test_hl7_in_stdin_and_hl7_out_in_a_process() -> None:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    run = subprocess.run(
        [sys.executable, "-m", "igflab", "interpret", "--hl7-in", "-", "--hl7"],
        input=LOW.read_bytes(),  # bytes both ways: text mode would turn the segments' carriage returns into newlines
        capture_output=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout.decode("utf-8")
    assert out.startswith("MSH|^~\\&|IGFLAB|igflab|LAB|ACME LAB|")
    assert out.endswith("\r")  # not a terminal: the message as HL7 writes it
    back = igflab.from_hl7(out)
    assert isinstance(back, igflab.Interpretation)
    assert back.flag.value == "L"
    obx_lines = [s for s in out.split("\r") if s.startswith("OBX|")]
    assert obx_lines[0].split("|")[8] == "L"
    assert obx_lines[1].split("|")[3].startswith("73561-3^")


def test_hl7_out_of_a_typed_result_and_of_the_panel() -> None:
    run = run_cli(
        "interpret", "60", "ng/mL", "--birth-date", "1981-03-02", "--collected", "2026-03-02", "--sex", "m", "--hl7"
    )
    assert run.returncode == 0, run.stderr
    back = igflab.from_hl7(run.stdout)
    assert isinstance(back, igflab.Interpretation)
    assert (back.age, back.flag.value) == (45.0, "L")
    panel = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "45", "--sex", "m", "--hl7")
    assert panel.returncode == 0, panel.stderr
    assert "|2483-6^" in panel.stdout


def test_hl7_in_series_and_fhir_out(tmp_path: Path) -> None:
    src = tmp_path / "series.hl7"
    src.write_text(
        message(pid("19780402", "M"), obr(1, "20250115"), obx(1, "440"), obr(2, "20260715"), obx(2, "185")),
        encoding="utf-8",
    )
    run = run_cli("interpret", "--hl7-in", str(src), "--fhir")
    assert run.returncode == 0, run.stderr
    bundle = json.loads(run.stdout)
    assert bundle["resourceType"] == "Bundle"
    assert len(bundle["entry"]) == 2


def test_local_code_option(tmp_path: Path) -> None:
    src = tmp_path / "local.hl7"
    src.write_text(message(pid(), obr(), obx(code="S123^Growth test^99LAB")), encoding="utf-8")
    one_error(run_cli("interpret", "--hl7-in", str(src)), "OBX-3")
    run = run_cli("interpret", "--hl7-in", str(src), "--local-code", "S123=igf1")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["analyte"] == "igf1"


def test_bad_message_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.hl7"
    bad.write_text(message(pid("196203520", "F"), obr(), obx()), encoding="utf-8")
    line = one_error(run_cli("interpret", "--hl7-in", str(bad)), "PID-7")
    assert "PID 1 (line 2)" in line
    binary = tmp_path / "junk.hl7"
    binary.write_bytes(bytes(range(256)))
    one_error(run_cli("interpret", "--hl7-in", str(binary)), "MSH")
    proc = run_cli_process("interpret", "--hl7-in", "-", stdin="MSH|^~\\&|x\r")
    one_error(proc, "MSH-9")
    one_error(run_cli("interpret", "--hl7-in", str(tmp_path / "missing.hl7")), "hl7_in")


def test_options_that_do_not_go_with_hl7_in() -> None:
    one_error(run_cli("interpret", "60", "--hl7-in", str(LOW)), "hl7_in")
    run = run_cli("interpret", "--hl7-in", str(LOW), "--hl7", "--json")
    assert run.returncode == 2
    assert "--hl7" in run.stderr
    assert run_cli("interpret", "60", "--age", "45", "--sex", "m", "--local-code", "A=igf1").returncode == 2


def test_panel_message_from_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "panel.hl7"
    src.write_text(message(pid(), obr(), obx(1, "150"), obx(2, "4.1", "mg/L^mg/L^UCUM", code=IGFBP3)), encoding="utf-8")
    run = run_cli("interpret", "--hl7-in", str(src), "--hl7")
    assert run.returncode == 0, run.stderr
    assert isinstance(igflab.from_hl7(run.stdout), igflab.PanelInterpretation)
