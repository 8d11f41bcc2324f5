"""igflab: interpret IGF-1 blood-test results against published, cited references.

igflab informs; it does not diagnose or prescribe. Every interpretation carries
guidance to discuss the result with a qualified health professional.

>>> import igflab
>>> r = igflab.interpret("150 ng/mL", age=45, sex="male")
>>> r.zone.value
'middle_third'

Every public name is imported on first use (PEP 562), so ``import igflab`` and the
command line's ``--version`` and ``--help`` load no model, numpy or pint.
"""

from __future__ import annotations

from ._version import __version__

# Speed: the name alone (not typing.TYPE_CHECKING) keeps `typing` out of the command line's start;
# type checkers treat any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .analytes import IGF1_MOLAR_MASS_G_PER_MOL
    from .core.batch import BatchResult, interpret_batch
    from .core.interpret import interpret
    from .core.panel import interpret_panel
    from .core.panel_batch import interpret_panel_batch
    from .core.series import interpret_series
    from .core.series_columns import interpret_series_batch
    from .errors import (
        AgeError,
        ContextError,
        IgflabError,
        InputError,
        LabRangeError,
        OutOfReferenceError,
        ReferenceDataError,
        ReferenceUnavailableError,
        SexError,
        UnitError,
        UnknownReferenceError,
        ValueInputError,
    )
    from .inputs.report_line import ReportLine, read_report_line
    from .io.chart import plot, save_chart
    from .io.fhir_in import from_fhir
    from .io.fhir_out import to_fhir
    from .io.frames import interpret_frame
    from .io.hl7.reader import from_hl7
    from .io.hl7.writer import to_hl7
    from .io.json import interpret_request
    from .io.panel_frame import interpret_panel_frame
    from .io.series_fhir import series_from_fhir, series_to_fhir
    from .models import Interpretation, InterpretRequest, MeasuredValue, Provenance, ReferencePosition
    from .panel_models import PanelInterpretation
    from .science.lookup import value_at
    from .science.references import get_reference, list_references
    from .science.zones import Flag, Zone
    from .series_models import SeriesInterpretation
    from .text.words import Citation, Note, ResultWarning, Summary

# Where each public name lives (module, relative to the package): the names, space-separated.
_MODULES = {
    ".core.batch": "BatchResult interpret_batch",
    ".core.interpret": "interpret",
    ".core.panel": "interpret_panel",
    ".core.panel_batch": "interpret_panel_batch",
    ".core.series": "interpret_series",
    ".core.series_columns": "interpret_series_batch",
    ".errors": "AgeError ContextError IgflabError InputError LabRangeError OutOfReferenceError ReferenceDataError "
    "ReferenceUnavailableError SexError UnitError UnknownReferenceError ValueInputError",
    ".analytes": "IGF1_MOLAR_MASS_G_PER_MOL",
    ".inputs.report_line": "ReportLine read_report_line",
    ".io.chart": "plot save_chart",
    ".io.fhir_in": "from_fhir",
    ".io.fhir_out": "to_fhir",
    ".io.frames": "interpret_frame",
    ".io.hl7.reader": "from_hl7",
    ".io.hl7.writer": "to_hl7",
    ".io.panel_frame": "interpret_panel_frame",
    ".io.json": "interpret_request",
    ".io.series_fhir": "series_from_fhir series_to_fhir",
    ".models": "Interpretation InterpretRequest MeasuredValue Provenance ReferencePosition",
    ".panel_models": "PanelInterpretation",
    ".science.lookup": "value_at",
    ".science.references": "get_reference list_references",
    ".science.zones": "Flag Zone",
    ".series_models": "SeriesInterpretation",
    ".text.words": "Citation Note ResultWarning Summary",
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names.split()}

__all__ = [
    "IGF1_MOLAR_MASS_G_PER_MOL",
    "AgeError",
    "BatchResult",
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


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'igflab' has no attribute {name!r}")
    import importlib  # noqa: PLC0415 - speed: not needed for --version and --help

    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
