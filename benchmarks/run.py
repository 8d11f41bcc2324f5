"""igflab benchmarks: every figure is measured in this run against a yardstick of the same run.

    python benchmarks/run.py            # full: 1,000,000 rows, a few minutes
    python benchmarks/run.py --quick    # 100,000 rows, fewer repeats
    python benchmarks/run.py --only batch,single --rows 5000

Sections (each prints medians of repeated runs and the ratio to its yardstick):

* batch:  interpret_batch() on N random rows vs a bare-numpy LMS baseline (np.interp of L, M
          and S per sex + the LMS formula, values already in ng/mL), interleaved; and the peak
          RSS of a process that runs the batch minus that of one that only builds the inputs.
* single: interpret() in a warm process vs a minimal baseline (pydantic model in, unit
          factor, pure-Python LMS on the same tables, pydantic model out), interleaved.
* cli:    `igflab interpret 150 ng/mL --age 45 --sex male` from a wheel installed into a
          fresh virtualenv vs `python -c "import numpy, pydantic, pint"`, paired A/B whole
          processes, with peak RSS.
* bcpe:   SDS of N random IGF-1 values on the LIFE BCPE table (igflab.science.references,
          numpy backend) vs the gamlss formulas written with numpy.interp and scipy.special
          (gammainc, norm.ppf), which is what a Python user would write instead, interleaved.
* csv:    interpret_csv() on an N-row CSV file vs reading the same file with csv + numpy and
          writing the same output cells with csv alone; and the whole `igflab interpret --csv`
          process (wall time, peak RSS).
* csv-polars, parquet-polars, frame, batch1, dask: see benchmarks/cohort.py (files and frames
          against Polars and the bare numpy LMS; the 1-row batch; Dask on 1 and 2 workers).
* series: interpret_series_batch() on N long-form rows vs interpret_batch() on the same rows
          (the floor) and vs interpret_series() person by person (benchmarks/series_bench.py).

Ratios, not milliseconds, are what carry from one machine (or one minute) to the next.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/common.py, cohort.py, series_bench.py
from common import (
    ROOT,
    bare_numpy_lms,
    interleaved,
    lms_tables,
    make_inputs,
    median_ms,
    paired_ratio,
    raw_tables,
    run_process,
    write_cohort,
)

SECTIONS = (
    "batch",
    "single",
    "cli",
    "csv",
    "csv-polars",
    "parquet-polars",
    "frame",
    "batch1",
    "dask",
    "series",
    "bcpe",
)


# --- batch --------------------------------------------------------------------------------


def bench_batch(n: int, reps: int) -> list[str]:
    import numpy as np

    import igflab

    inp = make_inputs(n)
    tables = lms_tables()
    female = inp["sexes"] == "female"

    def ours() -> Any:
        return igflab.interpret_batch(inp["values"], inp["units"], inp["ages"], inp["sexes"])

    def base() -> Any:
        return bare_numpy_lms(inp["ng"], inp["ages"], female, tables)

    res, z = ours(), base()
    assert res.n_errors == 0
    assert np.allclose(res.sds, z, rtol=1e-9, atol=1e-12), "batch and baseline disagree"
    ta, tb = interleaved(ours, base, reps)
    lines = [
        f"batch: {n:,} rows, {reps} interleaved runs",
        f"  interpret_batch          median {median_ms(ta):9.1f} ms  ({median_ms(ta) * 1e6 / n:6.1f} ns/row)",
        f"  bare-numpy LMS baseline  median {median_ms(tb):9.1f} ms",
        f"  ratio (median of paired)  {paired_ratio(ta, tb):.2f}x   [gate <= 1.2x]",
    ]
    inputs_only = _child_rss(["--_mem", "inputs", "--rows", str(n)])
    with_batch = _child_rss(["--_mem", "batch", "--rows", str(n)])
    lines.append(
        f"  peak RSS: inputs only {inputs_only:.1f} MiB, inputs + batch {with_batch:.1f} MiB, "
        f"added {with_batch - inputs_only:.1f} MiB   [gate <= 150, stretch <= 100]"
    )
    return lines


def scipy_bcpe_sds(values: Any, ages: Any, rows: list[dict[str, float]]) -> Any:
    """SDS = qnorm(pBCPE(...)) with parameters from numpy.interp and scipy's special functions."""
    import numpy as np
    from scipy import special, stats

    knots = np.array([r["age"] for r in rows])
    mu, sigma, nu, tau = (np.interp(ages, knots, np.array([r[k] for r in rows])) for k in ("mu", "sigma", "nu", "tau"))
    c = np.sqrt(2 ** (-2 / tau) * special.gamma(1 / tau) / special.gamma(3 / tau))

    def cdf(t: Any) -> Any:
        return 0.5 * (1 + special.gammainc(1 / tau, 0.5 * np.abs(t / c) ** tau) * np.sign(t))

    z = ((values / mu) ** nu - 1) / (nu * sigma)
    h = 1 / (sigma * np.abs(nu))
    p = (cdf(z) - np.where(nu > 0, cdf(-h), 0.0)) / cdf(h)
    return stats.norm.ppf(p)


