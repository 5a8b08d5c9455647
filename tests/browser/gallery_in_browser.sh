#!/usr/bin/env bash
# Opens a run's gallery page in a real browser, headless, straight from the file system:
# the dumped DOM must show every thumbnail loaded (the page's own script marks them) and
# the failed plots listed, and a screenshot must have the window's size and not be blank.
# Installs Debian's chromium when it is missing (as root, or with sudo without a password).
# The page is also opened filtered (index.html#/odd/): only matching plots stay shown.
# Usage: gallery_in_browser.sh OUTPUT_DIR CHECKER WORKDIR
# Exit 77 (ctest: skipped) when chromium is missing and cannot be installed.
set -euo pipefail
out=$1 checker=$2 work=$3

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || { echo "chromium is not installed and we cannot install it: skipped"; exit 77; }
    sudo="sudo -n"
  fi
  export DEBIAN_FRONTEND=noninteractive
  install() { $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 chromium >/dev/null; }
  install || { $sudo apt-get update -qq && install; } || true
  browser=$(command -v chromium || true)
  [ -n "$browser" ] || { echo "chromium could not be installed: skipped"; exit 77; }
fi

rm -rf "$work"
mkdir -p "$work/profile"
page="file://$(cd "$out" && pwd)/index.html"
# No network, no first-run or background services, a fresh profile; the virtual time
# budget lets the page's load handlers finish before the DOM is dumped.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-quic --disable-extensions
       --user-data-dir="$work/profile" --virtual-time-budget=10000 --window-size=1200,900)
timeout 120 "$browser" "${flags[@]}" --dump-dom "$page" >"$work/dom.html" 2>"$work/dump-dom.log" || {
  tail -20 "$work/dump-dom.log"; echo "FAIL: chromium --dump-dom"; exit 1; }
timeout 120 "$browser" "${flags[@]}" --screenshot="$work/screenshot.png" "$page" >"$work/screenshot.log" 2>&1 || {
  tail -20 "$work/screenshot.log"; echo "FAIL: chromium --screenshot"; exit 1; }
# The filter box, filled in from the URL: only the plots of /odd/ stay visible.
timeout 120 "$browser" "${flags[@]}" --dump-dom "$page#/odd/" >"$work/filtered.html" 2>"$work/filtered.log" || {
  tail -20 "$work/filtered.log"; echo "FAIL: chromium --dump-dom (filtered)"; exit 1; }
exec "$checker" "$out" "$work/dom.html" "$work/screenshot.png" 1200 900 "$work/filtered.html" /odd/
