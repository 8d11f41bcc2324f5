"""The public API is small and pinned: a change here is a deliberate, reviewed change."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
    "PanelInterpretation",
    "Provenance",
    "ReferenceDataError",
    "ReferencePosition",
    "ReferenceUnavailableError",
    "ReportLine",
    "ResultWarning",
    "SeriesInterpretation",
    "SexError",
    "Summary",
    "UnitError",
    "UnknownReferenceError",
    "ValueInputError",
    "Zone",
    "__version__",
    "from_fhir",
    "from_hl7",
    "get_reference",
    "interpret",
    "interpret_batch",
    "interpret_frame",
    "interpret_panel",
    "interpret_panel_batch",
    "interpret_panel_frame",
    "interpret_request",
    "interpret_series",
    "interpret_series_batch",
    "list_references",
    "plot",
    "read_report_line",
    "save_chart",
    "series_from_fhir",
    "series_to_fhir",
    "to_fhir",
    "to_hl7",
    "value_at",
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


HEAVY = ("numpy", "pint", "pydantic", "typing")


def _loaded(code: str) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running ``code``."""
    probe = f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return list(eval(out.strip().splitlines()[-1]))  # a printed list of names


def test_import_is_light() -> None:
    """Importing igflab loads no model (pydantic), numpy, pint or typing, and reads no data file."""
    assert _loaded("import igflab") == []
    code = "import igflab, igflab.science.references as r; print(r._registry.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_version_and_help_load_nothing_heavy() -> None:
    """`igflab --version` and `igflab --help` answer without the models, numpy or pint."""
    run = (
        "from igflab.cli import main\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n    main({})"
    )
    assert _loaded(run.format(["--version"])) == []
    assert _loaded(run.format(["--help"])) == []


def test_lazy_names_resolve_to_their_modules() -> None:
    assert igflab.interpret.__module__ == "igflab.core.interpret"
    assert igflab.UnitError.code == "unit_error"
    assert "interpret_batch" in dir(igflab)
    with pytest.raises(AttributeError):
        igflab.no_such_name  # noqa: B018


def test_single_interpretation_does_not_import_numpy_or_pint() -> None:
    code = (
        "import sys, igflab; igflab.interpret('150 ng/mL', age=45, sex='male'); "
        "print(sorted(m for m in ('numpy', 'pint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
