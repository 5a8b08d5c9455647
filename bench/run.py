#!/usr/bin/python3
"""plotcluster against matplotlib, side by side on the same data and process counts.

Usage: bench/run.py [--lines 400] [--heatmaps 400] [--ranks 1,2] [--repeat 7] [--mpl-repeat 3]
(bench/run.sh installs what it needs and builds first.)
Prints plots/s (median of the repeats) for plotcluster at each rank count and for the
matplotlib reference at the same process counts, once at matplotlib's default PNG
settings and once at plotcluster's zlib level, then the ratios; per plot, plotcluster's
median time and PNG-encode time; the scaling over rank counts, next to what the machine
itself gives two (or more) CPU-bound processes at once.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "OMPI_MCA_rmaps_base_oversubscribe": "1"}
KINDS = {"line": "/lines", "heatmap": "/heatmaps"}

CONFIG = """\
input:
  files: ["{data}/bench_*.h5"]
output:
  dir: {out}
  name: "{{file_stem}}/{{dataset}}"
  formats: [png]
  png_compression: {level}
figure: {{width: 800, height: 600, dpi: 100}}
plots:
  - match: "{group}/*"
    kind: {kind}
    title: "{{dataset}} ({{file_stem}})"
"""


def run(cmd, env=None):
    full_env = dict(os.environ, **(env or {}))
    start = time.perf_counter()
    p = subprocess.run(cmd, env=full_env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}{p.stderr}")
    return p.stdout, wall


def fresh_output(path):
    """An empty output folder, with the deleted files' and every other pending write
    flushed first: otherwise a run pays for the file system work the last one left
    behind (seen as per-plot write times growing from run to run)."""
    shutil.rmtree(path, ignore_errors=True)
    os.sync()


def plotcluster(binary, work, data, kind, ranks, level):
    out = os.path.join(work, f"pc_{kind}_n{ranks}")
    cfg = os.path.join(work, f"pc_{kind}.yaml")
    with open(cfg, "w") as f:
        f.write(CONFIG.format(data=data, out=out, level=level, group=KINDS[kind], kind=kind))
    fresh_output(out)
    _, wall = run(["mpirun", "-n", str(ranks), binary, cfg], MPI_ENV)
    with open(os.path.join(out, "manifest.json")) as f:
        m = json.load(f)
    plots = len(m["plots"])
    bad = [p for p in m["plots"] if p["status"] != "ok"]
    if bad:
        sys.exit(f"bench: {len(bad)} plots failed, first: {bad[0]['error']}")
    return {"plots": plots, "seconds": m["seconds"], "wall": wall,
            "render_ms": statistics.median(p["render_ms"] for p in m["plots"]),
            "encode_ms": statistics.median(p["timing_ms"]["encode"] for p in m["plots"]),
            "thumbnail_ms": statistics.median(p["timing_ms"]["thumbnail"] for p in m["plots"])}


def matplotlib_ref(work, data, kind, procs, level):
    out = os.path.join(work, f"mpl_{kind}_n{procs}_{level}")
    fresh_output(out)
    files = sorted(os.path.join(data, n) for n in os.listdir(data) if n.endswith(".h5"))
    cmd = ["/usr/bin/python3", os.path.join(HERE, "mpl_reference.py"), "--procs", str(procs),
           "--group", KINDS[kind], "--out", out] + files
    if level != "default":
        cmd += ["--compress-level", str(level)]
    stdout, wall = run(cmd)
    r = json.loads(stdout.strip().splitlines()[-1])
    r["wall"] = wall
    return r


SPIN = "s = 0\nfor i in range(4_000_000): s += i"


def machine_rate(procs):
    """Loop iterations per second that `procs` CPU-bound processes manage together: the
    ceiling on any program's scaling on this (shared, virtual) machine at that moment."""
    start = time.perf_counter()
    ps = [subprocess.Popen(["/usr/bin/python3", "-c", SPIN]) for _ in range(procs)]
    for p in ps:
        p.wait()
    return {"rate": procs / (time.perf_counter() - start)}


