#!/usr/bin/env bash
# Frames along an axis through the command line: a 200×64×64 dataset with
# `slice: {axis: 0, index: each}` and `limits: shared` becomes 200 plots, frames 0..199,
# named with the zero-padded frame, all on one colour range; an axis of length 0 is one
# failed row; the bytes (PNG, SVG and PDF) are the same on 1 and 3 ranks.
# Usage: frames.sh PLOTCLUSTER PYTHON WORKDIR MPIRUN...
set -euo pipefail
bin=$1 python=$2 work=$3
shift 3
mpirun=("$@")

rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$python" - <<'EOF'
import h5py, numpy as np
t = np.arange(200)[:, None, None]
y, x = np.mgrid[0:64, 0:64]
with h5py.File("frames.h5", "w") as f:
    # A blob that drifts and grows: each frame's own range differs, the shared one spans all.
    rho = (1 + t / 50.0) * np.exp(-((x - 10 - 0.2 * t) ** 2 + (y - 32) ** 2) / 60.0)
    f.create_dataset("/f/rho", data=rho.astype("f8"))
    f.create_dataset("/f/empty", data=np.zeros((0, 8, 8)))
EOF
for n in 1 3; do
  cat >"frames_n$n.yaml" <<EOF
input: {files: [frames.h5]}
output: {dir: out_n$n, name: "{name}/{frame}", formats: [png, svg, pdf]}
figure: {width: 160, height: 120}
plots:
  - match: /f/*
    kind: heatmap
    limits: shared
    title: "{name}, step {frame}"
    slice: {axis: 0, index: each}
EOF
  status=0
  "${mpirun[@]}" -n "$n" "$bin" --force "frames_n$n.yaml" >"run_n$n.log" 2>&1 || status=$?
  # Exit code 1: some plots failed (the empty axis), the rest drawn.
  [ "$status" = 1 ] || { cat "run_n$n.log"; echo "FAIL: -n $n exited $status, expected 1" >&2; exit 1; }
done
"$python" - <<'EOF'
import json, hashlib, sys
def rows(n):
    return json.load(open(f"out_n{n}/manifest.json"))["plots"]
ok = True
def fail(msg):
    global ok
    print("FAIL:", msg)
    ok = False
one, three = rows(1), rows(3)
for n, plots in ((1, one), (3, three)):
    rho = [r for r in plots if r["dataset"] == "/f/rho"]
    empty = [r for r in plots if r["dataset"] == "/f/empty"]
    if [r["frame"] for r in rho] != list(range(200)):
        fail(f"-n {n}: frames of /f/rho are not 0..199 in order")
    if any(r["status"] != "ok" for r in rho):
        fail(f"-n {n}: a frame of /f/rho failed")
    if len({(r["vmin"], r["vmax"]) for r in rho}) != 1:
        fail(f"-n {n}: frames do not share one colour range")
    paths = [o["path"] for r in rho for o in r["outputs"] if o["path"].endswith(".png")]
    if paths[:2] != ["rho/000.png", "rho/001.png"] or paths[-1] != "rho/199.png":
        fail(f"-n {n}: output names {paths[:2]} … {paths[-1:]}")
    if len(empty) != 1 or empty[0]["status"] != "failed" or "has length 0" not in (empty[0].get("error") or ""):
        fail(f"-n {n}: /f/empty is not one failed row about its length-0 axis: {empty}")
    if len(plots) != 201:
        fail(f"-n {n}: {len(plots)} rows, expected 201")
def hashes(n, plots):
    out = {}
    for r in plots:
        for o in r["outputs"]:
            out[o["path"]] = (o["sha256"], hashlib.sha256(open(f"out_n{n}/" + o["path"], "rb").read()).hexdigest())
    return out
h1, h3 = hashes(1, one), hashes(3, three)
if len(h1) != 600:
    fail(f"{len(h1)} output files, expected 600 (200 frames in 3 formats)")
if h1 != h3:
    fail("outputs differ between -n 1 and -n 3: " + str(sorted(k for k in h1 if h1.get(k) != h3.get(k))[:5]))
if any(a != b for a, b in h1.values()):
    fail("a manifest hash is not its file's")
print("frames: 200 frames + 1 failed row, one range, identical on 1 and 3 ranks" if ok else "frames: FAILED")
sys.exit(0 if ok else 1)
EOF
