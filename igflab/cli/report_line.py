"""``igflab interpret "IGF-1 23.1 nmol/L (11.3-31.0)"``: one argument holding a line of the lab report.

The line is read by :func:`igflab.inputs.report_line.read_report_line` (the reader the web page uses); what
it gives fills the options it stands for (the value and unit, ``--analyte``, ``--lab-range``), and one line
on standard error says what was read (after the result, so an error stays one line). A plain result
(``150``, ``"150 ng/mL"``, ``"<15 ng/mL"``) is left to the usual reading, with its usual messages.
"""

from __future__ import annotations

import argparse
import re

from igflab.cli.output import UsageError

__all__ = ["apply_report_line"]

# A text that can only be a report line: it starts with a word (an analyte's name), or holds a bracket or
# a range after the value. Such a text that cannot be read gets the reader's message.
_LINE_LIKE = re.compile(r"^\s*[A-Za-z]|[(\[]|\bref|\d\s*(?:-|\u2013|to)\s*\d", re.IGNORECASE)


def apply_report_line(args: argparse.Namespace) -> str | None:
    """Fill ``args`` from ``args.value`` when it is a report line (it then has no separate UNIT); returns the
    line that says what was read (None for a plain result), written once the result is interpreted."""
    from igflab.errors import IgflabError
    from igflab.inputs.report_line import read_report_line

    text = args.value
    try:
        line = read_report_line(text)
    except IgflabError:
        if re.search(r"\d", text) and _LINE_LIKE.search(text):
            raise
        return None  # not a report line: read as a result, with a result's messages
    extra = line.analyte is not None or line.flag is not None or "lab_range" not in line.missing
    if not extra:
        return None  # a plain result: the usual path reads it
    if line.analyte is not None:
        if args.analyte not in (None, line.analyte):
            raise UsageError(f"the report line names {_words(line.analyte)}, but --analyte says {args.analyte}")
        if line.analyte != "igf1":
            args.analyte = line.analyte
    args.value = f"{line.value} {line.unit}" if line.unit else line.value
    said = [f"{_words(line.analyte or 'igf1')} {args.value}" + ("" if line.analyte else " (IGF-1 assumed)")]
    if line.flag:
        said.append(f"flag {line.flag}")
    if line.lab_range is not None:
        shown = f"{line.lab_range} {line.lab_range_unit or line.unit or ''}".rstrip()
        if line.one_sided:
            said.append(f"laboratory range {shown} (one-sided: not used; the published reference is)")
        elif (line.analyte or "igf1") != "igf1":
            said.append(f"laboratory range {shown} (not used: IGFBP-3 is placed on its published table)")
        elif args.lab_range is not None:
            raise UsageError("the report line gives the laboratory's range; leave out --lab-range")
        else:
            args.lab_range = line.lab_range
            if line.lab_range_unit and args.lab_range_unit is None:
                args.lab_range_unit = line.lab_range_unit
            said.append(f"laboratory range {shown}")
    return f"igflab: read {', '.join(said)}\n"


def _words(analyte: str) -> str:
    return {"igf1": "IGF-1", "igfbp3": "IGFBP-3"}.get(analyte, analyte)
