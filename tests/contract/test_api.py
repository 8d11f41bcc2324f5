"""The public API is small and pinned: a change here is a deliberate, reviewed change."""

from __future__ import annotations

import subprocess
import sys

import igflab

PUBLIC = [
    "BatchResult",
    "IGF1_MOLAR_MASS_G_PER_MOL",
    "AgeError",
    "Citation",
    "ContextError",
    "Flag",
    "IgflabError",
    "InputError",
    "InterpretRequest",
    "Interpretation",
    "LabRangeError",
    "MeasuredValue",
    "Note",
    "OutOfReferenceError",
    "Provenance",
    "ReferenceDataError",
    "ReferencePosition",
    "ReferenceUnavailableError",
    "ResultWarning",
    "SexError",
    "UnitError",
    "UnknownReferenceError",
    "ValueInputError",
    "Zone",
    "__version__",
    "from_fhir",
    "get_reference",
    "interpret",
    "interpret_batch",
    "interpret_request",
    "list_references",
    "plot",
    "save_chart",
    "to_fhir",
]


def test_all_is_pinned() -> None:
    assert sorted(igflab.__all__) == sorted(PUBLIC)
    for name in igflab.__all__:
        assert hasattr(igflab, name), name


def test_errors_share_one_base() -> None:
    for name in igflab.__all__:
        obj = getattr(igflab, name)
        if isinstance(obj, type) and name.endswith("Error"):
            assert issubclass(obj, igflab.IgflabError)
            assert issubclass(obj, ValueError)


def test_import_is_light() -> None:
    """Importing igflab loads neither numpy nor pint, and reads no data file."""
    code = (
        "import sys, igflab; "
        "print(sorted(m for m in ('numpy', 'pint') if m in sys.modules)); "
        "import igflab.science.references as r; print(r._all.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "0"


def test_single_interpretation_does_not_import_numpy_or_pint() -> None:
    code = (
        "import sys, igflab; igflab.interpret('150 ng/mL', age=45, sex='male'); "
        "print(sorted(m for m in ('numpy', 'pint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
