#!/usr/bin/env bash
# Builds the unit tests and aquaplume with AddressSanitizer and
# UndefinedBehaviorSanitizer in their own build directory (build-asan/, with
# ccache like the main build), runs the unit tests under them, then the
# quickstart case on 1 and 2 ranks. scripts/test.sh runs this after the main
# suite; run it alone with ./scripts/sanitize.sh.
#
# Leaks are checked (LeakSanitizer). tests/sanitize/lsan.supp suppresses the
# allocations that Open MPI, PMIx, hwloc, hypre and PETSc keep until exit by
# design, each entry with its reason; a leak in our code fails the run.
# UBSan stops at the first report (halt_on_error, -fno-sanitize-recover).
#
#   ASAN_BUILD_DIR  build directory (default build-asan/)
#   JOBS            build jobs (default 2); CTEST_JOBS test jobs (default 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ASAN_BUILD_DIR:-$root/build-asan}"
# ccache hits across clones and worktrees need paths relative to a base.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
start=$(date +%s)

# -O1: sanitized code at -O2 takes much longer to compile and finds nothing more;
# -g1 (line tables only) gives the reports their file:line at a fraction of -g's compile time.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DAQUAPLUME_SANITIZE=ON >/dev/null
echo "== building the unit tests and aquaplume with ASan + UBSan in $build"
cmake --build "$build" -j"${JOBS:-2}" --target unit_tests
built=$(date +%s)

if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1"
# Open MPI's plugins and PMIx's are unloaded at MPI_Finalize, before the leak
# check: keep Open MPI's loaded, and unwind allocations fully (not by frame
# pointers, which the system libraries lack) so that every leak's stack
# reaches the library that made it and tests/sanitize/lsan.supp can name it.
export OMPI_MCA_mca_base_component_disable_dlclose=1
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

echo "== unit tests under ASan + UBSan"
# 1 and 2 ranks: 3 and 4 oversubscribed ranks under the sanitizers only cost CI time.
(cd "$build" && ctest -L unit -E "validate|_np3$|_np4$" --output-on-failure -j"${CTEST_JOBS:-2}")

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for ranks in 1 2; do
  echo "== quickstart on $ranks rank(s) under ASan + UBSan"
  log="$out/log_$ranks.txt"
  cmd=("$build/aquaplume" run "$root/cases/quickstart/case.yaml" -o "$out/run_$ranks" --quiet)
  [ "$ranks" -gt 1 ] && cmd=(mpiexec -n "$ranks" --bind-to none "${cmd[@]}")
  if ! OMP_NUM_THREADS=1 "${cmd[@]}" >"$log" 2>&1; then
    cat "$log"; echo "sanitize: the quickstart run on $ranks rank(s) failed under the sanitizers" >&2; exit 1
  fi
  if grep -qE "Sanitizer|runtime error:" "$log"; then
    cat "$log"; echo "sanitize: sanitizer reports in the quickstart run on $ranks rank(s)" >&2; exit 1
  fi
done
end=$(date +%s)
echo "sanitize: clean (build $((built - start)) s, runs $((end - built)) s)"
