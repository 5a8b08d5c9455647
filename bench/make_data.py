#!/usr/bin/python3
"""Writes the benchmark's input: identical data for plotcluster and the matplotlib reference.

bench_NN.h5 files, each with /lines/series_KK (1-D float64) and /heatmaps/field_KK
(2-D float64), smooth signals plus noise from a fixed seed, so every run draws the same.
"""
import argparse
import os

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--lines", type=int, default=400, help="line datasets in total")
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--heatmaps", type=int, default=400, help="heatmap datasets in total")
    ap.add_argument("--grid", type=int, default=256)
    a = ap.parse_args()

    os.makedirs(a.dir, exist_ok=True)
    rng = np.random.default_rng(20261122)
    t = np.linspace(0.0, 1.0, a.points)
    yy, xx = np.mgrid[0:1:a.grid * 1j, 0:1:a.grid * 1j]
    for f in range(a.files):
        path = os.path.join(a.dir, f"bench_{f:02d}.h5")
        with h5py.File(path, "w") as h5:
            for k in range(f, a.lines, a.files):
                freq = 2 + 10 * rng.random()
                y = np.sin(2 * np.pi * freq * t) * np.exp(-t * rng.random() * 3)
                y += 0.05 * rng.standard_normal(a.points)
                d = h5.create_dataset(f"lines/series_{k:04d}", data=1e3 * y)
                d.attrs["units"] = "J"
                d.attrs["long_name"] = "Energy"
            for k in range(f, a.heatmaps, a.files):
                cx, cy, w = rng.random(), rng.random(), 0.05 + 0.2 * rng.random()
                z = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / w**2)
                z += 0.3 * np.sin(6 * np.pi * xx * rng.random()) + 0.02 * rng.standard_normal(xx.shape)
                d = h5.create_dataset(f"heatmaps/field_{k:04d}", data=z)
                d.attrs["units"] = "kg/m^3"
                d.attrs["long_name"] = "Density"
    print(f"wrote {a.files} files to {a.dir}")


if __name__ == "__main__":
    main()
