"""The JSON API under ``/api/v1``: one result, the panel, a series, a batch and the reference list.

Each operation is the library function of the same shape (:func:`igflab.interpret`,
:func:`igflab.interpret_panel`, :func:`igflab.interpret_series`, :func:`igflab.interpret_batch`,
:func:`igflab.list_references`) and answers what it answers, as JSON; every error is
``{"code", "field", "message"}`` (:mod:`igflab.web.errors`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query

from igflab.core.panel import interpret_panel
from igflab.errors import InputError
from igflab.io.fhir_panel import result_to_fhir
from igflab.io.json import answer_request
from igflab.io.series_json import series_request
from igflab.models import Interpretation, InterpretRequest
from igflab.panel_models import PanelInterpretation
from igflab.science.references import list_references
from igflab.series_models import SeriesInterpretation, SeriesRequest
from igflab.text.summary import with_display_unit

from .api_models import INTERPRET_EXAMPLES, PANEL_EXAMPLES, SERIES_EXAMPLES, PanelRequest, ReferenceInfo
from .batch import add_batch
from .errors import MAX_BODY_BYTES, ApiError

__all__ = ["api_router", "reference_info"]

ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ApiError, "description": f"The body is larger than {MAX_BODY_BYTES:,} bytes."},
    422: {"model": ApiError, "description": "Bad input: the field it is about (by name) and why."},
}
_DISPLAY_UNIT = Query(
    None, description="Show the summary's figures in this unit: ng/mL, µg/L or nmol/L (IGFBP-3 also mg/L, µg/mL)."
)
_WHICH = Literal["igf1", "igfbp3", "igf1_igfbp3_ratio", "all"]


def reference_info(ref: Any, default: bool) -> ReferenceInfo:
    """A reference (:class:`igflab.science.references.Reference`) as the API lists it."""
    d = ref.data
    c = d.citation
    year = f" ({c.year})" if c.year else ""
    return ReferenceInfo(
        id=ref.id,
        default=default,
        analyte=d.analyte.key,
        title=d.title,
        short_name=d.short_name,
        unit=d.unit,
        assay=d.assay,
        assay_ids=list(d.assay_ids),
        method=d.distribution,
        population=d.population,
        n=d.n,
        sexes=list(d.sexes),
        age_min=ref.age_min,
        age_max=ref.age_max,
        includes_contraceptive_users=d.includes_contraceptive_users,
        citation=f"{c.authors}{year}. {c.title}. {c.journal}.",
        doi=c.doi,
        caveats=list(d.caveats),
    )


def _references(which: str) -> list[ReferenceInfo]:
    every = list_references(None)
    defaults = {list_references(a)[0].id for a in ("igf1", "igfbp3")}
    return [reference_info(r, r.id in defaults) for r in every if which in ("all", r.analyte)]


def api_router() -> APIRouter:
    """The ``/api/v1`` operations."""
    api = APIRouter(prefix="/api/v1", responses=ERRORS)

    @api.post("/interpret", response_model=Interpretation | PanelInterpretation, tags=["interpret"])
    def interpret(
        request: Annotated[InterpretRequest, Body(openapi_examples=INTERPRET_EXAMPLES)],
        display_unit: str | None = _DISPLAY_UNIT,
    ) -> Interpretation | PanelInterpretation:
        """Interpret one result of any analyte (IGF-1, or IGFBP-3 with ``analyte``) or the two as a panel (``igfbp3``).

        The body is igflab's JSON request (see ``igflab schema input``).
        """
        result = answer_request(request)
        if isinstance(result, Interpretation):
            return with_display_unit(result, display_unit)
        if display_unit is not None:
            raise InputError("display_unit is for one result, not the panel", field="display_unit")
        return result

    @api.post("/interpret/fhir", tags=["interpret"])
    def interpret_fhir(
        request: Annotated[InterpretRequest, Body(openapi_examples=INTERPRET_EXAMPLES)],
        subject: str | None = None,
        effective: str | None = None,
    ) -> dict[str, Any]:
        """Interpret a request and answer FHIR R4: an Observation, or a Bundle with both for the panel."""
        return result_to_fhir(answer_request(request), subject=subject, effective=effective)

    @api.post("/panel", response_model=PanelInterpretation, tags=["interpret"])
    def panel(request: Annotated[PanelRequest, Body(openapi_examples=PANEL_EXAMPLES)]) -> PanelInterpretation:
        """IGF-1 and IGFBP-3 from one sample: each on its reference, the molar ratio, what they say together."""
        person = request.model_dump(include={"age", "birth_date", "collected", "sex", "reference", "assay"})
        return interpret_panel(
            request.igf1,
            request.igfbp3,
            igf1_unit=request.igf1_unit,
            igfbp3_unit=request.igfbp3_unit,
            context=request.context,
            **person,
        )

    @api.post("/series", response_model=SeriesInterpretation, tags=["interpret"])
    def series(request: Annotated[SeriesRequest, Body(openapi_examples=SERIES_EXAMPLES)]) -> SeriesInterpretation:
        """One person's IGF-1 results over time: each at its own age, the changes and their significance.

        The body is ``igflab series``'s JSON request (see ``igflab schema series-input``).
        """
        return series_request(request)

    @api.get("/references", response_model=list[ReferenceInfo], tags=["references"])
    def references(
        analyte: Annotated[_WHICH, Query(description="Only the references of one analyte.")] = "all",
    ) -> list[ReferenceInfo]:
        """The shipped references: id, population, ages, assay and source; each analyte's default first."""
        return _references(analyte)

    add_batch(api)
    return api