def bench_bcpe(n: int, reps: int) -> list[str]:
    import numpy as np

    from igflab.backend import numpy_backend
    from igflab.science.references import get_reference

    ref = get_reference("life2022_igf1")
    rng = np.random.default_rng(3)
    ages = rng.uniform(1.0, 79.0, n)
    values = rng.uniform(40.0, 400.0, n)
    male_rows = [r.model_dump() for r in ref.data.rows["male"]]
    xp = numpy_backend()

    def ours() -> Any:
        return ref.sds(values, ages, np.zeros(n, dtype=bool), xp)

    def base() -> Any:
        return scipy_bcpe_sds(values, ages, male_rows)

    a, b = ours(), base()
    ok = np.abs(b) < 5
    assert np.allclose(a[ok], b[ok], atol=1e-6), "BCPE SDS and the scipy formulas disagree"
    ta, tb = interleaved(ours, base, reps)
    return [
        f"bcpe: {n:,} values, LIFE IGF-1 (male table), {reps} interleaved runs",
        f"  igflab BCPE (numpy backend)   median {median_ms(ta):9.1f} ms  ({median_ms(ta) * 1e6 / n:6.1f} ns/value)",
        f"  scipy gamlss formulas         median {median_ms(tb):9.1f} ms",
        f"  ratio (median of paired)  {paired_ratio(ta, tb):.2f}x",
    ]


def _child_rss(args: list[str]) -> float:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def mem_child(mode: str, n: int) -> None:
    inp = make_inputs(n)
    if mode == "batch":
        import igflab

        res = igflab.interpret_batch(inp["values"], inp["units"], inp["ages"], inp["sexes"])
        assert len(res) == n
    print(peak_rss_mib())


