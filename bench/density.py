#!/usr/bin/python3
"""The density benchmark (issue 17): 10^7 and 10^8 float64 N×2 particles, drawn by
plotcluster's `kind: density` (mpirun -n 1) against a plain chunked h5py read of the same
dataset and against numpy.histogram2d + matplotlib imshow at the same bins and pixels.
Prints medians of --repeat runs and the peak resident memory of each; a program that prints
numbers, not a test. Debian has no datashader package (apt-cache policy python3-datashader
lists nothing), so datashader is not measured.

Usage: bench/density.py [--binary build/plotcluster] [--dir /tmp/plotcluster-density]
                        [--sizes 1e7,1e8] [--repeat 3] [--width 800 --height 600]
                        [--range] [--companions] [--skip-numpy]
With --companions the same particles are also written as 1-D x, y and a weight each
(particles_*_columns.h5) and drawn with `y:` and with `y:` + `weights:`.
The data files are written once (in chunks with h5py, 1.6 GB for 10^8) and reused. All runs
read a warm page cache: the file was just written or read, and the machine's memory holds it.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHUNK_ROWS = 1 << 19  # 2^20 values, as plotcluster's streamed reads (StreamSizes::chunk)


def pixel_bins(width, height, dpi=100):
    """plotcluster's bins without `bins:` (src/figure/kinds/density.cpp's pixel_bins): about
    one per pixel of the axes."""
    return (int(np.ceil(max(0.87 * width - 0.8 * dpi, 16))), int(np.ceil(max(height - 0.9 * dpi, 16))))


def write_particles(path, n):
    if os.path.exists(path):
        with h5py.File(path) as f:
            if f["particles/pos"].shape == (n, 2):
                return
    rng = np.random.default_rng(2026)
    tmp = path + ".part"
    with h5py.File(tmp, "w") as f:
        ds = f.create_dataset("particles/pos", (n, 2), dtype="f8")
        step = 10_000_000
        for s in range(0, n, step):
            m = min(step, n - s)
            r = rng.exponential(2.0, m)
            t = rng.uniform(0, 2 * np.pi, m)
            xy = np.empty((m, 2))
            xy[:, 0] = r * np.cos(t) + rng.normal(0, 0.3, m)
            xy[:, 1] = 0.6 * r * np.sin(t) + rng.normal(0, 0.3, m)
            ds[s:s + m] = xy
    os.replace(tmp, path)


def write_columns(path, pos_path, n):
    """The same particles as 1-D x and y datasets, and a weight each, for the streamed
    companions (`y:`, `weights:`)."""
    if os.path.exists(path):
        with h5py.File(path) as f:
            if f["particles/x"].shape == (n,):
                return
    tmp = path + ".part"
    rng = np.random.default_rng(17)
    with h5py.File(pos_path) as src, h5py.File(tmp, "w") as f:
        pos = src["particles/pos"]
        x = f.create_dataset("particles/x", (n,), dtype="f8")
        y = f.create_dataset("particles/y", (n,), dtype="f8")
        m = f.create_dataset("particles/mass", (n,), dtype="f8")
        step = 10_000_000
        for s in range(0, n, step):
            c = pos[s:s + step]
            x[s:s + len(c)] = c[:, 0]
            y[s:s + len(c)] = c[:, 1]
            m[s:s + len(c)] = rng.uniform(0.5, 1.5, len(c))
    os.replace(tmp, path)


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS MiB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"density bench: {' '.join(cmd)} failed: {p.stderr.strip()}")
    rss_kib = int(p.stderr.strip().splitlines()[-1])
    return wall, rss_kib / 1024, p.stdout


def plain_read(path):
    """One pass over the dataset in chunks into a reused buffer (as plotcluster reads it)."""
    t0 = time.perf_counter()
    with h5py.File(path) as f:
        ds = f["particles/pos"]
        buf = np.empty((CHUNK_ROWS, 2))
        total = 0.0
        for s in range(0, ds.shape[0], CHUNK_ROWS):
            m = min(CHUNK_ROWS, ds.shape[0] - s)
            ds.read_direct(buf, np.s_[s:s + m], np.s_[0:m])
            total += buf[0, 0]
    print(json.dumps({"read_s": time.perf_counter() - t0, "check": total}))


def numpy_matplotlib(path, bins_x, bins_y, width, height, out):
    """What a careful user does for data too large to hold twice: a pass for the range, then
    histogram2d chunk by chunk into one grid, then imshow with LogNorm and a colorbar."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import LogNorm
    from matplotlib.figure import Figure
    t0 = time.perf_counter()
    with h5py.File(path) as f:
        ds = f["particles/pos"]
        n = ds.shape[0]
        lo, hi = np.full(2, np.inf), np.full(2, -np.inf)
        for s in range(0, n, CHUNK_ROWS):
            c = ds[s:s + CHUNK_ROWS]
            lo = np.minimum(lo, np.nanmin(c, axis=0))
            hi = np.maximum(hi, np.nanmax(c, axis=0))
        h = np.zeros((bins_x, bins_y))
        for s in range(0, n, CHUNK_ROWS):
            c = ds[s:s + CHUNK_ROWS]
            h += np.histogram2d(c[:, 0], c[:, 1], bins=[bins_x, bins_y], range=[[lo[0], hi[0]], [lo[1], hi[1]]])[0]
    t1 = time.perf_counter()
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    im = ax.imshow(h.T, origin="lower", extent=[lo[0], hi[0], lo[1], hi[1]], aspect="auto",
                   norm=LogNorm(), interpolation="nearest")
    fig.colorbar(im, ax=ax, label="count")
    fig.savefig(out, dpi=100)
    t2 = time.perf_counter()
    print(json.dumps({"count_s": t1 - t0, "draw_s": t2 - t1}))


