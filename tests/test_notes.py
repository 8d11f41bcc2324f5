"""Note templates: the compiled renderers give exactly what str.format gives."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igflab import notes
from igflab.notes import TEMPLATES, _compile, renderer

FIELDS = {
    key: sorted({f for _, f, _, _ in string.Formatter().parse(t.text) if f is not None}) for key, t in TEMPLATES.items()
}
DYNAMIC = [k for k, names in FIELDS.items() if names]


def test_some_templates_have_fields() -> None:
    assert "position_lms" in DYNAMIC
    assert "position_lab" in DYNAMIC


@pytest.mark.parametrize("key", DYNAMIC)
@given(data=st.data())
def test_renderer_equals_str_format(key: str, data: st.DataObject) -> None:
    fields = {name: data.draw(st.text(max_size=20), label=name) for name in FIELDS[key]}
    assert renderer(key)(**fields) == TEMPLATES[key].text.format(**fields)


def test_renderer_ignores_unused_fields_like_str_format() -> None:
    names = FIELDS["position_lab"]
    fields = dict.fromkeys(names, "x") | {"not_in_template": "y"}
    assert renderer("position_lab")(**fields) == TEMPLATES["position_lab"].text.format(**fields)


def test_renderer_needs_every_field() -> None:
    with pytest.raises(TypeError):
        renderer("position_lms")(value="1")


@pytest.mark.parametrize(
    "text",
    [
        'it\'s {a} and "{b}" {{literal}} \\n {a}',
        "'''{a}''' {b}",
        "no fields at all, 95% {{x}}",
        "{a}{b}",
    ],
)
def test_compile_keeps_literal_text_exactly(text: str) -> None:
    fields = {"a": "A'\"{}", "b": "\\"}
    assert _compile(text)(**fields) == text.format(**fields)


@pytest.mark.parametrize("text", ["{a!r}", "{a:>5}", "{0}", "{a.b}", "{a[0]}", "{__class__}", "{_x}", "{class}", "{}"])
def test_compile_refuses_anything_but_plain_names(text: str) -> None:
    with pytest.raises(ValueError, match="plain name"):
        _compile(text)


def test_note_from_rendered_text_matches_render() -> None:
    fields = dict.fromkeys(FIELDS["censored"], "7")
    text = renderer("censored")(**fields)
    assert notes.note("censored", "bidlingmaier2014", text) == notes.render("censored", "bidlingmaier2014", **fields)
