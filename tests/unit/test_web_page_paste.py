"""The page reads a line pasted from a report, links its sources, prints for the doctor and fits a phone."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

import igflab
from tests.support import web_client
from tests.unit.test_web_page import _errors, _sent_again

STYLE = Path(igflab.__file__).parent / "web" / "static" / "style.css"


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


def _said(page: str) -> str:
    found = re.search(r'id="line-read" role="status">\s*<p><strong>(.*?)</strong>', page)
    assert found, page[-500:]
    return html.unescape(found[1])


# (line, what the page says it read, the fields it fills)
LINES = [
    (
        "IGF-1 23.1 nmol/L (11.3-31.0)",
        "Read: IGF-1 23.1 nmol/L, laboratory range 11.3-31.0 nmol/L.",
        {"value": "23.1", "unit": "nmol/L", "lab_low": "11.3", "lab_high": "31.0"},
    ),
    (
        "IGF-1 98 ug/L 84-270",
        "Read: IGF-1 98 µg/L, laboratory range 84-270 µg/L.",
        {"value": "98", "unit": "µg/L", "lab_low": "84", "lab_high": "270"},
    ),
    ("<15 ng/mL", "Read: IGF-1 below 15 ng/mL, no laboratory range.", {"value": "<15", "unit": "ng/mL"}),
    (
        "IGF-1: 150 ng/mL  Ref: 52-328",
        "Read: IGF-1 150 ng/mL, laboratory range 52-328 ng/mL.",
        {"value": "150", "unit": "ng/mL", "lab_low": "52", "lab_high": "328"},
    ),
]


@pytest.mark.parametrize(("line", "said", "fills"), LINES)
def test_a_pasted_line_fills_the_form_and_asks_for_the_age_and_sex(
    client: Any, line: str, said: str, fills: dict[str, str]
) -> None:
    page = client.post("/", data={"report_line": line})
    assert page.status_code == 422
    assert _said(page.text) == said
    assert set(_errors(page.text)) == {"age", "sex"}  # what a result line never prints, asked beside its field
    assert "Now enter the age when the sample was taken (or both dates) and the sex below" in html.unescape(page.text)
    sent = dict(_sent_again(page.text))
    for name, typed in fills.items():
        assert sent[name] == typed, name
    assert sent["report_line"] == line
    if "lab_low" not in fills:
        assert sent["lab_low"] == sent["lab_high"] == ""
    if line.startswith("<"):
        assert "The line does not name the test, so it is read as IGF-1." in page.text


@pytest.mark.parametrize(("line", "said", "fills"), LINES)
def test_the_form_sent_again_with_age_and_sex_answers_as_interpret(
    client: Any, line: str, said: str, fills: dict[str, str]
) -> None:
    first = client.post("/", data={"report_line": line})
    again = dict(_sent_again(first.text)) | {"age": "52", "sex": "female"}
    page = client.post("/", data=again)
    assert page.status_code == 200, page.text[-400:]
    lab = f"{fills['lab_low']}-{fills['lab_high']}" if "lab_low" in fills else None
    r = igflab.interpret(fills["value"], fills["unit"], age=52, sex="female", lab_range=lab)
    assert r.summary.text in html.unescape(page.text)
    assert (r.reference.kind == "lab") == (lab is not None)
    # pasted with the age and sex at once: the same answer, and the page says what it read
    once = client.post("/", data={"report_line": line, "age": "52", "sex": "female"})
    assert once.status_code == 200
    assert r.summary.text in html.unescape(once.text)
    assert html.unescape(re.findall(r'id="read-from-line">(.*?)<', once.text)[0]) == said


def test_an_edited_field_is_not_overwritten_by_the_line_read_before(client: Any) -> None:
    first = client.post("/", data={"report_line": "IGF-1 150 ng/mL (52-328)"})
    again = dict(_sent_again(first.text)) | {"value": "160", "age": "45", "sex": "male"}
    page = client.post("/", data=again)
    assert page.status_code == 200
    r = igflab.interpret("160", "ng/mL", age=45, sex="male", lab_range="52-328")
    assert r.summary.text in html.unescape(page.text)
    new_line = client.post("/", data=again | {"report_line": "IGF-1 23.1 nmol/L"})  # a new line is read again
    assert new_line.status_code == 200
    r = igflab.interpret("23.1", "nmol/L", age=45, sex="male")
    assert r.summary.text in html.unescape(new_line.text)


def test_a_line_without_a_unit_asks_for_the_unit_never_guesses(client: Any) -> None:
    page = client.post("/", data={"report_line": "IGF-1 150", "unit": "ng/mL", "age": "45", "sex": "male"})
    assert page.status_code == 422
    assert set(_errors(page.text)) == {"unit"}
    assert "the unit printed beside the result" in page.text


@pytest.mark.parametrize(
    "line",
    ["hello", "IGF-1 ng/mL", "IGF-1 1,200 ng/mL", "IGF-1 150 ng/mL (328-52)", "x" * 5000, "IGF-1 150 ng/mL banana"],
)
def test_unreadable_text_gets_a_message_beside_the_box(client: Any, line: str) -> None:
    page = client.post("/", data={"report_line": line, "age": "45", "sex": "male"})
    assert page.status_code == 422
    errors = _errors(page.text)
    assert set(errors) == {"report_line"}
    assert errors["report_line"].endswith("check the line, or enter the result in the fields below.")
    assert dict(_sent_again(page.text))["report_line"] == line.strip()
    with pytest.raises(igflab.IgflabError):  # the library refuses it too
        igflab.read_report_line(line)


def test_one_sided_range_is_said_and_not_filled(client: Any) -> None:
    page = client.post("/", data={"report_line": "IGF-1 150 ng/mL <270", "age": "45", "sex": "male"})
    assert page.status_code == 200
    r = igflab.interpret("150", "ng/mL", age=45, sex="male")
    assert r.reference.kind == "published"
    assert r.summary.text in html.unescape(page.text)
    assert "laboratory range below 270 ng/mL" in page.text


def test_sources_are_links(client: Any) -> None:
    page = client.get("/?value=150&unit=ng/mL&age=45&sex=male").text
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    items = re.findall(r'<li id="source-(\d+)">(.*?)</li>', page)
    assert len(items) == len(r.citations)
    linked = 0
    for (n, item), c in zip(items, r.citations, strict=True):
        assert int(n) == r.citations.index(c) + 1
        if c.url:
            assert item.startswith(f'<a href="{html.escape(c.url)}">'), item
            linked += 1
    assert linked >= 10  # most sources carry a DOI or PubMed address


def _print_rules() -> str:
    css = STYLE.read_text(encoding="utf-8")
    start = css.index("@media print")
    return css[start:]


def test_the_print_view_hides_the_form_and_the_navigation() -> None:
    rules = _print_rules()
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none", rules)
    assert hidden
    selectors = {s.strip() for s in hidden[1].split(",")}
    assert {"form", ".skip", "footer", ".again"} <= selectors
    assert re.search(r"@page\s*\{\s*size:\s*A4", rules)


def test_on_a_phone_the_contexts_are_folded_away_before_the_button(client: Any) -> None:
    page = client.get("/").text
    form = page.split("<form", 1)[1]
    folded = form.index('<details class="contexts">')  # closed: no 'open'
    assert folded < form.index('name="context"') < form.index("</details>") < form.index('class="primary"')
    assert form.count('name="context"') == len(igflab.text.context.CONTEXT_FLAGS)
    chosen = client.get("/?value=90&age=30&sex=f&context=pregnant").text
    assert '<details class="contexts" open>' in chosen  # a situation ticked is shown


def test_dates_are_shown_as_typed(client: Any) -> None:
    for typed in ("1980-04-23", "23/04/1980"):
        page = client.get("/", params={"value": "150", "birth_date": typed, "collected": "2020-01-01", "sex": "m"})
        assert f'name="birth_date" type="text" inputmode="numeric" autocomplete="off" value="{typed}"' in page.text


def test_with_igfbp3_the_page_shows_the_panels_two_summaries(client: Any) -> None:
    form = {"value": "150", "unit": "ng/mL", "age": "45", "sex": "male", "igfbp3_value": "4.1", "igfbp3_unit": "mg/L"}
    page = client.post("/", data=form)
    assert page.status_code == 200
    p = igflab.interpret_panel("150", "4.1", igf1_unit="ng/mL", igfbp3_unit="mg/L", age=45, sex="male")
    panel = html.unescape(page.text.split('id="panel"')[1].split("</section>")[0])
    assert p.igf1.summary.text in panel
    assert p.igfbp3.summary.text in panel
    for note in p.notes:
        assert note.text in panel
    # every source the panel cites is in the numbered list
    items = re.findall(r'<li id="source-\d+">', page.text)
    assert len(items) == len({c.id for c in (*igflab.interpret(150, "ng/mL", age=45, sex="m").citations, *p.citations)})
    sent = dict(_sent_again(page.text))
    assert (sent["igfbp3_value"], sent["igfbp3_unit"]) == ("4.1", "mg/L")
    alone = client.post("/", data=form | {"igfbp3_value": ""})
    assert 'id="panel"' not in alone.text


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"sex": "unknown"}, "igfbp3_value"),  # IGFBP-3's tables differ by sex: the panel needs it
        ({"igfbp3_value": "x"}, "igfbp3_value"),
        ({"igfbp3_unit": "kg"}, "igfbp3_unit"),
    ],
)
def test_an_igfbp3_problem_is_shown_beside_its_field(client: Any, extra: dict[str, str], where: str) -> None:
    form = {"value": "150", "unit": "ng/mL", "age": "45", "sex": "male", "igfbp3_value": "4.1", "igfbp3_unit": "mg/L"}
    page = client.post("/", data=form | extra)
    assert page.status_code == 422
    errors = _errors(page.text)
    assert set(errors) == {where}
    assert "IGFBP-3" in errors[where]
    assert dict(_sent_again(page.text))["igfbp3_unit"] == (form | extra)["igfbp3_unit"]


def test_an_igfbp3_line_fills_the_igfbp3_fields(client: Any) -> None:
    page = client.post("/", data={"report_line": "IGFBP-3 4.1 mg/L (2.4-5.9)", "age": "45", "sex": "male"})
    assert page.status_code == 422
    assert _said(page.text) == "Read: IGFBP-3 4.1 mg/L, laboratory range 2.4-5.9 mg/L."
    assert set(_errors(page.text)) == {"value"}  # the IGF-1 result is asked for
    assert "Now enter the IGF-1 result below" in html.unescape(page.text)
    sent = dict(_sent_again(page.text))
    assert (sent["igfbp3_value"], sent["igfbp3_unit"], sent["lab_low"]) == ("4.1", "mg/L", "")
