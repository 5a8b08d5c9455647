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
  # The sanitizer settings travel with the tests (tests/CMakeLists.txt).
  ctest --test-dir build-asan -j "$(nproc)" --output-on-failure
fi
