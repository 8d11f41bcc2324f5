"""The text of ``igflab --help``, written out (speed: answered without importing argparse or the parser).

A unit test checks that it is what the parser prints at 80 columns; after changing a command or the
examples, regenerate it with ``COLUMNS=80 python -c "from igflab.cli.parser import build_parser;
print(build_parser(None, everything=False).format_help())"``.
"""

TOP_HELP = (
    "usage: igflab [-h] [--version] COMMAND ...\n"
    "\n"
    "Interpret an IGF-1 blood-test result against published, cited references.\n"
    "\n"
    "positional arguments:\n"
    "  COMMAND\n"
    "    interpret\n"
    "              interpret one result\n"
    "    references\n"
    "              list the published references\n"
    "    ranges    print a reference's interval, or the value at an SDS or centile\n"
    "    schema    print the JSON Schema of a request (input) or of a result\n"
    "              (output)\n"
    "    series    interpret one person's results over time (changes, significance,\n"
    "              trend)\n"
    "    chart     draw the result on its reference's age curves (PNG or SVG)\n"
    "    serve     run the local web page, its JSON API and the CDS Hooks service\n"
    "\n"
    "options:\n"
    "  -h, --help  show this help message and exit\n"
    "  --version   show program's version number and exit\n"
    "\n"
    "examples:\n"
    "  igflab interpret 150 ng/mL --age 45 --sex male\n"
    "  igflab interpret 19.6 nmol/L --age 45 --sex female --json\n"
    '  igflab interpret "<25 ng/mL" --age 60 --sex m\n'
    "  igflab interpret 60 ng/mL --age 45 --sex male --lab-range 52-328\n"
    "  igflab interpret 310 ng/mL --birth-date 2011-03-02 --collected 2026-05-01 --sex f\n"
    "  igflab references\n"
    "  igflab ranges --age 45 --sex female\n"
    "  igflab interpret 150 ng/mL --age 45 --sex male --fhir\n"
    "  igflab interpret 150 ng/mL --igfbp3 4.1 mg/L --age 45 --sex male\n"
    "  igflab interpret --input request.json          (a JSON request; - reads stdin)\n"
    "  igflab interpret --fhir-in observation.json    (a FHIR Observation or Bundle)\n"
    "  igflab interpret --hl7-in result.hl7 --hl7     (an HL7 v2 ORU^R01 in and out)\n"
    "  igflab schema input\n"
    "  igflab chart 150 ng/mL --age 45 --sex male -o chart.png\n"
    "  igflab interpret 19.6 nmol/L --age 45 --sex f --brief\n"
    "  igflab serve                                   (the web page at http://127.0.0.1:8000/)\n"
    "  igflab series results.json                     (one person's results over time)\n"
    "  igflab interpret 185 ng/mL --birth-date 1978-04-02 --collected 2026-07-15 --sex m --previous 440@2025-01-15\n"
    '  igflab interpret "IGF-1 23.1 nmol/L (11.3-31.0)" --age 52 --sex f   (a line of the lab report)\n'
    "  igflab ranges --sds -2 --age 8.5 --sex female  (the value at SDS -2; or --centile 3)\n"
    "\n"
    "igflab informs; it does not diagnose. Discuss any result with a qualified health professional.\n"
)
