#!/usr/bin/env bash
# Installs what is missing, builds, makes sample data and renders it on 2 ranks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build.sh dev
# shellcheck source=mpi-env.sh
. scripts/mpi-env.sh

if [ ! -f data/demo/run_0007.h5 ]; then
  build/plotcluster-sample-data data/demo --files 8
fi
mpirun -n 2 build/plotcluster configs/demo.yaml

cat <<TXT

plots:    $root/out/demo/  (one folder per input file)
manifest: $root/out/demo/manifest.json
table:    $root/out/demo/data.csv  (Cinema Spec D)
gallery:  $root/out/demo/index.html  (open it in a browser: xdg-open, or file://$root/out/demo/index.html)
TXT
