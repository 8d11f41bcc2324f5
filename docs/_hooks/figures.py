"""Draw the figures of docs/method.md (run by hand: ``python docs/_hooks/figures.py``; tested in tests/e2e).

Figure 1: SDS by plain LMS and by BCCG (gamlss, with its truncation) for the Isojima 2012
male newborn and the Bidlingmaier 2014 man of 45 years. Figure 2: the LIFE IGF-1 BCPE
distribution of a man of 45 years (tau 1.58) next to the BCCG with the same mu, sigma and nu.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from igflab.backend import numpy_backend
from igflab.science import bccg, bcpe, lms
from igflab.science.references import get_reference

XP = numpy_backend()
HERE = Path(__file__).resolve().parent.parent / "img"


def truncation(path: Path) -> None:
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for label, (m, s, el), color in [
        ("Isojima 2012, boy at birth (L 0.658, S 0.524)", (67.0, 0.524, 0.658), "tab:red"),
        ("Bidlingmaier 2014, man of 45 (L 0.457, S 0.271)", (131.72, 0.27116, 0.4568), "tab:blue"),
    ]:
        z = np.linspace(-3.0, 3.0, 301)
        x = bccg.value_from_sds(z, (m, s, el), XP)
        ax.plot(z, lms.sds_from_value(x, (el, m, s), XP) - z, color=color, label=label)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(-lms.Z_975, color="grey", lw=0.5, ls=":")
    _finish(fig, ax, path, ("SDS as gamlss/childsds define it: qnorm(pBCCG(value))", "plain LMS z minus that SDS"))


def kurtosis(path: Path) -> None:
    ref = get_reference("life2022_igf1")
    p = ref.params_at(45.0, False)
    x = np.linspace(50.0, 300.0, 400)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(x, bcpe.sds(x, p, XP), label=f"BCPE, tau {p[3]:.2f} (LIFE IGF-1, man of 45)")
    ax.plot(x, bccg.sds(x, p[:3], XP), ls="--", label="BCCG (tau = 2) with the same mu, sigma, nu")
    for c in (-lms.Z_975, lms.Z_975):
        ax.axhline(c, color="grey", lw=0.5, ls=":")
    _finish(fig, ax, path, ("IGF-1 (ng/mL)", "SDS"))


def _finish(fig: Any, ax: Any, path: Path, labels: tuple[str, str]) -> None:
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = [folder / "bccg_truncation.png", folder / "bcpe_kurtosis.png"]
    truncation(out[0])
    kurtosis(out[1])
    return out


if __name__ == "__main__":
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
