"""A solve that cannot converge ends with the message and a checkpoint (issue 8).

A transient, unconfined case whose third period starts a well that dries its
cell, with too few outer iterations allowed (solver.max_iterations: 6) for the
Newton solve of that step even after its step cuts. Checks:

1. the run exits 1, and its message names the period and step, the time span,
   the solver's reason, the cells with the largest residuals, the checkpoint
   and how to continue;
2. no results.h5 replaces the (absent) good one; results.h5.partial holds the
   saved times before the failed step; checkpoint.h5 is at the failed step;
3. the case fixed (max_iterations: 50), `--restart checkpoint.h5` completes,
   and its results equal those of the fixed case run from the start (the steps
   before the failure converged within 6 iterations, so they are the same).

usage: solver_failure.py [--ranks 1]
"""

import argparse
import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

CASE = """\
name: solver_failure
units: {length: m, time: d}
grid: {nlay: 2, nrow: 10, ncol: 12, delr: 50.0, delc: 50.0, top: 30.0, botm: [15.0, 0.0]}
properties: {k: [12.0, 4.0], kz: [1.2, 0.4], ss: 1.0e-5, sy: 0.15, convertible: [true, false]}
initial_head: 24.0
time:
  periods:
    - {length: 1.0, steps: 1, steady: true}
    - {length: 30.0, steps: 3, steady: false}
    - {length: 30.0, steps: 3, steady: false}
packages:
  - {type: chd, name: west, cols: 1, head: 25.0}
  - {type: chd, name: east, cols: 12, head: 22.0}
  - {type: wel, name: well, cell: [1, 5, 6], rate: {periods: {1: 0.0, 3: -20000.0}}}
solver: {head_tolerance: 1.0e-6, max_iterations: MAX_ITERATIONS, max_step_cuts: 2}
output: {vtk: false, save: all}
"""
FAILED_STEP = 4  # 0-based: period 3 step 1


def write_case(path, max_iterations):
    with open(path, "w") as f:
        f.write(CASE.replace("MAX_ITERATIONS", str(max_iterations)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ranks", type=int, default=1)
    args = p.parse_args()
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_solver_failure_") as tmp:
        case = os.path.join(tmp, "case.yaml")
        out = os.path.join(tmp, "failed")
        write_case(case, 6)
        result = t.run(case, out, ranks=args.ranks, check=False)
        message = result.stderr
        print(f"exit {result.returncode}: {message.strip()}")
        if result.returncode != 1:
            failures.append(f"exit code {result.returncode}, expected 1")
        for text in ["flow did not converge in period 3 step 1", "t = 31 .. 41 d", "after 2 step cut(s)",
                     "no convergence in 6 outer iterations", "largest residuals at (layer 1, row",
                     "m3/d", os.path.join(out, "checkpoint.h5"), "--restart"]:
            if text not in message:
                failures.append(f"the message does not say '{text}'")
        if os.path.exists(os.path.join(out, "results.h5")):
            failures.append("a failed run left results.h5")
        checkpoint = os.path.join(out, "checkpoint.h5")
        if not os.path.exists(checkpoint):
            failures.append("no checkpoint.h5 after the failure")
            print("\n".join(failures))
            sys.exit(1)
        with h5py.File(checkpoint, "r") as f:
            if int(f.attrs["next_step"]) != FAILED_STEP:
                failures.append(f"the checkpoint is at step {f.attrs['next_step']}, expected {FAILED_STEP}")
        with h5py.File(os.path.join(out, "results.h5.partial"), "r") as f:
            done = int(np.sum(~np.isnan(f["time"][()])))
            if done != FAILED_STEP:
                failures.append(f"results.h5.partial holds {done} saved times, expected {FAILED_STEP}")

        # The case fixed: continue from the checkpoint, and run it whole for reference.
        write_case(case, 50)
        t.run(case, out, ranks=args.ranks, extra=["--restart", checkpoint])
        reference = os.path.join(tmp, "reference")
        t.run(case, reference, ranks=args.ranks)
        worst = 0.0
        with h5py.File(os.path.join(out, "results.h5"), "r") as a, \
                h5py.File(os.path.join(reference, "results.h5"), "r") as b:
            if not np.array_equal(a["time"][()], b["time"][()]):
                failures.append(f"output times differ after the restart: {a['time'][()]} vs {b['time'][()]}")
            for name in t.field_names(b):
                d = t.max_relative_difference(b[name][()], a[name][()])
                worst = max(worst, d)
                if not d <= 1e-9:
                    failures.append(f"{name} after the restart differs from the reference by {d:.3e}")
            discrepancy = float(np.max(np.abs(a["budget/flow/percent_discrepancy"][()])))
            if not discrepancy <= 0.01:
                failures.append(f"budget discrepancy {discrepancy:.3e} % after the restart")
        t.verify("solver_failure_restart", "max_rel_field_difference", worst, 1e-9)
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
