"""The panel on columns (igflab.interpret_panel_batch): two value columns, rows equal to interpret_panel()."""

from __future__ import annotations

import numpy as np
import pytest

import igflab

ROWS = [  # IGF-1 ng/mL, IGFBP-3 mg/L, age, sex
    (15.0, 0.6, 2.0, "male"),  # both low (a child)
    (150.0, 1.5, 45.0, "male"),  # discordant
    (150.0, 4.1, 45.0, "male"),  # both inside
    (40.0, 1.0, 45.0, "female"),  # both low (an adult)
    (900.0, 4.0, 30.0, "female"),  # IGF-1 well above
]


@pytest.mark.parametrize(("reference", "context"), [(None, None), ("life2022", None), ("life2022", ["coc"])])
def test_panel_columns_equal_interpret_panel(reference: str | None, context: list[str] | None) -> None:
    cols = list(zip(*ROWS, strict=True))
    b = igflab.interpret_panel_batch(
        cols[0],
        cols[1],
        cols[2],
        cols[3],
        units=("ng/mL", "mg/L"),
        reference=reference,
        context=context,
    )
    for i, (v1, v2, age, sex) in enumerate(ROWS):
        p = igflab.interpret_panel(
            v1, v2, igf1_unit="ng/mL", igfbp3_unit="mg/L", age=age, sex=sex, reference=reference, context=context
        )
        assert b.igfbp3.sds[i] == pytest.approx(p.igfbp3.sds, rel=1e-9)
        assert b.igfbp3.zone[i] == p.igfbp3.zone.value
        assert np.asarray(b.igf1.sds)[i] == pytest.approx(p.igf1.sds, rel=1e-9)
        kinds = [n.text for n in p.notes]
        assert bool(b.both_low[i]) == any("both below" in t for t in kinds), i
        assert bool(b.discordant[i]) == any(" while IGFBP-3 is " in t for t in kinds), i
    assert isinstance(b.igf1, igflab.BatchResult)  # one column set for every analyte
    assert isinstance(b.igfbp3, igflab.BatchResult)
    if reference is not None:
        assert b.igf1.reference == ("life2022_igf1_incl_cc" if context else "life2022_igf1")


def test_a_bad_row_keeps_its_error_and_no_row_is_dropped() -> None:
    b = igflab.interpret_batch(["4.1 mg/L", "900 mg/L", None], None, [45, 45, 45], "male", analyte="igfbp3")
    assert len(b) == 3
    assert b.zone[0] == "middle_third"
    assert b.error_code[1] == igflab.ValueInputError.code
    assert "not a plausible IGFBP-3 concentration" in b.error_message[1]
    assert b.error_code[2] is not None
    assert np.isnan(b.sds[1:]).all()


def test_unknown_options_are_refused_not_ignored() -> None:
    with pytest.raises(igflab.InputError, match="refrence") as info:
        igflab.interpret_panel_batch([150], [4.1], [45], "male", refrence="life2022")  # type: ignore[call-arg]
    assert info.value.field == "refrence"
    with pytest.raises(igflab.InputError, match="refrence"):
        igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male", refrence="life2022")  # type: ignore[call-arg]


def test_the_panel_needs_the_sex_in_every_row_as_interpret_panel_does() -> None:
    b = igflab.interpret_panel_batch([150, 150], [4.1, 4.1], [45, 45], ["male", "unknown"], units=("ng/mL", "mg/L"))
    with pytest.raises(igflab.SexError) as err:
        igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="unknown")
    assert b.igf1.zone[0] == "middle_third"
    assert b.igf1.error_message[1] == b.igfbp3.error_message[1] == err.value.message
    assert b.n_errors == 1
