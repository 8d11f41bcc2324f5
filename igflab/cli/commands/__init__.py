"""The command line's commands: one table, and one module per command with ``add_arguments`` and ``run``.

Each command is a thin layer over library functions. Speed: the command modules import the
library, and anything heavy, inside ``run``; the parser adds only the options of the command
given (:func:`igflab.cli.parser.build_parser`).
"""

from __future__ import annotations

from . import chart, interpret, ranges, references, schema, series, serve

TYPE_CHECKING = False  # speed: see igflab/__init__.py
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

__all__ = ["COMMANDS", "Command"]


class Command:
    """A command: its one-line help, its description, the function that adds its options, and its run.

    A plain class, not a NamedTuple: the parser is built without importing :mod:`typing`.
    """

    __slots__ = ("add_arguments", "description", "run", "short", "usage")

    def __init__(
        self,
        short: str,
        description: str,
        add_arguments: Callable[[argparse.ArgumentParser], None],
        run: Callable[[argparse.Namespace], int],
        usage: str | None = None,  # written out where argparse would show needed options as optional
    ) -> None:
        self.short = short
        self.description = description
        self.add_arguments = add_arguments
        self.run = run
        self.usage = usage


#: Every command, in the order ``igflab --help`` lists them.
COMMANDS: dict[str, Command] = {
    "interpret": Command(
        "interpret one result",
        "Interpret one IGF-1 result.",
        interpret.add_arguments,
        interpret.run,
        # The person options are needed but not argparse-required: they may come from a file instead.
        usage="igflab interpret VALUE [UNIT] --age AGE | --birth-date DATE --collected DATE --sex SEX [options]\n"
        "       igflab interpret --input FILE | --fhir-in FILE | --hl7-in FILE [options]\n"
        "       igflab interpret --csv FILE [-o FILE] [options]",
    ),
    "references": Command(
        "list the published references", "List the shipped references.", references.add_arguments, references.run
    ),
    "ranges": Command(
        "print a reference's interval, or the value at an SDS or centile",
        (
            "Print the reference interval (and median) for an age and sex, in ng/mL and nmol/L; or, with --sds "
            "or --centile, the value at that SDS or centile, at --age or over the reference's ages."
        ),
        ranges.add_arguments,
        ranges.run,
    ),
    "schema": Command(
        "print the JSON Schema of a request (input) or of a result (output)",
        (
            "Print the JSON Schema of the JSON request igflab reads (input) or of the "
            "interpretation it writes (output); both carry schema_version."
        ),
        schema.add_arguments,
        schema.run,
    ),
    "series": Command(
        "interpret one person's results over time (changes, significance, trend)",
        (
            "Interpret one person's IGF-1 results over time: each at its own age, the change between "
            "consecutive results and from first to last, and whether each is beyond the reference change "
            "value (HL7 U/D). FILE is a JSON series request ('igflab schema series-input'), a FHIR Bundle of "
            "IGF-1 Observations, or a long-form CSV (person_id, value, unit, sex, age or date with birth_date)."
        ),
        series.add_arguments,
        series.run,
    ),
    "chart": Command(
        "draw the result on its reference's age curves (PNG or SVG)",
        (
            "Draw one result on the reference's 2.5th, 50th and 97.5th centile curves by age, "
            "and write the chart to a PNG or SVG file. Needs matplotlib: pip install 'igflab[plot]'."
        ),
        chart.add_arguments,
        chart.run,
        usage="igflab chart VALUE [UNIT] --age AGE | --birth-date DATE --collected DATE --sex SEX -o FILE [options]\n"
        "       igflab chart --series FILE -o FILE [--context acromegaly-treatment]",
    ),
    "serve": Command(
        "run the local web page, its JSON API and the CDS Hooks service",
        (
            "Run the web page at http://HOST:PORT/ (JSON API under /api/v1/, CDS Hooks under /cds-services). "
            "Needs the web extra: pip install 'igflab[web]'."
        ),
        serve.add_arguments,
        serve.run,
    ),
}
