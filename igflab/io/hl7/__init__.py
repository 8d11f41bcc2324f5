"""HL7 v2: ORU^R01 results in (:func:`from_hl7`) and igflab's interpretation out (:func:`to_hl7`).

Modules: :mod:`~igflab.io.hl7.er7` (the message as text: size, character set, delimiters, escapes),
:mod:`~igflab.io.hl7.lib` (the HL7 library, hl7apy, imported on first use),
:mod:`~igflab.io.hl7.scan` (the message's structure), :mod:`~igflab.io.hl7.segments` (field
mapping), :mod:`~igflab.io.hl7.reader` (the interpretation), :mod:`~igflab.io.hl7.content` and
:mod:`~igflab.io.hl7.writer` (the message igflab writes), :mod:`~igflab.io.hl7.codes` (tables).
"""

from __future__ import annotations

from .reader import Hl7Options, Hl7Result, from_hl7
from .writer import to_hl7

__all__ = ["Hl7Options", "Hl7Result", "from_hl7", "to_hl7"]
