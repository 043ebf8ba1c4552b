#!/usr/bin/python3
"""flow_scaling: runs the plume benchmark models on 1 and 2 MPI ranks (and 1
and 2 OpenMP threads where the cores allow) and tabulates wall time per
phase, linear iterations, peak memory, bytes per cell, budget discrepancy,
parallel efficiency and the ratio to the MODFLOW 6 reference figures.

    /usr/bin/python3 scripts/bench/flow_scaling/run.py                     # 100k and 1M, plume3d and hetero2
    /usr/bin/python3 scripts/bench/flow_scaling/run.py --sizes 100k --ranks 1 2 --repeat 3
    /usr/bin/python3 scripts/bench/flow_scaling/run.py --sizes 8m --models plume3d --threads 1
    /usr/bin/python3 scripts/bench/flow_scaling/run.py --report-only       # table from earlier runs
    /usr/bin/python3 scripts/bench/flow_scaling/run.py --cluster 64        # print a batch job for 64 ranks

Writes runs/bench/flow_scaling.json (every run and the best of each
configuration) and runs/bench/flow_scaling.md (the table). Each
configuration runs --repeat times, the repeats interleaved so that a burst
of load on a shared machine hits one repeat rather than all; the table
shows the fastest (total wall time). `--transport` runs the cases with the
transport part of the benchmark (120 flow and transport steps, as the
definition; scripts/bench/transport_scaling runs the same case with 10 flow
steps): the columns for its phase come from summary.json, and the MODFLOW 6
ratio becomes like for like.
"""

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "plume3d"))
import make_cases  # noqa: E402

# /work/shared/bench/plume3d/README.md: MODFLOW 6 on a 2-core machine of this
# project, whole run (flow + 120 transport steps): wall s and peak MB per rank.
MODFLOW6 = {
    (100_000, 1): (37.7, 163.0),
    (100_000, 2): (26.2, 185.0),
    (1_024_000, 1): (410.9, 1555.0),
    (1_024_000, 2): (295.0, 1343.0),
}
DEFAULT_LAUNCHER = "mpiexec -n {n} --bind-to none"


def configurations(ranks, threads, cores, oversubscribe):
    """(ranks, threads) pairs to run: more threads only where ranks x threads fit on the cores."""
    out = []
    for r in ranks:
        for t in threads:
            if t > 1 and r * t > cores and not oversubscribe:
                continue
            out.append((r, t))
    return out


