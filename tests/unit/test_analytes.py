"""Each analyte's molar mass and plausibility bounds, checked against their named sources."""

from __future__ import annotations

import numpy as np
import pytest

import igflab
from igflab.analytes import IGF1, IGFBP3, molar_ratio
from igflab.backend import numpy_backend
from igflab.inputs.units import analyte_unit, unit_info
from igflab.science.references import get_reference
from igflab.text.citations import catalog

IGFBP3_TABLES = ("friedrich2014_igfbp3_idsisys", "life2022_igfbp3", "life2022_igfbp3_incl_cc")


def test_igfbp3_molar_mass_is_the_assay_makers() -> None:
    # IDS product page: "IGFBP-3 has a molecular weight of 28.7 kDa, comprises of 264 amino acids".
    assert IGFBP3.molar_mass_g_per_mol == 28_700.0
    entry = catalog()["ids_igfbp3"]
    assert "28.7 kDa" in entry.note
    assert entry.url == "https://www.idsplc.com/products/igfbp-3/"
    assert "29 kDa" in catalog()["mayo_igfb3"].note  # the other value quoted, within 1.1 %
    assert IGF1.molar_mass_g_per_mol == 7649.0


@pytest.mark.parametrize(("unit", "ng_per_ml"), [("nmol/L", 28.7), ("pmol/mL", 28.7), ("pmol/L", 0.0287)])
def test_igfbp3_amount_units_convert_with_its_molar_mass(unit: str, ng_per_ml: float) -> None:
    assert analyte_unit(unit_info(unit), IGFBP3).factor == pytest.approx(ng_per_ml, rel=1e-12)
    assert analyte_unit(unit_info(unit), IGF1) is unit_info(unit)  # IGF-1 keeps its own factors
    assert analyte_unit(unit_info("mg/L"), IGFBP3).factor == 1000.0  # mass units do not depend on the analyte


def test_igfbp3_bounds_follow_the_rule_on_its_tables() -> None:
    # 100 x the highest 97.5th centile and 1/1000 of the lowest 2.5th centile of the shipped IGFBP-3 tables.
    lows, highs = [], []
    for table in IGFBP3_TABLES:
        ref = get_reference(table)
        ages = np.linspace(ref.age_min, ref.age_max, 2001)
        for female in (False, True):
            b = ref.bounds(ages, np.full(ages.size, female), numpy_backend())
            lower, upper = b.lower, b.upper
            lows.append(float(lower.min()))
            highs.append(float(upper.max()))
    assert IGFBP3.max_ng_per_ml >= 100 * max(highs)
    assert IGFBP3.max_ng_per_ml <= 1.1 * 100 * max(highs)  # rounded up, not stretched
    assert IGFBP3.min_ng_per_ml <= min(lows) / 1000 <= 1.1 * IGFBP3.min_ng_per_ml


def test_implausible_values_are_refused_in_the_analytes_own_words() -> None:
    with pytest.raises(igflab.ValueInputError, match="not a plausible IGFBP-3 concentration"):
        igflab.interpret(900, "mg/L", analyte="igfbp3", age=45, sex="male")
    # 170 mg/L is above IGF-1's bound (160,000 ng/mL) but inside IGFBP-3's: placed, with warnings
    # (170 nmol/L = 4879 ng/mL would be inside the interval: a unit mix-up, as well as an extreme SDS).
    r = igflab.interpret(170, "mg/L", analyte="igfbp3", age=45, sex="male")
    assert [w.code for w in r.warnings] == ["unit_mixup", "extreme_sds"]
    with pytest.raises(igflab.ValueInputError, match="not a plausible IGF-1 concentration"):
        igflab.interpret(170, "mg/L", age=45, sex="male")


def test_molar_ratio_floats_and_arrays_agree() -> None:
    a, b = np.array([150.0, 15.0]), np.array([4100.0, 600.0])
    assert molar_ratio(a, b).tolist() == [molar_ratio(150.0, 4100.0), molar_ratio(15.0, 600.0)]


def test_every_analyte_fact_is_read_from_its_registry_row() -> None:
    from igflab.analytes import ANALYTES, spec_of
    from igflab.io import fhir_codes
    from igflab.text.panel import ANALYTE_WORDS

    assert list(ANALYTES) == ["igf1", "igfbp3"]
    assert (fhir_codes.IGF1_LOINC, fhir_codes.IGFBP3_LOINC) == ("2484-4", "2483-6")  # LOINC's codes
    assert {k: ANALYTE_WORDS[k] for k in ANALYTES} == {"igf1": "IGF-1", "igfbp3": "IGFBP-3"}
    assert spec_of(" IGFBP3 ") is IGFBP3
    with pytest.raises(igflab.InputError, match="unknown analyte 'igf2'; known: igf1, igfbp3") as err:
        spec_of("igf2")
    assert err.value.field == "analyte"
    # the default references named by the rows ship
    assert {s.default_reference for s in ANALYTES.values()} == {
        "bidlingmaier2014_idsisys",
        "friedrich2014_igfbp3_idsisys",
    }
    assert igflab.get_reference(IGF1.default_reference).id == IGF1.default_reference
