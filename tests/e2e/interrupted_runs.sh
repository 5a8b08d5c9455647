#!/usr/bin/env bash
# Interrupted runs lose nothing: (1) a stop signal to one rank ends the job with exit 3
# and a partial manifest, and a rerun completes it; (2) kill -9 of the whole job, then a
# rerun: every plot exactly once, no temporary file left, bytes identical to an
# uninterrupted run.
# Every run uses RANKS ranks.
# Usage: interrupted_runs.sh RANKS PLOTCLUSTER SAMPLE_DATA WORKDIR MPIRUN...
set -euo pipefail
ranks=$1 bin=$2 sample=$3 work=$4
shift 4
mpirun=("$@")

# shellcheck source=interrupted_lib.sh
. "$(dirname "$0")/interrupted_lib.sh"

rm -rf "$work"
mkdir -p "$work"
cd "$work"
make_data 24
config ref >ref.yaml
config out_signal >signal.yaml
config out_kill >kill.yaml

"${mpirun[@]}" -n "$ranks" "$bin" ref.yaml >ref.log
check_complete ref

# (1) SIGUSR1 to one rank: exit 3, partial manifest; the rerun completes.
"${mpirun[@]}" -n "$ranks" "$bin" signal.yaml >signal.log 2>&1 &
job=$!
for _ in $(seq 200); do  # wait until some plots are done
  [ "$(cat out_signal/.plotcluster/journal-*.jsonl 2>/dev/null | wc -l)" -ge 10 ] && break
  sleep 0.05
done
pkill -USR1 -f "$bin signal.yaml" -n || true
set +e; wait "$job"; code=$?; set -e
if [ "$code" = 3 ]; then
  /usr/bin/python3 -c "
import json; m = json.load(open('out_signal/manifest.json'))
assert not m['complete'] and m['remaining'] > 0 and len(m['plots']) + m['remaining'] == $plots, m['remaining']"
  grep -q "stopped early" signal.log || fail "no 'stopped early' in the summary"
elif [ "$code" != 0 ]; then
  cat signal.log; fail "signalled run exited $code"
else
  echo "note: the run finished before the signal arrived"
fi
"${mpirun[@]}" -n "$ranks" "$bin" signal.yaml >signal2.log || { cat signal2.log; fail "rerun after the signal"; }
check_complete out_signal
[ "$(digests ref)" = "$(digests out_signal)" ] || fail "bytes differ after a signal and a rerun"

# (2) kill -9 of every rank mid-run; the rerun completes with identical bytes.
"${mpirun[@]}" -n "$ranks" "$bin" kill.yaml >kill.log 2>&1 &
job=$!
for _ in $(seq 200); do
  [ "$(cat out_kill/.plotcluster/journal-*.jsonl 2>/dev/null | wc -l)" -ge 10 ] && break
  sleep 0.05
done
pkill -KILL -f "$bin kill.yaml" || true
wait "$job" || true
"${mpirun[@]}" -n "$ranks" "$bin" kill.yaml >kill2.log || { cat kill2.log; fail "rerun after kill -9"; }
check_complete out_kill
[ "$(digests ref)" = "$(digests out_kill)" ] || fail "bytes differ after kill -9 and a rerun"
grep -q "kept from an earlier run" kill2.log || echo "note: nothing was finished before the kill"
echo "interrupted runs: ok"
