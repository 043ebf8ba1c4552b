#!/usr/bin/env bash
# Configures and builds aquaplume (Release) in build/ with ccache. Used by
# quickstart.sh and test.sh; BUILD_DIR and BUILD_TYPE override the defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
build_type="${BUILD_TYPE:-Release}"
jobs="${JOBS:-2}"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$jobs"
