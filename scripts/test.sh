#!/usr/bin/env bash
# Installs what is missing, builds, runs the whole test suite with ctest; then the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer; then clang-tidy
# (scripts/tidy.sh); then the fuzzers, each for PLOTCLUSTER_FUZZ_SECONDS (default 60).
# Skip steps with PLOTCLUSTER_SKIP_ASAN=1, PLOTCLUSTER_SKIP_TIDY=1, PLOTCLUSTER_SKIP_FUZZ=1.
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

if [ "${PLOTCLUSTER_SKIP_TIDY:-0}" != 1 ]; then
  scripts/tidy.sh
fi

if [ "${PLOTCLUSTER_SKIP_FUZZ:-0}" != 1 ]; then
  # The fuzz preset compiles only config and plan, with clang and libFuzzer; configuring
  # again is quick and keeps the time in step with PLOTCLUSTER_FUZZ_SECONDS.
  cmake --preset fuzz -G Ninja -DPLOTCLUSTER_FUZZ_SECONDS="${PLOTCLUSTER_FUZZ_SECONDS:-60}" >/dev/null
  cmake --build build-fuzz -j "$(nproc)"
  # Each fuzzer is one process: with -j 2 both run side by side, one minute in all.
  ctest --test-dir build-fuzz -j "$(nproc)" --output-on-failure
fi
