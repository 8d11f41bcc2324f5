"""The page's chart and its legend, served by the app: the legend matches the drawing, the fan behind a checkbox."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("fastapi")

from tests.support import web_client


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


def _legend(page: str) -> str:
    found = re.search(r'<ul class="legend" id="chart-legend">.*?</ul>', page, re.S)
    assert found is not None
    return found.group(0)


def test_a_female_result_has_a_red_dashed_middle_line_and_so_does_its_legend(client: Any) -> None:
    page = client.get("/", params={"value": "23.1", "unit": "nmol/L", "age": "52", "sex": "female"}).text
    median = re.search(r'<path id="median-female"[^>]*>', page)
    assert median is not None
    stroke = re.search(r'stroke="(#[0-9a-f]{6})"', median.group(0))
    dash = re.search(r'stroke-dasharray="([^"]+)"', median.group(0))
    assert stroke is not None
    assert dash is not None
    legend = _legend(page)
    assert f'stroke="{stroke.group(1)}" stroke-width="2.5" stroke-dasharray="{dash.group(1)}"' in legend
    assert "Long-dashed line" in legend
    assert "Solid line" not in legend
    assert "#1f5fa8" not in legend  # no blue key for a chart drawn in red
    assert 'class="key' not in page  # the old fixed keys are gone


def test_the_fan_is_off_by_default_and_shown_when_ticked_and_kept_on_the_form(client: Any) -> None:
    params = {"value": "150", "unit": "ng/mL", "age": "45", "sex": "male"}
    plain = client.get("/", params=params).text
    assert 'class="fan"' not in plain
    assert 'name="fan" value="1">' in plain
    fan = client.get("/", params={**params, "fan": "1"}).text
    assert len(re.findall(r'<path class="fan"', fan)) == 9
    assert 'data-kind="fan"' in _legend(fan)
    assert 'name="fan" value="1" checked' in fan
