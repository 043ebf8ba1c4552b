#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole ctest suite
# (unit, verification, mpi, client, regression, fuzz). `.ci/run` calls this.
# Extra arguments go to ctest (e.g. ./scripts/test.sh -L verification).
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
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"${CTEST_JOBS:-2}" "$@"
