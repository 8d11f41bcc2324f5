"""The hypothesis strategies the property tests share: the inputs users and cohort files send.

``texts`` ... ``references`` are anything a caller may pass to ``interpret()`` (most of it
wrong); ``ROW`` is one row of a cohort (values, units, ages, sexes, lab ranges), with every
kind of bad cell a file holds.
"""

from __future__ import annotations

import math

from hypothesis import strategies as st

from igflab.inputs.units import known_units

texts = st.text(max_size=30)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0.5, max_value=3000),
    st.integers(min_value=-10, max_value=10**6),
)
values = st.one_of(
    numbers,
    texts,
    st.builds(
        lambda c, n, u: f"{c}{n}{u}",
        st.sampled_from(["", "<", ">", "<=", " "]),
        st.floats(min_value=0, max_value=5000).map(lambda x: f"{x:g}"),
        st.sampled_from(["", " ng/mL", "nmol/l", " ug/L", " kg", " NG/ML"]),
    ),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
units = st.one_of(st.none(), st.sampled_from([*known_units(), "kg", "IU/mL", "ng/mL ", "NMOL/L", ""]), texts)
ages = st.one_of(
    st.none(),
    st.floats(allow_nan=True),
    st.floats(min_value=0, max_value=100),
    st.sampled_from(["8m", "45", "30w", "x", "", "-1"]),
    texts,
)
sexes = st.one_of(st.sampled_from(["male", "female", "m", "F", "unknown", "other", "", "robot"]), texts, st.integers())
lab_ranges = st.one_of(
    st.none(),
    st.sampled_from(["52-328", "328-52", "5-10 nmol/L", "x"]),
    st.tuples(st.floats(allow_nan=True), st.floats(allow_nan=True)),
)
contexts = st.one_of(
    st.none(),
    st.sampled_from(["pregnancy", "cancer,puberty", "bogus", ""]),
    st.lists(st.sampled_from(["fasting", "liver-disease", "x"]), max_size=3),
)
references = st.one_of(
    st.none(), st.sampled_from(["bidlingmaier2014_idsisys", "isojima2012_japan", "quest_lcms", "nope"])
)

REFS = ["bidlingmaier2014_idsisys", "isojima2012_japan", "quest_lcms"]

# Inputs a cohort file really holds: good rows, laboratory spellings, censored results,
# and every kind of bad row interpret() refuses.
# Spread over the clinical range (hypothesis' own floats crowd the bounds).
CLINICAL = st.integers(min_value=50, max_value=8000).map(lambda k: k / 10)
#: Value texts a cohort file holds: numbers, laboratory spellings, censored results, and bad cells.
VALUE_TEXTS = [
    "150",
    " 150 ",
    "1e2",
    "150.",
    ".5e3",
    "<25",
    "< 52",
    "<=60",
    ">1200",
    ">=1000",
    ">300",
    "150 ng/mL",
    "19.6 nmol/L",
    "150,5",
    "1,200",
    "1.200",  # a thousands dot: refused where the decimal reading is below the assay range (review finding 1)
    "150.000",
    "1.100 nmol/L",
    "abc",
    "",
    "nan",
    "1_000",
    "-40",
    "0",
]
VALUES = st.one_of(
    CLINICAL,
    CLINICAL,
    st.floats(min_value=0.5, max_value=2500, allow_nan=False),
    st.integers(min_value=-5, max_value=2000),
    st.sampled_from([0.0, -3.5, math.nan, math.inf, 1e300, True, None]),
    st.floats(min_value=1, max_value=1500, allow_nan=False).map(lambda v: f"{v:.1f}"),
    st.sampled_from(VALUE_TEXTS),
)
UNITS = st.sampled_from(
    ["ng/mL", "nmol/L", "ug/L", "µg/L", "NG/ML", "mcg/L", "pmol/mL", "ng/dL", "ng/cL", "furlongs", "m", "", None]
)
AGE_TEXTS = ["45", "8m", "30w", "18 y", "1e2", "", "old", " 60 ", "-3"]
AGES = st.one_of(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.integers(min_value=-2, max_value=125),
    st.sampled_from([math.nan, math.inf, -0.5, 94.0, 77.0, 18.0, None, True]),
    st.sampled_from(AGE_TEXTS),
)
SEX_TEXTS = ["male", "female", "m", "F", "unknown", "other", "x", "", "alien"]
SEXES = st.sampled_from([*SEX_TEXTS, None, 1])
LABS = st.one_of(
    st.none(),
    st.tuples(st.floats(min_value=5, max_value=150), st.floats(min_value=100, max_value=600)),
    st.sampled_from([(52, 328), (None, 300), (300, 52), (-1, 100), (math.nan, 200), ("52", "328"), ("", "x")]),
)
ROW = st.tuples(VALUES, UNITS, AGES, SEXES, LABS)

# One row of a typed data frame (text columns hold text or null; numbers hold numbers or null).
FRAME_TEXT_VALUES = st.one_of(
    st.sampled_from(VALUE_TEXTS),
    st.floats(min_value=1, max_value=1500, allow_nan=False).map(lambda v: f"{v:.1f}"),
    CLINICAL.map(str),
    st.none(),
)
FRAME_NUMBERS = st.one_of(CLINICAL, st.floats(min_value=-5, max_value=3000), st.none())
FRAME_AGES = st.one_of(st.integers(0, 1000).map(lambda k: k / 10), st.just(-1.0), st.just(130.0), st.none())
FRAME_AGE_TEXTS = st.one_of(st.sampled_from(AGE_TEXTS), st.integers(0, 1000).map(lambda k: str(k / 10)), st.none())
FRAME_SEXES = st.sampled_from([*SEX_TEXTS, None])
FRAME_LABS = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(st.floats(min_value=5, max_value=150), st.floats(min_value=100, max_value=600)),
    st.sampled_from([(52.0, 328.0), (None, 300.0), (300.0, 52.0), (-1.0, 100.0)]),
)

