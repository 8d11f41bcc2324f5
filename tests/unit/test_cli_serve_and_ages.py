"""``igflab serve`` on a busy port, and ages in years and months wherever an age is read."""

from __future__ import annotations

import json
import socket

import pytest

import igflab
from igflab.inputs.ages import parse_age
from tests.support import one_error, run_cli, run_cli_process


def test_serve_on_a_busy_port_says_so_before_serving() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))  # a free port, then held
        busy.listen()
        port = busy.getsockname()[1]
        run = run_cli_process("serve", "--port", str(port))
    message = one_error(run, "port")
    assert f"port {port} on 127.0.0.1 is in use" in message
    assert f"--port {port + 1}" in message  # the hint
    assert "serving" not in run.stderr


def test_serve_on_an_unknown_host() -> None:
    assert "cannot listen on" in one_error(run_cli("serve", "--host", "no-such-host.invalid"), "host")


@pytest.mark.parametrize(
    ("text", "years"),
    [("6y3m", 6.25), ("6 y 3 m", 6.25), ("6 years 3 months", 6.25), ("6y, 3m", 6.25), ("15y 6mo", 15.5)],
)
def test_years_and_months(text: str, years: float) -> None:
    assert parse_age(text) == (pytest.approx(years), "years")
    assert igflab.interpret(150, "ng/mL", age=text, sex="f") == igflab.interpret(150, "ng/mL", age=years, sex="f")


def test_years_and_months_everywhere_an_age_is_read() -> None:
    cli = json.loads(run_cli("interpret", "150", "ng/mL", "--age", "6y3m", "--sex", "f", "--json").stdout)
    assert cli["age"] == 6.25
    batch = igflab.interpret_batch([150, 150], "ng/mL", ["6y3m", "6 y 3 m"], "f")
    assert list(batch.sds) == [pytest.approx(cli["sds"])] * 2
    ranges = json.loads(run_cli("ranges", "--age", "6y3m", "--sex", "f", "--json").stdout)
    assert ranges[0]["age"] == 6.25


@pytest.mark.parametrize("text", ["6y12m", "6y-3m", "6m3y"])
def test_years_and_months_that_are_not_an_age(text: str) -> None:
    with pytest.raises(igflab.AgeError):
        parse_age(text)


@pytest.mark.parametrize("text", ["(84-270)", "[84-270]", " (84 to 270 ug/L) "])
def test_lab_range_in_brackets(text: str) -> None:
    r = igflab.interpret(98, "ug/L", age=16, sex="male", lab_range=text)
    assert (r.reference.kind, r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml) == ("lab", 84.0, 270.0)


@pytest.mark.parametrize("text", ["<270", "(<270)", ">84", "(84-270"])
def test_lab_range_that_is_not_two_limits(text: str) -> None:
    with pytest.raises(igflab.LabRangeError, match="one limit" if "<" in text or ">" in text else "LOW-HIGH"):
        igflab.interpret(98, "ug/L", age=16, sex="male", lab_range=text)
