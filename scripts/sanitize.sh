#!/usr/bin/env bash
# Builds aquaplume and the unit tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (in build-asan/), runs the unit tests and the
# quickstart case under them. scripts/test.sh runs this after the main suite.
# Leak detection is off: MPI and PETSc keep allocations until exit by design.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ASAN_BUILD_DIR:-$root/build-asan}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAQUAPLUME_SANITIZE=ON >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target unit_tests
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
echo "== unit tests under ASan + UBSan"
(cd "$build" && ctest -L unit -E validate --output-on-failure -j"${CTEST_JOBS:-2}")
echo "== quickstart under ASan + UBSan"
out="$(mktemp -d)"
log="$out/log.txt"
if ! "$build/aquaplume" run "$root/cases/quickstart/case.yaml" -o "$out/run" --quiet >"$log" 2>&1; then
  cat "$log"; echo "sanitize: the quickstart run failed under the sanitizers" >&2; exit 1
fi
if grep -qE "AddressSanitizer|runtime error:" "$log"; then
  cat "$log"; echo "sanitize: sanitizer reports in the quickstart run" >&2; exit 1
fi
rm -rf "$out"
echo "sanitize: clean"
