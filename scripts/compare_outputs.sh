#!/usr/bin/env bash
# Renders configs with two plotcluster binaries and compares the sha256 of every PNG, SVG
# and PDF they write (the byte-identity check of a refactoring). Each config is copied
# next to itself with output.dir (a relative or quoted "dir:" line) pointed at a folder
# per binary, so input paths relative to the config still resolve.
# Usage: compare_outputs.sh BEFORE_BIN AFTER_BIN WORKDIR CONFIG...  (exit 1 on a difference)
set -euo pipefail
before=$1 after=$2 work=$3
shift 3
mkdir -p "$work"
status=0
for config in "$@"; do
  name=$(basename "$config" .yaml)
  for side in before after; do
    bin=$before; [ "$side" = after ] && bin=$after
    out="$work/$side/$name"
    rm -rf "$out"
    copy="$(dirname "$config")/.compare-$side-$name.yaml"
    # The first "dir:" line is output.dir.
    awk -v out="$out" '!done && /^  dir:/ { print "  dir: \"" out "\""; done=1; next } { print }' \
      "$config" >"$copy"
    "$bin" -q "$copy" >/dev/null 2>&1 || true  # some configs fail rows on purpose (exit 1)
    rm -f "$copy"
    (cd "$out" && find . -type f \( -name '*.png' -o -name '*.svg' -o -name '*.pdf' \) \
       -exec sha256sum {} + | sort -k2) >"$work/$side-$name.sha256"
  done
  n=$(wc -l <"$work/before-$name.sha256")
  if cmp -s "$work/before-$name.sha256" "$work/after-$name.sha256"; then
    echo "$name: $n files, identical"
  else
    echo "$name: DIFFERENT"; diff "$work/before-$name.sha256" "$work/after-$name.sha256" | head
    status=1
  fi
  [ "$n" -gt 0 ] || { echo "$name: no outputs"; status=1; }
done
exit $status
