#!/usr/bin/env bash
# A disk that fills up mid-run: output.dir on a small tmpfs mounted here.
# (1) Room for 3 plots and the manifest: the plots that do not fit are failed rows naming
#     the file and "No space left on device", no partial or temporary file is left, every
#     file on the tmpfs is in the manifest, exit 1.
# (2) No room at all: not even the manifest fits; one clear line says so, no temporary
#     file is left, exit 1.
# Needs root for mount (exit 77, ctest's skip, when mounting is not permitted).
# Usage: disk_full.sh PLOTCLUSTER SAMPLE_DATA WORKDIR
set -euo pipefail
bin=$1 sample=$2 work=$3

fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/mnt"
cd "$work"
"$sample" data --files 2 --points 500 --grid 60,40 >/dev/null
config() {  # config OUTDIR: 8 plots of one size each (stored PNGs: no compression)
  cat <<YAML
input: {files: ["data/run_*.h5"]}
output: {dir: $1, png_compression: 0}
figure: {width: 640, height: 480}
plots:
  - {match: "/fields/**", kind: heatmap}
  - {match: "/timeseries/*", kind: line}
YAML
}
config ref >ref.yaml
config mnt/out >full.yaml

# What the plots take on a file system with 4 KiB pages.
"$bin" --quiet ref.yaml >ref.log || { cat ref.log; fail "reference run"; }
read -r plots per_plot png < <(/usr/bin/python3 - <<'PY'
import json
m = json.load(open("ref/manifest.json"))
page = lambda n: (n + 4095) // 4096 * 4096
sizes = [sum(page(o["bytes"]) for o in p["outputs"] + [p["thumbnail"]]) for p in m["plots"]]
pngs = {o["bytes"] for p in m["plots"] for o in p["outputs"]}
assert len(set(sizes)) == 1 and len(pngs) == 1, (sizes, pngs)
print(len(sizes), sizes[0], pngs.pop())
PY
)
[ "$plots" -ge 6 ] || fail "only $plots plots in the reference run"

mounted=0
cleanup() {
  if [ "$mounted" = 1 ]; then umount "$work/mnt" || umount -l "$work/mnt"; fi
}
trap cleanup EXIT
# 3 plots, then a little over half a PNG for the journal, manifest, data.csv and gallery.
size=$(( (3 * per_plot + png / 2 + 65536) / 4096 * 4096 ))
if ! mount -t tmpfs -o "size=$size,mode=0755" tmpfs "$work/mnt" 2>mount.err; then
  echo "SKIP: cannot mount a tmpfs: $(cat mount.err)"
  exit 77
fi
mounted=1

# Every row once; failed rows name ENOSPC and their file; nothing partial or unlisted.
check_full_run() {  # check_full_run OUTDIR EXPECTED_OK
  /usr/bin/python3 - "$1" "$2" "$plots" <<'PY'
import hashlib, json, os, sys
out, want_ok, plots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
m = json.load(open(os.path.join(out, "manifest.json")))
rows = m["plots"]
assert len(rows) == plots and m["complete"], (len(rows), m["complete"])
ok = [p for p in rows if p["status"] == "ok"]
failed = [p for p in rows if p["status"] == "failed"]
assert len(ok) == want_ok, f"{len(ok)} ok, expected {want_ok}"
listed = {"manifest.json", "data.csv", "index.html"}
for p in ok:
    for o in p["outputs"] + [p["thumbnail"]]:
        data = open(os.path.join(out, o["path"]), "rb").read()
        assert len(data) == o["bytes"] and hashlib.sha256(data).hexdigest() == o["sha256"], o
        listed.add(o["path"])
for p in failed:
    e = p["error"]
    assert "No space left on device" in e and f"cannot write '{out}/" in e, e
    assert not p["outputs"] and p["thumbnail"] is None, p
for root, _, files in os.walk(out):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), out)
        assert ".tmp-" not in f, f"temporary file left: {rel}"
        assert rel in listed or rel.startswith(".plotcluster/"), f"not in the manifest: {rel}"
PY
}

# (1) Room for 3 plots: the rest fail, the run completes and the manifest is written.
set +e; "$bin" full.yaml >full.log 2>&1; code=$?; set -e
[ "$code" = 1 ] || { cat full.log; fail "disk full mid-run exited $code, expected 1"; }
check_full_run "$work/mnt/out" 3 || { cat full.log; fail "disk full mid-run"; }
grep -q "plotcluster: $plots plots, 3 ok, $((plots - 3)) failed" full.log || { cat full.log; fail "summary"; }

# (2) Not a byte left: the manifest cannot be written either.
rm -rf mnt/out
mkdir mnt/out
dd if=/dev/zero of=mnt/filler bs=64k 2>/dev/null || true  # until the disk is full
set +e; "$bin" full.yaml >empty.log 2>&1; code=$?; set -e
[ "$code" = 1 ] || { cat empty.log; fail "full disk exited $code, expected 1"; }
grep -qx "plotcluster: cannot write the manifest: cannot write '$work/mnt/out/manifest.json': No space left on device" empty.log ||
  { cat empty.log; fail "no clear message about the manifest"; }
[ ! -e mnt/out/manifest.json ] || fail "a manifest was written on a full disk"
if find mnt/out -name '*.tmp-*' | grep -q .; then fail "temporary files left on the full disk"; fi
if find mnt/out -name '*.png' | grep -q .; then fail "an image was left on the full disk"; fi
echo "disk full: ok"
