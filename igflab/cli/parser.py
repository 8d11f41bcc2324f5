"""The command line's parser: commands, options and their help."""

from __future__ import annotations

import argparse
from typing import NoReturn

from igflab._version import __version__

__all__ = ["UsageError", "build_parser", "one_line"]

_EXAMPLES = """\
examples:
  igflab interpret 150 ng/mL --age 45 --sex male
  igflab interpret 19.6 nmol/L --age 45 --sex female --json
  igflab interpret "<25 ng/mL" --age 60 --sex m
  igflab interpret 60 ng/mL --age 45 --sex male --lab-range 52-328
  igflab interpret 310 ng/mL --birth-date 2011-03-02 --collected 2026-05-01 --sex f
  igflab references
  igflab ranges --age 45 --sex female
  igflab interpret 150 ng/mL --age 45 --sex male --fhir
  igflab interpret --input request.json          (a JSON request; - reads stdin)
  igflab interpret --fhir-in observation.json    (a FHIR Observation or Bundle)
  igflab schema input
  igflab chart 150 ng/mL --age 45 --sex male -o chart.png

igflab informs; it does not diagnose. Discuss any result with a qualified health professional.
"""


class UsageError(Exception):
    """An argparse error, turned into one line and exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="igflab",
        description="Interpret an IGF-1 blood-test result against published, cited references.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"igflab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "interpret",
        help="interpret one result",
        description="Interpret one IGF-1 result.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("value", nargs="?", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    p.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    _add_person_options(p, sex_help="compare with both", lab_help="it then decides the flag")
    p.add_argument("--json", action="store_true", help="print the interpretation as JSON")
    p.add_argument("--fhir", action="store_true", help="print a FHIR R4 Observation (JSON) instead")
    p.add_argument("--input", metavar="FILE", help="read a JSON request (see 'igflab schema input'); - for stdin")
    p.add_argument(
        "--fhir-in", metavar="FILE", help="read a FHIR Observation, or a Bundle with Patient and Observation"
    )
    cohort = p.add_argument_group(
        "cohort CSV",
        "interpret every row of a CSV file (columns value, unit, age, sex; optional lab_low, lab_high); "
        "the output keeps every input column and appends the results",
    )
    cohort.add_argument("--csv", metavar="FILE", help="the CSV to interpret; - reads stdin")
    cohort.add_argument("-o", "--output", metavar="FILE", help="where to write the results (default -, stdout)")
    cohort.add_argument("--value-column", default="value", metavar="NAME", help="default: value")
    cohort.add_argument("--unit-column", metavar="NAME", help="default: unit, if present")
    cohort.add_argument("--age-column", default="age", metavar="NAME", help="default: age (years, or 8m, 30w)")
    cohort.add_argument("--sex-column", default="sex", metavar="NAME", help="default: sex")
    cohort.add_argument("--lab-low-column", metavar="NAME", help="default: lab_low, if present")
    cohort.add_argument("--lab-high-column", metavar="NAME", help="default: lab_high, if present")
    cohort.add_argument("--delimiter", default=",", help="field separator (default ,)")
    cohort.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.set_defaults(command_name="interpret")

    r = sub.add_parser("references", help="list the published references", description="List the shipped references.")
    r.add_argument("--json", action="store_true", help="print as JSON")
    r.set_defaults(command_name="references")

    g = sub.add_parser(
        "ranges",
        help="print a reference's interval for an age and sex",
        description="Print the reference interval (and median) for an age and sex, in ng/mL and nmol/L.",
    )
    g.add_argument("--age", required=True, help="age in years, or months for infants (8m)")
    g.add_argument("--sex", required=True, help="male/female (m/f), or unknown for both")
    g.add_argument("--reference", help="reference id (default: the default reference)")
    g.add_argument("--assay", help="choose the reference by assay")
    g.add_argument("--json", action="store_true", help="print as JSON")
    g.set_defaults(command_name="ranges")

    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of a request (input) or of a result (output)",
        description="Print the JSON Schema of the JSON request igflab reads (input) or of the "
        "interpretation it writes (output); both carry schema_version.",
    )
    sc.add_argument("kind", nargs="?", choices=("input", "output"), default="output", help="default: output")
    sc.set_defaults(command_name="schema")

    c = sub.add_parser(
        "chart",
        help="draw the result on its reference's age curves (PNG or SVG)",
        description="Draw one result on the reference's 2.5th, 50th and 97.5th centile curves by age, "
        "and write the chart to a PNG or SVG file. Needs matplotlib: pip install 'igflab[plot]'.",
    )
    c.add_argument("value", help="the result: 150, '150 ng/mL', '<25 ng/mL' (quote < and >)")
    c.add_argument("unit", nargs="?", help="its unit: ng/mL, µg/L, nmol/L ... (if not part of VALUE)")
    _add_person_options(c, sex_help="draw both", lab_help="drawn at the person's age")
    c.add_argument("-o", "--output", required=True, help="file to write: chart.png or chart.svg")
    c.set_defaults(command_name="chart")
    return parser


def _add_person_options(p: argparse.ArgumentParser, *, sex_help: str, lab_help: str) -> None:
    """The options that describe the person and the comparison (shared by interpret and chart)."""
    p.add_argument("--age", help="age in years (45, 45.5), or months/weeks for infants (8m, 30w)")
    p.add_argument("--birth-date", help="birth date (YYYY-MM-DD); with --collected gives the exact age")
    p.add_argument("--collected", help="date the sample was taken (YYYY-MM-DD)")
    p.add_argument("--sex", help=f"male/female (m/f), or unknown/other to {sex_help}")
    p.add_argument("--reference", help="published reference id (see 'igflab references')")
    p.add_argument("--assay", help="choose the reference by assay: idsisys, lcms, irma")
    p.add_argument("--lab-range", help=f"the lab's printed range, e.g. 52-328; {lab_help}")
    p.add_argument("--lab-range-unit", help="unit of --lab-range (default: the result's unit)")
    p.add_argument("--context", help="comma-separated clinical context, e.g. pregnancy,oral-estrogen")


def one_line(text: str) -> str:
    """``text`` on one line (the command line writes each message as one line)."""
    return " ".join(str(text).split())
