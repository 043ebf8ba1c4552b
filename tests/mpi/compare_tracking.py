"""Rank invariance of particle tracking: runs a case on several rank counts and
checks that every /tracking dataset of results.h5 (endpoints, pathlines,
protection zones, receptors) agrees with the 1-rank run: integers and names
exactly (particle ids, statuses, cells, zone cells), numbers to a relative
tolerance of their spread (the flows differ by the flow solver's tolerance),
and the zone areas of summary.json exactly.

usage: compare_tracking.py CASE --ranks 1 2 [--tol 1e-6]
"""

import argparse
import json
import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def tracking_datasets(h5):
    out = {}
    h5["tracking"].visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def zone_areas(directory):
    with open(os.path.join(directory, "summary.json")) as f:
        summary = json.load(f)["tracking"]
    return [(z["well"], q["zone"], q["area"], q["columns"]) for z in summary.get("protection_zones", []) for q in z["zones"]]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--tol", type=float, default=1e-6)
    args = p.parse_args()
    case = t.source_path(args.case)
    name = os.path.basename(os.path.dirname(case))
    with tempfile.TemporaryDirectory(prefix="aquaplume_tracking_") as tmp:
        ref_dir = os.path.join(tmp, "np1")
        t.run(case, ref_dir, ranks=1)
        with h5py.File(os.path.join(ref_dir, "results.h5"), "r") as f:
            ref = tracking_datasets(f)
        failures, worst = [], 0.0
        for ranks in args.ranks:
            if ranks == 1:
                continue
            out = os.path.join(tmp, f"np{ranks}")
            t.run(case, out, ranks=ranks)
            with h5py.File(os.path.join(out, "results.h5"), "r") as f:
                other = tracking_datasets(f)
            if set(ref) != set(other):
                failures.append(f"datasets differ on {ranks} ranks: {sorted(set(ref) ^ set(other))}")
            for key in sorted(set(ref) & set(other)):
                a, b = ref[key], other[key]
                if a.shape != b.shape:
                    failures.append(f"/tracking/{key}: shape {a.shape} on 1 rank, {b.shape} on {ranks}")
                elif a.dtype.kind in "iuSO" or key.endswith("cell_zone"):
                    if not np.array_equal(a, b):
                        failures.append(f"/tracking/{key} differs on {ranks} ranks")
                else:
                    finite = np.isfinite(a)
                    if not np.array_equal(finite, np.isfinite(b)):
                        failures.append(f"/tracking/{key}: NaN pattern differs on {ranks} ranks")
                        continue
                    if not finite.any():
                        continue
                    spread = max(float(np.ptp(a[finite])), float(np.max(np.abs(a[finite]))) * 1e-12, 1e-300)
                    d = float(np.max(np.abs(a[finite] - b[finite]))) / spread
                    worst = max(worst, d)
                    if d > args.tol:
                        failures.append(f"/tracking/{key}: difference {d:.3e} of its spread on {ranks} ranks")
            if zone_areas(ref_dir) != zone_areas(out):
                failures.append(f"zone areas differ on {ranks} ranks: {zone_areas(ref_dir)} vs {zone_areas(out)}")
        t.verify(f"rank_invariance_tracking_{name}", "max_rel_endpoint_difference", worst, args.tol)
        if failures:
            print("\n".join(failures))
            sys.exit(1)
        print(f"{name}: {len(ref)} /tracking datasets agree on ranks {args.ranks}; zone areas identical")


if __name__ == "__main__":
    main()
