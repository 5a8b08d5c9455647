#!/usr/bin/python3
"""Particle data at real counts: plotcluster beside matplotlib on the same points and pixels.

Usage: bench/points.py [--binary build/plotcluster] [--points 1000000] [--repeat 3] [--case scatter]
                       [--no-matplotlib] [--formats png,svg,pdf]

Each case is one function below (`CASES`): it writes its data with h5py (once, kept in
--work), runs plotcluster (`mpirun -n 1`, one rank) and matplotlib (Agg) on it at the same
pixel size, and prints, as the median of --repeat runs, the draw time (plotcluster: the
manifest row's timing_ms.draw; matplotlib: savefig's render to the Agg buffer), the wall
time of the whole process and its peak RSS (from /usr/bin/time -v). Numbers, not a test.
--no-matplotlib runs plotcluster alone (at 10^7 points matplotlib takes minutes and GiBs);
--formats lists what plotcluster writes (default: png).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WIDTH, HEIGHT, DPI = 800, 600, 100


def mpi_env():
    env = dict(os.environ)
    if os.geteuid() == 0:
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    env.update(OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_MCA_orte_execute_quiet="1")
    return env


def measured(cmd, env=None):
    """Runs cmd under /usr/bin/time -v: (wall seconds, peak RSS MiB, stdout)."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"points: {' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}{p.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    hours, minutes, seconds = wall.groups()
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), peak / 1024, p.stdout


def median_runs(repeat, run):
    """Medians over `repeat` calls of run() -> dict of numbers."""
    rows = [run() for _ in range(repeat)]
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def plotcluster_run(a, data, rule, name):
    """Runs one config drawing `data` with `rule` (a YAML flow mapping); the row's numbers."""
    work = os.path.join(a.work, name)
    os.makedirs(work, exist_ok=True)
    cfg = os.path.join(work, "bench.yaml")
    with open(cfg, "w") as f:
        f.write(f"input: {{files: [{data}]}}\noutput: {{dir: {work}/out, formats: [{a.formats}]}}\n"
                f"figure: {{width: {WIDTH}, height: {HEIGHT}, dpi: {DPI}}}\n"
                f"plots:\n  - {rule}\n")

    def run():
        wall, peak, _ = measured(["mpirun", "-n", "1", a.binary, "--force", cfg], env=mpi_env())
        with open(os.path.join(work, "out", "manifest.json")) as f:
            row = json.load(f)["plots"][0]
        if row["status"] != "ok":
            sys.exit(f"points: {name}: {row.get('error')}")
        return {"draw": row["timing_ms"]["draw"] / 1000, "wall": wall, "rss": peak}

    return median_runs(a.repeat, run)


# matplotlib draws the same data at the same size; `draw` is fig.canvas.draw() (the
# render into Agg's buffer), as plotcluster's timing_ms.draw is its render into the image.
MPL = """
import sys, time, json, h5py, numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
path, case, out = sys.argv[1], sys.argv[2], sys.argv[3]
with h5py.File(path, "r") as f:
    xy = f["/particles/pos"][...]
    mass = f["/particles/mass"][...]
fig, ax = plt.subplots(figsize=(%(w)d / %(dpi)d, %(h)d / %(dpi)d), dpi=%(dpi)d)
if case == "scatter":
    ax.scatter(xy[:, 0], xy[:, 1], s=36, alpha=0.1, linewidths=0)
elif case == "scatter_color_by":
    sc = ax.scatter(xy[:, 0], xy[:, 1], c=mass, s=36, alpha=0.1, linewidths=0)
    fig.colorbar(sc, ax=ax, label="mass")
start = time.perf_counter()
fig.canvas.draw()
draw = time.perf_counter() - start
fig.savefig(out, dpi=%(dpi)d)
print(json.dumps({"draw": draw}))
""" % {"w": WIDTH, "h": HEIGHT, "dpi": DPI}


def matplotlib_run(a, data, case):
    out = os.path.join(a.work, f"mpl_{case}.png")

    def run():
        wall, peak, stdout = measured(["/usr/bin/python3", "-c", MPL, data, case, out])
        return {"draw": json.loads(stdout.strip().splitlines()[-1])["draw"], "wall": wall, "rss": peak}

    return median_runs(a.repeat, run)


def particles(a):
    """N points in a few Gaussian clumps (N×2 float64) and a mass per point."""
    path = os.path.join(a.work, f"particles_{a.points}.h5")
    if not os.path.exists(path):
        import h5py
        import numpy as np
        rng = np.random.default_rng(17)
        centres = rng.uniform(-3, 3, size=(5, 2))
        which = rng.integers(0, len(centres), a.points)
        pos = centres[which] + rng.normal(0, 0.6, size=(a.points, 2))
        mass = np.hypot(pos[:, 0], pos[:, 1]) + rng.normal(0, 0.1, a.points)
        with h5py.File(path + ".tmp", "w") as f:
            f["/particles/pos"] = pos
            f["/particles/mass"] = mass
        os.replace(path + ".tmp", path)
    return path


def report(name, ours, theirs, points):
    print(f"{name}: {points} points, {WIDTH}x{HEIGHT}, median of runs")
    for who, r in (("plotcluster", ours), ("matplotlib ", theirs)):
        if r is None:
            continue
        print(f"  {who} draw {r['draw']:7.3f} s  wall {r['wall']:6.2f} s  peak RSS {r['rss']:6.0f} MiB"
              f"  ({points / r['draw'] / 1e6:.1f} M points/s drawn)")
    if theirs is not None:
        print(f"  draw: plotcluster {theirs['draw'] / ours['draw']:.1f}x faster than matplotlib")


def theirs_run(a, data, case):
    return None if a.no_matplotlib else matplotlib_run(a, data, case)


def scatter_case(a):
    data = particles(a)
    ours = plotcluster_run(a, data, "{match: /particles/pos, kind: scatter, alpha: 0.1}", "scatter")
    report("scatter (alpha 0.1)", ours, theirs_run(a, data, "scatter"), a.points)


def scatter_color_by_case(a):
    data = particles(a)
    ours = plotcluster_run(a, data, "{match: /particles/pos, kind: scatter, alpha: 0.1, color_by: mass}",
                           "scatter_color_by")
    report("scatter color_by (alpha 0.1)", ours, theirs_run(a, data, "scatter_color_by"), a.points)


CASES = {"scatter": scatter_case, "scatter_color_by": scatter_color_by_case}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "plotcluster"))
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench-points"))
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="default: every case")
    ap.add_argument("--no-matplotlib", action="store_true", help="plotcluster alone")
    ap.add_argument("--formats", default="png", help="what plotcluster writes, e.g. png,svg,pdf")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    for name in a.case or list(CASES):
        CASES[name](a)


if __name__ == "__main__":
    main()
