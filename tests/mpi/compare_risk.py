"""Rank invariance of the risk products: runs a case with `risk:` on several
rank counts and checks against the 1-rank run that the per-cell risk fields
(/risk/...) agree to a relative tolerance, that risk_summary.json has the same
extents (cell and column counts exactly; areas, volumes, masses, distances,
arrival times and receptor concentrations to the tolerance), and that the
GeoJSON outlines are identical.

Concentrations differ between rank counts at the level of the transport
solver's tolerances, hence --tol (relative) and --atol (mg/L).

usage: compare_risk.py CASE --ranks 1 2 [--tol 1e-6] [--atol 1e-6]
"""

import argparse
import glob
import json
import math
import os
import sys
import tempfile

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def compare_json(a, b, tol, path, failures, atol=1e-6):
    """Numbers to |a - b| <= tol max(|a|, |b|) + atol (atol: the transport's concentration tolerance,
    1e-6 mg/L, for concentrations near zero), the rest exactly."""
    if isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            failures.append(f"{path}: keys differ")
        for k in set(a) & set(b):
            compare_json(a[k], b[k], tol, f"{path}.{k}", failures, atol)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            failures.append(f"{path}: {len(a)} != {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            compare_json(x, y, tol, f"{path}[{i}]", failures, atol)
    elif isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or math.isnan(a) != math.isnan(b):
            failures.append(f"{path}: {a} != {b}")
        elif abs(a - b) > tol * max(abs(a), abs(b)) + atol:
            failures.append(f"{path}: {a} != {b}")
    elif a != b and not (path.endswith(".file")):
        failures.append(f"{path}: {a} != {b}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    p.add_argument("--tol", type=float, default=1e-6)
    p.add_argument("--atol", type=float, default=1e-6)
    args = p.parse_args()
    case = t.source_path(args.case)
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_risk_ranks_") as tmp:
        runs = {}
        for n in args.ranks:
            out = os.path.join(tmp, f"np{n}")
            t.run(case, out, ranks=n)
            runs[n] = out
        ref = runs[args.ranks[0]]
        with open(os.path.join(ref, "risk_summary.json")) as f:
            ref_summary = json.load(f)
        for n in args.ranks[1:]:
            out = runs[n]
            worst = 0.0
            with h5py.File(os.path.join(ref, "results.h5"), "r") as a, h5py.File(os.path.join(out, "results.h5"), "r") as b:
                names = []
                a["risk"].visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
                for name in names:
                    d = t.max_relative_difference(a["risk/" + name][()], b["risk/" + name][()])
                    worst = max(worst, d)
                    if not d <= args.tol:
                        failures.append(f"/risk/{name}: differs by {d:.3e} on {n} ranks")
            t.verify(f"risk_rank_invariance_np{n}", "risk_datasets_max_rel_difference", worst, args.tol)
            with open(os.path.join(out, "risk_summary.json")) as f:
                compare_json(ref_summary, json.load(f), args.tol, f"risk_summary.json(np{n})", failures, args.atol)
            for path in sorted(glob.glob(os.path.join(ref, "risk", "*.geojson"))):
                other = os.path.join(out, "risk", os.path.basename(path))
                with open(path) as f1, open(other) as f2:
                    g1, g2 = json.load(f1), json.load(f2)
                if [x["geometry"] for x in g1["features"]] != [x["geometry"] for x in g2["features"]]:
                    failures.append(f"{os.path.basename(path)}: outline differs on {n} ranks")
    if failures:
        print("\n".join(failures[:40]))
        sys.exit(1)
    print(f"risk products agree on {args.ranks} ranks")


if __name__ == "__main__":
    main()
