"""Rank invariance: runs a case on several rank (and thread) counts and checks
that every field of results.h5 equals the 1-rank run to a relative tolerance,
that the mesh and time datasets are identical, and that every run's water
budget closes.

usage: compare_ranks.py CASE --ranks 1 2 3 4 [--threads 1 2] [--tol 1e-8] [--name NAME]
                        [--partition ptscotch] [--whole-file]

--partition METHOD  runs a copy of the case (its directory copied to a
                    temporary one) with `partition: METHOD` in place of the
                    case's `partition:` line.
--whole-file        compares all of results.h5: the same groups, datasets
                    (shape, type) and attributes (except `created`); every
                    dataset under /mesh and /time bitwise, /fields to --tol,
                    /budget to --tol of the budget's largest rate.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def with_partition(case, method, tmp):
    """A copy of the case's directory in which the case uses `method`."""
    copy_dir = os.path.join(tmp, "case")
    shutil.copytree(os.path.dirname(case), copy_dir)
    path = os.path.join(copy_dir, os.path.basename(case))
    text = open(path).read()
    text, n = re.subn(r"(?m)^(\s*partition:\s*)\w+", rf"\g<1>{method}", text)
    if n != 1:
        sys.exit(f"{case}: expected one 'partition:' line to replace, found {n}")
    with open(path, "w") as f:
        f.write(text)
    return path


def objects(h5):
    """name -> object for every group and dataset, and '/' for the root."""
    out = {"/": h5}
    h5.visititems(lambda name, obj: out.__setitem__(name, obj))
    return out


# Attributes that may differ between two runs of the same case: the clock,
# and (for --partition, which runs an edited copy) the case file's path and hash.
SKIPPED_ATTRIBUTES = {"created"}


def attributes(obj):
    return {k: np.asarray(v).tolist() for k, v in obj.attrs.items() if k not in SKIPPED_ATTRIBUTES}


def compare_whole(ref, other, tol, where):
    """Differences between two results files, as messages."""
    failures = []
    a, b = objects(ref), objects(other)
    if sorted(a) != sorted(b):
        failures.append(f"objects differ {where}: only in 1 rank {sorted(set(a) - set(b))}, "
                        f"only here {sorted(set(b) - set(a))}")
    budget_scale = {}
    for name in sorted(set(a) & set(b)):
        x, y = a[name], b[name]
        if attributes(x) != attributes(y):
            failures.append(f"{name}: attributes differ {where}: {attributes(x)} != {attributes(y)}")
        if not isinstance(x, h5py.Dataset):
            continue
        if x.shape != y.shape or x.dtype != y.dtype:
            failures.append(f"{name}: {x.shape} {x.dtype} != {y.shape} {y.dtype} {where}")
            continue
        u, v = x[()], y[()]
        if name.startswith("mesh/") or name == "time":
            if u.tobytes() != v.tobytes():
                failures.append(f"{name}: not bitwise equal {where}")
        elif name.startswith("budget/"):
            # Rates are sums over cells, so they depend on the rank count at
            # rounding level; compare against the largest rate of the budget.
            group = name.split("/")[1]
            if group not in budget_scale:
                scale = 0.0
                for total in ("total_in", "total_out"):
                    if f"budget/{group}/{total}" in ref:
                        scale = max(scale, float(np.max(np.abs(ref[f"budget/{group}/{total}"][()]))))
                budget_scale[group] = scale
            scale = budget_scale[group]
            if name.endswith("percent_discrepancy") or name.endswith(("/time", "/period", "/step")):
                limit = 1e-6 if name.endswith("percent_discrepancy") else 0.0
                d = float(np.max(np.abs(u - v))) if u.size else 0.0
            else:
                cumulative = name.split("/")[-1].startswith("cumulative")
                times = ref[f"budget/{group}/time"][()] if cumulative else None
                limit = tol * scale * (float(np.max(times)) if cumulative else 1.0)
                d = float(np.max(np.abs(u - v))) if u.size else 0.0
            if not d <= limit:
                failures.append(f"{name}: differs by {d:.3e} > {limit:.3e} {where}")
        elif not name.startswith("fields/"):
            if u.tobytes() != v.tobytes():
                failures.append(f"{name}: not bitwise equal {where}")
    return failures


def check_budget(outdir, tol, where):
    with open(os.path.join(outdir, "summary.json")) as f:
        worst = json.load(f)["max_percent_discrepancy"]
    return [] if worst <= tol else [f"budget discrepancy {worst:.3e} % > {tol:g} % {where}"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--threads", type=int, nargs="+", default=[1])
    p.add_argument("--tol", type=float, default=1e-8)
    p.add_argument("--budget-tol", type=float, default=1e-6, help="largest budget discrepancy of any step [%%]")
    p.add_argument("--name", default=None)
    p.add_argument("--partition", default=None, help="run with this solver.partition instead of the case's")
    p.add_argument("--whole-file", action="store_true", help="compare every object and attribute of results.h5")
    args = p.parse_args()
    case = t.source_path(args.case)
    name = args.name or os.path.basename(os.path.dirname(case))

    if args.partition:
        SKIPPED_ATTRIBUTES.update({"case_file", "case_hash_sha256"})
    with tempfile.TemporaryDirectory(prefix="aquaplume_ranks_") as tmp:
        ref_case = case
        # The reference always runs the case as written, on 1 rank and 1 thread.
        run_case = with_partition(case, args.partition, tmp) if args.partition else case
        ref_dir = os.path.join(tmp, "np1_t1")
        t.run(ref_case, ref_dir, ranks=1, threads=1)
        failures = check_budget(ref_dir, args.budget_tol, "on 1 rank")
        ref = h5py.File(os.path.join(ref_dir, "results.h5"), "r")
        fields = t.field_names(ref)
        worst = 0.0
        for ranks in args.ranks:
            for threads in args.threads:
                if ranks == 1 and threads == 1 and not args.partition:
                    continue
                where = f"on {ranks} ranks x {threads} threads" + (f" ({args.partition})" if args.partition else "")
                out = os.path.join(tmp, f"np{ranks}_t{threads}")
                t.run(run_case, out, ranks=ranks, threads=threads)
                failures += check_budget(out, args.budget_tol, where)
                other = h5py.File(os.path.join(out, "results.h5"), "r")
                for exact in ["mesh/cell_centers", "mesh/cells", "mesh/nodes", "mesh/cell_volumes", "time"]:
                    if not np.array_equal(ref[exact][()], other[exact][()]):
                        failures.append(f"{exact} differs {where}")
                for f in fields:
                    d = t.max_relative_difference(ref[f][()], other[f][()])
                    worst = max(worst, d)
                    if not d <= args.tol:
                        failures.append(f"{f}: relative difference {d:.3e} > {args.tol:g} {where}")
                if args.whole_file:
                    failures += compare_whole(ref, other, args.tol, where)
                other.close()
        t.verify(f"rank_invariance_{name}" + (f"_{args.partition}" if args.partition else ""),
                 "max_rel_field_difference", worst, args.tol)
        if failures:
            print("\n".join(failures))
            sys.exit(1)
        print(f"{name}: fields {', '.join(fields)} agree on ranks {args.ranks} x threads {args.threads}"
              + (f" with partition {args.partition}" if args.partition else "")
              + (" (whole file)" if args.whole_file else ""))


if __name__ == "__main__":
    main()
