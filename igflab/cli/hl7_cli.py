"""``igflab interpret --hl7-in FILE`` (an HL7 v2 ORU^R01 message in) and ``--hl7`` (igflab's ORU^R01 out).

A message is read as bytes, so that its own character set (MSH-18) decides how it is decoded. The
output is the message with the standard carriage return after each segment; on a terminal each
segment is printed on its own line instead, so that it can be read.
"""

from __future__ import annotations

import argparse
import sys

from .output import UsageError, fault_of, write

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    from typing import Any

__all__ = ["add_hl7_arguments", "local_codes", "read_bytes", "run_hl7_in", "write_hl7"]


def add_hl7_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--hl7-in",
        metavar="FILE",
        help="read an HL7 v2 ORU^R01 message (IGF-1, IGFBP-3: one result, the panel, or a series); - for stdin",
    )
    p.add_argument("--hl7", action="store_true", help="print an HL7 v2 ORU^R01 message (igflab's interpretation)")
    p.add_argument(
        "--local-code",
        action="append",
        metavar="CODE=ANALYTE",
        help="with --hl7-in: read the laboratory's own OBX-3 code as an analyte, e.g. IGF1=igf1 (repeatable)",
    )


def local_codes(given: list[str] | None) -> dict[str, str]:
    """``CODE=ANALYTE`` options as the mapping :func:`igflab.from_hl7` takes."""
    out: dict[str, str] = {}
    for item in given or ():
        code, sep, analyte = item.partition("=")
        if not sep or not code.strip() or not analyte.strip():
            raise UsageError(f"--local-code {item!r}: write CODE=ANALYTE, e.g. IGF1=igf1")
        out[code.strip()] = analyte.strip()
    return out


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input); a file that cannot be read is an input error."""
    from pathlib import Path

    from igflab.errors import InputError

    if path == "-":
        stdin = sys.stdin
        if stdin is None:
            raise InputError("standard input is closed", field="hl7_in")
        try:
            raw = getattr(stdin, "buffer", None)  # a text stream without bytes beneath (embedded): its text, as UTF-8
            return raw.read() if raw is not None else stdin.read().encode("utf-8")
        except OSError as exc:
            raise fault_of(exc, "standard input") from None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", field="hl7_in") from None


def write_hl7(message: str) -> None:
    """The message on standard output: segments ended by CR, or one per line on a terminal."""
    out = sys.stdout
    on_terminal = out is not None and out.isatty()
    write(message.replace("\r", "\n") if on_terminal else message)


def run_hl7_in(args: argparse.Namespace, write_fhir: Any) -> int:
    """``--hl7-in FILE``: the interpretation as JSON, or with ``--hl7`` an ORU^R01, or with ``--fhir`` FHIR."""
    from igflab.errors import InputError

    clash = [
        name
        for name in ("value", "unit", "assay", "lab_range", "lab_range_unit", "context", "analyte", "igfbp3")
        if getattr(args, name, None) is not None
    ]
    clash += [name for name in ("input", "fhir_in", "csv", "previous") if getattr(args, name, None) is not None]
    if clash:
        shown = "VALUE" if clash[0] in ("value", "unit") else "--" + clash[0].replace("_", "-")
        raise InputError(f"{shown} cannot be combined with --hl7-in: the message gives it", field="hl7_in")
    if sum(bool(x) for x in (args.json, args.fhir, args.hl7)) > 1:
        raise UsageError("--json, --fhir and --hl7 each choose the output: give one")
    from igflab.io.hl7 import from_hl7, to_hl7
    from igflab.series_models import SeriesInterpretation

    data = read_bytes(args.hl7_in)
    person = {k: getattr(args, k) for k in ("sex", "birth_date", "collected", "age", "reference")}
    result = from_hl7(data, local_codes=local_codes(args.local_code), **person)
    if args.hl7:
        write_hl7(to_hl7(result, source=data))
    elif args.fhir:
        if isinstance(result, SeriesInterpretation):
            import json

            from igflab.io.series_fhir import series_to_fhir

            write(json.dumps(series_to_fhir(result, subject=args.subject), indent=2, ensure_ascii=False) + "\n")
        else:
            return int(write_fhir(result, subject=args.subject, effective=args.collected))
    else:
        write(result.model_dump_json(indent=2) + "\n")
    return 0
