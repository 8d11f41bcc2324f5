"""Write every output sample in README.md and docs/ from what the code prints now.

Run by hand after a change of wording: ``python docs/_hooks/samples.py`` (it rewrites the samples
in place and lists the files it changed); ``tests/e2e/test_docs_samples.py`` regenerates each
sample and fails when one differs.

A sample is a fenced block preceded by a comment line naming what produced it:

* ``<!-- sample: igflab interpret 150 ng/mL --age 45 --sex male -->`` before a ``text`` block:
  the block is ``$ <command>`` and then what the command prints (standard output and standard
  error, in the order written; 80 columns, no colour), run from the repository's root.
* ``<!-- sample head=12: igflab ... -->``: the first 12 lines of the output, then one line
  ``... (N more lines)``.
* ``<!-- sample: python -->`` before a ``pycon`` block: the block's ``>>>`` statements (with their
  ``...`` continuation lines) are run in order in a fresh namespace, and each is followed by what
  it prints, as the Python prompt shows it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import warnings
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent.parent
#: The files whose samples are generated, relative to the repository's root.
FILES = (
    "README.md",
    "docs/index.md",
    "docs/quickstart.md",
    "docs/cli.md",
    "docs/api.md",
    "docs/web.md",
    "docs/faq.md",
)
#: The width the command line wraps to in every sample.
COLUMNS = 80

SAMPLE = re.compile(
    r"^<!-- sample(?: head=(?P<head>\d+))?: (?P<what>.+?) -->\n"
    r"(?P<fence>```(?P<lang>[a-z]+)\n)(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


class Sample(NamedTuple):
    """One sample in a file: what produces it, the block as written, and where it is."""

    what: str
    head: int | None
    lang: str
    body: str
    start: int
    end: int

    def expected(self) -> str:
        """The block's text as the code gives it now."""
        if self.what == "python":
            if self.lang != "pycon":
                raise ValueError(f"a python sample is a pycon block, not {self.lang!r}")
            return run_pycon(self.body)
        if self.lang != "text":
            raise ValueError(f"a command's sample is a text block, not {self.lang!r}: {self.what}")
        return f"$ {self.what}\n" + trim(run_command(self.what), self.head)


def samples(text: str) -> list[Sample]:
    """Every sample in a file's text, in order."""
    return [
        Sample(
            m["what"],
            int(m["head"]) if m["head"] else None,
            m["lang"],
            m["body"],
            m.start("body"),
            m.end("body"),
        )
        for m in SAMPLE.finditer(text)
    ]


def trim(output: str, head: int | None) -> str:
    """The output with trailing spaces removed, cut to its first ``head`` lines and a line saying how many follow."""
    lines = [line.rstrip() for line in output.rstrip("\n").splitlines()]
    if head is not None and len(lines) > head + 1:
        lines = [*lines[:head], f"... ({len(lines) - head} more lines)"]
    return "\n".join(lines) + "\n"


def run_command(command: str) -> str:
    """What ``igflab ...`` prints, run with this repository's code from its root."""
    args = shlex.split(command)
    if args[0] != "igflab":
        raise ValueError(f"a sample's command starts with igflab: {command}")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT", "TMPDIR")}
    env |= {"PYTHONPATH": str(ROOT), "COLUMNS": str(COLUMNS), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    p = subprocess.run(
        [sys.executable, "-m", "igflab", *args[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    if p.returncode not in (0, 2):  # 2: a documented refusal; anything else is a fault
        raise RuntimeError(f"{command} exited with {p.returncode}:\n{p.stdout}")
    return p.stdout


def statements(body: str) -> list[str]:
    """The ``>>>`` statements of a pycon block, each with its ``...`` continuation lines."""
    out: list[str] = []
    for line in body.splitlines():
        if line.startswith(">>> "):
            out.append(line[4:])
        elif line == "..." or line.startswith("... "):
            if not out:
                raise ValueError("a '...' line before any '>>>' line")
            out[-1] += "\n" + line[4:]
    return out


def run_pycon(body: str) -> str:
    """The pycon block with each statement followed by what it prints, as the Python prompt shows it."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    out: list[str] = []
    saved_path = list(sys.path)
    sys.path.insert(0, str(ROOT))
    try:
        for source in statements(body):
            lines = source.split("\n")
            out += [">>> " + lines[0], *("... " + x if x else "..." for x in lines[1:])]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a warning goes to standard error: not part of what the sample shows
                exec(compile(source + "\n", "<sample>", "single"), namespace)
            out += [line.rstrip() for line in buf.getvalue().rstrip("\n").splitlines()]
    finally:
        sys.path[:] = saved_path
    return "\n".join(out) + "\n"


def regenerate(text: str) -> str:
    """The file's text with every sample rewritten."""
    pieces, at = [], 0
    for s in samples(text):
        pieces += [text[at : s.start], s.expected()]
        at = s.end
    return "".join(pieces) + text[at:]


def main(files: tuple[str, ...] = FILES) -> list[str]:
    """Rewrite the samples of ``files``; the files that changed."""
    changed = []
    for name in files:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        new = regenerate(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(name)
    return changed


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # the repository's code, whatever is installed
    for name in main(tuple(sys.argv[1:]) or FILES):
        print(f"rewrote {name}")
