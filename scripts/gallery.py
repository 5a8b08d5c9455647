#!/usr/bin/python3
"""Regenerates docs/gallery/: each plot kind and option that matters, drawn by plotcluster
and, from the same data at the same size, by matplotlib (Debian's python3-matplotlib) the
way a careful matplotlib user would draw it.

Usage: scripts/gallery.py [--binary build/plotcluster] [--out docs/gallery]
                          [--only NAME[,NAME]] [--keep-going] [--check] [--list]
                          [--write-data DIR | --data DIR]
Writes NAME.plotcluster.png, NAME.matplotlib.png and README.md (the side-by-side table).

Each case is self-contained: it writes its own data file (h5py, or netCDF4-python for
netCDF-4 files) into a folder of its own, has its own figure size and plotcluster rules,
and its own matplotlib drawing of that file. The file is always called gallery.h5 or
gallery.nc, so every default title ends in "(gallery)".

--keep-going  a case plotcluster cannot draw is reported (with plotcluster's reason), its
              NAME.plotcluster.png removed, and the others are still written, README.md
              too; the exit status is then 1.
--check       draws only the plotcluster side into a temporary folder and says which
              committed NAME.plotcluster.png differ (exit 1 if any differ, are missing or
              fail); writes nothing.
--write-data  writes each case's data file into DIR/NAME/ and draws nothing; --data DIR
              then draws from those files (a case missing there writes its own), so two
              versions of plotcluster draw the same files (scripts/compare_outputs.sh).
"""
import argparse
import filecmp
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import warnings
from dataclasses import dataclass
from typing import Callable

import h5py
import matplotlib
import netCDF4
import numpy as np

matplotlib.use("Agg")
from cycler import cycler  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DPI = 100
LARGE = (640, 480)
SMALL = (320, 240)


@dataclass(frozen=True)
class Case:
    name: str
    caption: str
    rules: tuple            # plotcluster rules, each a YAML flow mapping
    write: Callable         # write(path): the case's data file
    draw: Callable          # draw(path, fig): matplotlib's figure of that file
    size: tuple = LARGE     # (width, height) in pixels, at DPI
    file: str = "gallery.h5"
    plots: int = 1          # how many plots the rules draw (frames: several)
    shown: str = "plot"     # the output stem shown, of those


CASES = []


def case(name, caption, rules, write, size=LARGE, file="gallery.h5", plots=1, shown="plot"):
    """Registers the decorated matplotlib drawing as the case `name`."""
    def register(draw):
        assert name not in {c.name for c in CASES}, name
        CASES.append(Case(name, caption, tuple([rules] if isinstance(rules, str) else rules),
                          write, draw, size, file, plots, shown))
        return draw
    return register


# ---------------------------------------------------------------- matplotlib helpers

def default_title(dataset):
    return f"{dataset} (gallery)"  # plotcluster's default title, "{dataset} ({file_stem})"


def label(ds, name):
    """long_name [units] as written (the first gallery's matplotlib labels)."""
    text = ds.attrs.get("long_name", name.rsplit("/", 1)[-1])
    units = ds.attrs.get("units")
    return f"{text} [{units}]" if units else text


def math_units(units):
    """'m^2 s^-3', 'm s-1', 'kg/m**3' as mathtext superscripts, as a careful user types them."""
    return re.sub(r"(?<=[A-Za-zµ°])(?:\^|\*\*)?\{?([-+−]?\d+(?:\.\d+)?)\}?",
                  lambda m: f"$^{{{m.group(1)}}}$", str(units))


def math_label(text, units=None):
    return f"{text} [{math_units(units)}]" if units else text


def attrs_label(attrs, fallback):
    """long_name [units] from an h5py or netCDF4 variable, units as mathtext."""
    get = attrs.get if hasattr(attrs, "get") else lambda k, d=None: getattr(attrs, k, d)
    return math_label(get("long_name", fallback), get("units", None))


def edges(centres):
    """Cell edges from centres as plotcluster (and shading='nearest') places them."""
    c = np.asarray(centres, dtype=float)
    if c.size == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0] - (c[1] - c[0]) / 2], mid, [c[-1] + (c[-1] - c[-2]) / 2]])


def two_lines(text, width, units=""):
    """text [units] wrapped to at most two lines of about `width` characters, the text
    shortened by words with "…" when it needs more; the units are kept whole."""
    tail = f" [{units}]" if units else ""
    words = text.split()
    for n in range(len(words), 0, -1):
        lines = textwrap.wrap(" ".join(words[:n]) + ("" if n == len(words) else "…") + tail, width)
        if len(lines) <= 2:
            return "\n".join(lines)
    return tail.strip()


def integer_ticks(axis):
    axis.set_major_locator(MaxNLocator(integer=True))


# ---------------------------------------------------------------- the first gallery's data
# The first twelve cases drew from one file whose random data came from one generator in
# this order; regenerating it whole keeps their plotcluster images byte-identical.

@functools.cache
def first_gallery_data():
    rng = np.random.default_rng(7)
    d = {}
    t = np.linspace(0, 10, 500)
    d["grid/t"] = (t, dict(units="s", long_name="Time"))
    for i, (name, freq) in enumerate([("probe_a", 0.5), ("probe_b", 0.8), ("probe_c", 1.3)]):
        d[f"probes/{name}"] = (np.sin(freq * t + i) * np.exp(-0.1 * t) + 0.02 * i,
                               dict(units="m/s", long_name=f"Velocity {name[-1]}"))
    e = 1e3 * (1 + 0.3 * np.sin(np.linspace(0, 6, 2000))) + 5 * rng.standard_normal(2000)
    d["timeseries/energy"] = (e, dict(units="J", long_name="Total energy"))
    p = 101325 + 40 * np.sin(np.linspace(0, 12, 1500)) + rng.standard_normal(1500)
    d["timeseries/pressure"] = (p, dict(units="Pa", long_name="Probe pressure"))
    gaps = np.sin(np.linspace(0, 8, 400))
    gaps[90:130] = np.nan
    gaps[250:260] = np.inf
    d["timeseries/with_gaps"] = (gaps, dict(units="1", long_name="Signal with NaN and Inf"))
    decay = np.exp(-np.linspace(0, 12, 800)) * (1 + 0.1 * rng.random(800))
    d["timeseries/decay"] = (decay, dict(units="1", long_name="Residual"))
    xy = rng.multivariate_normal([0, 0], [[1, 0.8], [0.8, 1]], 3000)
    d["particles/xy"] = (xy, dict(long_name="Particle positions"))
    speed = np.concatenate([rng.gamma(4, 0.5, 20000), [np.nan] * 30])
    d["particles/speed"] = (speed, dict(units="m/s", long_name="Particle speed"))
    y, x = np.mgrid[-2:2:120j, -3:3:160j]
    rho = np.exp(-(x**2 + y**2)) + 0.5 * np.exp(-((x - 1.5) ** 2 + (y + 1) ** 2) * 4)
    d["fields/density"] = (rho, dict(units="kg/m^3", long_name="Density"))
    vort = x * np.exp(-(x**2 + y**2))
    d["fields/vorticity"] = (vort, dict(units="1/s", long_name="Vorticity"))
    intensity = 10 ** (3 * np.exp(-((x**2 + y**2) / 2)) - 1)
    intensity[50:60, 70:90] = np.nan
    d["fields/intensity"] = (intensity, dict(units="W/m^2", long_name="Intensity"))
    z, yy, xx = np.mgrid[0:1:9j, -2:2:64j, -2:2:64j]
    d["mesh/temperature"] = (300 + 50 * np.exp(-(xx**2 + (yy - z) ** 2)),
                             dict(units="K", long_name="Temperature"))
    return d


def first_gallery(*names):
    """A writer of these datasets of the first gallery's file."""
    def write(path):
        with h5py.File(path, "w") as f:
            for name in names:
                data, attrs = first_gallery_data()[name]
                f[name] = data
                f[name].attrs.update(attrs)
    return write


def first_line(ds_name, marker=None, log=False, grid=False):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            ds = f[f"timeseries/{ds_name}"]
            ax.plot(ds[()], marker=marker)
            ax.set_xlabel("index")
            ax.set_ylabel(label(ds, ds_name))
        ax.set_title(default_title(f"/timeseries/{ds_name}"))
        if log:
            ax.set_yscale("log")
        if grid:
            ax.grid(True)
    return draw


def first_heatmap(path_in_file, data_of=lambda d: d, **imshow):
    def draw(path, fig):
        ax = fig.add_subplot()
        kw = {"origin": "lower", "cmap": "viridis", "aspect": "auto", "interpolation": "nearest"}
        kw.update(imshow)
        with h5py.File(path) as f:
            ds = f[path_in_file]
            im = ax.imshow(data_of(ds[()]), **kw)
            fig.colorbar(im, ax=ax, label=label(ds, path_in_file))
        ax.set_xlabel("axis 1")
        ax.set_ylabel("axis 0")
        ax.set_title(default_title("/" + path_in_file))
    return draw


# ---------------------------------------------------------------- the first gallery's cases

def first_line_case(name, ds, rule, caption, **kw):
    case(name, caption, rule, first_gallery(f"timeseries/{ds}"))(first_line(ds, **kw))


