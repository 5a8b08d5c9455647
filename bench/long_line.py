#!/usr/bin/python3
"""One line of 10^8 float64 (800 MB): plotcluster streams it in chunks; how long that takes
next to just reading the dataset, and the peak memory of each.

Usage: bench/long_line.py [--points 100000000] [--binary build-release/plotcluster]
The dataset comes from plotcluster-sample-data --long-line. "read" is h5py reading the
whole dataset into one NumPy array (the least any reader must do), in a fresh process.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

READ = """
import sys, time, h5py
start = time.perf_counter()
with h5py.File(sys.argv[1], "r") as f:
    values = f["/long/signal"][...]
print(time.perf_counter() - start, values.nbytes)
"""


def timed(cmd):
    """Wall seconds, peak RSS (MiB) of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"long_line: {' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}{p.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far; each run here is larger than the last
    # or reported separately below, so the max is read per step.
    return wall, max(peak, before) / 1024, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=100_000_000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build-release", "plotcluster"))
    ap.add_argument("--sample-data", default=os.path.join(ROOT, "build-release", "plotcluster-sample-data"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build-release", "bench-long"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    data = os.path.join(a.work, f"long_{a.points}.h5")
    if not os.path.exists(data):
        subprocess.run([a.sample_data, "--long-line", data, "--long-points", str(a.points)], check=True,
                       stdout=subprocess.DEVNULL)
    cfg = os.path.join(a.work, "long.yaml")
    with open(cfg, "w") as f:
        f.write(f"input: {{files: [{data}]}}\noutput: {{dir: out}}\n"
                "plots:\n  - {match: \"/long/*\", kind: line}\n")

    # plotcluster first: its peak RSS is far below h5py's, so the running maximum of the
    # children's RSS still shows each correctly when read after each step.
    ours, reads = [], []
    for _ in range(a.repeat):
        wall, peak_ours, _ = timed([a.binary, "--force", cfg])
        ours.append(wall)
    with open(os.path.join(a.work, "out", "manifest.json")) as f:
        row = json.load(f)["plots"][0]
    for _ in range(a.repeat):
        wall, peak_read, out = timed(["/usr/bin/python3", "-c", READ, data])
        reads.append(float(out.split()[0]))
    ours.sort()
    reads.sort()
    mid = len(ours) // 2
    print(f"{a.points} float64 ({a.points * 8 / 1e6:.0f} MB), median of {a.repeat}")
    print(f"plotcluster (whole run, 1 rank): {ours[mid]:.2f} s, peak RSS {peak_ours:.0f} MiB, "
          f"row: {row['status']}, timing_ms {row['timing_ms']}")
    print(f"h5py read into memory:           {reads[mid]:.2f} s, peak RSS {peak_read:.0f} MiB")
    print(f"ratio: {ours[mid] / reads[mid]:.2f}x the read time")


if __name__ == "__main__":
    main()
