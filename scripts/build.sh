#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: scripts/build.sh [dev|release|asan]
set -euo pipefail
preset=${1:-dev}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir=build
case "$preset" in
  dev) dir=build ;;
  *) dir=build-$preset ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
  cmake --preset "$preset" -G Ninja >/dev/null
fi
cmake --build "$dir" -j "$(nproc)"
