#!/usr/bin/python3
"""Transport scaling benchmark on the standard plume problem (plume3d).

    /usr/bin/python3 scripts/bench/transport_scaling/run.py                     # 100k and 1M on 1 and 2 ranks
    /usr/bin/python3 scripts/bench/transport_scaling/run.py --sizes 100k --ranks 1
    /usr/bin/python3 scripts/bench/transport_scaling/run.py --flow-steps 120    # one flow solve per transport step
    /usr/bin/python3 scripts/bench/transport_scaling/run.py --petsc "-transport_pc_type hypre"

The problem is /work/shared/bench/plume3d/README.md: a confined box of
1000 m x 1000 m x 50 m in 10 layers, K from the raw float64 files beside
that README (Kz = 0.1 K, referenced by absolute path, never copied into the
repository), fixed heads 55 m and 50 m on the west and east columns,
recharge 0.0005 m/d, 0.001 m/d at 1000 mg/L of leachate on the landfill
footprint, a well taking 400 m3/d from layers 6-10; steady flow, then 3650 d
of TVD transport in 120 steps of 30.4167 d (porosity 0.25, dispersivities
5 / 0.5 / 0.05 m, diffusion 8.64e-5 m2/d, no sorption or decay, no cross
terms), concentrations saved every 12 steps, transport converged to 1e-3 mg/L.

The flow is steady, so by default the case has 10 flow steps of 365 d, each
with 12 transport steps of 30.4167 d (`max_dt`): the same 120 transport steps
and the same saved times as the definition, with 10 flow solves instead of
120. `--flow-steps 120` runs the definition literally.

Writes, under --out (default runs/bench/transport_scaling, ignored by git):
cases/<size>/ (case.yaml and the generated recharge and initial-head files),
runs/<size>_np<ranks>/ (aquaplume's results), results.json and results.md
(the table for the closing note: wall time per phase and per transport step,
CPU time of all ranks, linear iterations, peak memory per rank and per cell,
mass-budget discrepancy, maximum concentration, the ratio to MODFLOW 6, and
the machine's load average before the run: on a shared machine the wall
time of a run depends on what else runs, its CPU time much less).
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plume3d"))
import make_cases  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PLUME3D = "/work/shared/bench/plume3d"
SIZES = {"100k": 100, "1m": 320}
SPECIES = "leachate"
TRANSPORT_STEPS = 120
PERIOD = 3650.0  # d

# MODFLOW 6 (6.7.0.dev, IMS CG/ILU0 flow, BiCGSTAB/ILU0 transport) on this
# project's 2-core machine, from the README of the problem: wall s, peak MB.
MODFLOW6 = {("100k", 1): (37.7, 163), ("100k", 2): (26.2, 185), ("1m", 1): (410.9, 1555), ("1m", 2): (295.0, 1343)}


def write_case(size, directory, plume3d, flow_steps, extra_transport):
    """The plume3d case with transport (scripts/bench/plume3d/make_cases.py writes it)."""
    cases = make_cases.write_cases(directory, ["plume3d"], [size], plume_dir=plume3d, transport=True, quiet=True,
                                   flow_steps=flow_steps, extra_solver=extra_transport)
    return cases[f"plume3d_{size}"]


def run(aquaplume, case, out, ranks, threads, petsc):
    cmd = [aquaplume, "run", case, "-o", out, "--quiet", *petsc]
    if ranks > 1:
        cmd = ["mpiexec", "-n", str(ranks), *cmd]  # default binding: one core per rank
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)  # all ranks together
    if result.returncode != 0:
        sys.exit(f"transport_scaling: failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout}\n{result.stderr}")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    discrepancy = 0.0
    with open(os.path.join(out, f"budget_mass_{SPECIES}.csv")) as f:
        for row in csv.DictReader(f):
            discrepancy = max(discrepancy, abs(float(row["percent_discrepancy"])))
    return wall, cpu, summary, discrepancy


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", nargs="+", default=["100k", "1m"], choices=sorted(SIZES))
    p.add_argument("--ranks", nargs="+", type=int, default=[1, 2])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--flow-steps", type=int, default=10, help="flow steps in the 3650 d period (10 or 120)")
    p.add_argument("--out", default=os.path.join(ROOT, "runs", "bench", "transport_scaling"))
    p.add_argument("--plume3d", default=PLUME3D, help="directory of the problem's README and K files")
    p.add_argument("--aquaplume", default=os.path.join(ROOT, "build", "aquaplume"))
    p.add_argument("--petsc", default="", help="PETSc options for every run, e.g. '-transport_pc_type hypre'")
    p.add_argument("--transport-solver", default="", help="extra keys for transport.solver, e.g. ', relative_tolerance: 1e-8'")
    args = p.parse_args()
    if TRANSPORT_STEPS % args.flow_steps:
        sys.exit("transport_scaling: --flow-steps must divide 120")

    rows = []
    for size in args.sizes:
        case = write_case(size, os.path.join(args.out, "cases", size), args.plume3d, args.flow_steps,
                          args.transport_solver)
        for ranks in args.ranks:
            out = os.path.join(args.out, "runs", f"{size}_np{ranks}")
            load = load_average()
            wall, cpu, s, discrepancy = run(args.aquaplume, case, out, ranks, args.threads, args.petsc.split())
            sec = s["seconds"]
            transport = s.get("seconds_transport", 0.0)
            mf6_wall, mf6_memory = MODFLOW6.get((size, ranks), (float("nan"), float("nan")))
            row = {
                "size": size, "cells": s["cells"], "ranks": ranks, "threads": s["threads"],
                "flow_steps": args.flow_steps, "transport_steps": int(s.get("transport_steps", 0)),
                "wall_s": wall, "cpu_s_all_ranks": cpu, "total_s": sec["total"], "setup_s": sec["setup"], "flow_s": sec["flow"],
                "transport_s": transport, "output_s": sec["output"],
                "transport_s_per_step": transport / max(1, s.get("transport_steps", 1)),
                "flow_linear_iterations": s["linear_iterations"],
                "transport_linear_iterations": int(s.get("transport_linear_iterations", 0)),
                "transport_outer_iterations": int(s.get("transport_outer_iterations", 0)),
                "peak_memory_mb_per_rank": s["peak_memory_mb"],
                "bytes_per_cell": s["peak_memory_mb"] * 1e6 * ranks / s["cells"],
                "mass_discrepancy_percent_max_step": discrepancy,
                "max_concentration": s.get(f"max_concentration_{SPECIES}", float("nan")),
                "modflow6_wall_s": mf6_wall, "modflow6_peak_mb": mf6_memory,
                "speedup_vs_modflow6_same_ranks": mf6_wall / wall,
                "speedup_vs_modflow6_serial": MODFLOW6.get((size, 1), (float("nan"),))[0] / wall,
                "load_average_before": load, "petsc_options": args.petsc,
            }
            rows.append(row)
            print(f"{size} np{ranks}: wall {wall:.1f} s (transport {transport:.1f} s, flow {sec['flow']:.1f} s), "
                  f"{row['transport_linear_iterations']} transport its, {row['peak_memory_mb_per_rank']:.0f} MB/rank, "
                  f"mass {discrepancy:.1e} %, x{row['speedup_vs_modflow6_serial']:.1f} vs MF6 serial", flush=True)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(rows, f, indent=2)
    lines = [
        "| cells | ranks | wall s | CPU s | setup | flow | transport | output | s/transport step | flow its | transport its "
        "(outer) | peak MB/rank | B/cell | mass discrepancy % | max C mg/L | MF6 wall s | vs MF6 serial | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['cells']:,} | {r['ranks']} | {r['wall_s']:.1f} | {r['cpu_s_all_ranks']:.1f} | {r['setup_s']:.1f} | {r['flow_s']:.1f} | "
            f"{r['transport_s']:.1f} | {r['output_s']:.1f} | {r['transport_s_per_step']:.3f} | "
            f"{r['flow_linear_iterations']} | {r['transport_linear_iterations']} ({r['transport_outer_iterations']}) | "
            f"{r['peak_memory_mb_per_rank']:.0f} | {r['bytes_per_cell']:.0f} | "
            f"{r['mass_discrepancy_percent_max_step']:.1e} | {r['max_concentration']:.1f} | "
            f"{r['modflow6_wall_s']:.1f} | {r['speedup_vs_modflow6_serial']:.2f}x | {r['load_average_before']:.1f} |")
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten: {os.path.join(args.out, 'results.json')} and results.md")


if __name__ == "__main__":
    main()