def run_one(args, case, outdir, ranks, threads):
    """Runs one case; returns its summary.json as a dict (plus the command and a wall clock)."""
    cmd = [args.aquaplume, "run", case, "-o", outdir, "--quiet", *shlex.split(args.petsc_options)]
    launcher = args.launcher
    if ranks > 1 or launcher != DEFAULT_LAUNCHER:
        prefix = shlex.split(launcher.format(n=ranks))
        if launcher == DEFAULT_LAUNCHER and ranks > (os.cpu_count() or 1):
            prefix.append("--oversubscribe")
        cmd = prefix + cmd
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    if args.yield_when_idle and "OMPI_MCA_mpi_yield_when_idle" not in env:
        # Open MPI polls while a rank waits; on a machine shared with other
        # jobs that steals the core the other rank needs (2-rank runs were
        # 2-20x slower under load). Yielding costs nothing measurable when idle.
        env["OMPI_MCA_mpi_yield_when_idle"] = "1"
    if args.hugepages:
        # glibc backs large allocations with transparent huge pages (THP mode
        # "madvise", Debian's default): far fewer page faults on first touch.
        env["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=1"
    if os.geteuid() == 0:
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    load = os.getloadavg()[0]
    t0 = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.time() - t0
    if r.returncode != 0:
        sys.exit(f"flow_scaling: run failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    with open(os.path.join(outdir, "summary.json")) as f:
        summary = json.load(f)
    summary["command"] = " ".join(cmd)
    summary["process_wall_seconds"] = wall
    summary["load_average_before"] = load
    # User + system CPU of every rank (and the launcher): unlike wall time it
    # hardly moves when other jobs share the machine.
    summary["cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not args.keep_results:
        for name in ("results.h5", "results.xmf"):
            try:
                os.remove(os.path.join(outdir, name))
            except FileNotFoundError:
                pass
    return summary


def row_of(name, model, size, summary):
    """The figures of one run that the table shows."""
    cells = summary["cells"]
    ranks = summary["ranks"]
    seconds = dict(summary["seconds"])
    for key, value in summary.items():  # phases of processes after flow: seconds_transport, ...
        if key.startswith("seconds_") and isinstance(value, (int, float)):
            seconds[key[len("seconds_"):]] = value
    peak = summary["peak_memory_mb"]
    return {
        "case": name,
        "model": model,
        "size": size,
        "cells": cells,
        "ranks": ranks,
        "threads": summary["threads"],
        "seconds": seconds,
        "linear_iterations": summary["linear_iterations"],
        "outer_iterations": summary["outer_iterations"],
        "peak_memory_mb_per_rank": peak,
        # summary.json holds the largest rank's peak: ranks x that bounds the total from above.
        "bytes_per_cell": peak * 2**20 * ranks / cells,
        "max_percent_discrepancy": summary["max_percent_discrepancy"],
        "transport": any(k.startswith("seconds_transport") for k in summary),
        "cpu_seconds": summary.get("cpu_seconds"),
    }


def add_comparisons(best):
    """Parallel efficiency t(1 rank) / (n t(n ranks)) and the ratio to MODFLOW 6, in place."""
    by_key = {(b["case"], b["ranks"], b["threads"]): b for b in best}
    for b in best:
        one = by_key.get((b["case"], 1, 1))
        b["parallel_efficiency"] = None
        b["parallel_efficiency_flow"] = None
        b["cpu_efficiency"] = None
        if one and b["ranks"] > 1 and b["threads"] == 1:
            b["parallel_efficiency"] = one["seconds"]["total"] / (b["ranks"] * b["seconds"]["total"])
            b["parallel_efficiency_flow"] = one["seconds"]["flow"] / (b["ranks"] * b["seconds"]["flow"])
            if one.get("cpu_seconds") and b.get("cpu_seconds"):
                # What the efficiency would be with a core per rank and nobody else:
                # the extra CPU the n ranks spend over the single rank.
                b["cpu_efficiency"] = one["cpu_seconds"] / b["cpu_seconds"]
        mf6 = MODFLOW6.get((b["cells"], b["ranks"])) if b["model"] == "plume3d" and b["threads"] == 1 else None
        b["modflow6_seconds"] = mf6[0] if mf6 else None
        b["modflow6_peak_mb"] = mf6[1] if mf6 else None
        b["speedup_vs_modflow6"] = mf6[0] / b["seconds"]["total"] if mf6 else None
        b["modflow6_like_for_like"] = bool(mf6) and b["transport"]


def markdown(best, meta):
    phases = ["setup", "flow", "transport", "output"]
    for b in best:
        phases += [p for p in b["seconds"] if p != "total" and p not in phases]
    phases = [p for p in phases if any(p in b["seconds"] for b in best)]
    head = (["case", "cells", "ranks", "threads"] + [f"{p} s" for p in phases] +
            ["total s", "CPU s", "linear its", "peak MB/rank", "bytes/cell", "budget %",
             "efficiency (total / flow / CPU)", "MF6 s", "vs MF6"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for b in best:
        eff = "" if b["parallel_efficiency"] is None else \
            f"{100 * b['parallel_efficiency']:.0f} % / {100 * b['parallel_efficiency_flow']:.0f} %"
        if b.get("cpu_efficiency") is not None:
            eff += f" / {100 * b['cpu_efficiency']:.0f} %"
        cpu = f"{b['cpu_seconds']:.1f}" if b.get("cpu_seconds") is not None else ""
        mf6 = "" if b["modflow6_seconds"] is None else f"{b['modflow6_seconds']:g}"
        ratio = ""
        if b["speedup_vs_modflow6"] is not None:
            ratio = f"{b['speedup_vs_modflow6']:.1f}x" + ("" if b["modflow6_like_for_like"] else " (flow only)")
        cells = [b["case"], f"{b['cells']:,}", str(b["ranks"]), str(b["threads"])]
        cells += [f"{b['seconds'][p]:.2f}" if p in b["seconds"] else "" for p in phases]
        cells += [f"{b['seconds']['total']:.2f}", cpu, str(b["linear_iterations"]), f"{b['peak_memory_mb_per_rank']:.0f}",
                  f"{b['bytes_per_cell']:.0f}", f"{b['max_percent_discrepancy']:.1e}", eff, mf6, ratio]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [
        "",
        f"Best (smallest total wall time) of {meta['repeat']} runs per configuration, {meta['date']}, "
        f"{meta['host']} ({meta['cores']} cores{', glibc.malloc.hugetlb=1' if meta.get('hugepages') else ''}"
        f"{', OMPI_MCA_mpi_yield_when_idle=1' if meta.get('mpi_yield_when_idle') else ''}; load average "
        f"{min(b.get('load_average_before', 0.0) for b in best):.1f}-{max(b.get('load_average_before', 0.0) for b in best):.1f} "
        f"before the runs shown). Phases from summary.json (setup: mesh, partition, arrays, "
        "solver objects; flow: assembly and solve; output: HDF5/XDMF).",
        "Peak memory is the largest rank's resident set; bytes/cell = peak x ranks / cells (an upper bound "
        "of the total on several ranks). Efficiency = t(1 rank) / (n t(n ranks)), on the total and on the flow phase; "
        "CPU s = user + system time of all ranks (smallest of the repeats), and the CPU efficiency CPU(1 rank) / CPU(n ranks) is what the "
        "efficiency would be with one idle core per rank (wall times on a shared machine include waiting for the cores).",
    ]
    if any(b["speedup_vs_modflow6"] is not None and not b["modflow6_like_for_like"] for b in best):
        notes.append("vs MF6 = MODFLOW 6 wall time / ours. The MODFLOW 6 figures include 120 transport steps; "
                     "ours are flow only until transport exists, so the ratio is not like for like.")
    return "\n".join(lines + notes) + "\n"


def cluster_job(args):
    """Prints the batch job (scripts/bench/cluster_job.sh.in) filled in for --cluster ranks."""
    with open(os.path.join(HERE, "..", "cluster_job.sh.in")) as f:
        text = f.read()
    n = args.cluster
    fill = {
        "RANKS": str(n),
        "NODES": str(args.nodes or max(1, -(-n // args.ranks_per_node))),
        "RANKS_PER_NODE": str(min(n, args.ranks_per_node)),
        "THREADS": str(args.threads[0]),
        "TIME": args.time_limit,
        "ROOT": ROOT,
        "SIZES": " ".join(args.sizes),
        "MODELS": " ".join(args.models),
        "REPEAT": str(args.repeat),
        "TRANSPORT": "--transport" if args.transport else "",
    }
    for key, value in fill.items():
        text = text.replace(f"@{key}@", value)
    print(text, end="")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", nargs="+", choices=list(make_cases.SIZES), default=["100k", "1m"])
    p.add_argument("--models", nargs="+", choices=sorted(make_cases.MODELS), default=["plume3d", "hetero2"])
    p.add_argument("--ranks", nargs="+", type=int, default=[1, 2])
    p.add_argument("--threads", nargs="+", type=int, default=[1, 2],
                   help="OpenMP threads per rank; more than 1 only where ranks x threads <= cores")
    p.add_argument("--repeat", type=int, default=2, help="runs per configuration; the fastest is reported")
    p.add_argument("--out", default=os.path.join(ROOT, "runs", "bench"))
    p.add_argument("--aquaplume", default=os.path.join(ROOT, "build", "aquaplume"))
    p.add_argument("--launcher", default=DEFAULT_LAUNCHER,
                   help="command prefix that starts {n} ranks (cluster: 'srun -n {n}')")
    p.add_argument("--oversubscribe", action="store_true", help="also run ranks x threads > cores")
    p.add_argument("--petsc-options", default="", help="extra PETSc options for every run, e.g. '-log_view'")
    p.add_argument("--transport", action="store_true", help="run the cases with the transport part")
    p.add_argument("--keep-results", action="store_true", help="keep results.h5 of every run (large)")
    p.add_argument("--hugepages", action="store_true",
                   help="run with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (transparent huge pages for malloc)")
    p.add_argument("--no-yield", dest="yield_when_idle", action="store_false",
                   help="let waiting Open MPI ranks poll (default: OMPI_MCA_mpi_yield_when_idle=1)")
    p.add_argument("--tag", default="", help="suffix of the output files: flow_scaling_<tag>.json/.md")
    p.add_argument("--report-only", action="store_true", help="rebuild the table from flow_scaling.json")
    p.add_argument("--cluster", type=int, metavar="N", help="print a batch job for N ranks and stop")
    p.add_argument("--ranks-per-node", type=int, default=32, help="for --cluster")
    p.add_argument("--nodes", type=int, help="for --cluster (default: N / ranks-per-node)")
    p.add_argument("--time-limit", default="01:00:00", help="for --cluster")
    args = p.parse_args()

    if args.cluster:
        cluster_job(args)
        return
    stem = "flow_scaling" + (f"_{args.tag}" if args.tag else "")
    json_path = os.path.join(args.out, stem + ".json")
    md_path = os.path.join(args.out, stem + ".md")
    if args.report_only:
        with open(json_path) as f:
            data = json.load(f)
        with open(md_path, "w") as f:
            f.write(markdown(data["best"], data["meta"]))
        print(open(md_path).read())
        return

    if not os.path.exists(args.aquaplume):
        sys.exit(f"flow_scaling: {args.aquaplume} not found; build first (scripts/build.sh)")
    cases = make_cases.write_cases(args.out, args.models, args.sizes, transport=args.transport, quiet=True)
    cores = os.cpu_count() or 1
    configs = configurations(args.ranks, args.threads, cores, args.oversubscribe)
    runs = []
    for rep in range(args.repeat):
        for name, case in cases.items():
            model, size = name.split("_", 1)
            for ranks, threads in configs:
                outdir = os.path.join(args.out, "out", name + ("_transport" if args.transport else ""),
                                      f"np{ranks}_t{threads}_run{rep + 1}")
                s = run_one(args, case, outdir, ranks, threads)
                row = row_of(name, model, size, s)
                row["repeat"] = rep + 1
                row["command"] = s["command"]
                row["load_average_before"] = s["load_average_before"]
                runs.append(row)
                print(f"{name:14s} np {ranks} x {threads} thr  run {rep + 1}: total {row['seconds']['total']:7.2f} s "
                      f"(setup {row['seconds']['setup']:.2f}, flow {row['seconds']['flow']:.2f}, "
                      f"output {row['seconds']['output']:.2f}), {row['linear_iterations']} its, "
                      f"{row['peak_memory_mb_per_rank']:.0f} MB/rank, load {row['load_average_before']:.1f}", flush=True)
    best = {}
    for r in runs:
        key = (r["case"], r["ranks"], r["threads"])
        if key not in best or r["seconds"]["total"] < best[key]["seconds"]["total"]:
            best[key] = r
    for key, b in best.items():
        cpu = [r["cpu_seconds"] for r in runs if (r["case"], r["ranks"], r["threads"]) == key and r.get("cpu_seconds")]
        b["cpu_seconds"] = min(cpu) if cpu else None  # the least disturbed of the repeats
    best = sorted(best.values(), key=lambda b: (b["model"], b["cells"], b["ranks"], b["threads"]))
    add_comparisons(best)
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "host": os.uname().nodename,
        "cores": cores,
        "repeat": args.repeat,
        "aquaplume": args.aquaplume,
        "git": subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip(),
        "petsc_options": args.petsc_options,
        "hugepages": args.hugepages,
        "mpi_yield_when_idle": args.yield_when_idle,
        "load_average_at_end": os.getloadavg(),
    }
    os.makedirs(args.out, exist_ok=True)
    with open(json_path, "w") as f:
        json.dump({"meta": meta, "best": best, "runs": runs}, f, indent=1)
    with open(md_path, "w") as f:
        f.write(markdown(best, meta))
    print()
    print(open(md_path).read())
    print(f"written: {json_path}, {md_path}")


if __name__ == "__main__":
    main()
