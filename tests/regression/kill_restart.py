"""Crash safety and restart (issue 8).

1. Runs a transient case to the end (the reference).
2. Runs it again with a checkpoint every step, kills it with SIGKILL once a few
   steps are done, and checks that results.h5.partial is readable and holds
   every completed output time, equal to the reference's.
3. Continues from the checkpoint on another number of ranks and checks that
   the final fields equal the reference to 1e-10 relative and the output times
   are exactly the reference's.
4. Sends SIGTERM to a run: it must finish its step, write a checkpoint and exit
   with 128 + 15, and --restart must complete it.

usage: kill_restart.py CASE [--ranks-after 2] [--tol 1e-10]

Fields, budgets (cumulative included) and breakthrough curves are compared.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def with_checkpoints(case, folder):
    """A copy of the case that checkpoints every step (array paths made absolute)."""
    text = open(case).read()
    base = os.path.dirname(os.path.abspath(case))
    text = re.sub(r"\{file: ([^,}]+)", lambda m: "{file: " + os.path.join(base, m.group(1).strip()), text)
    text = text.replace("\noutput:", "\noutput:\n  checkpoint: {every_steps: 1}", 1) if "\noutput:" in text \
        else text + "\noutput:\n  checkpoint: {every_steps: 1}\n"
    path = os.path.join(folder, "case.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def start(case, outdir, ranks=1):
    cmd = [t.AQUAPLUME, "run", case, "-o", outdir, "--quiet"]
    if ranks > 1:
        cmd = [t.MPIEXEC, "-n", str(ranks), "--oversubscribe", *cmd]
    env = dict(os.environ, OMP_NUM_THREADS="1", OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for_checkpoint(outdir, steps, proc, timeout=300):
    """Waits until the checkpoint holds at least `steps` steps."""
    deadline = time.time() + timeout
    path = os.path.join(outdir, "checkpoint.h5")
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the run ended before it could be interrupted:\n{proc.stderr.read()}")
        try:
            with h5py.File(path, "r") as f:
                if f.attrs["next_step"] >= steps:
                    return
        except (OSError, KeyError):
            pass
        time.sleep(0.05)
    sys.exit("no checkpoint appeared")


def compare_final(ref, other, tol, series_tol, failures, label):
    """The largest relative difference of the fields (tol) and of the budget
    and breakthrough series (series_tol): a series holds terms near zero
    (a decay term's inflow, say) whose relative round-off is larger."""
    worst = {"fields": 0.0, "series": 0.0}
    if not np.array_equal(ref["time"][()], other["time"][()]):
        failures.append(f"{label}: output times differ: {other['time'][()]} vs {ref['time'][()]}")
    fields = t.field_names(ref)
    for name in fields + series_names(ref):
        if name not in other:
            failures.append(f"{label}: {name} is missing")
            continue
        if name.endswith("percent_discrepancy"):
            # Round-off sized numbers: compare them absolutely [%].
            d = float(np.max(np.abs(ref[name][()] - other[name][()]), initial=0.0))
            if not d <= 1e-6:
                failures.append(f"{label}: {name} differs by {d:.3e} % (> 1e-6 %)")
            continue
        kind, allowed = ("fields", tol) if name in fields else ("series", series_tol)
        d = t.max_relative_difference(ref[name][()], other[name][()])
        worst[kind] = max(worst[kind], d)
        if not d <= allowed:
            failures.append(f"{label}: {name} differs by {d:.3e} (> {allowed:g})")
    return worst


def compare_index(reference, other, failures, label):
    """results.xmf of the restarted run shows the same times and fields as the reference's."""
    def index(folder):
        text = open(os.path.join(folder, "results.xmf")).read()
        return sorted(set(re.findall(r'Attribute Name="([^"]+)"', text))), text.count('<Time Value=')
    if index(reference) != index(other):
        failures.append(f"{label}: results.xmf differs: {index(other)} vs {index(reference)}")


def series_names(h5):
    """Budgets (water and solute mass, cumulative ones included) and breakthrough curves."""
    names = []
    for group in ("budget", "observations"):
        if group in h5:
            h5[group].visititems(
                lambda name, obj, g=group: names.append(f"{g}/{name}") if isinstance(obj, h5py.Dataset) else None)
    return sorted(names)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks-after", type=int, default=2)
    p.add_argument("--kill-after", type=int, default=4, help="steps done before the kill")
    p.add_argument("--tol", type=float, default=1e-10, help="relative difference of the fields allowed after a restart")
    p.add_argument("--series-tol", type=float, default=1e-8, help="the same for budgets and breakthrough curves")
    args = p.parse_args()
    source = t.source_path(args.case)
    case_name = os.path.basename(os.path.dirname(source))
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_restart_") as tmp:
        case = with_checkpoints(source, tmp)
        reference = os.path.join(tmp, "reference")
        t.run(case, reference)
        ref = h5py.File(os.path.join(reference, "results.h5"), "r")
        n_times = ref["time"].shape[0]

        # SIGKILL in the middle.
        killed = os.path.join(tmp, "killed")
        proc = start(case, killed)
        wait_for_checkpoint(killed, args.kill_after, proc)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        with h5py.File(os.path.join(killed, "results.h5.partial"), "r") as part:
            times = part["time"][()]
            done = int(np.sum(~np.isnan(times)))
            if done < args.kill_after or done >= n_times:
                failures.append(f"after the kill the partial results hold {done} of {n_times} times")
            for name in t.field_names(ref):
                d = t.max_relative_difference(ref[name][:done], part[name][:done])
                if not d <= 1e-12:
                    failures.append(f"partial {name}: completed rows differ from the reference by {d:.3e}")
        print(f"SIGKILL after {done} of {n_times} output times: results.h5.partial readable, completed rows intact")

        # Continue on another rank count.
        t.run(case, killed, ranks=args.ranks_after, extra=["--restart", os.path.join(killed, "checkpoint.h5")])
        with h5py.File(os.path.join(killed, "results.h5"), "r") as final:
            worst = compare_final(ref, final, args.tol, args.series_tol, failures, "restart")
        compare_index(reference, killed, failures, "restart")
        t.verify(f"kill_restart_{case_name}", "max_rel_field_difference", worst["fields"], args.tol)
        t.verify(f"kill_restart_{case_name}", "max_rel_series_difference", worst["series"], args.series_tol)

        # SIGTERM: a clean stop with a checkpoint, then a restart.
        stopped = os.path.join(tmp, "stopped")
        proc = start(case, stopped)
        wait_for_checkpoint(stopped, 2, proc)
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=300)
        if proc.returncode != 128 + signal.SIGTERM:
            failures.append(f"SIGTERM: exit code {proc.returncode}, expected {128 + signal.SIGTERM}\n{err}")
        if "--restart" not in err:
            failures.append(f"SIGTERM: the message does not say how to continue:\n{err}")
        t.run(case, stopped, ranks=1, extra=["--restart", os.path.join(stopped, "checkpoint.h5")])
        with h5py.File(os.path.join(stopped, "results.h5"), "r") as final:
            worst = compare_final(ref, final, args.tol, args.series_tol, failures, "SIGTERM restart")
        t.verify(f"sigterm_restart_{case_name}", "max_rel_field_difference", worst["fields"], args.tol)
        t.verify(f"sigterm_restart_{case_name}", "max_rel_series_difference", worst["series"], args.series_tol)
        print(f"SIGTERM: exit {proc.returncode}, message: {err.strip()}")
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
