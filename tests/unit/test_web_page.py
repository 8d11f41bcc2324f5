"""The page for the person holding the report: never a 5xx, the form kept as typed, every problem at once in words."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest

pytest.importorskip("fastapi")

import igflab
from igflab.text.context import CONTEXT_FLAGS
from tests.support import web_client


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


class _Form(HTMLParser):
    """The fields the last form on a page would send, as a browser sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.fields = []
        elif tag == "input" and a.get("type") in ("radio", "checkbox"):
            if "checked" in a:
                self.fields.append((a["name"], a["value"]))
        elif tag == "input":
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and "selected" in a and self._select is not None:
            self.fields.append((self._select, a["value"]))


def _sent_again(page: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(page)
    return parser.fields


def _errors(page: str) -> dict[str, str]:
    found = re.findall(r'<p class="error" id="([a-z0-9_]+)-error"><strong>Please check:</strong> (.*?)</p>', page)
    return {name: html.unescape(message) for name, message in found}


@pytest.mark.parametrize(
    "query",
    [
        "value=25000&unit=ng/mL&age=45&sex=female",  # 500 before: the chart's ticks ran out of steps
        "value=150&unit=ng/mL&age=45&sex=female&lab_low=20&lab_high=30000",
        "value=160000&unit=ng/mL&age=45&sex=male",  # the highest value igflab accepts for IGF-1
        "value=20000&unit=nmol/L&age=3&sex=unknown&full_range=1",
        "value=0.0088&unit=ng/mL&age=45&sex=f",  # the lowest
    ],
)
def test_high_and_low_values_get_their_answer(client: Any, query: str) -> None:
    page = client.get(f"/?{query}")
    assert page.status_code == 200, page.text[-300:]
    assert 'id="result"' in page.text
    assert "<svg" in page.text


def test_head_answers_like_get(client: Any) -> None:
    assert client.head("/").status_code == 200
    assert client.head("/?value=25000&unit=ng/mL&age=45&sex=female").status_code == 200
    assert client.head("/?value=x&age=45&sex=female").status_code == 422


@pytest.mark.parametrize("unit", ["ng/dL", "ug/L", "mcg/L", "pmol/mL", "µg/L", "nmol/L"])
def test_the_unit_typed_is_kept_and_the_form_sent_again_answers_the_same(client: Any, unit: str) -> None:
    first = client.get("/", params={"value": "150", "unit": unit, "age": "45", "sex": "m"})
    assert first.status_code == 200
    again = _sent_again(first.text)
    assert ("unit", unit) in again
    assert ("sex", "male") in again
    second = client.post("/", data=dict(again))
    assert second.status_code == 200
    r = igflab.interpret("150", unit, age=45, sex="m")
    for page in (first.text, second.text):
        assert r.summary.text in html.unescape(page)


def test_sex_and_context_written_another_way_are_read_as_interpret_reads_them(client: Any) -> None:
    query = [
        ("value", "90"),
        ("unit", "ng/mL"),
        ("age", "30"),
        ("sex", "F"),
        ("context", "pregnant"),
        ("context", "coc"),
    ]
    page = client.get("/", params=query)
    assert page.status_code == 200
    r = igflab.interpret("90", "ng/mL", age=30, sex="F", context=["pregnant", "coc"])
    assert r.context == ("pregnancy", "combined-contraceptive")
    for note in r.notes:
        assert note.text in html.unescape(page.text)
    again = _sent_again(page.text)
    assert [v for k, v in again if k == "context"] == ["pregnancy", "combined-contraceptive"]
    assert ("sex", "female") in again
    both = client.get("/", params=[*query[:4], ("context", "pregnancy,obese")])
    assert both.status_code == 200
    assert [v for k, v in _sent_again(both.text) if k == "context"] == ["pregnancy", "obesity"]


def test_what_igflab_cannot_read_stays_in_the_form_beside_its_message(client: Any) -> None:
    query = {"value": "150", "unit": "ng/mL", "age": "45", "sex": "robot", "context": "pregnant,moonlight"}
    page = client.get("/", params=query)
    assert page.status_code == 422
    errors = _errors(page.text)
    assert set(errors) == {"sex", "context"}
    assert "“robot”" in errors["sex"]
    assert "“moonlight”" in errors["context"]
    again = _sent_again(page.text)
    assert ("sex", "robot") in again
    assert [v for k, v in again if k == "context"] == ["pregnancy", "moonlight"]
    with pytest.raises(igflab.ContextError):  # interpret() refuses it too: the page drops nothing silently
        igflab.interpret(150, "ng/mL", age=45, sex="m", context=["pregnant", "moonlight"])
    date = client.get(
        "/", params={"value": "150", "unit": "ng/mL", "birth_date": "01/02/2000", "collected": "2020-01-01", "sex": "m"}
    )
    assert 'value="01/02/2000"' in date.text  # a date field would drop text that is no ISO date
    assert 'type="date"' not in date.text


def test_every_fields_problem_is_shown_at_once_in_plain_words(client: Any) -> None:
    form = {
        "value": "150 kg",
        "unit": "",
        "age": "-1",
        "sex": "q",
        "lab_low": "300",
        "lab_high": "52",
        "context": "foo",
    }
    page = client.post("/", data=form)
    assert page.status_code == 422
    errors = _errors(page.text)
    assert set(errors) == {"unit", "age", "sex", "lab_low", "context"}
    assert errors["lab_low"] == "The laboratory's range must go from low to high: 300 is not below 52."
    assert errors["age"] == "The age -1 is negative."
    dates = {"value": "150", "unit": "ng/mL", "birth_date": "2030-01-01", "collected": "31/12/2020", "sex": "m"}
    assert _errors(client.post("/", data=dates).text) == {
        "birth_date": "The birth date 2030-01-01 is in the future.",
        "collected": "The sample date '31/12/2020' is not a date of the calendar written year-month-day, "
        "such as 2012-03-04.",
    }
    no_value = _errors(client.post("/", data=form | {"value": "", "unit": "kg"}).text)
    assert set(no_value) == {"value", "unit", "age", "sex", "lab_low", "context"}
    summary = page.text.split('id="errors"')[1].split("</div>")[0]
    assert summary.count("<li>") == len(errors)
    for name in errors:  # each message sits inside its own field's block
        block = page.text.split(f'id="{name}-error"')[0].rsplit('<div class="field', 1)[-1]
        assert "<fieldset" not in block or name in ("sex", "context")


BAD_FORMS = [
    {"value": "150", "unit": "ng/mL", "birth_date": "2030-01-01", "collected": "2031-01-01", "sex": "m"},
    {"value": "150", "unit": "ng/mL", "birth_date": "2020-01-01", "collected": "2019-01-01", "sex": "m"},
    {"value": "150", "unit": "ng/mL", "age": "45", "birth_date": "2000-01-01", "sex": "m"},
    {"value": "150", "unit": "ng/mL", "age": "120", "sex": "f"},
    {"value": "150", "unit": "ng/mL", "age": "45", "sex": "f", "lab_low": "0", "lab_high": "52"},
    {"value": "150", "unit": "ng/mL", "age": "45", "sex": "f", "lab_low": "x", "lab_high": "52"},
    {"value": "150", "unit": "furlong", "age": "45", "sex": "f"},
    {"value": "0", "unit": "ng/mL", "age": "45", "sex": "f"},
    {"value": "200000", "unit": "ng/mL", "age": "45", "sex": "f"},
    {"value": "150", "unit": "ng/mL", "birth_date": "2000-13-01", "collected": "2020-01-01", "sex": "f"},
    {"value": "150", "unit": "ng/mL", "birth_date": "2000-01-01", "sex": "f"},
]


@pytest.mark.parametrize("form", BAD_FORMS)
def test_messages_name_no_ids(client: Any, form: dict[str, str]) -> None:
    page = client.post("/", data=form)
    assert page.status_code == 422
    errors = _errors(page.text)
    assert errors
    ids = [r.id for r in igflab.list_references(None)] + list(CONTEXT_FLAGS)
    for message in errors.values():
        assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", message), message  # birth_date, lab_range, ...
        assert "lab range low" not in message
        assert "[" not in message
        assert not any(i in message for i in ids if "-" in i or "_" in i), message
        assert message[0].isupper() or message[0] == "“"
        assert message.endswith(".")
