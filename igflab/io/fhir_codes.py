"""FHIR R4 codes and code systems igflab reads and writes (see ``docs/embedding.md``).

* each analyte's LOINC code from its spec (:mod:`igflab.analytes`): ``2484-4`` IGF-1, ``2483-6`` IGFBP-3;
  LOINC ``73561-3`` Insulin-like growth factor-I [Z-score] in Serum or Plasma, the IGF-1 SDS component
  (:data:`SDS_LOINC`: no Z-score code is used for IGFBP-3, none was verified);
* UCUM (``http://unitsofmeasure.org``) for values, ``{Z-score}`` for the SDS, ``a`` for ages;
* HL7 v3 ObservationInterpretation: ``L``, ``N``, ``H``, ``HU``, ``IND`` (igflab's flags).
"""

from __future__ import annotations

import re

from igflab.analytes import IGF1, IGFBP3

__all__ = [
    "ADMINISTRATIVE_GENDER",
    "FULL_DATE",
    "IGF1_DISPLAY",
    "IGF1_LOINC",
    "IGF1_SDS_DISPLAY",
    "IGF1_SDS_LOINC",
    "IGFBP3_DISPLAY",
    "IGFBP3_LOINC",
    "LOINC",
    "OBSERVATION_CATEGORY",
    "PUBLISHED_RANGE_PREFIX",
    "RANGE_MEANING",
    "SDS_LOINC",
    "UCUM",
    "V3_INTERPRETATION",
    "Z_SCORE_UNIT",
]

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ADMINISTRATIVE_GENDER = "http://hl7.org/fhir/administrative-gender"
RANGE_MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning"

#: LOINC code of IGF-1 mass concentration in serum or plasma.
IGF1_LOINC = IGF1.loinc
IGF1_DISPLAY = IGF1.loinc_display
#: LOINC code of IGFBP-3 mass concentration in serum or plasma (its source: :data:`igflab.analytes.IGFBP3`).
IGFBP3_LOINC = IGFBP3.loinc
IGFBP3_DISPLAY = IGFBP3.loinc_display
#: LOINC code of the IGF-1 Z-score (SDS) in serum or plasma.
IGF1_SDS_LOINC = "73561-3"
IGF1_SDS_DISPLAY = "Insulin-like growth factor-I [Z-score] in Serum or Plasma"
#: The LOINC code (and display) of an analyte's Z-score, by the LOINC code of its concentration: IGF-1 alone.
SDS_LOINC: dict[str, tuple[str, str]] = {IGF1_LOINC: (IGF1_SDS_LOINC, IGF1_SDS_DISPLAY)}

#: ``referenceRange.text`` of a published reference written by :func:`~igflab.io.fhir_out.to_fhir` starts with this.
PUBLISHED_RANGE_PREFIX = "igflab published reference "

#: The UCUM unit of an SDS.
Z_SCORE_UNIT = "{Z-score}"

#: A full calendar date at the start of a FHIR date or dateTime.
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
