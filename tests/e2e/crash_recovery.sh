#!/usr/bin/env bash
# A crash inside the process (the test hooks raise SIGSEGV where libhdf5 would crash)
# must not block the job forever: (1) one dataset that crashes the rank reading it: the
# run dies, the rerun retries it and dies again, the third run leaves it out with a
# failed row and finishes (exit 1), every other row ok and byte-identical to a run
# without the crash; it stays out until --force. (2) The same for one input file that
# crashes rank 0 while it reads the catalog.
# Usage: crash_recovery.sh RANKS PLOTCLUSTER SAMPLE_DATA WORKDIR MPIRUN...
set -euo pipefail
ranks=$1 bin=$2 sample=$3 work=$4
shift 4
mpirun=("$@")

# shellcheck source=interrupted_lib.sh
. "$(dirname "$0")/interrupted_lib.sh"

rm -rf "$work"
mkdir -p "$work"
cd "$work"
make_data 3
config ref >ref.yaml
config plot >plot.yaml
config catalog >catalog.yaml
# Under ASan its own SEGV handler runs after ours and ends the process (exit 1 instead
# of the signal); it must not swallow ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allow_user_segv_handler=1"

run() {  # run LOG ARGS...: the job's exit code; a job that hangs fails the test
  local log=$1 code=0
  shift
  timeout -k 10 120 "${mpirun[@]}" -n "$ranks" "$bin" "$@" >"$log" 2>&1 || code=$?
  [ "$code" != 124 ] && [ "$code" != 137 ] || { cat "$log"; fail "$log: the job hung"; }
  echo "$code"
}
expect_crash() {  # expect_crash LOG LINE ARGS...: the job dies, its log has LINE
  local log=$1 line=$2 code
  shift 2
  code=$(run "$log" "$@")
  # A crash ends the job before the summary (under ASan with exit 1, else by the signal).
  [ "$code" != 0 ] && ! grep -qE '^plotcluster: [0-9]+ plots, ' "$log" ||
    { cat "$log"; fail "$log: exit $code with a summary, not a crash"; }
  grep -qF "$line" "$log" || { cat "$log"; fail "$log: no line '$line'"; }
}
expect_exit() {  # expect_exit CODE LOG ARGS...
  local want=$1 log=$2 code
  shift 2
  code=$(run "$log" "$@")
  [ "$code" = "$want" ] || { cat "$log"; fail "$log: exit $code, expected $want"; }
}
# Every planned row once; FAILED (file:dataset) failed with WHY, every other row ok with
# the outputs of the reference run, on disk with those bytes.
check_rows() {  # check_rows OUTDIR ROWS FAILED WHY
  /usr/bin/python3 - "$@" <<'PY'
import hashlib, json, os, sys
out, rows, failed, why = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ref = {(p["file"], p["dataset"]): p for p in json.load(open("ref/manifest.json"))["plots"]}
m = json.load(open(os.path.join(out, "manifest.json")))
keys = [(p["file"], p["dataset"]) for p in m["plots"]]
assert m["complete"], "manifest not complete"
assert len(keys) == len(set(keys)) == rows, f"{len(keys)} rows, {len(set(keys))} distinct, want {rows}"
bad = [p for p in m["plots"] if p["status"] != "ok"]
assert len(bad) == 1 and os.path.basename(bad[0]["file"]) + ":" + bad[0]["dataset"] == failed, bad
assert bad[0]["error"].endswith(why), bad[0]["error"]
assert bad[0]["outputs"] == [], bad[0]
for p in m["plots"]:
    if p["status"] != "ok":
        continue
    r = ref[(p["file"], p["dataset"])]
    assert [o["sha256"] for o in p["outputs"]] == [o["sha256"] for o in r["outputs"]], p["dataset"]
    for o in p["outputs"]:
        data = open(os.path.join(out, o["path"]), "rb").read()
        assert hashlib.sha256(data).hexdigest() == o["sha256"], o["path"]
import csv
rows_csv = list(csv.DictReader(open(os.path.join(out, "data.csv"))))
assert len(rows_csv) == rows, f"{len(rows_csv)} rows in data.csv"
assert [(r["file"], r["dataset"], r["status"]) for r in rows_csv if r["status"] != "ok"] == \
    [(bad[0]["file"], bad[0]["dataset"], "failed")], "data.csv"
assert why in open(os.path.join(out, "index.html")).read(), "not in the gallery"
PY
}

expect_exit 0 ref.log --quiet ref.yaml
check_complete ref

# (1) One dataset crashes the rank that reads it.
plot_line="crashed (SIGSEGV) while reading or drawing '/fields/density' in '"
export PLOTCLUSTER_TEST_CRASH=run_0001.h5:/fields/density
expect_crash plot1.log "$plot_line" plot.yaml
expect_crash plot2.log "$plot_line" plot.yaml
expect_exit 1 plot3.log plot.yaml
unset PLOTCLUSTER_TEST_CRASH
why="crashed the process while reading or drawing; left out after 2 attempts"
check_rows plot "$plots" run_0001.h5:/fields/density "$why"
grep -qF "$why" plot3.log || fail "the summary does not show the plot left out"
# Not retried again (the complete run compacted the journals), not even without the hook.
expect_exit 1 plot4.log plot.yaml
check_rows plot "$plots" run_0001.h5:/fields/density "$why"
grep -q "$plots plots, $(( plots - 1 )) ok (.*kept from an earlier run), 1 failed" plot4.log ||
  { cat plot4.log; fail "the rerun drew something again"; }
# --force retries it (and the library works now).
expect_exit 0 plot5.log --force plot.yaml
check_complete plot
[ "$(digests ref)" = "$(digests plot)" ] || fail "bytes differ after --force"

# (2) One input file crashes rank 0 while it reads the catalog.
catalog_line="plotcluster: crashed (SIGSEGV) while reading the catalog of '"
export PLOTCLUSTER_TEST_CRASH_CATALOG=run_0001.h5
expect_crash catalog1.log "$catalog_line" catalog.yaml
grep -qF "run_0001.h5'" catalog1.log || fail "the crash line does not name run_0001.h5"
expect_crash catalog2.log "$catalog_line" catalog.yaml
expect_exit 1 catalog3.log catalog.yaml
unset PLOTCLUSTER_TEST_CRASH_CATALOG
why="crashed the process while reading its catalog; left out after 2 attempts"
check_rows catalog $(( plots - 6 + 1 )) run_0001.h5:/ "$why"
# --list shows it left out, and writes nothing.
before=$(cd catalog && find . -type f -print0 | sort -z | xargs -0 sha256sum)
"${mpirun[@]}" -n 1 "$bin" --list catalog.yaml >list.log 2>&1 || { cat list.log; fail "--list"; }
grep -qF "$why" list.log || { cat list.log; fail "--list does not show the file left out"; }
[ "$(cd catalog && find . -type f -print0 | sort -z | xargs -0 sha256sum)" = "$before" ] ||
  fail "--list changed output.dir"
expect_exit 1 catalog4.log catalog.yaml
check_rows catalog $(( plots - 6 + 1 )) run_0001.h5:/ "$why"
expect_exit 0 catalog5.log --force catalog.yaml
check_complete catalog
[ "$(digests ref)" = "$(digests catalog)" ] || fail "bytes differ after --force"
echo "crash recovery on $ranks rank(s): ok"
