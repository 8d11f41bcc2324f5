"""What common IGF-1 assays can measure, and when a score is beyond what to expect (the warning limits)."""

from __future__ import annotations

import math

from igflab.analytes import IGF1

__all__ = ["ADVISORY_SDS", "ASSAY_LOQ_NG_PER_ML", "ASSAY_MAX_NG_PER_ML"]

#: IGF-1 values below ASSAY_LOQ_NG_PER_ML are under the lowest limit of quantitation of common
#: assays (8.8-25 ng/mL), values above ASSAY_MAX_NG_PER_ML exceed their measuring range
#: (900-1600 ng/mL; Chanson 2016, Sabbah 2021: citation ids "chanson2016", "sabbah2021"); the
#: figures are IGF-1's row in :mod:`igflab.analytes`.
ASSAY_LOQ_NG_PER_ML, ASSAY_MAX_NG_PER_ML = IGF1.assay_range_ng_per_ml or (0.0, math.inf)
#: |SDS| above this gets an advisory warning to check the entry.
ADVISORY_SDS = 5.0
