"""Client test: ParaView (pvpython) opens results.xmf, results.pvd and the
last saved vtk/step_*.pvtu of a run and sees N cells and a head array with
the range of /fields/head in results.h5.

usage: check_paraview.py CASE [--ranks 2]
"""

import argparse
import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

# Runs inside pvpython: prints, per file, the cell count and the head range of the last time.
PV_SCRIPT = r"""
import json, sys
from paraview.simple import OpenDataFile, UpdatePipeline, servermanager
out = {}
for path in sys.argv[1:]:
    reader = OpenDataFile(path)
    tv = reader.TimestepValues if hasattr(reader, "TimestepValues") else []
    times = list(tv) if hasattr(tv, "__len__") else [tv]
    t = times[-1] if times else None
    reader.UpdatePipeline(t) if t is not None else reader.UpdatePipeline()
    data = servermanager.Fetch(reader)
    if data.IsA("vtkCompositeDataSet"):
        it = data.NewIterator(); it.InitTraversal(); blocks = []
        while not it.IsDoneWithTraversal():
            blocks.append(it.GetCurrentDataObject()); it.GoToNextItem()
    else:
        blocks = [data]
    cells = sum(b.GetNumberOfCells() for b in blocks)
    lo, hi = float("inf"), float("-inf")
    arrays = set()
    for b in blocks:
        cd = b.GetCellData()
        for i in range(cd.GetNumberOfArrays()):
            arrays.add(cd.GetArrayName(i))
        a = cd.GetArray("head")
        if a is not None:
            r = a.GetRange(); lo = min(lo, r[0]); hi = max(hi, r[1])
    out[path] = {"cells": cells, "head_min": lo, "head_max": hi, "arrays": sorted(arrays), "times": len(times)}
print("RESULT " + json.dumps(out))
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, default=2)
    args = p.parse_args()
    case = t.source_path(args.case)
    with tempfile.TemporaryDirectory(prefix="aquaplume_client_") as tmp:
        out = os.path.join(tmp, "run")
        t.run(case, out, ranks=args.ranks)
        with h5py.File(os.path.join(out, "results.h5"), "r") as h5:
            n = h5["mesh/cell_centers"].shape[0]
            head = h5["fields/head"][-1]
            expected = (float(np.nanmin(head)), float(np.nanmax(head)))
            n_times = h5["time"].shape[0]
        files = [os.path.join(out, "results.xmf"), os.path.join(out, "results.pvd")]
        pieces = sorted(f for f in os.listdir(os.path.join(out, "vtk")) if f.endswith(".pvtu"))
        if not pieces:
            sys.exit("no vtk/*.pvtu written")
        files.append(os.path.join(out, "vtk", pieces[-1]))  # the last saved time, one piece per rank
        seen = t.run_pvpython(PV_SCRIPT, tmp, files)
        failures = []
        for path, info in seen.items():
            name = os.path.basename(path)
            print(f"{name}: {info['cells']} cells, head {info['head_min']:.6f} .. {info['head_max']:.6f}, "
                  f"{info['times']} times, arrays {info['arrays']}")
            if info["cells"] != n:
                failures.append(f"{name}: {info['cells']} cells, expected {n}")
            if not np.allclose([info["head_min"], info["head_max"]], expected, rtol=1e-12, atol=1e-12):
                failures.append(f"{name}: head range {info['head_min']}..{info['head_max']} != h5 {expected}")
            if name.endswith(".pvtu"):
                continue  # one time per file
            if info["times"] not in (0, n_times) and not (n_times == 1 and info["times"] <= 1):
                failures.append(f"{name}: {info['times']} times, expected {n_times}")
        if failures:
            print("\n".join(failures))
            sys.exit(1)
        print(f"ParaView opens results.xmf, results.pvd and {pieces[-1]} with {n} cells and the HDF5 head range")


if __name__ == "__main__":
    main()