def peak_rss_mib() -> float:
    """This process's peak RSS: VmHWM (reset by exec, unlike ru_maxrss on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- single call ------------------------------------------------------------------------------


def bench_single(reps: int) -> list[str]:
    from typing import Literal

    from pydantic import BaseModel, Field, field_validator

    import igflab
    from igflab.science.references import get_reference

    # The minimal baseline (as measured before igflab existed): a pydantic request model
    # with constraints and a unit validator, a unit-factor table, the LMS SDS in pure
    # Python on the same tables (bisect + linear interpolation), a result model, JSON out.
    factors = {"ng/mL": 1.0, "nmol/L": 7.649, "ug/L": 1.0}

    class In(BaseModel):
        value: float = Field(gt=0)
        unit: str
        age: float = Field(ge=0, le=120)
        sex: Literal["male", "female"]
        assay: str | None = None
        reference: str = "default"

        @field_validator("unit")
        @classmethod
        def _known(cls, v: str) -> str:
            if v not in factors:
                raise ValueError(v)
            return v

    class Out(In):
        value_ng_ml: float
        sds: float
        zone: int

    ref = get_reference(None)
    tab = {s: raw_tables(ref, s) for s in ("male", "female")}
    cuts = [-1.959963984540054, -1.0, 1.0, 1.959963984540054]

    def sds_py(x: float, age: float, sex: str) -> float:
        knots, cols = tab[sex]
        i = min(bisect.bisect_right(knots, age) - 1, len(knots) - 2)
        d = age - knots[i]
        lv, mv, sv = (v[i] + d * s[i] for v, s in cols)
        return (math.pow(x / mv, lv) - 1) / (lv * sv)

    req = {"value": 150.0, "unit": "ng/mL", "age": 45.0, "sex": "male"}

    def minimal() -> str:
        m = In.model_validate(req)
        x = m.value * factors[m.unit]
        z = sds_py(x, m.age, m.sex)
        return Out(**m.model_dump(), value_ng_ml=x, sds=z, zone=bisect.bisect_right(cuts, z)).model_dump_json()

    def ours() -> Any:
        return igflab.interpret(150, "ng/mL", age=45, sex="male")

    def ours_json() -> Any:
        return igflab.interpret(150, "ng/mL", age=45, sex="male").model_dump_json()

    # The same on 200 varied requests (values in three units, ages 0.5-94, both sexes), so
    # that nothing can rest on one repeated input; times are per request.
    import random

    rng = random.Random(5)
    varied = []
    for _ in range(200):
        unit = rng.choice(sorted(factors))
        ng_per_ml = rng.lognormvariate(5.0, 0.5)  # median about 150 ng/mL
        age = round(rng.uniform(0.5, 94.0), 1)
        varied.append((round(ng_per_ml / factors[unit], 2), unit, age, rng.choice(["male", "female"])))

    def ours_varied() -> None:
        for v, u, a, s in varied:
            igflab.interpret(v, u, age=a, sex=s)

    def minimal_varied() -> None:
        for v, u, a, s in varied:
            m = In.model_validate({"value": v, "unit": u, "age": a, "sex": s})
            x = m.value * factors[m.unit]
            z = sds_py(x, m.age, m.sex)
            Out(**m.model_dump(), value_ng_ml=x, sds=z, zone=bisect.bisect_right(cuts, z)).model_dump_json()

    assert abs(json.loads(minimal())["sds"] - ours().sds) < 1e-9
    per_a: list[float] = []
    per_b: list[float] = []
    per_j: list[float] = []
    per_va: list[float] = []
    per_vb: list[float] = []
    for _ in range(reps):
        for fn, acc in ((ours, per_a), (minimal, per_b), (ours_json, per_j)):
            t = timeit.Timer(fn)
            number, _ = t.autorange()
            acc.append(min(t.repeat(repeat=3, number=number)) / number)
        for fn, acc in ((ours_varied, per_va), (minimal_varied, per_vb)):
            t = timeit.Timer(fn)
            acc.append(min(t.repeat(repeat=3, number=5)) / (5 * len(varied)))
    # First call in a fresh process (tables and models built on first use).
    code = (
        "import time; t = time.perf_counter(); import igflab; "
        "igflab.interpret(150, 'ng/mL', age=45, sex='male'); print((time.perf_counter() - t) * 1e3)"
    )
    first = statistics.median(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    )
    return [
        f"single interpret(): {reps} interleaved rounds (timeit autorange, best of 3 each)",
        f"  interpret()                        median {statistics.median(per_a) * 1e6:8.1f} us",
        f"  minimal baseline (incl. JSON out)  median {statistics.median(per_b) * 1e6:8.1f} us",
        f"  ratio (median of paired)  {paired_ratio(per_a, per_b):.2f}x   [gate <= 2.5x, stretch <= 1.5x]",
        (
            f"  interpret() + model_dump_json()    median {statistics.median(per_j) * 1e6:8.1f} us "
            f"({paired_ratio(per_j, per_b):.2f}x)"
        ),
        (
            f"  200 varied requests: interpret() {statistics.median(per_va) * 1e6:.1f} us, "
            f"baseline {statistics.median(per_vb) * 1e6:.1f} us per request ({paired_ratio(per_va, per_vb):.2f}x)"
        ),
        f"  import igflab + first call  median {first:6.1f} ms (fresh process, 5 runs; the import is lazy)",
    ]


# --- CLI cold start ---------------------------------------------------------------------------


def wheel_venv(tmp: Path) -> tuple[Path, str]:
    """Build igflab's wheel and install it, with its dependencies, into a fresh virtualenv.

    Returns the virtualenv's bin/ directory and a line saying what it holds. A fresh
    environment matters for the yardstick too: pint imports optional packages it finds
    (dask, for one), so `import pint` in a development environment is slower than in a
    user's. Without a package index, the development environment's packages are used
    through a .pth file, and the line says so. igflab's modules are byte-compiled as pip
    does (PYTHONDONTWRITEBYTECODE may be set).
    """
    import venv

    out = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(out.glob("igflab-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet"]
    site = Path(
        subprocess.check_output(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    if subprocess.run([*pip, str(wheel)], capture_output=True, check=False).returncode == 0:
        versions = subprocess.check_output(
            [
                str(py),
                "-c",
                "import numpy, pydantic, pint; print(numpy.__version__, pydantic.VERSION, pint.__version__)",
            ],
            text=True,
        ).split()
        held = "fresh virtualenv: igflab wheel + numpy {}, pydantic {}, pint {} from the index".format(*versions)
    else:
        deps = [p for p in sys.path if p.endswith("site-packages")]
        (site / "bench_deps.pth").write_text("\n".join(deps) + "\n")
        subprocess.run([*pip, "--no-deps", str(wheel)], check=True, capture_output=True)
        held = "no package index: igflab wheel + this environment's packages (the yardstick may import extras)"
    subprocess.run([str(py), "-m", "compileall", "-q", str(site / "igflab")], check=True)
    return env_dir / "bin", held


def paired_processes(
    a: list[str], b: list[str], n: int, env: dict[str, str], warmup: int = 3
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    for _ in range(warmup):
        run_process(a, env)
        run_process(b, env)
    ra, rb = [], []
    for _ in range(n):
        ra.append(run_process(a, env))
        rb.append(run_process(b, env))
    return ra, rb


def bench_cli(n: int, tmp: Path) -> list[str]:
    bindir, held = wheel_venv(tmp)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["NO_COLOR"] = "1"
    cli = [str(bindir / "igflab"), "interpret", "150", "ng/mL", "--age", "45", "--sex", "male"]
    yard = [str(bindir / "python"), "-c", "import numpy, pydantic, pint"]
    bare = [str(bindir / "python"), "-c", "pass"]
    ra, rb = paired_processes(cli, yard, n, env)
    rc, rd = paired_processes(bare, yard, max(5, n // 2), env)
    a_wall, b_wall = [x[0] for x in ra], [x[0] for x in rb]
    quick = []
    for flag in ("--version", "--help"):
        rq, rp = paired_processes([str(bindir / "igflab"), flag], bare, n, env)
        q_wall, p_wall = [x[0] for x in rq], [x[0] for x in rp]
        quick.append(
            f"  igflab {flag:<9}  median {median_ms(q_wall):6.1f} ms vs python -c pass {median_ms(p_wall):5.1f} ms: "
            f"{paired_ratio(q_wall, p_wall):.2f}x   [gate <= 2.0x]"
        )
    return [
        f"cli cold start (wheel install, {n} paired A/B runs after 3 warm-ups)",
        f"  {held}",
        (
            f"  A  igflab interpret 150 ng/mL --age 45 --sex male   median {median_ms(a_wall):7.1f} ms, "
            f"peak RSS {statistics.median(x[1] for x in ra):.1f} MiB   [gate <= 50 MiB]"
        ),
        (
            f'  B  python -c "import numpy, pydantic, pint"         median {median_ms(b_wall):7.1f} ms, '
            f"peak RSS {statistics.median(x[1] for x in rb):.1f} MiB"
        ),
        f"  A/B (median of paired)  {paired_ratio(a_wall, b_wall):.2f}x   [gate <= 0.8x, stretch <= 0.7x]",
        (
            f"  (python -c pass: median {median_ms([x[0] for x in rc]):.1f} ms, "
            f"{paired_ratio([x[0] for x in rc], [x[0] for x in rd]):.2f}x B)"
        ),
        *quick,
    ]


# --- CSV -------------------------------------------------------------------------------------


def csv_io_alone(src: Path, dst: Path, results: list[Any], chunk: int) -> None:
    """The yardstick: the same streaming I/O without igflab.

    Read the file with csv in chunks of the same size, convert the numeric columns with
    numpy, and write the input cells plus the same result cells (from arrays computed
    beforehand) with csv.
    """
    import numpy as np

    with src.open(newline="", encoding="utf-8") as f, dst.open("w", newline="", encoding="utf-8") as g:
        reader = csv.reader(f)
        header = next(reader)
        w = csv.writer(g, lineterminator="\n")
        w.writerow([*header, *(f"r{k}" for k in range(len(results)))])
        s = 0
        while rows := list(itertools.islice(reader, chunk)):
            cols = list(zip(*rows, strict=True))
            values = np.array(cols[1], dtype=float)
            ages = np.array(cols[3], dtype=float)
            assert values.size == ages.size
            e = s + len(rows)
            w.writerows(zip(*cols, *(a[s:e].tolist() for a in results), strict=True))
            s = e


def bench_csv(n: int, reps: int, tmp: Path, bindir: Path | None) -> list[str]:
    from igflab import interpret_batch
    from igflab.io.csv import CSV_CHUNK_ROWS, interpret_csv

    src = tmp / "cohort.csv"
    write_cohort(src, n)
    out_ours, out_base = tmp / "ours.csv", tmp / "base.csv"

    def ours() -> None:
        with src.open(newline="", encoding="utf-8") as f, out_ours.open("w", newline="", encoding="utf-8") as g:
            interpret_csv(f, g)

    with src.open(newline="", encoding="utf-8") as f:
        cols = list(zip(*list(csv.reader(f))[1:], strict=True))
    results = list(interpret_batch(cols[1], cols[2], cols[3], cols[4]).columns().values())
    del cols

    def base() -> None:
        csv_io_alone(src, out_base, results, CSV_CHUNK_ROWS)

    ta, tb = interleaved(ours, base, reps)
    size = src.stat().st_size / 1e6
    lines = [
        f"csv: {n:,} rows ({size:.1f} MB in, {out_ours.stat().st_size / 1e6:.1f} MB out), {reps} interleaved runs",
        f"  interpret_csv (file -> file)        median {median_ms(ta):8.0f} ms",
        f"  csv + numpy read, csv write alone   median {median_ms(tb):8.0f} ms  (same chunks, same cells)",
        f"  ratio (median of paired)  {paired_ratio(ta, tb):.2f}x   [gate <= 1.5x]",
    ]
    if bindir is not None:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        cmd = [str(bindir / "igflab"), "interpret", "--csv", str(src), "-o", str(tmp / "cli.csv"), "-q"]
        wall, rss = run_process(cmd, env)
        lines.append(
            f"  whole process: igflab interpret --csv ... -o ...   {wall * 1e3:.0f} ms, peak RSS {rss:.1f} MiB"
        )
    return lines


def cohort_sections(only: set[str], n: int, args: argparse.Namespace, tmp: Path) -> None:
    import cohort

    reps = 3 if args.quick else 5
    if "csv-polars" in only:
        print("\n".join(cohort.bench_files(n, reps, tmp, parquet=False)), flush=True)
        if args.rss_rows:
            print("\n".join(cohort.bench_rss(args.rss_rows, tmp)), flush=True)
    if "parquet-polars" in only:
        print("\n".join(cohort.bench_files(n, reps, tmp, parquet=True)), flush=True)
    if "frame" in only:
        print("\n".join(cohort.bench_frame(n, 5 if args.quick else 11)), flush=True)
    if "batch1" in only:
        print("\n".join(cohort.bench_batch1(5 if args.quick else 9)), flush=True)
    if "dask" in only:
        print("\n".join(cohort.bench_dask(args.dask_rows, tmp)), flush=True)


# --- main ------------------------------------------------------------------------------------


def machine() -> list[str]:
    import numpy
    import pint
    import pydantic

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        (
            f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.system()} {platform.machine()}, "
            f"nproc {os.cpu_count()}, CPU {cpu}"
        ),
        (
            f"Python {platform.python_version()}, numpy {numpy.__version__}, pydantic {pydantic.__version__}, "
            f"pint {pint.__version__}"
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="100,000 rows and fewer repeats")
    ap.add_argument("--rows", type=int, help="rows for the batch and CSV sections")
    ap.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    ap.add_argument("--rss-rows", type=int, default=5_000_000, help="rows of the csv-polars peak-RSS run (0: none)")
    ap.add_argument("--dask-rows", type=int, default=2_000_000, help="rows of the dask section")
    ap.add_argument("--_mem", choices=("inputs", "batch"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    n = args.rows or (100_000 if args.quick else 1_000_000)
    if args._mem:
        mem_child(args._mem, n)
        return 0
    only = set((args.only or ",".join(SECTIONS)).split(","))
    unknown = only - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    out = machine()
    print("\n".join(out), flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="igflab-bench-"))
    try:
        bindir = None
        if "batch" in only:
            print("\n".join(bench_batch(n, 5 if args.quick else 11)), flush=True)
        if "single" in only:
            print("\n".join(bench_single(5 if args.quick else 9)), flush=True)
        if "cli" in only:
            print("\n".join(bench_cli(10 if args.quick else 20, tmp)), flush=True)
            bindir = tmp / "venv" / "bin"
        if "csv" in only:
            print("\n".join(bench_csv(n, 2 if args.quick else 3, tmp, bindir)), flush=True)
        cohort_sections(only, n, args, tmp)
        if "series" in only:
            from series_bench import bench_series

            print("\n".join(bench_series(n, 3 if args.quick else 7, interleaved, paired_ratio)), flush=True)
        if "bcpe" in only:
            print("\n".join(bench_bcpe(n, 5 if args.quick else 11)), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