def plotcluster_run(binary, folder, data, width, height, keys="", match="/particles/pos"):
    cfg = os.path.join(folder, "density.yaml")
    with open(cfg, "w") as out:
        out.write(f"input: {{files: [{data}]}}\n"
                  f"output: {{dir: {folder}/out, name: plot, gallery: false}}\n"
                  f"figure: {{width: {width}, height: {height}}}\n"
                  f"plots:\n  - {{match: {match}, kind: density, norm: log{keys}}}\n")
    wall, rss, _ = timed(["mpirun", "-n", "1", binary, "-q", "--force", cfg])
    with open(os.path.join(folder, "out", "manifest.json")) as m:
        row = json.load(m)["plots"][0]
    if row["status"] != "ok":
        sys.exit(f"density bench: plotcluster failed: {row.get('error')}")
    return wall, rss, row["timing_ms"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "plotcluster"))
    ap.add_argument("--dir", default="/tmp/plotcluster-density")
    ap.add_argument("--sizes", default="1e7,1e8")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--range", action="store_true",
                    help="also plotcluster with `range:` given (one pass instead of two)")
    ap.add_argument("--companions", action="store_true",
                    help="also 1-D x with `y:`, and N×2 with `weights:` (streamed in step)")
    ap.add_argument("--width", type=int, default=800)
    ap.add_argument("--height", type=int, default=600)
    ap.add_argument("--skip-numpy", action="store_true", help="leave out numpy + matplotlib (slow)")
    ap.add_argument("--one", nargs="+", help=argparse.SUPPRESS)  # a measured child: read | mpl ...
    a = ap.parse_args()
    if a.one:
        if a.one[0] == "read":
            plain_read(a.one[1])
        else:
            numpy_matplotlib(a.one[1], int(a.one[2]), int(a.one[3]), a.width, a.height, a.one[4])
        return 0
    os.makedirs(a.dir, exist_ok=True)
    binary = os.path.abspath(a.binary)
    bins_x, bins_y = pixel_bins(a.width, a.height)
    me = [sys.executable, os.path.abspath(__file__), "--width", str(a.width), "--height", str(a.height), "--one"]
    print(f"density benchmark: {a.width}×{a.height} px, {bins_x}×{bins_y} bins, norm log, "
          f"median of {a.repeat}, warm page cache")
    for n in [int(float(s)) for s in a.sizes.split(",")]:
        data = os.path.join(a.dir, f"particles_{n:.0e}.h5".replace("+", ""))
        write_particles(data, n)
        cols = data.replace(".h5", "_columns.h5")
        if a.companions:
            write_columns(cols, data, n)
        rows = {"read": [], "pc": [], "mpl": []}
        for _ in range(a.repeat):
            rows["read"].append(timed(me + ["read", data]))
            rows["pc"].append(plotcluster_run(binary, a.dir, data, a.width, a.height))
            if not a.skip_numpy:
                rows["mpl"].append(timed(me + ["mpl", data, str(bins_x), str(bins_y), os.path.join(a.dir, "mpl.png")]))
            if a.range:
                rows.setdefault("pc_range", []).append(
                    plotcluster_run(binary, a.dir, data, a.width, a.height, ", range: [-20, 20, -14, 14]"))
            if a.companions:
                rows.setdefault("pc_xy", []).append(
                    plotcluster_run(binary, a.dir, cols, a.width, a.height, ", y: /particles/y", "/particles/x"))
                rows.setdefault("pc_w", []).append(plotcluster_run(
                    binary, a.dir, cols, a.width, a.height, ", y: /particles/y, weights: /particles/mass",
                    "/particles/x"))
        read_wall = statistics.median(r[0] for r in rows["read"])
        read_s = statistics.median(json.loads(r[2].strip().splitlines()[-1])["read_s"] for r in rows["read"])
        pc_s = statistics.median(r[0] for r in rows["pc"])
        pc_read = statistics.median(r[2]["read"] for r in rows["pc"]) / 1000
        pc_draw = statistics.median(r[2]["draw"] + r[2]["encode"] for r in rows["pc"]) / 1000
        mpl_parts = [json.loads(r[2].strip().splitlines()[-1]) for r in rows["mpl"]]
        print(f"\n{n:.0e} particles ({n * 16 / 1e9:.2f} GB):")
        print(f"  h5py chunked read        {read_wall:7.2f} s wall   {n / read_s / 1e6:6.1f} M particles/s   "
              f"peak RSS {max(r[1] for r in rows['read']):6.0f} MiB   read {read_s:.2f} s (after imports)")
        print(f"  plotcluster (mpirun -n 1) {pc_s:6.2f} s wall   {n / pc_s / 1e6:6.1f} M particles/s   "
              f"peak RSS {max(r[1] for r in rows['pc']):6.0f} MiB   "
              f"read+count {pc_read:.2f} s, draw+encode {pc_draw:.3f} s")
        if rows["mpl"]:
            mpl_s = statistics.median(r[0] for r in rows["mpl"])
            print(f"  numpy histogram2d + mpl  {mpl_s:7.2f} s wall   {n / mpl_s / 1e6:6.1f} M particles/s   "
                  f"peak RSS {max(r[1] for r in rows['mpl']):6.0f} MiB   "
                  f"count {statistics.median(p['count_s'] for p in mpl_parts):.2f} s, "
                  f"draw {statistics.median(p['draw_s'] for p in mpl_parts):.2f} s")
        if a.range:
            r = rows["pc_range"]
            one = statistics.median(x[2]["read"] for x in r) / 1000
            print(f"  plotcluster with range:   {statistics.median(x[0] for x in r):6.2f} s wall   "
                  f"peak RSS {max(x[1] for x in r):6.0f} MiB   read+count {one:.2f} s (one pass), "
                  f"{one / read_s:.2f}x the h5py read")
        for key, what in (("pc_xy", "x with y: (two datasets)"), ("pc_w", "x, y: and weights:")):
            if key in rows:
                r = rows[key]
                t = statistics.median(x[2]["read"] for x in r) / 1000
                print(f"  plotcluster {what:26s} {statistics.median(x[0] for x in r):6.2f} s wall   "
                      f"peak RSS {max(x[1] for x in r):6.0f} MiB   read+count {t:.2f} s (two passes), "
                      f"{t / read_s:.2f}x the h5py read of N×2")
        print(f"  plotcluster read+count / h5py read: {pc_read / read_s:.2f}x;  "
              f"plotcluster wall / h5py wall: {pc_s / read_wall:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
