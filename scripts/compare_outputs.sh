#!/usr/bin/env bash
# Byte identity of what plotcluster draws, between two commits: builds each (cmake preset
# dev, Ninja, only plotcluster and plotcluster-sample-data), renders the example configs
# (configs/*.yaml), every e2e config (tests/e2e/*.yaml.in, set up as tests/CMakeLists.txt
# does) and the gallery (scripts/gallery.py) from the SAME input files, and compares the
# sha256 of every PNG, SVG and PDF. Thumbnails (.thumbnails/), manifest.json, data.csv,
# index.html and logs are left out: they carry timings, hostnames and fingerprints.
#
# Usage: scripts/compare_outputs.sh BEFORE_COMMIT [AFTER_COMMIT|worktree]
#   AFTER defaults to "worktree": this checkout as it is, uncommitted edits included.
# A commit is checked out into a git worktree at $PLOTCLUSTER_COMPARE_DIR/<sha>/src and
# built in <sha>/build (default /tmp/plotcluster-compare), kept so reruns only re-render.
# Exit 0 only when every file is identical, no side is empty and every config rendered.
set -euo pipefail
export LC_ALL=C  # one sort order for sort and join

usage() { echo "usage: $0 BEFORE_COMMIT [AFTER_COMMIT|worktree]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
repo=$(cd "$(dirname "$0")/.." && pwd)
top=${PLOTCLUSTER_COMPARE_DIR:-/tmp/plotcluster-compare}
mkdir -p "$top"
# One run at a time: both sides render at the same fixed paths under $top/render.
exec 9>"$top/lock"
flock -n 9 || { echo "compare: waiting for another compare_outputs.sh ($top/lock)"; flock 9; }

/usr/bin/python3 -c 'import h5py, matplotlib, netCDF4' 2>/dev/null || {
  echo "compare: the fixtures and the gallery need python3-h5py, python3-netcdf4 and python3-matplotlib (scripts/install-deps.sh)" >&2
  exit 2
}
# shellcheck source=mpi-env.sh
. "$repo/scripts/mpi-env.sh"
mpirun=(mpirun --oversubscribe)
[ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
start=$SECONDS
src_before="" sample_before="" desc_before="" desc_after=""  # set by prepare
problems=()   # configs that could not be rendered, on either side
note() { echo "compare: $*"; }
problem() { note "PROBLEM: $*"; problems+=("$*"); }

resolve() {
  git -C "$repo" rev-parse --verify --quiet "$1^{commit}" || { echo "compare: '$1' is not a commit in $repo" >&2; exit 2; }
}

# prepare SIDE REF: sets src_SIDE, bin_SIDE, sample_SIDE, desc_SIDE (a checkout and its build).
prepare() {
  local side=$1 ref=$2 src build sha
  if [ "$ref" = worktree ]; then
    src=$repo
    build=$top/worktree-$(printf %s "$repo" | sha256sum | cut -c1-12)/build
    sha="worktree $repo ($(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD || echo ' + uncommitted changes'))"
  else
    sha=$(resolve "$ref")
    src=$top/$sha/src
    build=$top/$sha/build
    if [ ! -e "$src/.git" ] || [ "$(git -C "$src" rev-parse HEAD 2>/dev/null)" != "$sha" ] ||
       ! git -C "$src" diff --quiet HEAD; then
      rm -rf "$src"
      git -C "$repo" worktree prune
      mkdir -p "$top/$sha"
      git -C "$repo" worktree add --detach "$src" "$sha" >/dev/null 2>"$top/worktree.log" ||
        { cat "$top/worktree.log"; echo "compare: cannot check out $sha into $src" >&2; exit 2; }
    fi
  fi
  note "$side: $sha"
  local t=$SECONDS
  if [ ! -f "$build/build.ninja" ]; then
    (cd "$src" && cmake --preset dev -G Ninja -B "$build" >"$top/configure-$side.log" 2>&1) ||
      { cat "$top/configure-$side.log"; echo "compare: $side: cmake configure failed" >&2; exit 2; }
  fi
  cmake --build "$build" -j2 --target plotcluster plotcluster-sample-data >"$top/build-$side.log" 2>&1 ||
    { tail -40 "$top/build-$side.log"; echo "compare: $side: build failed ($top/build-$side.log)" >&2; exit 2; }
  note "$side: built in $((SECONDS - t)) s ($build)"
  printf -v "src_$side" %s "$src"
  printf -v "bin_$side" %s "$build/plotcluster"
  printf -v "sample_$side" %s "$build/plotcluster-sample-data"
  printf -v "desc_$side" %s "$sha"
}

# The gallery through the side's own scripts/gallery.py, but on the same data files:
# gallery_driver.py SRC make DIR | gallery_driver.py SRC run DIR BINARY OUTDIR
# A gallery.py of self-contained cases writes each case's file into DIR/NAME/ and draws
# from there (--write-data, --data); an older one (make_data: one gallery.h5 for every
# case) uses DIR/gallery.h5, made by whichever side has make_data.
gallery=$top/gallery_driver.py
cat >"$gallery" <<'PY'
import importlib.util, os, shutil, sys
src, mode, data = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("gallery", f"{src}/scripts/gallery.py")
g = importlib.util.module_from_spec(spec)
spec.loader.exec_module(g)
shared = os.path.join(data, "gallery.h5")
if mode == "make":
    os.makedirs(data, exist_ok=True)
    if hasattr(g, "make_data"):
        g.make_data(shared)
    else:
        sys.argv = ["gallery.py", "--write-data", data]
        sys.exit(g.main())
elif hasattr(g, "make_data"):
    if os.path.exists(shared):
        g.make_data = lambda path: shutil.copyfile(shared, path)
    sys.argv = ["gallery.py", "--binary", sys.argv[4], "--out", sys.argv[5]]
    g.main()
else:
    sys.argv = ["gallery.py", "--keep-going", "--data", data, "--binary", sys.argv[4], "--out", sys.argv[5]]
    sys.exit(g.main())
PY

# The inputs, once, with the "before" side's tools and fixtures, as tests/CMakeLists.txt
# and tests/e2e/example_configs.sh make them.
make_inputs() {
  local in=$top/inputs sample=$sample_before src=$src_before
  rm -rf "$in"
  mkdir -p "$in"/{examples,e2e,edge,real_world,gallery}
  "$sample" "$in/examples/demo" --files 3 --points 2000 --grid 64,48 >/dev/null
  "$sample" --edge-cases "$in/edge/edge_cases.h5" >/dev/null
  mkdir -p "$in/examples/edge"
  cp "$in/edge/edge_cases.h5" "$in/examples/edge/"
  "$sample" "$in/e2e/data" --files 3 --points 3000 --grid 96,64 >/dev/null
  "$sample" "$in/e2e/data_memcheck" --files 17 --points 3000 --grid 96,64 >/dev/null
  /usr/bin/python3 "$src/tests/fixtures/real_world.py" "$in/real_world" >/dev/null
  /usr/bin/python3 "$gallery" "$src" make "$in/gallery"
}

# configure IN OUT VAR=VALUE...: @VAR@ substitution like CMake's configure_file(@ONLY);
# a @VAR@ this script does not know is an error, not an empty string.
configure() {
  local in=$1 out=$2 kv
  shift 2
  local expr=(-e '')  # sed without -e would take the file for its script
  for kv in "$@"; do expr+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
  sed "${expr[@]}" "$in" >"$out"
  if grep -q '@[A-Za-z_][A-Za-z0-9_]*@' "$out"; then
    problem "$in: unknown @VAR@ left in $(grep -o '@[A-Za-z_][A-Za-z0-9_]*@' "$out" | sort -u | tr '\n' ' ')"
    return 1
  fi
}

# run WHAT CODES PATTERN LOG CMD...: the run must exit with one of CODES and, unless
# PATTERN is empty, print a line matching it (as the ctest checks); else it is a problem.
summary='^plotcluster: [0-9]+ plots, [0-9]+ ok, [0-9]+ failed'
run() {
  local what=$1 codes=$2 pattern=$3 log=$4 code=0
  shift 4
  timeout -k 10 900 "$@" >"$log" 2>&1 || code=$?
  if [[ " $codes " == *" $code "* ]] && { [ -z "$pattern" ] || grep -Eq "$pattern" "$log"; }; then
    return 0
  fi
  tail -20 "$log"
  # where the log will be once the side's renders move to results/
  problem "$side: $what: exit $code${pattern:+, wanted a line matching '$pattern'} (${log/#$top\/render/$top/results/$side})"
}

# render SIDE: every config into $top/render (the same absolute paths for both sides, in
# case a path shows up in an output), then moved to $top/results/SIDE.
render() {
  local side=$1 r=$top/render in=$top/inputs n name f t=$SECONDS
  local src_var=src_$1 bin_var=bin_$1
  local src=${!src_var} bin=${!bin_var}
  rm -rf "$r" "$top/results/$side"
  mkdir -p "$r"/{examples/configs,e2e,edge,real_world,gallery}

  # configs/*.yaml, as tests/e2e/example_configs.sh runs them: 2 ranks, repo-like tree.
  ln -s "$in/examples" "$r/examples/data"
  cp "$src"/configs/*.yaml "$r/examples/configs/"
  for f in "$r"/examples/configs/*.yaml; do
    name=$(basename "$f" .yaml)
    run "configs/$name.yaml" 0 "" "$r/examples/$name.log" "${mpirun[@]}" -n 2 "$bin" "$f"
  done

  # tests/e2e/*.yaml.in, each as tests/CMakeLists.txt configures and runs it.
  for f in "$src"/tests/e2e/*.yaml.in; do
    name=$(basename "$f" .yaml.in)
    case $name in
      e2e)  # sample data, 3 files; runs at 1, 2, 3 and 8 ranks
        ln -sfn "$in/e2e/data" "$r/e2e/data"
        for n in 1 2 3 8; do
          if configure "$f" "$r/e2e/e2e_n$n.yaml" "n=$n"; then
            run "e2e.yaml.in n=$n" 0 "" "$r/e2e/e2e_n$n.log" "${mpirun[@]}" -n "$n" "$bin" --force "$r/e2e/e2e_n$n.yaml"
          fi
        done ;;
      memcheck)  # 17 files, 102 plots, one rank; ctest runs it under valgrind, which
        # does not change what is drawn and takes minutes, so here it runs without.
        ln -sfn "$in/e2e/data_memcheck" "$r/e2e/data_memcheck"
        if configure "$f" "$r/e2e/memcheck.yaml"; then
          run "memcheck.yaml.in (without valgrind)" 0 '^plotcluster: 102 plots, 102 ok, 0 failed' \
              "$r/e2e/memcheck.log" "$bin" --force "$r/e2e/memcheck.yaml"
        fi ;;
      edge_cases)  # the --edge-cases file, 2 ranks; rows fail on purpose
        ln -sfn "$in/edge" "$r/edge/edge"
        if configure "$f" "$r/edge/edge_cases.yaml"; then
          run "edge_cases.yaml.in" "0 1" "$summary" "$r/edge/edge_cases.log" \
              "${mpirun[@]}" -n 2 "$bin" --force "$r/edge/edge_cases.yaml"
        fi ;;
      real_world)  # tests/fixtures/real_world.py's files, 1 and 3 ranks; rows fail on purpose
        ln -sfn "$in/real_world" "$r/real_world/data"
        for n in 1 3; do
          if configure "$f" "$r/real_world/real_world_n$n.yaml" "RW_DATA=$r/real_world/data" \
               "RW_OUT=$r/real_world/out_n$n"; then
            run "real_world.yaml.in n=$n" "0 1" "$summary" "$r/real_world/real_world_n$n.log" \
                "${mpirun[@]}" -n "$n" "$bin" --force "$r/real_world/real_world_n$n.yaml"
          fi
        done ;;
      *) problem "$side: tests/e2e/$name.yaml.in: this script does not know how tests/CMakeLists.txt runs it; not rendered (add a case)" ;;
    esac
  done

  # docs/gallery: the side's scripts/gallery.py on the shared gallery.h5 (one process).
  run "scripts/gallery.py" 0 "" "$r/gallery/gallery.log" \
      /usr/bin/python3 "$gallery" "$src" run "$in/gallery" "$bin" "$r/gallery/docs/gallery"

  mkdir -p "$top/results"
  mv "$r" "$top/results/$side"
  note "$side: rendered in $((SECONDS - t)) s ($top/results/$side)"
}

# sha256 and relative path of every PNG, SVG and PDF of a side, thumbnails left out.
digests() {
  (cd "$top/results/$1" &&
   find . -type f \( -name '*.png' -o -name '*.svg' -o -name '*.pdf' \) \
        -not -path '*/.thumbnails/*' -not -path '*/.plotcluster/*' -printf '%P\0' |
   sort -z | xargs -0 -r sha256sum | awk '{ print substr($0, 67) "\t" $1 }')
}

before=$1 after=${2:-worktree}
prepare before "$before"
prepare after "$after"
note "inputs: made once with the before side's tools ($top/inputs)"
make_inputs
render before
render after

digests before >"$top/results/before.sha256"
digests after >"$top/results/after.sha256"
# path, before sha, after sha ("-" where missing), sorted by path
join -t $'\t' -a1 -a2 -e - -o 0,1.2,2.2 "$top/results/before.sha256" "$top/results/after.sha256" \
  >"$top/results/compared.tsv"

echo
echo "=== every PNG/SVG/PDF (path, before sha256, after sha256)"
awk -F'\t' '{ s = ($2 == $3) ? "same" : ($2 == "-" || $3 == "-") ? "ONLY" : "DIFF";
              printf "%s  %s  %s  %s\n", s, $2, $3, $1 }' "$top/results/compared.tsv"

n_before=$(wc -l <"$top/results/before.sha256")
n_after=$(wc -l <"$top/results/after.sha256")
mapfile -t differing < <(awk -F'\t' '$2 != "-" && $3 != "-" && $2 != $3 { print $1 }' "$top/results/compared.tsv")
mapfile -t only_before < <(awk -F'\t' '$3 == "-" { print $1 }' "$top/results/compared.tsv")
mapfile -t only_after < <(awk -F'\t' '$2 == "-" { print $1 }' "$top/results/compared.tsv")
compared=$(awk -F'\t' '$2 != "-" && $3 != "-"' "$top/results/compared.tsv" | wc -l)
identical=$((compared - ${#differing[@]}))

echo
echo "=== summary"
echo "before: $desc_before"
echo "after:  $desc_after"
echo "included: every *.png, *.svg, *.pdf the runs write, by folder:"
cut -f1 "$top/results/compared.tsv" | awk -F/ '{ d = $1 "/" $2; if ($2 == "out") d = d "/" $3; ext = $NF; sub(/.*\./, "", ext); c[d " " ext]++ }
  END { for (k in c) print k, c[k] }' | sort | awk '{ printf "  %-28s %-4s %5d\n", $1, $2, $3 }'
echo "  (examples/: configs/*.yaml; e2e/: e2e.yaml.in n=1,2,3,8 and memcheck.yaml.in; edge/: edge_cases.yaml.in;"
echo "   real_world/: real_world.yaml.in n=1,3; gallery/: scripts/gallery.py, plotcluster and matplotlib PNGs)"
echo "excluded: .thumbnails/*.png, manifest.json, data.csv, index.html, logs (timings, hostnames, fingerprints)"
echo "files: $n_before before, $n_after after"
echo "$compared files compared, $identical identical, ${#differing[@]} differing"
for p in "${differing[@]}"; do echo "  differs: $p"; done
echo "$(( ${#only_before[@]} + ${#only_after[@]} )) only on one side"
for p in "${only_before[@]}"; do echo "  only before: $p"; done
for p in "${only_after[@]}"; do echo "  only after: $p"; done
for p in "${problems[@]}"; do echo "not rendered: $p"; done
echo "time: $((SECONDS - start)) s; lists in $top/results/{before,after}.sha256, compared.tsv"

status=0
[ "$n_before" -gt 0 ] && [ "$n_after" -gt 0 ] || { echo "FAIL: a side has no files"; status=1; }
[ ${#differing[@]} -eq 0 ] && [ ${#only_before[@]} -eq 0 ] && [ ${#only_after[@]} -eq 0 ] || status=1
[ ${#problems[@]} -eq 0 ] || status=1
[ $status = 0 ] && echo "ALL IDENTICAL" || echo "NOT IDENTICAL (or not all rendered)"
exit $status
