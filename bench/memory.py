#!/usr/bin/python3
"""Flat memory: one rank draws 10,000 plots; its RSS after 1,000 and after 10,000 plots.

Usage: bench/memory.py [--plots 10000] [--binary build-release/plotcluster]
The rank's journal gains a line per finished plot, so the RSS is sampled from
/proc/PID/status when the journal reaches each checkpoint.
"""
import argparse
import glob
import os
import subprocess
import sys
import time

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def journal_lines(out):
    n = 0
    for path in glob.glob(os.path.join(out, ".plotcluster", "journal-*.jsonl")):
        with open(path, "rb") as f:
            n += f.read().count(b"\n")
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plots", type=int, default=10_000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build-release", "plotcluster"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build-release", "bench-memory"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    # Lines and heatmaps alternate in drawing order (tasks go by dataset name), so both
    # paths are warm long before the first checkpoint that counts.
    data = os.path.join(a.work, f"memory_mixed_{a.plots}.h5")
    if not os.path.exists(data):
        rng = np.random.default_rng(1)
        with h5py.File(data, "w") as f:
            for i in range(a.plots):
                if i % 2:
                    f[f"p/{i:05d}_line"] = np.cumsum(rng.standard_normal(2000))
                else:
                    f[f"p/{i:05d}_field"] = rng.random((64, 64))
    out = os.path.join(a.work, "out")
    subprocess.run(["rm", "-rf", out], check=True)
    cfg = os.path.join(a.work, "memory.yaml")
    with open(cfg, "w") as f:
        f.write(f"input: {{files: [{data}]}}\noutput: {{dir: {out}}}\n"
                "plots:\n  - {match: /p/*_line, kind: line}\n  - {match: /p/*_field, kind: heatmap}\n")
    proc = subprocess.Popen([a.binary, cfg], stdout=subprocess.PIPE, text=True)
    checkpoints = sorted({c for c in [100, 1000, a.plots - 10] + [a.plots * k // 10 for k in range(1, 10)]
                          if 0 < c < a.plots})
    samples = {}
    while proc.poll() is None and checkpoints:
        n = journal_lines(out)
        while checkpoints and n >= checkpoints[0]:
            samples[checkpoints.pop(0)] = (n, rss_kib(proc.pid))
        time.sleep(0.01)
    stdout, _ = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"memory: plotcluster exited {proc.returncode}\n{stdout}")
    print(stdout.strip().splitlines()[0])
    for want, (n, kib) in samples.items():
        print(f"RSS after {n:6d} plots: {kib / 1024:8.2f} MiB")
    keys = sorted(samples)
    if len(keys) >= 2 and 1000 in samples:
        growth = (samples[keys[-1]][1] - samples[1000][1]) / 1024
        print(f"growth from {samples[1000][0]} to {samples[keys[-1]][0]} plots: {growth:+.2f} MiB")


if __name__ == "__main__":
    main()
