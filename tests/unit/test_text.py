"""Note templates: the compiled renderers give exactly what str.format gives."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igflab.text import render as notes
from igflab.text import templates
from igflab.text.compiler import compile_template as _compile
from igflab.text.render import renderer
from igflab.text.templates import TEMPLATES

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


NOT_PLAIN = ["{a!r}", "{a:>5}", "{0}", "{a.b}", "{a[0]}", "{__class__}", "{_x}", "{class}", "{}"]
# Python folds these to "fi" and "_t0" (NFKC) when it reads source: refused as not ASCII.
NOT_ASCII = ["{\ufb01}", "{\uff3ft0}"]


@pytest.mark.parametrize("text", NOT_PLAIN + NOT_ASCII)
def test_compile_refuses_anything_but_plain_names(text: str) -> None:
    with pytest.raises(ValueError, match="plain name"):
        _compile(text)


def test_note_from_rendered_text_matches_render() -> None:
    fields = dict.fromkeys(FIELDS["censored_below"], "7")
    text = renderer("censored_below")(**fields)
    assert notes.note("censored_below", "bidlingmaier2014", text) == notes.render(
        "censored_below", "bidlingmaier2014", **fields
    )


def test_a_note_without_any_citation_is_refused() -> None:
    # zone_indeterminate cites only the reference: without one it would be an uncited note.
    assert TEMPLATES["zone_indeterminate"].citations == (templates.REFERENCE_PLACEHOLDER,)
    with pytest.raises(ValueError, match="no citation"):
        notes.render("zone_indeterminate")
    assert notes.render("zone_indeterminate", "rahmani2022").citations == ("rahmani2022",)


def test_renderer_follows_the_template_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled per text, not per key: a changed template is used at once."""
    key = "censored_below"
    fields = dict.fromkeys(FIELDS[key], "7")
    before = renderer(key)(**fields)
    changed = templates.NoteTemplate(TEMPLATES[key].kind, "changed {value}", TEMPLATES[key].citations)
    monkeypatch.setitem(TEMPLATES, key, changed)
    assert renderer(key)(**fields) == "changed 7"
    monkeypatch.undo()
    assert renderer(key)(**fields) == before
