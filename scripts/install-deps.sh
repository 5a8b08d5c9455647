#!/usr/bin/env bash
# Installs what plotcluster needs to build and test on Debian 12, only what is missing.
# Usage: scripts/install-deps.sh [extra Debian packages...]
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  openmpi-bin libopenmpi-dev libboost-mpi-dev libboost-serialization-dev
  libcairo2-dev libfreetype-dev libfontconfig-dev fontconfig fonts-dejavu-core
  libhdf5-dev hdf5-tools libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libpng-dev libdeflate-dev libssl-dev
  libgtest-dev libgmock-dev valgrind
  python3-netcdf4 python3-numpy  # CF decoding is tested against netCDF4-python (tests/fixtures)
  hdf5-filter-plugin  # lz4 and bzip2 datasets (HDF5 filters 32004, 307) read as they are
  chromium  # the gallery page's browser test (headless)
  clang libclang-rt-14-dev  # the fuzzers (cmake --preset fuzz): clang 14 and libFuzzer
  clang-tidy python3        # scripts/tidy.sh
  python3-h5py python3-netcdf4 python3-numpy  # tests/fixtures: files shaped like real ones
  python3-matplotlib  # scripts/gallery.py (docs/gallery), scripts/compare_outputs.sh
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  # "install ok installed" only; a removed-but-configured package counts as missing.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
