#!/usr/bin/python3
"""The matplotlib reference: the same plots drawn the way people mass-produce them.

matplotlib's object API (Figure + Agg canvas, no pyplot state), h5py reads in the
workers, a multiprocessing Pool with the given process count, 800x600 px at dpi 100.
Prints one line of JSON: plots, seconds (from the first task to the last), plots/s.
"""
import argparse
import json
import os
import time
from multiprocessing import Pool

import h5py
import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

_files = {}
_args = None


def _init(args):
    global _args
    _args = args


def _h5(path):
    if path not in _files:
        _files[path] = h5py.File(path, "r")
    return _files[path]


def draw(task):
    path, name = task
    ds = _h5(path)[name]
    data = ds[()]
    label = f"{ds.attrs.get('long_name', name)} [{ds.attrs.get('units', '')}]"
    stem = os.path.splitext(os.path.basename(path))[0]
    fig = Figure(figsize=(8, 6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if data.ndim == 1:
        ax.plot(data)
        ax.set_xlabel("index")
        ax.set_ylabel(label)
    else:
        im = ax.imshow(data, origin="lower", cmap="viridis", aspect="auto")
        fig.colorbar(im, ax=ax, label=label)
        ax.set_xlabel("axis 1")
        ax.set_ylabel("axis 0")
    ax.set_title(f"{name} ({stem})")
    out = os.path.join(_args.out, stem + name.replace("/", "_") + ".png")
    kwargs = {}
    if _args.compress_level is not None:
        kwargs["pil_kwargs"] = {"compress_level": _args.compress_level}
    fig.savefig(out, dpi=100, **kwargs)
    return os.path.getsize(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--group", required=True, help="HDF5 group to draw, e.g. /lines")
    ap.add_argument("--out", required=True)
    ap.add_argument("--compress-level", type=int, default=None,
                    help="zlib level for the PNG (default: matplotlib's own)")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    tasks = []
    for path in sorted(a.files):
        with h5py.File(path, "r") as h5:
            tasks += [(path, f"{a.group}/{n}") for n in sorted(h5[a.group])]
    with Pool(a.procs, initializer=_init, initargs=(a,)) as pool:
        pool.map(abs, range(a.procs))  # workers up and imported before the clock starts
        start = time.perf_counter()
        pool.map(draw, tasks, chunksize=1)
        seconds = time.perf_counter() - start
    print(json.dumps({"plots": len(tasks), "seconds": seconds, "plots_per_s": len(tasks) / seconds}))


if __name__ == "__main__":
    main()
