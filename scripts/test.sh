#!/usr/bin/env bash
# Installs what is missing, builds, runs the whole test suite with ctest; then the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer (PLOTCLUSTER_SKIP_ASAN=1 skips it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
# shellcheck source=mpi-env.sh
. scripts/mpi-env.sh

scripts/build.sh dev
ctest --test-dir build -j "$(nproc)" --output-on-failure

if [ "${PLOTCLUSTER_SKIP_ASAN:-0}" != 1 ]; then
  scripts/build.sh asan
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
  export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  ctest --test-dir build-asan -j "$(nproc)" --output-on-failure
fi
