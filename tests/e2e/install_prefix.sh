#!/usr/bin/env bash
# `cmake --install` into a throwaway prefix puts everything where the README says, and
# the installed program runs.
# Usage: install_prefix.sh BUILD_DIR WORKDIR
set -euo pipefail
build=$1 work=$2
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work.log" 2>&1 || { cat "$work.log"; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
p=$work/prefix
for f in bin/plotcluster bin/plotcluster-sample-data share/plotcluster/slurm/plotcluster.sbatch; do
  [ -x "$p/$f" ] || fail "$f is not installed (or not executable)"
done
for f in demo minimal movie slices; do
  [ -f "$p/share/plotcluster/configs/$f.yaml" ] || fail "configs/$f.yaml is not installed"
done
[ -f "$p/share/doc/plotcluster/README.md" ] || fail "README.md is not installed"
version=$("$p/bin/plotcluster" --version) || fail "the installed plotcluster --version exited $?"
echo "$version"
for lib in "plotcluster " "cairo " "freetype " "hdf5 " "MPI"; do
  grep -q "$lib" <<<"$version" || fail "--version does not name '$lib'"
done
"$p/bin/plotcluster-sample-data" --help >/dev/null || fail "the installed sample-data tool does not run"