first_line_case("line", "energy", "{match: /timeseries/energy, kind: line}",
                "Line against the index; label from attributes")
first_line_case("line_offset", "pressure", "{match: /timeseries/pressure, kind: line}",
                "Large values: exponent offset on the axis")


@case("line_group", "`group: parent` with `x`: one line per dataset and a legend",
      '{match: "/probes/*", kind: line, group: parent, x: /grid/t}',
      first_gallery("grid/t", "probes/probe_a", "probes/probe_b", "probes/probe_c"))
def draw_line_group(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        t = f["grid/t"][()]
        for n in sorted(f["probes"]):
            ax.plot(t, f[f"probes/{n}"][()], label=f[f"probes/{n}"].attrs["long_name"])
        ax.set_xlabel(label(f["grid/t"], "t"))
    ax.legend()
    ax.set_ylabel("[m/s]")
    ax.set_title(default_title("/probes"))


first_line_case("line_gaps", "with_gaps", '{match: /timeseries/with_gaps, kind: line, marker: ".", grid: true}',
                "NaN and Inf make gaps; markers; grid", marker=".", grid=True)
first_line_case("line_log", "decay", "{match: /timeseries/decay, kind: line, yscale: log, grid: true}",
                "Log y axis", log=True, grid=True)


@case("scatter", "Scatter of an N×2 dataset", "{match: /particles/xy, kind: scatter, marker_size: 3, alpha: 0.4}",
      first_gallery("particles/xy"))
def draw_scatter(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        xy = f["particles/xy"][()]
    ax.scatter(xy[:, 0], xy[:, 1], s=9, alpha=0.4)
    ax.set_title(default_title("/particles/xy"))


def first_histogram(bins, log):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            s = f["particles/speed"][()]
            ax.set_xlabel(label(f["particles/speed"], "speed"))
        ax.hist(s[np.isfinite(s)], bins=bins, log=log)
        ax.set_ylabel("count")
        ax.set_title(default_title("/particles/speed"))
    return draw


case("histogram", "Histogram, automatic bins; NaN ignored", "{match: /particles/speed, kind: histogram}",
     first_gallery("particles/speed"))(first_histogram("fd", False))
case("histogram_log", "Histogram with a log count axis",
     "{match: /particles/speed, kind: histogram, bins: 60, log: true}",
     first_gallery("particles/speed"))(first_histogram(60, True))
case("heatmap", "Heatmap with colorbar (viridis)", "{match: /fields/density, kind: heatmap}",
     first_gallery("fields/density"))(first_heatmap("fields/density"))
case("heatmap_diverging", "Diverging colormap with fixed limits",
     "{match: /fields/vorticity, kind: heatmap, colormap: RdBu_r, limits: [-0.5, 0.5]}",
     first_gallery("fields/vorticity"))(first_heatmap("fields/vorticity", cmap="RdBu_r", vmin=-0.5, vmax=0.5))
_magma_bad = matplotlib.colormaps["magma"].copy()
_magma_bad.set_bad("#00ff00")
case("heatmap_lognorm", "Log colour norm; NaN cells in `bad_color`",
     '{match: /fields/intensity, kind: heatmap, colormap: magma, norm: log, bad_color: "#00ff00"}',
     first_gallery("fields/intensity"))(first_heatmap("fields/intensity", cmap=_magma_bad, norm=LogNorm()))
case("heatmap_slice", "The middle slice of a 3-D mesh, `origin: upper`",
     "{match: /mesh/temperature, kind: heatmap, colormap: inferno, origin: upper, slice: {axis: 0, index: middle}}",
     first_gallery("mesh/temperature"))(
    first_heatmap("mesh/temperature", data_of=lambda d: d[d.shape[0] // 2], cmap="inferno", origin="upper"))


# ---------------------------------------------------------------- fields: resampling, aspect

ZONE_N = 4096


def write_zone_plate(path):
    # cos(k r²) on [-1, 1]²: the local frequency 2kr/(πN) cycles per cell is 0.25 at the
    # edge, so the data itself is clean; an 800×600 figure has ~8 cells per pixel there.
    x = (np.arange(ZONE_N, dtype=np.float64) - ZONE_N / 2 + 0.5) / (ZONE_N / 2)
    k = np.pi * ZONE_N / 8
    with h5py.File(path, "w") as f:
        ds = f.create_dataset("zone_plate", shape=(ZONE_N, ZONE_N), dtype=np.float32)
        for r0 in range(0, ZONE_N, 512):  # by bands: 4096² doubles would be 128 MB
            y = x[r0:r0 + 512, None]
            ds[r0:r0 + 512] = np.cos(k * (x[None, :] ** 2 + y ** 2)).astype(np.float32)
        ds.attrs["long_name"] = "cos(k r²)"


def draw_zone_plate(interpolation):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            ds = f["zone_plate"]
            im = ax.imshow(ds[()], cmap="gray", origin="lower", interpolation=interpolation)
            fig.colorbar(im, ax=ax, label=ds.attrs["long_name"])
        ax.set_xlabel("axis 1")
        ax.set_ylabel("axis 0")
        ax.set_title(default_title("/zone_plate"))
    return draw


case("zone_plate", "A 4096×4096 zone plate at 800×600: cells smaller than pixels are area-averaged "
     "(default `interpolation: auto`), as matplotlib's `interpolation='antialiased'`",
     "{match: /zone_plate, kind: heatmap, colormap: gray}", write_zone_plate, size=(800, 600))(
    draw_zone_plate("antialiased"))
case("zone_plate_nearest", "The same zone plate point-sampled (`interpolation: nearest`): the moiré is "
     "not in the data", "{match: /zone_plate, kind: heatmap, colormap: gray, interpolation: nearest}",
     write_zone_plate, size=(800, 600))(draw_zone_plate("nearest"))


def write_wide(path):
    # 148 positions × 750 time steps: two wave packets crossing (a kymograph).
    y, x = np.mgrid[0:148, 0:750].astype(np.float64)
    a = np.exp(-((x - 250 - 2.0 * y) / 60) ** 2) * np.cos(2 * np.pi * (x - 2.0 * y) / 25)
    b = 0.6 * np.exp(-((x - 600 + 1.5 * y) / 40) ** 2) * np.cos(2 * np.pi * (x + 1.5 * y) / 18)
    with h5py.File(path, "w") as f:
        f["kymograph"] = (a + b).astype(np.float32)
        f["kymograph"].attrs.update(long_name="Displacement", units="mm")


def write_tall(path):
    # 2000 samples × 8 channels: each channel a chirp at its own rate, plus noise.
    rng = np.random.default_rng(16)
    t = np.arange(2000)[:, None] / 2000
    ch = np.arange(8)[None, :]
    s = np.sin(2 * np.pi * (3 + 2 * ch) * t * (1 + t)) * (1 + 0.3 * ch) + 0.2 * rng.standard_normal((2000, 8))
    with h5py.File(path, "w") as f:
        f["channels"] = s.astype(np.float32)
        f["channels"].attrs.update(long_name="Strain gauge signal", units="mV")


def draw_index_field(ds_path, aspect, cmap="viridis", **limits):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            ds = f[ds_path]
            im = ax.imshow(ds[()], origin="lower", cmap=cmap, aspect=aspect, interpolation="antialiased",
                           **limits)
            fig.colorbar(im, ax=ax, label=attrs_label(ds.attrs, ds_path))
        ax.set_xlabel("axis 1")
        ax.set_ylabel("axis 0")
        ax.set_title(default_title("/" + ds_path))
    return draw


case("wide_array", "A 148×750 field: equal cells would leave a sliver, so the default `aspect` is `auto`",
     "{match: /kymograph, kind: heatmap, colormap: RdBu_r, limits: [-1.6, 1.6]}", write_wide)(
    draw_index_field("kymograph", "auto", cmap="RdBu_r", vmin=-1.6, vmax=1.6))
case("wide_array_equal", "The same field with `aspect: equal`: square cells, the colorbar still readable",
     "{match: /kymograph, kind: heatmap, colormap: RdBu_r, limits: [-1.6, 1.6], aspect: equal}", write_wide)(
    draw_index_field("kymograph", "equal", cmap="RdBu_r", vmin=-1.6, vmax=1.6))
case("tall_array", "A 2000×8 field (8 channels, 2000 samples): default `aspect` (`auto`)",
     "{match: /channels, kind: heatmap}", write_tall)(draw_index_field("channels", "auto"))


# ---------------------------------------------------------------- fields: coordinates

def write_nonuniform(path):
    # A developing channel flow on a grid stretched in x (each cell 8% longer) and clustered
    # at both walls in y (tanh), as a CFD code writes it: netCDF-4, coordinate variables.
    dx = 0.02 * 1.08 ** np.arange(48)
    xe = np.concatenate([[0], np.cumsum(dx)])
    x = (xe[1:] + xe[:-1]) / 2
    eta = np.linspace(-1, 1, 33)
    ye = np.tanh(2.2 * eta) / np.tanh(2.2)
    y = (ye[1:] + ye[:-1]) / 2
    delta = 0.04 + 0.35 * np.sqrt(x)
    wall = 1 - np.abs(y)[:, None]
    u = np.tanh(wall / delta[None, :]) * (1.0 + 0.15 * np.exp(-x[None, :])) \
        * (1 + 0.08 * np.cos(2 * np.pi * x[None, :] / 2.5) * np.sin(np.pi * y[:, None]))
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("x", x.size)
        nc.createDimension("y", y.size)
        vx = nc.createVariable("x", "f8", ("x",))
        vx.long_name, vx.units = "Streamwise distance", "m"
        vx[:] = x
        vy = nc.createVariable("y", "f8", ("y",))
        vy.long_name, vy.units = "Wall-normal distance", "m"
        vy[:] = y
        vu = nc.createVariable("u", "f4", ("y", "x"))
        vu.long_name, vu.units = "Streamwise velocity", "m s-1"
        vu[:] = u


@case("nonuniform_grid", "netCDF-4 coordinate variables on a stretched grid: cells of varying size "
      "(matplotlib: `pcolormesh` with the cell edges)", "{match: /u, kind: heatmap}", write_nonuniform,
      file="gallery.nc")
def draw_nonuniform(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y, u = nc["x"], nc["y"], nc["u"]
        mesh = ax.pcolormesh(edges(x[:]), edges(y[:]), u[:], cmap="viridis")
        fig.colorbar(mesh, ax=ax, label=attrs_label(u, "u"))
        ax.set_xlabel(attrs_label(x, "x"))
        ax.set_ylabel(attrs_label(y, "y"))
    ax.set_title(default_title("/u"))


def write_curvilinear(path):
    # An ocean model's curved grid: 2-D latitude and longitude, named by the data variable's
    # CF `coordinates` attribute; land is the _FillValue.
    j, i = np.mgrid[0:60, 0:90].astype(np.float64)
    lon = -70 + 0.55 * i + 9 * np.sin(np.pi * j / 59) * (0.3 + i / 89)
    lat = 5 + 0.6 * j + 5 * np.sin(np.pi * i / 89) - 0.04 * i
    sst = 301.5 - 0.32 * (lat - 5) + 1.2 * np.sin(lon / 4) * np.cos(lat / 5)
    land = (lon < -52) & (lat > 28)
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("y", 60)
        nc.createDimension("x", 90)
        vlat = nc.createVariable("lat", "f8", ("y", "x"))
        vlat.standard_name, vlat.long_name, vlat.units = "latitude", "Latitude", "degrees_north"
        vlat[:] = lat
        vlon = nc.createVariable("lon", "f8", ("y", "x"))
        vlon.standard_name, vlon.long_name, vlon.units = "longitude", "Longitude", "degrees_east"
        vlon[:] = lon
        v = nc.createVariable("sst", "f4", ("y", "x"), fill_value=np.float32(-999))
        v.standard_name, v.long_name, v.units = "sea_surface_temperature", "Sea surface temperature", "K"
        v.coordinates = "lat lon"
        v[:] = np.ma.masked_array(sst, mask=land)


@case("curvilinear_grid", 'A curvilinear grid: CF 2-D lat/lon (`coordinates: "lat lon"`) drawn as quads; '
      "land (`_FillValue`) in `bad_color`", "{match: /sst, kind: heatmap, colormap: plasma}",
      write_curvilinear, file="gallery.nc")
def draw_curvilinear(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        lat, lon, sst = nc["lat"], nc["lon"], nc["sst"]
        with warnings.catch_warnings():
            # shading='auto' takes cell corners halfway between the centres, right for a
            # smooth curved grid; its warning tests each array for monotony along both axes,
            # which a curved grid's latitude fails along a row.
            warnings.filterwarnings("ignore", "The input coordinates to pcolormesh")
            mesh = ax.pcolormesh(lon[:], lat[:], sst[:], shading="auto", cmap="plasma")
        fig.colorbar(mesh, ax=ax, label=attrs_label(sst, "sst"))
        ax.set_xlabel(attrs_label(lon, "lon"))
        ax.set_ylabel(attrs_label(lat, "lat"))
    ax.set_title(default_title("/sst"))


OPMD_SPACING = (0.1, 0.025)   # x, z in µm (gridUnitSI 1e-6)
OPMD_OFFSET = (-12.8, 0.0)
OPMD_SHAPE = (256, 1024)


def write_openpmd(path):
    # A laser pulse (λ = 0.8 µm) travelling in z, as a PIC code writes it: openPMD 1.1,
    # iteration 100, mesh E with components x and z, C order (x, z), E_x staggered in x.
    nx, nz = OPMD_SHAPE
    x = OPMD_OFFSET[0] + (np.arange(nx) + 0.5) * OPMD_SPACING[0]
    z = OPMD_OFFSET[1] + np.arange(nz) * OPMD_SPACING[1]
    xx, zz = np.meshgrid(x, z, indexing="ij")
    envelope = np.exp(-(xx / 4.0) ** 2 - ((zz - 15.0) / 3.0) ** 2)
    ex = 4.0 * envelope * np.cos(2 * np.pi * (zz - 15.0) / 0.8 + 0.02 * xx**2)
    ez = -0.3 * envelope * xx / 4.0 * np.sin(2 * np.pi * (zz - 15.0) / 0.8)
    with h5py.File(path, "w") as f:
        f.attrs.update(openPMD="1.1.0", openPMDextension=np.uint32(0), basePath="/data/%T/",
                       meshesPath="meshes/", iterationEncoding="groupBased", iterationFormat="/data/%T/")
        it = f.create_group("data/100")
        it.attrs.update(time=100 * 2.6e-17, dt=2.6e-17, timeUnitSI=1.0)
        e = it.create_group("meshes/E")
        e.attrs["geometry"] = "cartesian"
        e.attrs["dataOrder"] = "C"
        e.attrs["axisLabels"] = np.array(["x", "z"], dtype=h5py.string_dtype())
        e.attrs["gridSpacing"] = np.array(OPMD_SPACING)
        e.attrs["gridGlobalOffset"] = np.array(OPMD_OFFSET)
        e.attrs["gridUnitSI"] = np.float64(1e-6)
        e.attrs["unitDimension"] = np.array([1.0, 1, -3, -1, 0, 0, 0])  # V/m
        e.attrs["timeOffset"] = np.float32(0)
        for comp, values, pos in [("x", ex, [0.5, 0.0]), ("z", ez, [0.0, 0.5])]:
            d = e.create_dataset(comp, data=values.astype(np.float32))
            d.attrs["position"] = np.array(pos)
            d.attrs["unitSI"] = np.float64(1e12)  # stored in TV/m


@case("openpmd_mesh", "An openPMD mesh: axes from `gridSpacing`, `gridGlobalOffset`, `gridUnitSI` (µm), "
      "`axisLabels` and `position`; the values times `unitSI`, units from `unitDimension`",
      "{match: /data/100/meshes/E/x, kind: heatmap, colormap: RdBu_r}", write_openpmd)
def draw_openpmd(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        mesh = f["data/100/meshes/E"]
        ex = mesh["x"]
        spacing, offset, pos = mesh.attrs["gridSpacing"], mesh.attrs["gridGlobalOffset"], ex.attrs["position"]
        unit_um = mesh.attrs["gridUnitSI"] / 1e-6
        lo = [(offset[a] + (pos[a] - 0.5) * spacing[a]) * unit_um for a in range(2)]
        hi = [lo[a] + ex.shape[a] * spacing[a] * unit_um for a in range(2)]
        labels = [s.decode() if isinstance(s, bytes) else s for s in mesh.attrs["axisLabels"]]
        im = ax.imshow(ex[()] * ex.attrs["unitSI"], origin="lower", cmap="RdBu_r", interpolation="antialiased",
                       extent=[lo[1], hi[1], lo[0], hi[0]])
    fig.colorbar(im, ax=ax, label=r"$E_x$ [V m$^{-1}$]")
    ax.set_xlabel(f"{labels[1]} [µm]")
    ax.set_ylabel(f"{labels[0]} [µm]")
    ax.set_title(default_title("/data/100/meshes/E/x"))


def write_heatmap_xy(path):
    # A detector scan: motor positions (cell centres, uniform) and energy-bin edges (n + 1,
    # not uniform) in plain datasets beside the counts, named by the rule's x and y.
    rng = np.random.default_rng(1616)
    x = np.linspace(-4, 4, 80)
    e = 100 + 100 * np.linspace(0, 1, 51) ** 1.5
    ec = (e[1:] + e[:-1]) / 2
    peak = 140 + 12 * np.tanh(x / 1.5)
    counts = rng.poisson(5 + 400 * np.exp(-((ec[:, None] - peak[None, :]) / 6) ** 2)).astype(np.int32)
    with h5py.File(path, "w") as f:
        f["scan/counts"] = counts
        f["scan/counts"].attrs.update(long_name="Counts")
        f["scan/position"] = x
        f["scan/position"].attrs.update(long_name="Sample position", units="mm")
        f["scan/energy_edges"] = e
        f["scan/energy_edges"].attrs.update(long_name="Photon energy", units="eV")


@case("heatmap_xy", "A heatmap with explicit `x:` (cell centres) and `y:` (n + 1 cell edges) datasets",
      "{match: /scan/counts, kind: heatmap, colormap: magma, x: /scan/position, y: /scan/energy_edges}",
      write_heatmap_xy)
def draw_heatmap_xy(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        x, e, c = f["scan/position"], f["scan/energy_edges"], f["scan/counts"]
        mesh = ax.pcolormesh(edges(x[()]), e[()], c[()], cmap="magma")
        fig.colorbar(mesh, ax=ax, label=attrs_label(c.attrs, "counts"))
        ax.set_xlabel(attrs_label(x.attrs, "position"))
        ax.set_ylabel(attrs_label(e.attrs, "energy_edges"))
    ax.set_title(default_title("/scan/counts"))


SLICE_Z = [0.0, 0.08, 0.22, 0.37, 0.5, 0.65, 0.8, 1.0]


def write_slice_value(path):
    # A stratified tank: temperature (z, y, x) with netCDF coordinate variables; z unevenly
    # spaced, so `value: 0.25` picks the nearest level, 0.22.
    z = np.array(SLICE_Z)
    y = np.linspace(0.05, 3.95, 40)
    x = np.linspace(0.05, 5.95, 60)
    zz, yy, xx = np.meshgrid(z, y, x, indexing="ij")
    t = 285 + 10 * zz + 3 * np.exp(-((xx - 2 - 2 * zz) ** 2 + (yy - 2) ** 2) / (0.5 + zz))
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        for name, values, long_name in [("z", z, "Height"), ("y", y, "Distance north"), ("x", x, "Distance east")]:
            nc.createDimension(name, values.size)
            v = nc.createVariable(name, "f8", (name,))
            v.long_name, v.units = long_name, "m"
            v[:] = values
        v = nc.createVariable("temperature", "f4", ("z", "y", "x"))
        v.long_name, v.units = "Temperature", "K"
        v[:] = t


@case("slice_value", "`slice: {axis: z, value: 0.25}` by the dimension's name and the nearest coordinate, "
      "shown by `{slice}` in the title", '{match: /temperature, kind: heatmap, colormap: inferno, '
      'slice: {axis: z, value: 0.25}, title: "Temperature at {slice}"}', write_slice_value, file="gallery.nc")
def draw_slice_value(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        z, y, x, t = nc["z"], nc["y"], nc["x"], nc["temperature"]
        k = int(np.argmin(np.abs(z[:] - 0.25)))
        xe, ye = edges(x[:]), edges(y[:])
        im = ax.imshow(t[k], origin="lower", cmap="inferno", interpolation="antialiased",
                       extent=[xe[0], xe[-1], ye[0], ye[-1]])
        fig.colorbar(im, ax=ax, label=attrs_label(t, "temperature"))
        ax.set_xlabel(attrs_label(x, "x"))
        ax.set_ylabel(attrs_label(y, "y"))
        ax.set_title(f"Temperature at z = {z[k]:g} {z.units}")


# ---------------------------------------------------------------- lines and histograms

def write_step_line(path):
    # A binned spectrum: 20 values and their 21 log-spaced energy-bin edges.
    e = np.logspace(0, 2, 21)
    c = np.sqrt(e[1:] * e[:-1])
    flux = 1e3 * c ** -1.7 * (1 + 2.5 * np.exp(-((np.log(c) - np.log(30)) / 0.15) ** 2))
    with h5py.File(path, "w") as f:
        f["spectrum/flux"] = flux
        f["spectrum/flux"].attrs.update(long_name="Photon flux", units="cm^-2 s^-1 keV^-1")
        f["spectrum/energy_edges"] = e
        f["spectrum/energy_edges"].attrs.update(long_name="Energy", units="keV")


@case("step_line", "`x:` with n + 1 values (bin edges) draws a step line; log axes "
      "(matplotlib: `stairs`)", "{match: /spectrum/flux, kind: line, x: /spectrum/energy_edges, "
      "xscale: log, yscale: log}", write_step_line)
def draw_step_line(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        flux, e = f["spectrum/flux"], f["spectrum/energy_edges"]
        ax.stairs(flux[()], e[()], baseline=None, linewidth=1.5)
        ax.set_xlabel(attrs_label(e.attrs, "energy_edges"))
        ax.set_ylabel(attrs_label(flux.attrs, "flux"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title(default_title("/spectrum/flux"))


def write_x_limits(path):
    t = np.linspace(0, 4, 4000)
    v = np.exp(-t / 0.8) * np.sin(2 * np.pi * 12 * t) + 0.3 * np.exp(-((t - 2.5) / 0.05) ** 2)
    with h5py.File(path, "w") as f:
        f["ringdown/t"] = t
        f["ringdown/t"].attrs.update(long_name="Time", units="s")
        f["ringdown/v"] = v
        f["ringdown/v"].attrs.update(long_name="Voltage", units="V")


@case("x_limits", "`x_limits: [0, 0.5]` shows part of a line", "{match: /ringdown/v, kind: line, "
      "x: /ringdown/t, x_limits: [0, 0.5]}", write_x_limits)
def draw_x_limits(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        t, v = f["ringdown/t"], f["ringdown/v"]
        ax.plot(t[()], v[()])
        ax.set_xlabel(attrs_label(t.attrs, "t"))
        ax.set_ylabel(attrs_label(v.attrs, "v"))
    ax.set_xlim(0, 0.5)
    ax.set_title(default_title("/ringdown/v"))


def write_offset_axes(path):
    # Two clocks compared for 100 s of a Unix-time day: x ~1.7e9 s, y = 1 + ~1e-12.
    rng = np.random.default_rng(1700)
    t = 1.7e9 + 1234.0 + np.linspace(0, 100, 400)
    s = t - t[0]
    r = 1 + 1e-12 * (0.6 * np.sin(2 * np.pi * s / 40) + 0.4 * s / 100) + 4e-14 * rng.standard_normal(400)
    with h5py.File(path, "w") as f:
        f["clock/t"] = t
        f["clock/t"].attrs.update(long_name="Time", units="s")
        f["clock/ratio"] = r
        f["clock/ratio"].attrs.update(long_name="Frequency ratio")


@case("offset_axes", "Offset notation at 320×240: x ≈ 1.7e9 s over 100 s, y = 1 + 1e-12 variations "
      "(matplotlib's `ScalarFormatter`)", "{match: /clock/ratio, kind: line, x: /clock/t}",
      write_offset_axes, size=SMALL)
def draw_offset_axes(path, fig):
    fig.set_layout_engine("constrained")  # at 320×240 the default margins cut the labels
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        t, r = f["clock/t"], f["clock/ratio"]
        ax.plot(t[()], r[()])
        ax.set_xlabel(attrs_label(t.attrs, "t"))
        ax.set_ylabel(attrs_label(r.attrs, "ratio"))
    ax.set_title(default_title("/clock/ratio"))


def write_integer_histogram(path):
    rng = np.random.default_rng(3)
    with h5py.File(path, "w") as f:
        f["dice/sum"] = rng.integers(1, 7, size=(20000, 3)).sum(axis=1).astype(np.int32)
        f["dice/sum"].attrs.update(long_name="Sum of three dice")


@case("integer_histogram", "An int32 histogram: one bin per integer, integer ticks",
      "{match: /dice/sum, kind: histogram}", write_integer_histogram)
def draw_integer_histogram(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        s = f["dice/sum"]
        v = s[()]
        ax.hist(v, bins=np.arange(v.min() - 0.5, v.max() + 1.5), rwidth=0.8)
        ax.set_xlabel(attrs_label(s.attrs, "sum"))
    integer_ticks(ax.xaxis)
    ax.set_ylabel("count")
    ax.set_title(default_title("/dice/sum"))


def write_integer_line(path):
    # A queue length: a random walk on 0..6, int32.
    rng = np.random.default_rng(5)
    q = np.full(300, 2, np.int32)
    for i in range(1, 300):
        q[i] = min(6, max(0, q[i - 1] + rng.choice([-1, 0, 0, 1])))
    with h5py.File(path, "w") as f:
        f["queue/length"] = q
        f["queue/length"].attrs.update(long_name="Jobs waiting")


@case("integer_line", "An integer-valued line: integer ticks only", "{match: /queue/length, kind: line}",
      write_integer_line)
def draw_integer_line(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        q = f["queue/length"]
        ax.plot(q[()])
        ax.set_ylabel(attrs_label(q.attrs, "length"))
    integer_ticks(ax.yaxis)
    ax.set_xlabel("index")
    ax.set_title(default_title("/queue/length"))


LONG_TITLE = "Taylor–Couette run 0042 of the Reynolds-number sweep, second injection phase: {name}"


def write_long_labels(path):
    t = np.linspace(0, 30, 300)
    eps = 0.02 + 0.015 * np.exp(-t / 8) * np.cos(t) + 0.002 * np.sin(5 * t)
    with h5py.File(path, "w") as f:
        f["diagnostics/time"] = t
        f["diagnostics/time"].attrs.update(long_name="Time since the start of the second injection phase",
                                           units="s")
        f["diagnostics/dissipation"] = eps
        f["diagnostics/dissipation"].attrs.update(
            long_name="Azimuthally averaged turbulent kinetic energy dissipation rate at the inner cylinder wall",
            units="m^2 s^-3")


@case("long_labels", "Long title and labels at 320×240: wrapped to two lines, then ellipsized",
      f'{{match: /diagnostics/dissipation, kind: line, x: /diagnostics/time, title: "{LONG_TITLE}"}}',
      write_long_labels, size=SMALL)
def draw_long_labels(path, fig):
    # A careful user wraps by hand (matplotlib neither wraps to the axes nor ellipsizes)
    # and lets constrained layout keep every label inside the figure.
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        t, eps = f["diagnostics/time"], f["diagnostics/dissipation"]
        ax.plot(t[()], eps[()])
        ax.set_xlabel(two_lines(t.attrs["long_name"], 40, math_units(t.attrs["units"])), fontsize="small")
        ax.set_ylabel(two_lines(eps.attrs["long_name"], 26, math_units(eps.attrs["units"])), fontsize="small")
    ax.set_title(two_lines(LONG_TITLE.format(name="dissipation"), 40), fontsize="small")


def write_thermistors(path):
    # 12 thermistors down a borehole: the daily wave damped and delayed with depth.
    t = np.linspace(0, 72, 400)
    with h5py.File(path, "w") as f:
        f["time"] = t
        f["time"].attrs.update(long_name="Time", units="h")
        for i in range(1, 13):
            depth = 0.25 * i
            d = f.create_dataset(f"thermistors/t{i:02d}",
                                 data=12 + 6 * np.exp(-depth / 0.8) * np.sin(2 * np.pi * t / 24 - depth / 0.8)
                                 + 0.05 * i)
            d.attrs.update(long_name=f"{depth:.2f} m deep", units="degC")


def draw_thermistors(outside):
    def draw(path, fig):
        fig.set_layout_engine("constrained")  # at 320×240 the default margins cut the labels
        ax = fig.add_subplot()
        # Past C9 the tab10 colours come again, dashed, so no two lines look alike.
        ax.set_prop_cycle(cycler(linestyle=["-", "--"]) * cycler(color=matplotlib.colormaps["tab10"].colors))
        with h5py.File(path) as f:
            t = f["time"][()]
            for n in sorted(f["thermistors"]):
                ax.plot(t, f[f"thermistors/{n}"][()], label=f[f"thermistors/{n}"].attrs["long_name"])
            ax.set_xlabel(attrs_label(f["time"].attrs, "time"))
        ax.set_ylabel("[degC]")
        ax.set_title(default_title("/thermistors"))
        if outside:
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="xx-small", borderaxespad=0)
        else:
            ax.legend(fontsize="xx-small", ncols=2)
    return draw


case("legend_12", "12 lines at 320×240 (`group: parent`), default `legend: best`",
     '{match: "/thermistors/*", kind: line, group: parent, x: /time}', write_thermistors, size=SMALL)(
    draw_thermistors(False))
case("legend_outside", "The same 12 lines with `legend: outside`",
     '{match: "/thermistors/*", kind: line, group: parent, x: /time, legend: outside}', write_thermistors,
     size=SMALL)(draw_thermistors(True))


# ---------------------------------------------------------------- frames along an axis

def write_frames(path):
    # 40 time steps of a 2-D field: a vortex pair drifting right and decaying, so each
    # frame alone would have its own colour range; `limits: shared` gives them one.
    t = np.arange(40)[:, None, None]
    y, x = np.mgrid[0:64, 0:96]
    cx = 20 + 1.4 * t
    amp = np.exp(-t / 30.0)
    w = amp * (np.exp(-((x - cx) ** 2 + (y - 24) ** 2) / 40.0) - np.exp(-((x - cx) ** 2 + (y - 40) ** 2) / 40.0))
    with h5py.File(path, "w") as f:
        d = f.create_dataset("/fields/vorticity", data=w.astype("f4"))
        d.attrs.update(long_name="Vorticity", units="1/s")


FRAMES_RULE = ('{match: /fields/vorticity, kind: heatmap, colormap: RdBu_r, limits: shared, '
               'slice: {axis: 0, index: {every: 13}}, title: "Vorticity, step {frame}"}')


def draw_frame(k):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            d = f["fields/vorticity"]
            w = d[()]
            shown = w[0:40:13]  # the frames the rule draws: one range over them all
            im = ax.imshow(w[k], origin="lower", cmap="RdBu_r", interpolation="antialiased",
                           vmin=shown.min(), vmax=shown.max())
            fig.colorbar(im, ax=ax, label=attrs_label(d.attrs, "vorticity"))
        ax.set_xlabel("axis 2")
        ax.set_ylabel("axis 1")
        ax.set_title(f"Vorticity, step {k:02d}")
    return draw


for _k in (0, 13, 39):
    case(f"frames_{_k:02d}", f"Frames: `index: {{every: 13}}` on a 40×64×96 dataset draws steps 0, 13, 26, 39 "
         f"on one colour range (`limits: shared`), `{{frame}}` zero-padded; this is step {_k}",
         FRAMES_RULE, write_frames, plots=4, shown=f"plot_{_k:02d}")(draw_frame(_k))

# ---------------------------------------------------------------- quiver

def write_vortices(path):
    # Two counter-rotating Lamb-Oseen vortices in a weak uniform stream, on a uniform grid
    # with netCDF-4 coordinate variables, velocity components in m/s.
    x = np.linspace(0, 4, 128)
    y = np.linspace(0, 3, 96)
    X, Y = np.meshgrid(x, y)
    u = np.full_like(X, 0.3)
    v = np.zeros_like(X)
    for (cx, cy, gamma) in [(1.4, 1.5, 4.0), (2.6, 1.5, -4.0)]:
        dx, dy = X - cx, Y - cy
        r2 = dx ** 2 + dy ** 2 + 1e-12
        swirl = gamma / (2 * np.pi * r2) * (1 - np.exp(-r2 / 0.15))
        u += -swirl * dy
        v += swirl * dx
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("y", y.size)
        nc.createDimension("x", x.size)
        for name, values in (("x", x), ("y", y)):
            c = nc.createVariable(name, "f8", (name,))
            c.units = "m"
            c[:] = values
        for name, values, long_name in (("vx", u, "Velocity x"), ("vy", v, "Velocity y")):
            c = nc.createVariable(name, "f4", ("y", "x"))
            c.long_name, c.units = long_name, "m/s"
            c[:] = values


@case("quiver", "`quiver` from `u:` and `v:` on coordinate variables: thinned to about 25 arrows across, "
      "scaled to the median magnitude, with a reference arrow in the `units` of `u` (matplotlib: `quiver` + `quiverkey`)",
      "{match: /vx, kind: quiver, u: vx, v: vy}", write_vortices, file="gallery.nc")
def draw_quiver(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y = nc["x"][:], nc["y"][:]
        u, v = nc["vx"][:], nc["vy"][:]
    s = 5  # every 5th cell: 26 arrows across 128 columns, sampled as plotcluster does
    q = ax.quiver(x[1::s], y[0::s], u[0::s, 1::s], v[0::s, 1::s], angles="xy", scale_units="xy")
    ax.quiverkey(q, 0.86, 0.94, 0.5, "0.5 m/s", labelpos="E", coordinates="axes")
    ax.set_xlim(x[0] - (x[1] - x[0]) / 2, x[-1] + (x[1] - x[0]) / 2)
    ax.set_ylim(y[0] - (y[1] - y[0]) / 2, y[-1] + (y[1] - y[0]) / 2)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title(default_title("/vx"))


@case("quiver_color_by", "`quiver` with `color_by: magnitude`: arrows coloured through the colormap, with a "
      "colorbar (matplotlib: `quiver` with `C=` the magnitude)",
      "{match: /vx, kind: quiver, u: vx, v: vy, color_by: magnitude, colormap: plasma}", write_vortices,
      file="gallery.nc")
def draw_quiver_color_by(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y = nc["x"][:], nc["y"][:]
        u, v = nc["vx"][:], nc["vy"][:]
    s = 5
    us, vs = u[0::s, 1::s], v[0::s, 1::s]
    q = ax.quiver(x[1::s], y[0::s], us, vs, np.hypot(us, vs), cmap="plasma", angles="xy", scale_units="xy")
    fig.colorbar(q, ax=ax, label="magnitude [m/s]")
    ax.quiverkey(q, 0.86, 0.94, 0.5, "0.5 m/s", labelpos="E", coordinates="axes", color="black")
    ax.set_xlim(x[0] - (x[1] - x[0]) / 2, x[-1] + (x[1] - x[0]) / 2)
    ax.set_ylim(y[0] - (y[1] - y[0]) / 2, y[-1] + (y[1] - y[0]) / 2)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title(default_title("/vx"))


@case("streamlines", "`streamlines` from `u:` and `v:`: matplotlib's evenly spaced seeds and RK12 integration "
      "(30 × 30 mask), an arrow head at the middle of each line (matplotlib: `streamplot`)",
      "{match: /vx, kind: streamlines, u: vx, v: vy}", write_vortices, file="gallery.nc")
def draw_streamlines(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y = nc["x"][:], nc["y"][:]
        u, v = nc["vx"][:], nc["vy"][:]
    ax.streamplot(np.asarray(x), np.asarray(y), np.asarray(u), np.asarray(v))
    ax.set_xlim(x[0] - (x[1] - x[0]) / 2, x[-1] + (x[1] - x[0]) / 2)
    ax.set_ylim(y[0] - (y[1] - y[0]) / 2, y[-1] + (y[1] - y[0]) / 2)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title(default_title("/vx"))


@case("streamlines_color_by", "`streamlines` with `color_by: magnitude` and `density: 1.5`: each segment "
      "coloured by the speed where it starts, with a colorbar (matplotlib: `streamplot` with `color=` the speed)",
      "{match: /vx, kind: streamlines, u: vx, v: vy, color_by: magnitude, colormap: plasma, density: 1.5, "
      "linewidth: 1}", write_vortices, file="gallery.nc")
def draw_streamlines_color_by(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y = nc["x"][:], nc["y"][:]
        u, v = np.asarray(nc["vx"][:], dtype=float), np.asarray(nc["vy"][:], dtype=float)
    s = ax.streamplot(np.asarray(x), np.asarray(y), u, v, color=np.hypot(u, v), cmap="plasma", density=1.5,
                      linewidth=1)
    fig.colorbar(s.lines, ax=ax, label="magnitude [m/s]")
    ax.set_xlim(x[0] - (x[1] - x[0]) / 2, x[-1] + (x[1] - x[0]) / 2)
    ax.set_ylim(y[0] - (y[1] - y[0]) / 2, y[-1] + (y[1] - y[0]) / 2)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title(default_title("/vx"))

# ---------------------------------------------------------------- particles: density

def galaxy_particles(n, seed):
    """n particle positions: a bulge, a disc with two spiral arms and a faint halo, with
    counts per bin spanning several decades (what a log or eq_hist norm is for)."""
    rng = np.random.default_rng(seed)
    k = rng.choice(3, size=n, p=[0.25, 0.6, 0.15])
    x = np.empty(n)
    y = np.empty(n)
    b = k == 0
    x[b], y[b] = rng.normal(0, 0.6, (2, b.sum()))
    d = k == 1
    r = rng.exponential(2.5, d.sum())
    arm = rng.integers(0, 2, d.sum())
    theta = np.log(r + 0.1) * 2.2 + np.pi * arm + rng.normal(0, 0.35, d.sum())
    x[d] = r * np.cos(theta)
    y[d] = 0.7 * r * np.sin(theta)
    h = k == 2
    x[h], y[h] = rng.normal(0, 6, (2, h.sum()))
    return x, y


def write_density_1e7(path):
    n = 10_000_000
    with h5py.File(path, "w") as f:
        ds = f.create_dataset("particles/pos", (n, 2), dtype="f8")
        ds.attrs.update(long_name="Position", units="kpc")
        step = 2_000_000
        for s in range(0, n, step):
            x, y = galaxy_particles(min(step, n - s), 17 + s)
            ds[s:s + len(x)] = np.column_stack([x, y])


DENSITY_RANGE = [-12, 12, -9, 9]


@case("density_1e7", "`kind: density`: 10^7 particles of an N×2 dataset in 300×225 bins, `norm: log` "
      "(matplotlib: `hist2d` with the same bins, `LogNorm`)",
      "{match: /particles/pos, kind: density, bins: [300, 225], range: [-12, 12, -9, 9], norm: log, "
      "colormap: inferno}", write_density_1e7)
def draw_density_1e7(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        xy = f["particles/pos"][()]
    x0, x1, y0, y1 = DENSITY_RANGE
    *_, image = ax.hist2d(xy[:, 0], xy[:, 1], bins=[300, 225], range=[[x0, x1], [y0, y1]],
                          norm=LogNorm(), cmap="inferno")
    fig.colorbar(image, ax=ax, label="count")
    ax.set_xlabel("Position [kpc] (column 0)")
    ax.set_ylabel("Position [kpc] (column 1)")
    ax.set_title(default_title("/particles/pos"))


def write_density_weights(path):
    n = 200_000
    x, y = galaxy_particles(n, 5)
    rng = np.random.default_rng(6)
    # Heavier particles in the bulge: the mass map differs from the number map.
    mass = rng.lognormal(0, 0.5, n) * (1 + 4 * np.exp(-(x ** 2 + y ** 2) / 2))
    with h5py.File(path, "w") as f:
        f["stars/x"] = x
        f["stars/x"].attrs.update(long_name="x", units="kpc")
        f["stars/y"] = y
        f["stars/y"].attrs.update(long_name="y", units="kpc")
        f["stars/mass"] = mass
        f["stars/mass"].attrs.update(long_name="Stellar mass", units="Msun")


@case("density_weights", "`kind: density` of 1-D `x` with a `y:` dataset and `weights: mass` (the mass "
      "in each of 120×90 bins), `norm: eq_hist` (matplotlib: `hist2d` with `weights`, linear norm "
      "— it has no histogram equalization)",
      "{match: /stars/x, kind: density, y: y, weights: mass, bins: [120, 90], range: [-12, 12, -9, 9], "
      "norm: eq_hist}", write_density_weights)
def draw_density_weights(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        x, y, m = f["stars/x"][()], f["stars/y"][()], f["stars/mass"][()]
    x0, x1, y0, y1 = DENSITY_RANGE
    *_, image = ax.hist2d(x, y, bins=[120, 90], range=[[x0, x1], [y0, y1]], weights=m, cmin=1e-300)
    fig.colorbar(image, ax=ax, label="sum of mass")
    ax.set_xlabel("x [kpc]")
    ax.set_ylabel("y [kpc]")
    ax.set_title(default_title("/stars/x"))

# ---------------------------------------------------------------- composition: panels, overlays

PANEL_FIELDS = [("rho", "Density"), ("temp", "Temperature"), ("p", "Pressure"), ("vx", "Velocity x")]


def write_panels(path):
    # Four fields of one output as normalised perturbations (one colour scale fits them all).
    y, x = np.mgrid[0:48, 0:64]
    u, v = x / 63 * 2 * np.pi, y / 47 * np.pi
    fields = {
        "rho": np.sin(u) * np.sin(v) + 0.3 * np.cos(3 * u),
        "temp": 0.8 * np.cos(u - 0.5) * np.sin(2 * v),
        "p": 1.4 * np.exp(-((u - 3) ** 2 + (v - 1.5) ** 2) / 0.8) - 0.4,
        "vx": 0.6 * np.sin(2 * u + v) - 0.2 * np.cos(v),
    }
    with h5py.File(path, "w") as f:
        for name, long_name in PANEL_FIELDS:
            f[f"fields/{name}"] = fields[name]
            f[f"fields/{name}"].attrs.update(long_name=f"{long_name} perturbation")


@case("panels_2x2", "`kind: panels`, `layout: [2, 2]`, `share: colorbar`: four fields of one output, one colour "
      "range and one colorbar (matplotlib: `subplots(2, 2)` and one `fig.colorbar(ax=axs)`)",
      "{match: /fields/rho, kind: panels, layout: [2, 2], share: colorbar, panels: [{dataset: rho, kind: heatmap}, "
      "{dataset: temp, kind: heatmap}, {dataset: /fields/p, kind: heatmap}, {dataset: vx, kind: heatmap}]}",
      write_panels)
def draw_panels(path, fig):
    fig.set_layout_engine("constrained")  # the default spacing overlaps the y labels
    axs = fig.subplots(2, 2)
    with h5py.File(path) as f:
        values = [f[f"fields/{n}"][()] for n, _ in PANEL_FIELDS]
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    for ax, (name, _), v in zip(axs.flat, PANEL_FIELDS, values):
        im = ax.imshow(v, origin="lower", vmin=lo, vmax=hi, interpolation="antialiased")
        ax.set_title(f"/fields/{name}")
        ax.set_xlabel("axis 1")
        ax.set_ylabel("axis 0")
    fig.colorbar(im, ax=axs)
    fig.suptitle("gallery")


@case("panels_shared", "`kind: panels`, `share: both`: one x and one y range, labelled only on the bottom row and "
      "the left column (matplotlib: `subplots(2, 2, sharex=True, sharey=True)`)",
      "{match: /fields/rho, kind: panels, layout: [2, 2], share: both, panels: [{dataset: rho, kind: heatmap}, "
      "{dataset: temp, kind: heatmap}, {dataset: /fields/p, kind: heatmap}, {dataset: vx, kind: heatmap}]}",
      write_panels)
def draw_panels_shared(path, fig):
    axs = fig.subplots(2, 2, sharex=True, sharey=True)
    with h5py.File(path) as f:
        for ax, (name, long_name) in zip(axs.flat, PANEL_FIELDS):
            im = ax.imshow(f[f"fields/{name}"][()], origin="lower", interpolation="antialiased")
            fig.colorbar(im, ax=ax, label=f"{long_name} perturbation")
            ax.set_title(f"/fields/{name}")
    for ax in axs[1]:
        ax.set_xlabel("axis 1")
    for ax in axs[:, 0]:
        ax.set_ylabel("axis 0")
    fig.suptitle("gallery")


def write_overlay(path):
    # A density field on a grid in metres, and tracer particles in the same units.
    rng = np.random.default_rng(17)
    x = np.linspace(0.05, 5.95, 60)
    y = np.linspace(0.05, 3.95, 40)
    xx, yy = np.meshgrid(x, y)
    rho = 1 + 0.5 * np.exp(-((xx - 2) ** 2 + (yy - 2) ** 2)) + 0.3 * np.sin(xx) * np.cos(1.5 * yy)
    px = 2 + 1.2 * rng.standard_normal(300)
    py = 2 + 0.8 * rng.standard_normal(300)
    keep = (px > 0) & (px < 6) & (py > 0) & (py < 4)
    with h5py.File(path, "w") as f:
        f["grid/x"], f["grid/y"] = x, y
        for n, ln in (("x", "Distance east"), ("y", "Distance north")):
            f[f"grid/{n}"].attrs.update(long_name=ln, units="m")
        f["fields/rho"] = rho
        f["fields/rho"].attrs.update(long_name="Density", units="kg/m^3")
        f["particles/x"], f["particles/y"] = px[keep], py[keep]
        f["particles/x"].attrs.update(long_name="Distance east", units="m")
        f["particles/y"].attrs.update(long_name="Distance north", units="m")


@case("overlay", "`overlay:` tracer particles (a scatter of another dataset of the file) over a heatmap, on "
      "the heatmap's axes; contour and quiver overlays come with those kinds",
      "{match: /fields/rho, kind: heatmap, x: /grid/x, y: /grid/y, overlay: [{kind: scatter, dataset: "
      "/particles/y, x: /particles/x, color: white, marker_size: 4}]}", write_overlay)
def draw_overlay(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        x, y, rho = f["grid/x"], f["grid/y"], f["fields/rho"]
        xe, ye = edges(x[()]), edges(y[()])
        im = ax.imshow(rho[()], origin="lower", interpolation="antialiased", extent=[xe[0], xe[-1], ye[0], ye[-1]])
        fig.colorbar(im, ax=ax, label=attrs_label(rho.attrs, "rho"))
        ax.scatter(f["particles/x"][()], f["particles/y"][()], s=4 ** 2, c="white")
        ax.set_xlabel(attrs_label(x.attrs, "x"))
        ax.set_ylabel(attrs_label(y.attrs, "y"))
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    ax.set_title(default_title("/fields/rho"))

# ---------------------------------------------------------------- particles (issue 17)

def write_particles(n, seed=17):
    """n particles in five Gaussian clumps (N×2 positions) and a mass per particle."""
    def write(path):
        rng = np.random.default_rng(seed)
        centres = rng.uniform(-3, 3, size=(5, 2))
        which = rng.integers(0, len(centres), n)
        pos = centres[which] + rng.normal(0, 0.6, size=(n, 2))
        with h5py.File(path, "w") as f:
            f["particles/pos"] = pos
            f["particles/pos"].attrs.update(long_name="Position", units="kpc")
            f["particles/mass"] = np.hypot(pos[:, 0], pos[:, 1]) ** 2 + rng.normal(0, 0.3, n)
            f["particles/mass"].attrs.update(units="Msun")
    return write


def draw_particles(color_by, size_pt, alpha):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            xy = f["particles/pos"][()]
            c = f["particles/mass"][()] if color_by else None
        # plotcluster's marker_size is the marker's width in points, without an edge.
        sc = ax.scatter(xy[:, 0], xy[:, 1], s=size_pt ** 2, c=c, alpha=alpha, linewidths=0)
        if color_by:
            fig.colorbar(sc, ax=ax, label="mass")
        ax.set_xlabel("Position [kpc] (column 0)")
        ax.set_ylabel("Position [kpc] (column 1)")
        ax.set_title(default_title("/particles/pos"))
    return draw


case("scatter_1e6", "10^6 particles at `alpha: 0.05`: markers stamped from a sprite, each over the ones below",
     "{match: /particles/pos, kind: scatter, marker_size: 2, alpha: 0.05}", write_particles(1_000_000))(
    draw_particles(False, 2, 0.05))
case("scatter_color_by", "`color_by: mass`: 20,000 particles coloured through viridis, with a colorbar",
     "{match: /particles/pos, kind: scatter, marker_size: 3, alpha: 0.6, color_by: mass}",
     write_particles(20_000, seed=3))(draw_particles(True, 3, 0.6))

# ---------------------------------------------------------------- uncertainty and reference lines

def write_line_errors(path):
    # A decaying oscillation measured at 30 times, with its standard errors, and a model
    # curve with an asymmetric (lower, upper) 1-sigma range.
    rng = np.random.default_rng(17)
    t = np.linspace(0, 12, 30)
    err = 0.04 + 0.06 * rng.random(t.size)
    v = np.exp(-t / 5) * np.cos(1.3 * t) + err * rng.standard_normal(t.size)
    tm = np.linspace(0, 12, 200)
    model = np.exp(-tm / 5) * np.cos(1.3 * tm)
    below = 0.05 + 0.04 * tm / 12
    above = 0.08 + 0.10 * tm / 12
    with h5py.File(path, "w") as f:
        f["probe/t"] = t
        f["probe/t"].attrs.update(long_name="Time", units="s")
        f["probe/v"] = v
        f["probe/v"].attrs.update(long_name="Velocity", units="m/s")
        f["probe/v_err"] = err
        f["model/t"] = tm
        f["model/t"].attrs.update(long_name="Time", units="s")
        f["model/v"] = model
        f["model/v"].attrs.update(long_name="Velocity", units="m/s")
        f["model/v_below"] = below
        f["model/v_above"] = above


@case("line_errorbars", "`yerr:` a dataset of symmetric errors drawn as error bars with caps; `hlines: [0]`, "
      "`vlines: [6]` as dashed reference lines (matplotlib: `errorbar(capsize=3)`, `axhline`, `axvline`)",
      "{match: /probe/v, kind: line, x: t, yerr: v_err, marker: o, marker_size: 4, hlines: [0], vlines: [6]}",
      write_line_errors)
def draw_line_errorbars(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        t, v, err = f["probe/t"], f["probe/v"], f["probe/v_err"][()]
        ax.errorbar(t[()], v[()], yerr=err, capsize=3, marker="o", markersize=4)
        ax.set_xlabel(attrs_label(t.attrs, "t"))
        ax.set_ylabel(attrs_label(v.attrs, "v"))
    ax.axhline(0, color="C7", linewidth=1, linestyle="--")
    ax.axvline(6, color="C7", linewidth=1, linestyle="--")
    ax.set_title(default_title("/probe/v"))


@case("line_band", "`yerr: [below, above]` (distances below and above the line) drawn as `errors: band`, "
      "translucent under the line (matplotlib: `fill_between(alpha=0.3)`)",
      "{match: /model/v, kind: line, x: t, yerr: [v_below, v_above], errors: band}", write_line_errors)
def draw_line_band(path, fig):
    ax = fig.add_subplot()
    with h5py.File(path) as f:
        t, v = f["model/t"], f["model/v"]
        tv, vv = t[()], v[()]
        ax.fill_between(tv, vv - f["model/v_below"][()], vv + f["model/v_above"][()], alpha=0.3, linewidth=0)
        ax.plot(tv, vv, color="C0")
        ax.set_xlabel(attrs_label(t.attrs, "t"))
        ax.set_ylabel(attrs_label(v.attrs, "v"))
    ax.set_title(default_title("/model/v"))

# ---------------------------------------------------------------- contours

def write_contour_field(path):
    # A stream function on a stretched-free uniform grid: two vortices of opposite sign and
    # a background shear, with a saddle between them; coordinates as netCDF-style datasets.
    x = np.linspace(-3, 3, 121)
    y = np.linspace(-2, 2, 81)
    X, Y = np.meshgrid(x, y)
    psi = (np.exp(-((X + 1.1) ** 2 + (Y - 0.3) ** 2) / 0.6) - 0.8 * np.exp(-((X - 1.2) ** 2 + (Y + 0.4) ** 2) / 0.8)
           + 0.15 * Y)
    with h5py.File(path, "w") as f:
        f["flow/psi"] = psi
        f["flow/psi"].attrs.update(long_name="Stream function", units="m^2/s")
        f["flow/x"] = x
        f["flow/x"].attrs.update(long_name="x", units="m")
        f["flow/y"] = y
        f["flow/y"].attrs.update(long_name="y", units="m")


def draw_contour_field(filled):
    def draw(path, fig):
        ax = fig.add_subplot()
        with h5py.File(path) as f:
            x, y, psi = f["flow/x"], f["flow/y"], f["flow/psi"]
            if filled:
                cs = ax.contourf(x[()], y[()], psi[()], levels=10)
                fig.colorbar(cs, ax=ax, label=attrs_label(psi.attrs, "psi"))
            else:
                cs = ax.contour(x[()], y[()], psi[()], levels=10)
                ax.clabel(cs)
            ax.set_xlabel(attrs_label(x.attrs, "x"))
            ax.set_ylabel(attrs_label(y.attrs, "y"))
        ax.set_title(default_title("/flow/psi"))
    return draw


case("contour_lines", "`kind: contour`: 10 levels of a stream function on `x:`/`y:` coordinates, "
     "coloured by level, with `labels: true`",
     "{match: /flow/psi, kind: contour, levels: 10, labels: true, x: /flow/x, y: /flow/y}",
     write_contour_field)(draw_contour_field(False))
case("contour_filled", "`kind: contour` with `filled: true`: the bands between 10 levels, and their colorbar",
     "{match: /flow/psi, kind: contour, filled: true, levels: 10, x: /flow/x, y: /flow/y}",
     write_contour_field)(draw_contour_field(True))


# ---------------------------------------------------------------- overlays of the field kinds

def write_flow_overlay(path):
    # The vortex pair of the quiver cases, with its vorticity (the heatmap) and speed (the
    # contours) as fields of their own beside the velocity components.
    write_vortices(path)
    with netCDF4.Dataset(path, "a") as nc:
        x, y = nc["x"][:], nc["y"][:]
        u, v = np.asarray(nc["vx"][:], dtype=float), np.asarray(nc["vy"][:], dtype=float)
        w = np.gradient(v, x, axis=1) - np.gradient(u, y, axis=0)
        for name, values, long_name, units in (("vorticity", w, "Vorticity", "1/s"),
                                               ("speed", np.hypot(u, v), "Speed", "m/s")):
            c = nc.createVariable(name, "f4", ("y", "x"))
            c.long_name, c.units = long_name, units
            c[:] = values


@case("overlay_fields", "`overlay:` of the field kinds: a vorticity heatmap with contours of the speed and "
      "the velocity's arrows over it, each read from its own variable of the file (matplotlib: `pcolormesh`, "
      "`contour` and `quiver` on one axes)",
      "{match: /vorticity, kind: heatmap, colormap: RdBu_r, limits: [-12, 12], overlay: [{kind: contour, "
      "dataset: speed, levels: 6, color: black, linewidth: 0.8}, {kind: quiver, u: vx, v: vy}]}",
      write_flow_overlay, file="gallery.nc")
def draw_overlay_fields(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y = nc["x"][:], nc["y"][:]
        u, v = nc["vx"][:], nc["vy"][:]
        w, speed = nc["vorticity"][:], nc["speed"][:]
    m = ax.pcolormesh(edges(x), edges(y), w, cmap="RdBu_r", vmin=-12, vmax=12)
    fig.colorbar(m, ax=ax, label="Vorticity [1/s]")
    ax.contour(x, y, speed, levels=6, colors="black", linewidths=0.8)
    s = 5
    q = ax.quiver(x[1::s], y[0::s], u[0::s, 1::s], v[0::s, 1::s], angles="xy", scale_units="xy")
    ax.quiverkey(q, 0.86, 0.94, 0.5, "0.5 m/s", labelpos="E", coordinates="axes")
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title(default_title("/vorticity"))


@case("overlay_streamlines", "`overlay:` of streamlines on a field: the vorticity with the velocity's "
      "streamlines in black (matplotlib: `pcolormesh` and `streamplot` on one axes)",
      "{match: /vorticity, kind: heatmap, colormap: RdBu_r, limits: [-12, 12], overlay: [{kind: streamlines, "
      "u: vx, v: vy, color: black, linewidth: 0.8}]}",
      write_flow_overlay, file="gallery.nc")
def draw_overlay_streamlines(path, fig):
    ax = fig.add_subplot()
    with netCDF4.Dataset(path) as nc:
        x, y = np.asarray(nc["x"][:]), np.asarray(nc["y"][:])
        u, v = np.asarray(nc["vx"][:], dtype=float), np.asarray(nc["vy"][:], dtype=float)
        w = nc["vorticity"][:]
    m = ax.pcolormesh(edges(x), edges(y), w, cmap="RdBu_r", vmin=-12, vmax=12)
    fig.colorbar(m, ax=ax, label="Vorticity [1/s]")
    ax.streamplot(x, y, u, v, color="black", linewidth=0.8)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title(default_title("/vorticity"))


# ---------------------------------------------------------------- running

def config_text(c):
    w, h = c.size
    rules = "".join(f"  - {r}\n" for r in c.rules)
    return (f"input: {{files: [{c.file}]}}\n"
            f"output: {{dir: out, name: plot}}\n"
            f"figure: {{width: {w}, height: {h}, dpi: {DPI}}}\n"
            f"plots:\n{rules}")


def run_plotcluster(binary, c, folder):
    """Draws case c in folder (its data file written there); returns the PNG's path, or
    raises RuntimeError saying why plotcluster did not draw it."""
    cfg = os.path.join(folder, "case.yaml")
    with open(cfg, "w") as out:
        out.write(config_text(c))
    cfg = "case.yaml"  # run in folder: messages name the config as the case's own file
    p = subprocess.run([binary, "-q", cfg], capture_output=True, text=True, cwd=folder)
    manifest = os.path.join(folder, "out", "manifest.json")
    rows = []
    if os.path.exists(manifest):
        with open(manifest) as m:
            rows = json.load(m)["plots"]
    failed = [r for r in rows if r["status"] != "ok"]
    if failed:
        raise RuntimeError("; ".join(f"{r['dataset']}: {r.get('error', r['status'])}" for r in failed))
    if p.returncode != 0:
        lines = (p.stderr or p.stdout).strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"exit status {p.returncode}")
    if len(rows) != c.plots:
        raise RuntimeError(f"the rules drew {len(rows)} plots, the case wants {c.plots}")
    return os.path.join(folder, "out", c.shown + ".png")


def draw_matplotlib(c, data, png):
    w, h = c.size
    fig = Figure(figsize=(w / DPI, h / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    c.draw(data, fig)
    fig.savefig(png, dpi=DPI)


def write_readme(out):
    with open(os.path.join(out, "README.md"), "w") as md:
        md.write("# Gallery: plotcluster next to matplotlib\n\n"
                 "Regenerate with `scripts/gallery.py` (after `scripts/build.sh`; `--check` says which "
                 "plotcluster images differ from what a fresh build draws). Each case is the same data at "
                 f"the same size (given with the case; dpi {DPI}): left plotcluster with the rule shown, "
                 f"right matplotlib {matplotlib.__version__} drawing that file as a careful matplotlib user "
                 "would.\n\n")
        for c in CASES:
            rules = "\n".join(f"`{r}`\n" for r in c.rules)
            md.write(f"### {c.caption}\n\n{c.size[0]}×{c.size[1]} px, `{c.file}`:\n\n{rules}\n"
                     f"| plotcluster | matplotlib |\n|---|---|\n"
                     f"| ![]({c.name}.plotcluster.png) | ![]({c.name}.matplotlib.png) |\n\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "plotcluster"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "gallery"))
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--keep-going", action="store_true", help="report failing cases, write the rest")
    ap.add_argument("--check", action="store_true",
                    help="compare freshly drawn plotcluster images with those in --out; write nothing")
    ap.add_argument("--list", action="store_true", help="print the cases and their rules")
    data_from = ap.add_mutually_exclusive_group()
    data_from.add_argument("--write-data", metavar="DIR", help="write each case's data into DIR/NAME/, draw nothing")
    data_from.add_argument("--data", metavar="DIR", help="draw from the data files --write-data wrote")
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress and failures (stderr) in order
    cases = CASES
    if a.only:
        wanted = [n.strip() for n in a.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - {c.name for c in CASES})
        if unknown:
            sys.exit(f"gallery: no case {', '.join(unknown)} (see --list)")
        cases = [c for c in CASES if c.name in wanted]
    if a.list:
        for c in cases:
            print(f"{c.name} ({c.size[0]}×{c.size[1]}, {c.file}): " + " ".join(c.rules))
        return 0
    if a.write_data:
        for c in cases:
            os.makedirs(os.path.join(a.write_data, c.name), exist_ok=True)
            c.write(os.path.join(a.write_data, c.name, c.file))
        return 0
    if not a.check:
        os.makedirs(a.out, exist_ok=True)
    failures, differ = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for c in cases:
            folder = os.path.join(tmp, c.name)
            os.makedirs(folder)
            data = os.path.join(folder, c.file)
            given = os.path.join(a.data, c.name, c.file) if a.data else None
            if given and os.path.exists(given):
                shutil.copyfile(given, data)  # a copy: the case's folder holds its outputs too
            else:
                c.write(data)
            try:
                png = run_plotcluster(a.binary, c, folder)
            except RuntimeError as e:
                failures.append((c.name, str(e)))
                print(f"gallery: {c.name}: plotcluster failed: {e}", file=sys.stderr)
                if not (a.keep_going or a.check):
                    return 1
                png = None
            committed = os.path.join(a.out, f"{c.name}.plotcluster.png")
            if a.check:
                if png is None:
                    continue
                if not os.path.exists(committed):
                    differ.append(c.name)
                    print(f"gallery: {c.name}: no committed {committed}")
                elif not filecmp.cmp(png, committed, shallow=False):
                    differ.append(c.name)
                    print(f"gallery: {c.name}: differs from {committed}")
                else:
                    print(f"gallery: {c.name}: same")
                continue
            if png is not None:
                shutil.copy(png, committed)
            elif os.path.exists(committed):
                os.remove(committed)  # an older binary's picture is not what this one draws
                print(f"gallery: {c.name}: removed {committed}", file=sys.stderr)
            draw_matplotlib(c, data, os.path.join(a.out, f"{c.name}.matplotlib.png"))
            print(f"gallery: {c.name}" + ("" if png else " (matplotlib only)"))
    if not a.check:
        write_readme(a.out)
    if failures:
        print(f"gallery: {len(failures)} of {len(cases)} cases failed: " + ", ".join(n for n, _ in failures),
              file=sys.stderr)
    if a.check and differ:
        print(f"gallery: {len(differ)} of {len(cases)} plotcluster images differ: " + ", ".join(differ))
    return 1 if failures or differ else 0


if __name__ == "__main__":
    sys.exit(main())
