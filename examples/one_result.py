"""Interpret one IGF-1 result and print what igflab returns.

Run:  python examples/one_result.py
"""

from __future__ import annotations

import json

import igflab


def main() -> None:
    r = igflab.interpret("150 ng/mL", age=45, sex="male")

    print(f"value      {r.value.ng_per_ml:g} ng/mL = {r.value.nmol_per_l:.1f} nmol/L")
    p = r.reference
    print(f"reference  {p.id}: {p.lower_ng_per_ml:.1f}-{p.upper_ng_per_ml:.0f} ng/mL (2.5th-97.5th centile)")
    print(f"position   SDS {r.sds:+.2f}, centile {r.centile:.1f}")
    print(f"zone       {r.zone.value} (flag {r.flag.value})")
    print("notes")
    for note in r.notes:
        print(f"  - [{note.kind}] {note.text} ({', '.join(note.citations)})")
    print(f"guidance   {r.guidance}")

    # The same interpretation as JSON, the shape apps receive (schema_version "1.0").
    data = r.model_dump(mode="json")
    print("json keys ", ", ".join(sorted(data)))
    print("json size ", len(json.dumps(data)), "characters")

    # The same value in nmol/L, and against the laboratory's own printed range.
    same = igflab.interpret(19.6, "nmol/L", age=45, sex="male")
    print(f"19.6 nmol/L is {same.value.ng_per_ml:.1f} ng/mL: zone {same.zone.value}")
    lab = igflab.interpret(60, "ng/mL", age=45, sex="male", lab_range="52-328")
    print(f"60 ng/mL with the lab range 52-328: zone {lab.zone.value}, zlog {lab.zlog:+.2f}")


if __name__ == "__main__":
    main()
