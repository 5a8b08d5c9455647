#!/usr/bin/env bash
# Exit codes under mpirun, and what Open MPI adds to stderr. Open MPI's mpirun prints
# "Primary job terminated normally, but 1 process returned a non-zero exit code. Per
# user-direction, the job has been aborted." whenever a rank returns non-zero, even
# when every rank finished, called MPI_Finalize and returns the same code (1: some plots
# failed). scripts/mpi-env.sh and slurm/plotcluster.sbatch set orte_execute_quiet, which
# drops that banner and keeps the exit code; this checks both, and that the program
# itself exits through MPI_Finalize with one code on every rank (no MPI_Abort notice).
# Usage: mpi_exit_codes.sh PLOTCLUSTER SAMPLE_DATA SOURCE_DIR WORKDIR MPIRUN...
set -euo pipefail
bin=$1 sample=$2 src=$3 work=$4
shift 4
mpirun=("$@")

fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$sample" --edge-cases edge.h5 >/dev/null
cat >some_fail.yaml <<'YAML'
input: {files: [edge.h5]}
output: {dir: out_fail}
plots:
  - {match: /odd/compound, kind: line}
  - {match: /grid/t, kind: line}
YAML
cat >all_ok.yaml <<'YAML'
input: {files: [edge.h5]}
output: {dir: out_ok}
plots:
  - {match: /grid/t, kind: line}
YAML
cat >bad_config.yaml <<'YAML'
input: {files: [edge.h5]}
output: {dir: out_bad}
plots:
  - {match: "/grid/[t", kind: line}
YAML

# run NAME EXPECTED_CODE CONFIG: runs on 2 ranks, stdout/stderr to NAME.out/NAME.err.
run() {
  local name=$1 want=$2 config=$3 code=0
  timeout -k 10 120 "${mpirun[@]}" -n 2 "$bin" "$config" >"$name.out" 2>"$name.err" || code=$?
  [ "$code" = "$want" ] || { cat "$name.out" "$name.err"; fail "$name: exit code $code, expected $want"; }
}
no_banner() {
  if grep -Eq "aborted|Primary job|MPI_ABORT|mpirun detected" "$1.err"; then
    cat "$1.err"; fail "$1: Open MPI's abort banner on stderr"
  fi
}

# As shipped: the environment the scripts use.
(
  # shellcheck source=../../scripts/mpi-env.sh
  . "$src/scripts/mpi-env.sh"
  run some_fail 1 some_fail.yaml
  run all_ok 0 all_ok.yaml
  run bad_config 2 bad_config.yaml
)
for name in some_fail all_ok bad_config; do no_banner "$name"; done
grep -q "^plotcluster: 2 plots, 1 ok, 1 failed" some_fail.out || { cat some_fail.out; fail "some_fail: no summary"; }
grep -q "failed: .*/odd/compound: compound dataset" some_fail.out || fail "some_fail: the failure is not named"
grep -q "plots\[0\].match: '\[' at character 7 has no closing '\]'" bad_config.err ||
  { cat bad_config.err; fail "bad_config: the program's own message is missing"; }
[ "$(grep -c "^plotcluster: " bad_config.err)" = 1 ] || fail "bad_config: the message is not printed once"

# Without the setting the program's behaviour is the same (both ranks finalize and
# return 1), and Open MPI 4.1 adds its banner: that is why the setting is there.
(
  unset OMPI_MCA_orte_execute_quiet
  run some_fail_loud 1 some_fail.yaml
)
if grep -q "aborted" some_fail_loud.err; then
  echo "note: without orte_execute_quiet this Open MPI prints its abort banner for exit code 1"
fi
grep -q "MPI_ABORT" some_fail_loud.err && fail "some_fail_loud: a rank called MPI_Abort"

grep -q "OMPI_MCA_orte_execute_quiet=1" "$src/scripts/mpi-env.sh" || fail "mpi-env.sh does not set it"
grep -q "OMPI_MCA_orte_execute_quiet=" "$src/slurm/plotcluster.sbatch" || fail "the sbatch template does not set it"
echo "ok: exit codes 1, 0, 2 under mpirun -n 2, no abort banner"
