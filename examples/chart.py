"""Draw a result on its reference's age curves and save it as PNG and SVG.

Needs matplotlib:  pip install 'igflab[plot]'
Run:               python examples/chart.py [FOLDER]
                   (writes igf1_chart.png, igf1_chart.svg and two_results.png into FOLDER,
                   by default a new temporary folder, never the repository)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import igflab
from igflab import save_chart


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="igflab-chart-"))
    r = igflab.interpret("150 ng/mL", age=45, sex="male")
    for name in ("igf1_chart.png", "igf1_chart.svg"):
        path = save_chart(r, folder / name)
        print(f"wrote {path.name} ({path.stat().st_size} bytes) in {folder}")

    # In a notebook or your own figure: igflab.plot() draws into any matplotlib Axes.
    import matplotlib

    matplotlib.use("Agg")  # no display needed for this script
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(16, 6), layout="constrained")
    teen = igflab.interpret(300, "ng/mL", age=15, sex="female")
    igflab.plot(r, ax=axes[0])
    igflab.plot(teen, ax=axes[1])
    fig.savefig(folder / "two_results.png", dpi=80)
    plt.close(fig)
    print("wrote two_results.png (an adult and an adolescent side by side)")


if __name__ == "__main__":
    main()
