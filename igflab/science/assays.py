"""What common IGF-1 assays can measure, and when a score is beyond what to expect (the warning limits)."""

from __future__ import annotations

__all__ = ["ADVISORY_SDS", "ASSAY_LOQ_NG_PER_ML", "ASSAY_MAX_NG_PER_ML"]

#: Values above this (ng/mL) exceed the measuring range of the common assays
#: (900-1600 ng/mL; Chanson 2016, Sabbah 2021: citation ids "chanson2016", "sabbah2021").
ASSAY_MAX_NG_PER_ML = 1600.0
#: Values below this (ng/mL) are under the lowest limit of quantitation of common assays
#: (8.8-25 ng/mL; same sources).
ASSAY_LOQ_NG_PER_ML = 8.8
#: |SDS| above this gets an advisory warning to check the entry.
ADVISORY_SDS = 5.0