# Distribution parameters (mu, sigma, nu, tau) spanning the shipped BCCG/BCPE tables and beyond.
box_cox_params = st.tuples(
    st.floats(min_value=1.0, max_value=5000.0),
    st.floats(min_value=0.05, max_value=0.7),
    st.floats(min_value=-2.0, max_value=3.0),
    st.floats(min_value=1.0, max_value=3.5),
)

# One IGFBP-3 row: value (number or text, some censored or in a molar unit), unit, age, sex.
igfbp3_values = st.one_of(
    st.floats(min_value=0.05, max_value=15.0),
    st.floats(min_value=100.0, max_value=12000.0),
    st.sampled_from(
        ["4.1 mg/L", "<0.5 mg/L", "3900 ng/mL", "50 nmol/L", "abc", "", "-2", "2,5", "1.250", "4.1 nmol/L"]
    ),
)
igfbp3_units = st.sampled_from([None, "mg/L", "µg/mL", "ng/mL", "nmol/L", "kg"])
igfbp3_ages = st.one_of(st.floats(min_value=0.0, max_value=95.0), st.sampled_from(["8m", "x", "", "45"]))
igfbp3_sexes = st.sampled_from(["male", "female", "f", "unknown", "alien"])
IGFBP3_ROW = st.tuples(igfbp3_values, igfbp3_units, igfbp3_ages, igfbp3_sexes)

# One panel row as an app or a cohort file sends it: IGF-1 and IGFBP-3 texts (censored on
# either side, molar and odd spellings, bounds and beyond, empty cells), age and sex.
panel_igf1 = st.one_of(
    st.builds(
        lambda v, u: f"{v:g} {u}",
        st.floats(min_value=5.0, max_value=1500.0),
        st.sampled_from(["ng/mL", "nmol/L", "µg/L"]),
    ),
    st.sampled_from(
        ["<15 ng/mL", ">1600 ng/mL", "<=25 ng/mL", "150", "abc", "", "0 ng/mL", "2e6 ng/mL", "150 %", "150,5 ng/mL"]
    ),
)
panel_igfbp3 = st.one_of(
    st.builds(lambda v: f"{v:g} mg/L", st.floats(min_value=0.2, max_value=12.0)),
    st.sampled_from(
        [
            "142.9 nmol/L",
            "0.1429 µmol/L",
            "0.1429 umol/L",
            "142.9 pmol/mL",
            "142.9 NMOL/L",
            "0.41 mg/dL",
            "4100 ng/mL",
            "0.9 ng/mL",  # the lowest plausible IGFBP-3 (igflab.analytes.IGFBP3)
            "0.89 ng/mL",
            "800000 ng/mL",
            "800001 ng/mL",
            "<0.5 mg/L",
            ">10 mg/L",
            "4.1",
            "",
            "4.1 mmol/L",
            "4.1 %",
            "4,1 mg/L",  # a decimal comma: read as a point, with a warning
            "4,1 ng/mL",
        ]
    ),
)
panel_ages = st.one_of(  # ages a file writes as text too: no exponent notation
    st.integers(0, 95_000).map(lambda k: k / 1000), st.sampled_from([0.0, 0.1667, 80.0, 81.0, 90.0, "8m", "", "x"])
)
PANEL_ROW = st.tuples(
    panel_igf1, panel_igfbp3, panel_ages, st.sampled_from(["male", "female", "F", "unknown", "alien", ""])
)

# -- one person's results over time (interpret_series) ----------------------------------
#: One usable result of a series: (value in ng/mL, age in years) with a reference that covers it.
series_results = st.lists(
    st.tuples(
        st.floats(min_value=10, max_value=1500).map(lambda x: round(x, 1)),
        st.floats(min_value=1, max_value=80).map(lambda a: round(a, 2)),
    ),
    min_size=1,
    max_size=6,
)
series_sexes = st.sampled_from(["male", "female"])

# -- CSV text of result columns (igflab.io.csv_text) -----------------------------------------
#: Floats whose text is hard to get right: whole numbers, the edges of repr's notation, tiny and huge.
CSV_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-5000, max_value=5000),
    st.sampled_from([0.0, -0.0, 1e-4, 9.999999999999999e-05, 1e16, 9999999999999998.0, 1e15, 150.0, 5e-324]),
    st.just(math.nan),
)
#: Labels of a categorical result column, some of them needing quotes in a CSV.
CSV_LABELS = st.lists(
    st.text(alphabet=st.sampled_from(list('ab ,;"\n\t|e.-§0')), max_size=6), min_size=1, max_size=4, unique=True
)
#: Delimiters, among them some a float's text holds (so its cells need quotes) and one non-ASCII.
CSV_DELIMITERS = st.sampled_from([",", ";", "\t", "|", "e", "-", ".", "1", "§"])
