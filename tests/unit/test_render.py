"""Terminal output: colour only on a terminal, and a position bar that reads the same without it.

Colour rules follow https://no-color.org: NO_COLOR, when set to a non-empty value, disables
colour; output that is not a terminal (a pipe, a file) never gets colour codes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import igflab
from igflab.cli.render import position_bar, render_text, use_colour
from tests.support import ROOT

ANSI = re.compile(r"\033\[[0-9;]*m")


@pytest.mark.parametrize(
    ("isatty", "env", "expected"),
    [
        (True, {"TERM": "xterm-256color"}, True),
        (False, {"TERM": "xterm-256color"}, False),
        (True, {"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
        (True, {"TERM": "xterm-256color", "NO_COLOR": "anything"}, False),
        (True, {"TERM": "xterm-256color", "NO_COLOR": ""}, True),  # empty means unset (no-color.org)
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_use_colour(monkeypatch: pytest.MonkeyPatch, isatty: bool, env: dict[str, str], expected: bool) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert use_colour(isatty) is expected


@pytest.mark.parametrize(
    ("value", "age", "sex", "flag"),
    [(60, 45, "male", "L"), (150, 45, "male", "N"), (300, 15, "female", "N"), (400, 45, "male", "HU")],
)
def test_colour_only_adds_emphasis(value: float, age: float, sex: str, flag: str) -> None:
    r = igflab.interpret(value, "ng/mL", age=age, sex=sex)
    assert r.flag.value == flag
    plain = render_text(r, colour=False)
    coloured = render_text(r, colour=True)
    assert "\033[" not in plain
    assert "\033[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_bar_is_readable_in_plain_text() -> None:
    # Bidlingmaier 2014 IDS-iSYS, male 45 years: 2.5th-97.5th centile 71.7-212 ng/mL (childsds table).
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    bar, labels, marker = position_bar(r.value.ng_per_ml, r.reference, r.adult)
    assert bar.endswith("  ng/mL")
    cells = bar.removesuffix("  ng/mL")
    assert len(cells) == 60
    lo, hi, mid, top = cells.index("["), cells.index("]"), cells.index("#"), cells.index("!")
    assert lo < mid < hi < top  # limits, the adult mid-range inside them, 1.3 x upper beyond
    assert marker.strip() == "^ 150"
    assert lo < marker.index("^") < hi
    assert "71.7" in labels
    assert "212" in labels
    assert labels.index("71.7") < labels.index("212")


def test_bar_for_a_teenager_has_no_adult_band() -> None:
    r = igflab.interpret(300, "ng/mL", age=15, sex="female")
    bar = position_bar(r.value.ng_per_ml, r.reference, r.adult)[0]
    assert "#" not in bar
    assert "# adult" not in render_text(r)


def _run_on_pty(env: dict[str, str]) -> str:
    pty = pytest.importorskip("pty")
    try:
        master, slave = pty.openpty()
    except OSError as exc:  # no pseudo-terminals in this environment
        pytest.skip(f"cannot open a pseudo-terminal: {exc}")
    cmd = [sys.executable, "-m", "igflab", "interpret", "150", "ng/mL", "--age", "45", "--sex", "male"]
    proc = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update(extra)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_cli_colours_a_terminal_and_honours_no_color() -> None:
    on_tty = _run_on_pty(_env(TERM="xterm-256color"))
    no_color = _run_on_pty(_env(TERM="xterm-256color", NO_COLOR="1"))
    piped = subprocess.run(
        [sys.executable, "-m", "igflab", "interpret", "150", "ng/mL", "--age", "45", "--sex", "male"],
        capture_output=True,
        text=True,
        env=_env(TERM="xterm-256color"),
        cwd=ROOT,
        timeout=60,
        check=True,
    ).stdout
    assert "\033[" in on_tty
    assert "\033[" not in no_color
    assert "\033[" not in piped
    # The same words and the same bar with or without colour.
    assert ANSI.sub("", on_tty) == no_color == piped
    assert "^ 150" in piped
