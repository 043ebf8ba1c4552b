"""Helpers shared by the script tests: locate the binaries, run aquaplume
(optionally under mpiexec), and compare results files."""

import json
import os
import subprocess
import sys

import h5py
import numpy as np

SOURCE_DIR = os.environ.get("SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
AQUAPLUME = os.environ.get("AQUAPLUME", os.path.join(SOURCE_DIR, "build", "aquaplume"))
MPIEXEC = os.environ.get("MPIEXEC", "mpiexec")
PVPYTHON = os.environ.get("PVPYTHON", "pvpython")


def source_path(path):
    """A path given relative to the source tree (as the CMake test commands do), made absolute."""
    return path if os.path.isabs(path) else os.path.join(SOURCE_DIR, path)


def run_pvpython(script_text, folder, args):
    """Runs `script_text` in pvpython (offscreen) with `args`; the script
    prints one line "RESULT <json>", which is returned parsed."""
    script = os.path.join(folder, "pv_script.py")
    with open(script, "w") as f:
        f.write(script_text)
    r = subprocess.run([PVPYTHON, "--force-offscreen-rendering", script, *args], capture_output=True, text=True,
                       timeout=300)
    line = [l for l in r.stdout.splitlines() if l.startswith("RESULT ")]
    if r.returncode != 0 or not line:
        print(r.stdout, r.stderr)
        sys.exit("pvpython failed")
    return json.loads(line[0][len("RESULT "):])


def run(case, outdir, ranks=1, threads=1, extra=(), timeout=600, check=True):
    """Runs `aquaplume run case -o outdir` on `ranks` MPI ranks; returns the CompletedProcess."""
    cmd = [AQUAPLUME, "run", case, "-o", outdir, "--quiet", *extra]
    if ranks > 1:
        cmd = [MPIEXEC, "-n", str(ranks), "--oversubscribe", "--bind-to", "none", *cmd]
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    if ranks > 1:
        # Waiting ranks yield the core instead of polling: on a loaded or
        # oversubscribed machine polling ranks starve the one being waited for.
        env.setdefault("OMPI_MCA_mpi_yield_when_idle", "1")
    if ranks * threads > (os.cpu_count() or 1):
        # Oversubscribed: OpenMP threads that spin while they wait starve the other ranks.
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        sys.stderr.write(f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout}\n{result.stderr}\n")
        sys.exit(1)
    return result


def field_names(h5):
    """Every dataset under /fields (e.g. fields/head, fields/concentration/tce)."""
    names = []
    h5["fields"].visititems(lambda name, obj: names.append("fields/" + name) if isinstance(obj, h5py.Dataset) else None)
    return sorted(names)


def max_relative_difference(a, b):
    """max |a - b| / max(|a|, tiny) over finite values; inf when the NaN patterns differ."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.array_equal(np.isnan(a), np.isnan(b)):
        return float("inf")
    finite = ~np.isnan(a)
    if not finite.any():
        return 0.0
    scale = max(np.max(np.abs(a[finite])), 1e-300)
    return float(np.max(np.abs(a[finite] - b[finite])) / scale)


def verify(name, metric, value, tol):
    print(f"VERIFY name={name} metric={metric} value={value:.6e} tol={tol:.6e}", flush=True)
