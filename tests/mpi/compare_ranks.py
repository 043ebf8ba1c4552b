"""Rank invariance: runs a case on several rank (and thread) counts and checks
that every field of results.h5 equals the 1-rank run to a relative tolerance,
and that the mesh and time datasets are identical.

usage: compare_ranks.py CASE --ranks 1 2 3 4 [--threads 1 2] [--tol 1e-8] [--name NAME]
"""

import argparse
import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--threads", type=int, nargs="+", default=[1])
    p.add_argument("--tol", type=float, default=1e-8)
    p.add_argument("--name", default=None)
    args = p.parse_args()
    case = args.case if os.path.isabs(args.case) else os.path.join(t.SOURCE_DIR, args.case)
    name = args.name or os.path.basename(os.path.dirname(case))

    with tempfile.TemporaryDirectory(prefix="aquaplume_ranks_") as tmp:
        ref_dir = os.path.join(tmp, "np1_t1")
        t.run(case, ref_dir, ranks=1, threads=1)
        ref = h5py.File(os.path.join(ref_dir, "results.h5"), "r")
        fields = t.field_names(ref)
        worst = 0.0
        failures = []
        for ranks in args.ranks:
            for threads in args.threads:
                if ranks == 1 and threads == 1:
                    continue
                out = os.path.join(tmp, f"np{ranks}_t{threads}")
                t.run(case, out, ranks=ranks, threads=threads)
                other = h5py.File(os.path.join(out, "results.h5"), "r")
                for exact in ["mesh/cell_centers", "mesh/cells", "mesh/nodes", "mesh/cell_volumes", "time"]:
                    if not np.array_equal(ref[exact][()], other[exact][()]):
                        failures.append(f"{exact} differs on {ranks} ranks x {threads} threads")
                for f in fields:
                    d = t.max_relative_difference(ref[f][()], other[f][()])
                    worst = max(worst, d)
                    if not d <= args.tol:
                        failures.append(f"{f}: relative difference {d:.3e} > {args.tol:g} on {ranks} ranks x {threads} threads")
                other.close()
        t.verify(f"rank_invariance_{name}", "max_rel_field_difference", worst, args.tol)
        if failures:
            print("\n".join(failures))
            sys.exit(1)
        print(f"{name}: fields {', '.join(fields)} agree on ranks {args.ranks} x threads {args.threads}")


if __name__ == "__main__":
    main()
