#!/usr/bin/env bash
# Runs slurm/plotcluster.sbatch on a real, throwaway one-node SLURM cluster: a complete
# job, then a job stopped with its time-limit signal and the resubmission that finishes
# it. Installs Debian's slurmctld, slurmd and slurm-client when missing (as root).
# Usage: slurm_jobs.sh PLOTCLUSTER SAMPLE_DATA SBATCH_TEMPLATE WORKDIR
# Exit 77 (ctest: skipped) when SLURM is missing and cannot be installed.
set -euo pipefail
bin=$1 sample=$2 template=$3 work=$4

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "SLURM is not installed and we are not root: skipped"; exit 77; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client >/dev/null
fi

rm -rf "$work"
mkdir -p "$work"/{state,spool,run}
cd "$work"
host=$(hostname -s)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
node=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]*//')
cat >slurm.conf <<CONF
ClusterName=plotcluster-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/none
CredType=cred/none
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ReturnToService=2
MinJobAge=4
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf

pids=()
stop_daemons() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_daemons EXIT
slurmctld -D -i -f "$SLURM_CONF" >ctld.out 2>&1 & pids+=($!)
slurmd -D -f "$SLURM_CONF" >slurmd.out 2>&1 & pids+=($!)
for _ in $(seq 100); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 0.2
done
sinfo -h -o %t | grep -q idle || { tail -20 slurmctld.log slurmd.log; echo "FAIL: the node never became idle"; exit 1; }

fail() { echo "FAIL: $*" >&2; tail -30 ./*.log >&2 || true; exit 1; }
"$sample" data --files 16 --points 4000 --grid 120,160 >/dev/null
cat >job.yaml <<YAML
input: {files: ["data/run_*.h5"]}
output: {dir: out}
plots:
  - {match: "/timeseries/*", kind: line}
  - {match: "/fields/**", kind: heatmap}
YAML
expected=96  # 16 files x 6 datasets
export PLOTCLUSTER=$bin OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
manifest() {  # manifest FIELD -> prints it
  /usr/bin/python3 -c "import json,sys; m=json.load(open('out/manifest.json')); print(m[sys.argv[1]] if sys.argv[1] != 'rows' else len(m['plots']))" "$1"
}

# (1) A whole job.
sbatch --wait --ntasks=2 --time=5 -o job1.log "$template" job.yaml >/dev/null || fail "job 1 failed"
[ "$(manifest rows)" = $expected ] && [ "$(manifest complete)" = True ] || fail "job 1: incomplete manifest"
grep -q "$expected plots, $expected ok" job1.log || fail "job 1: no summary in the log"

# (2) The time-limit signal mid-run, then the resubmission that completes the set.
rm -rf out
jobid=$(sbatch --parsable --ntasks=2 --time=5 -o job2.log "$template" job.yaml)
for _ in $(seq 300); do
  [ "$(cat out/.plotcluster/journal-*.jsonl 2>/dev/null | wc -l)" -ge 8 ] && break
  sleep 0.05
done
scancel --batch --signal=USR1 "$jobid"
for _ in $(seq 300); do squeue -h -j "$jobid" 2>/dev/null | grep -q . || break; sleep 0.1; done
if grep -q "stopped early" job2.log; then
  [ "$(manifest complete)" = False ] || fail "job 2: the manifest claims to be complete"
  grep -q "stop signal" job2.log || fail "job 2: the script did not pass the signal on"
else
  echo "note: job 2 finished before the signal arrived"
fi
sbatch --wait --ntasks=2 --time=5 -o job3.log "$template" job.yaml >/dev/null || fail "job 3 failed"
[ "$(manifest rows)" = $expected ] && [ "$(manifest complete)" = True ] || fail "job 3: incomplete manifest"
/usr/bin/python3 - <<'PY'
import json
m = json.load(open("out/manifest.json"))
keys = [(p["file"], p["dataset"]) for p in m["plots"]]
assert len(keys) == len(set(keys)), "a plot is listed twice"
assert all(p["status"] == "ok" for p in m["plots"])
print(f"job 3 kept {sum(p['reused'] for p in m['plots'])} plots from job 2")
PY
echo "slurm jobs: ok"
