"""interpret_panel_batch() and the panel CSV equal interpret_panel() row by row, errors and the molar ratio included."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import igflab
from igflab.io.csv import interpret_csv
from tests.strategies import PANEL_ROW


def _scalar(row: tuple[Any, ...], reference: str | None) -> igflab.PanelInterpretation | igflab.IgflabError:
    v1, v2, age, sex = row
    try:
        return igflab.interpret_panel(v1, v2, age=age, sex=sex, reference=reference)
    except igflab.IgflabError as exc:
        return exc


def _csv(rows: list[tuple[Any, ...]], reference: str | None) -> list[dict[str, str]]:
    src = io.StringIO()
    csv.writer(src, lineterminator="\n").writerows([("value", "igfbp3", "age", "sex"), *rows])
    dst = io.StringIO()
    interpret_csv(io.StringIO(src.getvalue()), dst, analyte="panel", reference=reference)
    return list(csv.DictReader(io.StringIO(dst.getvalue())))


@settings(max_examples=80, deadline=None)
@given(st.lists(PANEL_ROW, min_size=1, max_size=10), st.sampled_from([None, "life2022"]))
def test_every_panel_row_equals_interpret_panel(rows: list[tuple[Any, ...]], reference: str | None) -> None:
    cols = [list(c) for c in zip(*rows, strict=True)]
    batch = igflab.interpret_panel_batch(*cols, reference=reference).columns()
    cells = _csv(rows, reference)
    assert len(cells) == len(rows) == len(batch["molar_ratio"])  # no row dropped
    for i, row in enumerate(rows):
        p, c = _scalar(row, reference), cells[i]
        errors = (batch["igf1_error_message"][i], batch["igfbp3_error_message"][i])
        assert (c["igf1_error_message"], c["igfbp3_error_message"]) == tuple(e or "" for e in errors)
        if isinstance(p, igflab.IgflabError):
            # the one error the scalar raises is the batch's error of IGF-1 or of IGFBP-3 (the same rules)
            assert p.message in errors, (row, p, errors)
            assert math.isnan(batch["molar_ratio"][i])
            assert c["molar_ratio"] == ""
            assert not batch["both_low"][i]
            assert not batch["discordant"][i]
            continue
        assert not any(errors), (row, errors)
        assert (batch["igf1_zone"][i], batch["igfbp3_zone"][i]) == (p.igf1.zone.value, p.igfbp3.zone.value)
        assert c["igfbp3_zone"] == p.igfbp3.zone.value
        for prefix, r in (("igf1_", p.igf1), ("igfbp3_", p.igfbp3)):  # every guess is a warning, in every path
            codes = [w.code for w in r.warnings if not (w.field or "").startswith("Observation.")]
            assert [x for x in batch[prefix + "warnings"][i].split(";") if x] == codes, (row, prefix)
            assert c[prefix + "warnings"] == batch[prefix + "warnings"][i]
        assert math.isclose(batch["igfbp3_nmol_per_l"][i], p.igfbp3.value.nmol_per_l, rel_tol=1e-12)
        if p.molar_ratio is None:  # a censored IGF-1: no ratio, in every path
            assert p.igf1.value.censored is not None
            assert math.isnan(batch["molar_ratio"][i])
            assert c["molar_ratio"] == ""
        else:
            assert math.isclose(batch["molar_ratio"][i], p.molar_ratio, rel_tol=1e-12)
            assert math.isclose(float(c["molar_ratio"]), p.molar_ratio, rel_tol=1e-12)
        notes = " ".join(n.text for n in p.notes)
        assert bool(batch["both_low"][i]) == ("both below" in notes)
        assert bool(batch["discordant"][i]) == (" while IGFBP-3 is " in notes)
