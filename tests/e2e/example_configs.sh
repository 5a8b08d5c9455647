#!/usr/bin/env bash
# Every example in configs/ runs as shipped: copied into a tree laid out like the repo
# (configs/, data/demo/, data/edge/), each is checked with --dry-run and --list, then run
# on 2 ranks; it must draw every plot, and its manifest must have as many rows as the
# dry run announced.
# Usage: example_configs.sh PLOTCLUSTER SAMPLE_DATA CONFIG_DIR WORKDIR MPIRUN...
set -euo pipefail
bin=$1 sample=$2 configs=$3 work=$4
shift 4
mpirun=("$@")

rm -rf "$work"
mkdir -p "$work/configs"
cd "$work"
"$sample" data/demo --files 3 --points 2000 --grid 64,48 >/dev/null
"$sample" --edge-cases data/edge/edge_cases.h5 >/dev/null
cp "$configs"/*.yaml configs/

fail() { echo "FAIL: $*" >&2; exit 1; }
count=0
for config in configs/*.yaml; do
  name=$(basename "$config" .yaml)
  "$bin" --list "$config" >"$name.list" || fail "$name: --list exited $?"
  "$bin" --dry-run "$config" >"$name.plan" || fail "$name: --dry-run exited $?"
  planned=$(sed -n 's/^plan: \([0-9]*\) plot.*/\1/p' "$name.plan")
  [ -n "$planned" ] && [ "$planned" -gt 0 ] || fail "$name: the dry run plans nothing"
  [ ! -e "out/$name" ] || fail "$name: the dry run wrote out/$name"

  status=0
  "${mpirun[@]}" -n 2 "$bin" "$config" >"$name.log" 2>&1 || status=$?
  [ "$status" = 0 ] || { cat "$name.log"; fail "$name: the run exited $status"; }
  out=$(sed -n 's/^  manifest: \(.*\)\/manifest.json$/\1/p' "$name.log")
  [ -f "$out/index.html" ] || fail "$name: no gallery in '$out'"
  rows=$(($(wc -l <"$out/data.csv") - 1))
  [ "$rows" = "$planned" ] || fail "$name: the dry run planned $planned plots, the manifest has $rows"
  echo "$name: $rows plots, as planned"
  count=$((count + 1))
done
[ "$count" -ge 4 ] || fail "only $count example configs"
