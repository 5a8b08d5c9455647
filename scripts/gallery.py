#!/usr/bin/python3
"""Regenerates docs/gallery/: each plot kind and option that matters, drawn by plotcluster
and, from the same data at the same size, by matplotlib (Debian's python3-matplotlib).

Usage: scripts/gallery.py [--binary build/plotcluster] [--out docs/gallery]
Writes NAME.plotcluster.png, NAME.matplotlib.png and README.md (the side-by-side table).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W, H, DPI = 640, 480, 100


def make_data(path):
    rng = np.random.default_rng(7)
    with h5py.File(path, "w") as f:
        t = np.linspace(0, 10, 500)
        f["grid/t"] = t
        f["grid/t"].attrs.update(units="s", long_name="Time")
        for i, (name, freq) in enumerate([("probe_a", 0.5), ("probe_b", 0.8), ("probe_c", 1.3)]):
            d = f.create_dataset(f"probes/{name}", data=np.sin(freq * t + i) * np.exp(-0.1 * t) + 0.02 * i)
            d.attrs.update(units="m/s", long_name=f"Velocity {name[-1]}")
        e = 1e3 * (1 + 0.3 * np.sin(np.linspace(0, 6, 2000))) + 5 * rng.standard_normal(2000)
        f["timeseries/energy"] = e
        f["timeseries/energy"].attrs.update(units="J", long_name="Total energy")
        p = 101325 + 40 * np.sin(np.linspace(0, 12, 1500)) + rng.standard_normal(1500)
        f["timeseries/pressure"] = p
        f["timeseries/pressure"].attrs.update(units="Pa", long_name="Probe pressure")
        gaps = np.sin(np.linspace(0, 8, 400))
        gaps[90:130] = np.nan
        gaps[250:260] = np.inf
        f["timeseries/with_gaps"] = gaps
        f["timeseries/with_gaps"].attrs.update(units="1", long_name="Signal with NaN and Inf")
        decay = np.exp(-np.linspace(0, 12, 800)) * (1 + 0.1 * rng.random(800))
        f["timeseries/decay"] = decay
        f["timeseries/decay"].attrs.update(units="1", long_name="Residual")
        xy = rng.multivariate_normal([0, 0], [[1, 0.8], [0.8, 1]], 3000)
        f["particles/xy"] = xy
        f["particles/xy"].attrs.update(long_name="Particle positions")
        speed = np.concatenate([rng.gamma(4, 0.5, 20000), [np.nan] * 30])
        f["particles/speed"] = speed
        f["particles/speed"].attrs.update(units="m/s", long_name="Particle speed")
        y, x = np.mgrid[-2:2:120j, -3:3:160j]
        rho = np.exp(-(x**2 + y**2)) + 0.5 * np.exp(-((x - 1.5) ** 2 + (y + 1) ** 2) * 4)
        f["fields/density"] = rho
        f["fields/density"].attrs.update(units="kg/m^3", long_name="Density")
        vort = x * np.exp(-(x**2 + y**2))
        f["fields/vorticity"] = vort
        f["fields/vorticity"].attrs.update(units="1/s", long_name="Vorticity")
        intensity = 10 ** (3 * np.exp(-((x**2 + y**2) / 2)) - 1)
        intensity[50:60, 70:90] = np.nan
        f["fields/intensity"] = intensity
        f["fields/intensity"].attrs.update(units="W/m^2", long_name="Intensity")
        z, yy, xx = np.mgrid[0:1:9j, -2:2:64j, -2:2:64j]
        f["mesh/temperature"] = 300 + 50 * np.exp(-(xx**2 + (yy - z) ** 2))
        f["mesh/temperature"].attrs.update(units="K", long_name="Temperature")


# name, plotcluster rule (YAML flow mapping), matplotlib drawing, caption
EXAMPLES = [
    ("line", '{match: /timeseries/energy, kind: line}', "Line against the index; label from attributes"),
    ("line_offset", '{match: /timeseries/pressure, kind: line}', "Large values: exponent offset on the axis"),
    ("line_group", '{match: "/probes/*", kind: line, group: parent, x: /grid/t}',
     "`group: parent` with `x`: one line per dataset and a legend"),
    ("line_gaps", '{match: /timeseries/with_gaps, kind: line, marker: ".", grid: true}',
     "NaN and Inf make gaps; markers; grid"),
    ("line_log", '{match: /timeseries/decay, kind: line, yscale: log, grid: true}', "Log y axis"),
    ("scatter", '{match: /particles/xy, kind: scatter, marker_size: 3, alpha: 0.4}', "Scatter of an N×2 dataset"),
    ("histogram", '{match: /particles/speed, kind: histogram}', "Histogram, automatic bins; NaN ignored"),
    ("histogram_log", '{match: /particles/speed, kind: histogram, bins: 60, log: true}',
     "Histogram with a log count axis"),
    ("heatmap", '{match: /fields/density, kind: heatmap}', "Heatmap with colorbar (viridis)"),
    ("heatmap_diverging", '{match: /fields/vorticity, kind: heatmap, colormap: RdBu_r, limits: [-0.5, 0.5]}',
     "Diverging colormap with fixed limits"),
    ("heatmap_lognorm", '{match: /fields/intensity, kind: heatmap, colormap: magma, norm: log, bad_color: "#00ff00"}',
     "Log colour norm; NaN cells in `bad_color`"),
    ("heatmap_slice", '{match: /mesh/temperature, kind: heatmap, colormap: inferno, origin: upper, '
     'slice: {axis: 0, index: middle}}', "The middle slice of a 3-D mesh, `origin: upper`"),
]


def label(ds, name):
    text = ds.attrs.get("long_name", name.rsplit("/", 1)[-1])
    units = ds.attrs.get("units")
    return f"{text} [{units}]" if units else text


def mpl_draw(name, f, path):
    fig = Figure(figsize=(W / DPI, H / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    title = lambda d: f"{d} (gallery)"  # noqa: E731  (same default title as plotcluster)
    if name in ("line", "line_offset", "line_gaps", "line_log"):
        d = {"line": "energy", "line_offset": "pressure", "line_gaps": "with_gaps", "line_log": "decay"}[name]
        ds = f[f"timeseries/{d}"]
        ax.plot(ds[()], marker="." if name == "line_gaps" else None)
        ax.set_xlabel("index")
        ax.set_ylabel(label(ds, d))
        ax.set_title(title(f"/timeseries/{d}"))
        if name == "line_log":
            ax.set_yscale("log")
        if name in ("line_gaps", "line_log"):
            ax.grid(True)
    elif name == "line_group":
        t = f["grid/t"][()]
        for n in sorted(f["probes"]):
            ax.plot(t, f[f"probes/{n}"][()], label=f[f"probes/{n}"].attrs["long_name"])
        ax.legend()
        ax.set_xlabel(label(f["grid/t"], "t"))
        ax.set_ylabel("[m/s]")
        ax.set_title(title("/probes"))
    elif name == "scatter":
        xy = f["particles/xy"][()]
        ax.scatter(xy[:, 0], xy[:, 1], s=9, alpha=0.4)
        ax.set_title(title("/particles/xy"))
    elif name.startswith("histogram"):
        s = f["particles/speed"][()]
        s = s[np.isfinite(s)]
        ax.hist(s, bins="fd" if name == "histogram" else 60, log=name == "histogram_log")
        ax.set_xlabel(label(f["particles/speed"], "speed"))
        ax.set_ylabel("count")
        ax.set_title(title("/particles/speed"))
    else:
        kw = {"origin": "lower", "cmap": "viridis", "aspect": "auto", "interpolation": "nearest"}
        d = {"heatmap": "fields/density", "heatmap_diverging": "fields/vorticity",
             "heatmap_lognorm": "fields/intensity", "heatmap_slice": "mesh/temperature"}[name]
        ds = f[d]
        data = ds[()]
        if name == "heatmap_diverging":
            kw.update(cmap="RdBu_r", vmin=-0.5, vmax=0.5)
        if name == "heatmap_lognorm":
            cmap = matplotlib.colormaps["magma"].copy()
            cmap.set_bad("#00ff00")
            kw.update(cmap=cmap, norm=LogNorm())
        if name == "heatmap_slice":
            data = data[data.shape[0] // 2]
            kw.update(cmap="inferno", origin="upper")
        im = ax.imshow(data, **kw)
        fig.colorbar(im, ax=ax, label=label(ds, d))
        ax.set_xlabel("axis 1")
        ax.set_ylabel("axis 0")
        ax.set_title(title("/" + d))
    fig.savefig(path, dpi=DPI)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "plotcluster"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "gallery"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "gallery.h5")
        make_data(data)
        with h5py.File(data) as f:
            for name, rule, _ in EXAMPLES:
                cfg = os.path.join(tmp, f"{name}.yaml")
                with open(cfg, "w") as c:
                    c.write(f"input: {{files: [gallery.h5]}}\n"
                            f"output: {{dir: out_{name}, name: plot}}\n"
                            f"figure: {{width: {W}, height: {H}, dpi: {DPI}}}\n"
                            f"plots:\n  - {rule}\n")
                p = subprocess.run([a.binary, cfg], capture_output=True, text=True)
                if p.returncode != 0:
                    sys.exit(f"gallery: {name}: plotcluster failed ({p.returncode}):\n{p.stdout}{p.stderr}")
                shutil.copy(os.path.join(tmp, f"out_{name}", "plot.png"),
                            os.path.join(a.out, f"{name}.plotcluster.png"))
                mpl_draw(name, f, os.path.join(a.out, f"{name}.matplotlib.png"))
                print(f"gallery: {name}")
    with open(os.path.join(a.out, "README.md"), "w") as md:
        md.write("# Gallery: plotcluster next to matplotlib\n\n"
                 "Regenerate with `scripts/gallery.py` (after `scripts/build.sh`). Same data, same "
                 f"size ({W}×{H} px, dpi {DPI}); left plotcluster, right matplotlib "
                 f"{matplotlib.__version__} with equivalent settings.\n\n")
        for name, rule, caption in EXAMPLES:
            md.write(f"### {caption}\n\n`{rule}`\n\n"
                     f"| plotcluster | matplotlib |\n|---|---|\n"
                     f"| ![]({name}.plotcluster.png) | ![]({name}.matplotlib.png) |\n\n")


if __name__ == "__main__":
    main()
