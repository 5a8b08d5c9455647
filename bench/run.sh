#!/usr/bin/env bash
# The benchmark from a clean clone in one command: installs what it needs (Debian's
# matplotlib, h5py and NumPy for the reference and the data), builds the release preset,
# then runs bench/run.py with the given options (bench/run.py --help lists them).
#   bench/run.sh                      # 400 lines + 400 heatmaps, 1 and 2 ranks vs matplotlib
#   bench/run.sh --ranks 2,8 --skip-matplotlib
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh python3-matplotlib python3-h5py python3-numpy
scripts/build.sh release
# shellcheck source=../scripts/mpi-env.sh
. scripts/mpi-env.sh
exec /usr/bin/python3 bench/run.py "$@"