def median_of(results, key):
    return statistics.median(r[key] for r in results)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=400)
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--heatmaps", type=int, default=400)
    ap.add_argument("--grid", type=int, default=256)
    ap.add_argument("--ranks", default="1,2", help="comma-separated process counts")
    ap.add_argument("--mpl-ranks", default=None,
                    help="process counts for matplotlib too (default: --ranks); e.g. --ranks 1,2,8 --mpl-ranks 1,2")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--mpl-repeat", type=int, default=3,
                    help="repeats of the (slow) matplotlib reference (default 3)")
    ap.add_argument("--level", type=int, default=1,
                    help="plotcluster's output.png_compression (1, its default)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build-release", "plotcluster"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build-release", "bench"))
    ap.add_argument("--skip-matplotlib", action="store_true")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: line,heatmap")
    a = ap.parse_args()

    data = os.path.join(a.work, f"data_{a.lines}x{a.points}_{a.heatmaps}x{a.grid}")
    if not os.path.exists(os.path.join(data, "done")):
        run(["/usr/bin/python3", os.path.join(HERE, "make_data.py"), data, "--lines", str(a.lines),
             "--points", str(a.points), "--heatmaps", str(a.heatmaps), "--grid", str(a.grid)])
        open(os.path.join(data, "done"), "w").close()

    ranks = [int(r) for r in a.ranks.split(",")]
    levels = [] if a.skip_matplotlib else ["default", a.level]
    mpl_ranks = [int(r) for r in a.mpl_ranks.split(",")] if a.mpl_ranks else ranks
    kinds = [k for k in a.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        sys.exit(f"bench: unknown kind {unknown[0]!r} (line, heatmap)")
    rows = []
    for kind in kinds:
        # Repeats go round every setting in turn, so a slow spell of this shared machine
        # lands on all of them instead of on whichever ran then.
        pc = {n: [] for n in ranks}
        spin = {n: [] for n in ranks}
        mp = {(n, level): [] for n in ranks if n in mpl_ranks for level in levels}
        for i in range(max(a.repeat, a.mpl_repeat or a.repeat)):
            for n in ranks:
                if i < a.repeat:
                    pc[n].append(plotcluster(a.binary, a.work, data, kind, n, a.level))
                    spin[n].append(machine_rate(min(n, os.cpu_count() or 1)))
                for level in levels if n in mpl_ranks else []:
                    if i < (a.mpl_repeat or a.repeat):
                        mp[(n, level)].append(matplotlib_ref(a.work, data, kind, n, level))
        for n in ranks:
            row = {"kind": kind, "procs": n}
            row["plotcluster"] = median_of(pc[n], "plots") / median_of(pc[n], "seconds")
            row["plotcluster_wall"] = median_of(pc[n], "plots") / median_of(pc[n], "wall")
            row["render_ms"] = median_of(pc[n], "render_ms")
            row["encode_ms"] = median_of(pc[n], "encode_ms")
            row["thumbnail_ms"] = median_of(pc[n], "thumbnail_ms")
            row["machine"] = median_of(spin[n], "rate")
            for level in levels if n in mpl_ranks else []:
                row[f"mpl_{level}"] = median_of(mp[(n, level)], "plots_per_s")
            rows.append(row)
            print(json.dumps(row), flush=True)

    print()
    print(f"plots/s, median of {a.repeat} (matplotlib: {a.mpl_repeat or a.repeat}); plotcluster at png_compression {a.level}; "
          f"{a.lines} lines x {a.points} points, {a.heatmaps} heatmaps {a.grid}x{a.grid}, 800x600 px")
    head = f"{'kind':8} {'procs':>5} {'plotcluster':>12} {'(wall)':>8} {'ms/plot':>8} {'encode':>7} {'/enc':>5} {'thumb':>6}"
    if not a.skip_matplotlib:
        head += f" {'mpl default':>12} {'mpl lvl ' + str(a.level):>12} {'ratio':>7} {'ratio lvl':>9}"
    print(head)
    for r in rows:
        line = (f"{r['kind']:8} {r['procs']:>5} {r['plotcluster']:>12.1f} {r['plotcluster_wall']:>8.1f}"
                f" {r['render_ms']:>8.2f} {r['encode_ms']:>7.2f} {r['render_ms'] / r['encode_ms']:>4.1f}x"
                f" {r['thumbnail_ms']:>6.2f}")
        if f"mpl_{a.level}" in r:
            line += (f" {r['mpl_default']:>12.1f} {r[f'mpl_{a.level}']:>12.1f}"
                     f" {r['plotcluster'] / r['mpl_default']:>6.1f}x {r['plotcluster'] / r[f'mpl_{a.level}']:>8.1f}x")
        print(line)
    # Next to each kind's scaling, what the machine itself gave as many CPU-bound loops
    # (up to its cores) in the same rounds: on a shared machine that moves from minute to
    # minute, and no program scales past it.
    cpus = os.cpu_count() or 1
    for kind in kinds:
        by = {r["procs"]: r for r in rows if r["kind"] == kind}
        if 1 not in by or len(by) < 2:
            continue
        parts = []
        for n in sorted(by):
            if n == 1:
                continue
            part = f"{n} ranks {by[n]['plotcluster'] / by[1]['plotcluster']:.2f}x"
            if n <= cpus:
                part += f" (the machine: {n} loops {by[n]['machine'] / by[1]['machine']:.2f}x)"
            parts.append(part)
        print(f"{kind}: scaling " + ", ".join(parts) + " of 1 rank")
    with open(os.path.join(a.work, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
