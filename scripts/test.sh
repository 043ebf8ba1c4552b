#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole ctest suite
# (unit, verification, mpi, client, regression, fuzz), then the unit tests
# and the quickstart case under ASan + UBSan (scripts/sanitize.sh, in
# build-asan/). `.ci/run` calls this.
# Extra arguments go to ctest (e.g. ./scripts/test.sh -L verification); the
# sanitizer stage then runs only with SANITIZE=1. SANITIZE=0 skips it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
echo "== building aquaplume"
"$root/scripts/build.sh"

# Open MPI refuses root unless told; CI machines run as root.
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
echo "== running the tests"
(cd "${BUILD_DIR:-$root/build}" && ctest --output-on-failure -j"${CTEST_JOBS:-2}" "$@")

if [ "${SANITIZE:-$([ $# -eq 0 ] && echo 1 || echo 0)}" = 1 ]; then
  echo "== sanitizers (scripts/sanitize.sh)"
  started=$(date +%s)
  "$root/scripts/sanitize.sh"
  echo "== sanitizer stage: $(( $(date +%s) - started )) s"
fi
