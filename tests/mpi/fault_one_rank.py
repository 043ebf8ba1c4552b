"""A failure on one rank ends the whole job with a message, never a hang (issue 8).

Each scenario runs a small transient case on N ranks where only one rank
fails, and checks that the job exits non-zero within a timeout and that
stderr names the problem (and the failing rank when it is not rank 0):

- corrupt_array: k is an HDF5 array whose last chunk (the east end of the
  bottom layer, read by the last rank only) is corrupt. The ranks agree on
  input errors, so this is a clean input error (exit 2) printed by rank 0.
- setup / step / output: an unexpected exception on one rank, injected with
  the test hook AQUAPLUME_FAULT_AT / AQUAPLUME_FAULT_RANK
  (mesh/base/fault_point.hpp) after the mesh is built, at the start of a time
  step while the others go on into the solve, and inside a write of fields
  while the parallel HDF5 file is open. The failing rank prints and calls
  MPI_Abort.

usage: fault_one_rank.py --ranks 2 [--timeout 120]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

NLAY, NROW, NCOL = 2, 6, 16
CASE = """\
name: fault_one_rank
units: {length: m, time: d}
grid: {nlay: 2, nrow: 6, ncol: 16, delr: 25.0, delc: 25.0, top: 30.0, botm: [15.0, 0.0]}
properties: {k: {file: k.h5, dataset: /k}, ss: 1.0e-5}
initial_head: 25.0
time:
  periods:
    - {length: 1.0, steps: 1, steady: true}
    - {length: 40.0, steps: 5, steady: false}
packages:
  - {type: chd, name: west, cols: 1, head: 26.0}
  - {type: chd, name: east, cols: 16, head: 22.0}
  - {type: wel, name: well, cell: [2, 3, 8], rate: {periods: {2: -50.0}}}
output: {vtk: false, save: all}
"""


def write_case(folder, corrupt):
    """The case and its k array: chunks of 4 values, gzip; `corrupt` spoils the last chunk."""
    k = np.full(NLAY * NROW * NCOL, 10.0)
    path = os.path.join(folder, "k.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("/k", data=k, chunks=(4,), compression="gzip")
    if corrupt:
        with h5py.File(path, "r") as f:
            ds = f["/k"]
            info = ds.id.get_chunk_info(ds.id.get_num_chunks() - 1)
        with open(path, "r+b") as raw:
            raw.seek(info.byte_offset)
            raw.write(b"\xff" * info.size)
    with open(os.path.join(folder, "case.yaml"), "w") as f:
        f.write(CASE)
    return os.path.join(folder, "case.yaml")


def run(case, outdir, ranks, timeout, env_extra):
    cmd = [t.MPIEXEC, "-n", str(ranks), "--oversubscribe", "--bind-to", "none",
           t.AQUAPLUME, "run", case, "-o", outdir, "--quiet"]
    env = dict(os.environ, OMP_NUM_THREADS="1", OMPI_MCA_mpi_yield_when_idle="1", **env_extra)
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    start = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err, time.time() - start
    return proc.returncode, out, err, time.time() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ranks", type=int, default=2)
    p.add_argument("--timeout", type=float, default=120.0)
    args = p.parse_args()
    n = args.ranks
    last = n - 1
    scenarios = [
        # name, corrupt array, hook point, hook rank, expected exit (None: any non-zero), texts stderr must hold
        ("corrupt_array", True, None, None, 2, ["k.h5", "cannot read dataset '/k'"]),
        ("setup", False, "setup", last, None,
         [f"aquaplume (rank {last})", f"simulated failure at 'setup' on rank {last}"]),
        ("step", False, "step:3", 1, None, ["aquaplume (rank 1)", "simulated failure at 'step:3' on rank 1"]),
        ("output", False, "output", last, None,
         [f"aquaplume (rank {last})", f"simulated failure at 'output' on rank {last}"]),
        ("output_rank0", False, "output", 0, None, ["aquaplume: run failed", "simulated failure at 'output' on rank 0"]),
    ]
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_fault_") as tmp:
        for name, corrupt, point, rank, expected, texts in scenarios:
            folder = os.path.join(tmp, name)
            os.makedirs(folder)
            case = write_case(folder, corrupt)
            env = {"AQUAPLUME_FAULT_AT": point, "AQUAPLUME_FAULT_RANK": str(rank)} if point else {}
            code, out, err, seconds = run(case, os.path.join(folder, "out"), n, args.timeout, env)
            label = f"{name} on {n} ranks"
            if code is None:
                failures.append(f"{label}: no exit within {args.timeout:g} s (a hang)\n{out}\n{err}")
                continue
            if code == 0 or (expected is not None and code != expected):
                failures.append(f"{label}: exit code {code}, expected {expected or 'non-zero'}\n{err}")
            for text in texts:
                if text not in err:
                    failures.append(f"{label}: stderr does not say '{text}':\n{err}")
            if os.path.exists(os.path.join(folder, "out", "results.h5")):
                failures.append(f"{label}: a failed run left results.h5 in place")
            first = next((line for line in err.splitlines() if "aquaplume" in line), err.strip()[:200])
            print(f"{label}: exit {code} after {seconds:.1f} s: {first}")
    t.verify(f"fault_one_rank_np{n}", "failures", float(len(failures)), 0.0)
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
