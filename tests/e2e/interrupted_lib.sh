# Sourced by interrupted_runs.sh and kill_one_rank.sh: sample data, configs, and the
# checks that a run interrupted and then rerun lost nothing.
# Needs: $sample (plotcluster-sample-data); call from the work folder.

fail() { echo "FAIL: $*" >&2; exit 1; }

# make_data FILES: FILES sample files in data/; sets $plots (6 plots a file).
make_data() {
  "$sample" data --files "$1" --points 4000 --grid 120,160 >/dev/null
  plots=$(( $1 * 6 ))
}

config() {  # config OUTDIR
  cat <<YAML
input: {files: ["data/run_*.h5"]}
output: {dir: $1}
plots:
  - {match: "/timeseries/*", kind: line}
  - {match: "/fields/**", kind: heatmap}
YAML
}

# Every row once and ok, complete; every output's size and sha256 as listed (nothing
# truncated); no temporary file.
check_complete() {  # check_complete OUTDIR
  /usr/bin/python3 - "$1" "$plots" <<'PY'
import hashlib, json, os, sys
out, plots = sys.argv[1], int(sys.argv[2])
m = json.load(open(os.path.join(out, "manifest.json")))
keys = [(p["file"], p["dataset"]) for p in m["plots"]]
assert m["complete"] and m["remaining"] == 0, "manifest not complete"
assert len(keys) == len(set(keys)) == plots, f"{len(keys)} rows, {len(set(keys))} distinct"
for p in m["plots"]:
    assert p["status"] == "ok", p
    for o in p["outputs"] + [p["thumbnail"]]:
        data = open(os.path.join(out, o["path"]), "rb").read()
        assert len(data) == o["bytes"], f"{o['path']}: {len(data)} bytes, listed {o['bytes']}"
        assert hashlib.sha256(data).hexdigest() == o["sha256"], f"{o['path']}: sha256 differs"
        assert data.endswith(b"IEND\xaeB`\x82"), f"{o['path']}: no IEND chunk"
for root, _, files in os.walk(out):
    for f in files:
        assert ".tmp-" not in f, f"temporary file left: {os.path.join(root, f)}"
PY
}

digests() { (cd "$1" && find . -name '*.png' -print0 | sort -z | xargs -0 sha256sum); }
