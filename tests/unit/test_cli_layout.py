"""The human output of the command line: one screen by default, wrapped to the terminal, sources named short.

Expected text is derived from the library's result (its summary, notes and citations), never written out: the
wording of zones and summaries is the text layer's to change.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.cli.layout import MAX_WIDTH, short_source
from igflab.cli.render import render_text
from igflab.text.citations import catalog, citation
from tests.support import ROOT, run_cli

MAN_45 = ("interpret", "150", "ng/mL", "--age", "45", "--sex", "male")
#: A screen: the default output of one result at 80 columns fits in it (the full output took 133 lines).
SCREEN_LINES = 60


def _words(text: str) -> str:
    return " ".join(text.split())


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_default_output_fits_one_screen_at_80_columns() -> None:
    run = run_cli(*MAN_45)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) <= SCREEN_LINES
    assert _widest(run.stdout) <= 80
    full = run_cli(*MAN_45, "--sources").stdout
    assert _widest(full.replace("https://", "")) <= 80 or all(
        len(line) <= 80 or "http" in line for line in full.splitlines()
    )
    assert len(full.splitlines()) > len(lines) + 20  # eleven citations in full, with their evidence


def test_default_output_holds_summary_table_notes_short_sources_and_guidance() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    out = run_cli(*MAN_45).stdout
    words = _words(out)
    assert words.startswith(_words(r.summary.text))  # the summary first
    for head in ("Reference ", "Position ", "Zone ", "Notes", "Sources ", "Guidance"):
        assert re.search(rf"^{head}", out, flags=re.MULTILINE), head
    for n in r.notes:  # every note, with its numbered sources
        assert _words(n.text) in words
    for i, c in enumerate(r.citations, 1):  # numbered short names, not the full citation
        assert f"[{i}] {short_source(c)}" in words
        assert c.text not in words
        assert (c.url or "-") not in out
    assert _words(r.guidance) in words
    assert "evidence:" not in out
    full = _words(run_cli(*MAN_45, "--full").stdout)
    for c in r.citations:
        assert _words(c.text) in full
    assert all(f"(evidence: {_words(n.evidence_grade)})" in full for n in r.notes if n.evidence_grade)


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 200])
def test_wrapped_to_the_terminal_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    width = min(columns, MAX_WIDTH)
    for args in (
        MAN_45,
        ("interpret", "60", "ng/mL", "--age", "45", "--sex", "male", "--lab-range", "52-328"),
        ("interpret", "40", "ng/mL", "--age", "6", "--sex", "unknown"),
        ("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "45", "--sex", "male"),
        ("series", str(ROOT / "examples/series/acromegaly.json")),
    ):
        if args[0] == "series" and columns < 60:
            continue  # the series table's fixed columns need 60 (it leaves out nmol/L and x ULN to fit)
        out = run_cli(*args).stdout
        assert _widest(out) <= width, (args, columns)
    narrow = run_cli(*MAN_45).stdout
    wide = run_cli(*MAN_45, "--sources").stdout
    assert _words(narrow) in _words(wide) or len(narrow) < len(wide)


def test_lines_are_shorter_on_a_wider_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = {}
    for columns in (60, 80, 100):
        monkeypatch.setenv("COLUMNS", str(columns))
        counts[columns] = len(run_cli(*MAN_45).stdout.splitlines())
    assert counts[60] > counts[80] > counts[100]


@given(
    value=st.floats(min_value=1, max_value=3000),
    age=st.floats(min_value=0, max_value=94),
    sex=st.sampled_from(["male", "female", "unknown"]),
    lab=st.one_of(st.none(), st.tuples(st.floats(10, 200), st.floats(1.1, 5))),
    width=st.integers(min_value=40, max_value=MAX_WIDTH),
)
def test_no_line_is_wider_than_the_width(
    value: float, age: float, sex: str, lab: tuple[float, float] | None, width: int
) -> None:
    lab_range = None if lab is None else (lab[0], lab[0] * lab[1])
    r = igflab.interpret(value, "ng/mL", age=age, sex=sex, lab_range=lab_range)
    text = render_text(r, width=width)
    assert _widest(text) <= width
    assert _words(r.summary.text) in _words(text)


def test_short_source_names_the_first_author_and_year() -> None:
    # From the citation catalog: the first author's surname (or the organisation) and the year.
    assert short_source(citation("bidlingmaier2014")) == "Bidlingmaier 2014"
    assert short_source(citation("cole1990")) == "Cole 1990"
    assert short_source(citation("ho2007")) == "Ho 2007"
    for cid, entry in catalog().items():
        name = short_source(citation(cid))
        assert 0 < len(name) <= 45, cid
        if entry.year:
            assert name.endswith(str(entry.year)), cid


def test_brief_with_previous_prints_the_summary_and_the_change() -> None:
    args = ("interpret", "185", "ng/mL", "--birth-date", "1978-04-02", "--collected", "2026-07-15", "--sex", "m")
    run = run_cli(*args, "--previous", "440@2025-01-15", "--brief")
    assert run.returncode == 0, run.stderr
    series = igflab.interpret_series(
        [{"value": 440, "unit": "ng/mL", "collected": "2025-01-15"}, {"value": 185, "unit": "ng/mL",
         "collected": "2026-07-15"}],
        sex="male", birth_date="1978-04-02",
    )  # fmt: skip
    latest = series.results[-1].interpretation
    assert run.stdout.splitlines() == [
        latest.summary.text,
        "Change from the previous result: " + series.changes[0].note,
    ]


def test_the_change_sits_right_after_the_summary() -> None:
    args = ("interpret", "185", "ng/mL", "--birth-date", "1978-04-02", "--collected", "2026-07-15", "--sex", "m")
    out = run_cli(*args, "--previous", "440@2025-01-15").stdout
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Change from the previous result"))
    assert at < 10
    assert at < next(i for i, line in enumerate(lines) if line.startswith("Reference "))
    assert _widest(out) <= 80


def test_panel_brief_prints_both_summaries() -> None:
    run = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "45", "--sex", "male", "--brief")
    assert run.returncode == 0, run.stderr
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    assert run.stdout.splitlines() == [p.igf1.summary.text, p.igfbp3.summary.text]


def test_series_brief_and_sources() -> None:
    path = str(ROOT / "examples/series/acromegaly.json")
    s = igflab.interpret_series(**json.loads((ROOT / "examples/series/acromegaly.json").read_text(encoding="utf-8")))
    assert run_cli("series", path, "--brief").stdout == s.summary + "\n"
    out = run_cli("series", path).stdout
    for i, c in enumerate(s.citations, 1):
        assert f"[{i}] {short_source(c)}" in _words(out)


def test_brief_writes_the_warnings_to_standard_error() -> None:
    r = igflab.interpret("150,5", "ng/mL", age=45, sex="male")
    assert r.warnings
    run = run_cli("interpret", "150,5", "ng/mL", "--age", "45", "--sex", "male", "--brief")
    assert run.stdout == r.summary.text + "\n"
    assert run.stderr.splitlines() == [f"igflab: check: {w.message}" for w in r.warnings]


def test_repeated_context_accumulates() -> None:
    base = ("interpret", "150", "ng/mL", "--age", "45", "--sex", "female", "--json")
    both = json.loads(run_cli(*base, "--context", "pregnancy", "--context", "fasting").stdout)
    assert both["context"] == ["pregnancy", "fasting"]
    mixed = json.loads(run_cli(*base, "--context", "pregnancy,ckd", "--context", "coc").stdout)
    assert mixed["context"] == ["pregnancy", "kidney-disease", "combined-contraceptive"]
    one = json.loads(run_cli(*base, "--context", "pregnancy,fasting").stdout)
    assert one["context"] == both["context"]
    panel = run_cli(*base[:3], "--igfbp3", "4.1", "mg/L", *base[3:], "--context", "pregnancy", "--context", "fasting")
    assert json.loads(panel.stdout)["context"] == ["pregnancy", "fasting"]
    path = str(ROOT / "examples/series/acromegaly.json")
    series = json.loads(run_cli("series", path, "--json", "--context", "acromegaly", "--context", "fasting").stdout)
    assert {"acromegaly-treatment", "fasting"} <= set(series["context"])
