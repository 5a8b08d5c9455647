#!/usr/bin/env bash
# kill -9 of ONE rank mid-run (interrupted_runs.sh kills them all): mpirun must end the
# whole job in bounded time (no rank left waiting in a collective), and a rerun then
# completes every plot exactly once, with no truncated file and bytes identical to an
# uninterrupted run.
# Usage: kill_one_rank.sh RANKS VICTIM PLOTCLUSTER SAMPLE_DATA WORKDIR MPIRUN...
set -euo pipefail
ranks=$1 victim=$2 bin=$3 sample=$4 work=$5
shift 5
mpirun=("$@")

# shellcheck source=interrupted_lib.sh
. "$(dirname "$0")/interrupted_lib.sh"

rm -rf "$work"
mkdir -p "$work"
cd "$work"
make_data 12
config ref >ref.yaml
config out >kill.yaml

"${mpirun[@]}" -n "$ranks" "$bin" --quiet ref.yaml >ref.log 2>&1 || { cat ref.log; fail "reference run"; }
check_complete ref

# The ranks of this job carry a marker in their environment (mpirun passes it on).
marker="kill-one-rank-$$"
rank_pid() {  # rank_pid RANK: the pid of that rank of this job, or nothing
  local p
  for p in $(pgrep -x plotcluster); do
    local env
    env=$( (tr '\0' '\n' <"/proc/$p/environ") 2>/dev/null) || continue
    grep -qx "PLOTCLUSTER_KILL_TEST=$marker" <<<"$env" || continue
    grep -qx "OMPI_COMM_WORLD_RANK=$1" <<<"$env" && { echo "$p"; return; }
  done
}

PLOTCLUSTER_KILL_TEST=$marker timeout -k 10 120 "${mpirun[@]}" -n "$ranks" "$bin" kill.yaml >kill.log 2>&1 &
job=$!
for _ in $(seq 400); do  # until some plots are done
  [ "$(cat out/.plotcluster/journal-*.jsonl 2>/dev/null | wc -l)" -ge 10 ] && break
  sleep 0.05
done
pid=$(rank_pid "$victim")
[ -n "$pid" ] || { cat kill.log; fail "rank $victim not found (did the run end already?)"; }
start=$(date +%s)
kill -KILL "$pid"
set +e; wait "$job"; code=$?; set -e
took=$(( $(date +%s) - start ))
[ "$code" != 0 ] || fail "the job exited 0 although rank $victim was killed"
# timeout(1) says 124, or 137 when it had to kill; mpirun itself may say 137 for the rank.
[ "$code" != 124 ] && [ "$took" -lt 100 ] || { cat kill.log; fail "the job hung after rank $victim was killed (${took}s)"; }
for _ in $(seq 100); do  # the ranks mpirun killed may take a moment to be reaped
  left=$(echo $(rank_pid 0) $(rank_pid 1) $(rank_pid 2))
  [ -z "$left" ] && break
  sleep 0.1
done
[ -z "$left" ] || { ps -o pid,stat,etime,args -p "${left// /,}" || true; fail "ranks left running 10 s after the job ended"; }
echo "killed rank $victim of $ranks: the job ended with exit $code after ${took}s"

"${mpirun[@]}" -n "$ranks" "$bin" kill.yaml >rerun.log 2>&1 || { cat rerun.log; fail "rerun after killing rank $victim"; }
check_complete out
[ "$(digests ref)" = "$(digests out)" ] || fail "bytes differ after killing rank $victim and a rerun"
grep -q "kept from an earlier run" rerun.log || echo "note: nothing was finished before the kill"
echo "kill one rank: ok"
