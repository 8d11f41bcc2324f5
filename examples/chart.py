"""Draw a result on its reference's age curves and save it as PNG and SVG.

Needs matplotlib:  pip install 'igflab[plot]'
Run:               python examples/chart.py      (writes igf1_chart.png and igf1_chart.svg here)
"""

from __future__ import annotations

import igflab
from igflab import save_chart


def main() -> None:
    r = igflab.interpret("150 ng/mL", age=45, sex="male")
    for name in ("igf1_chart.png", "igf1_chart.svg"):
        path = save_chart(r, name)
        print(f"wrote {path} ({path.stat().st_size} bytes)")

    # In a notebook or your own figure: igflab.plot() draws into any matplotlib Axes.
    import matplotlib

    matplotlib.use("Agg")  # no display needed for this script
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(16, 6), layout="constrained")
    teen = igflab.interpret(300, "ng/mL", age=15, sex="female")
    igflab.plot(r, ax=axes[0])
    igflab.plot(teen, ax=axes[1])
    fig.savefig("two_results.png", dpi=80)
    plt.close(fig)
    print("wrote two_results.png (an adult and an adolescent side by side)")


if __name__ == "__main__":
    main()
