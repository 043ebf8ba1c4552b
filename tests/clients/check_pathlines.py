"""Client test: ParaView (pvpython) opens the pathlines of a run
(tracking/pathlines.vtp and tracking/protection_zone_pathlines.vtp), finds
one line per particle and the travel_time point array with the range of
/tracking/.../pathlines/travel_time in results.h5.

usage: check_pathlines.py CASE [--ranks 2]
"""

import argparse
import os
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

# Runs inside pvpython: per file, the number of lines and points and the travel_time range.
PV_SCRIPT = r"""
import json, sys
from paraview.simple import OpenDataFile, servermanager
out = {}
for path in sys.argv[1:]:
    reader = OpenDataFile(path)
    reader.UpdatePipeline()
    data = servermanager.Fetch(reader)
    pd = data.GetPointData()
    arrays = sorted(pd.GetArrayName(i) for i in range(pd.GetNumberOfArrays()))
    a = pd.GetArray("travel_time")
    out[path] = {"lines": data.GetNumberOfLines(), "points": data.GetNumberOfPoints(), "arrays": arrays,
                 "travel_time": list(a.GetRange()) if a is not None else None}
print("RESULT " + json.dumps(out))
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, default=2)
    args = p.parse_args()
    case = t.source_path(args.case)
    with tempfile.TemporaryDirectory(prefix="aquaplume_pathlines_") as tmp:
        out = os.path.join(tmp, "run")
        t.run(case, out, ranks=args.ranks)
        expected = {}
        with h5py.File(os.path.join(out, "results.h5"), "r") as h5:
            for group, file in [("tracking", "pathlines.vtp"), ("tracking/protection_zones", "protection_zone_pathlines.vtp")]:
                if group + "/pathlines" not in h5:
                    continue
                travel = h5[group + "/pathlines/travel_time"][()]
                expected[os.path.join(out, "tracking", file)] = {
                    "lines": h5[group + "/endpoints/particle_id"].shape[0],
                    "travel_time": [float(travel.min()), float(travel.max())]}
        if not expected:
            sys.exit("the run wrote no pathlines")
        seen = t.run_pvpython(PV_SCRIPT, tmp, expected)
        failures = []
        for path, want in expected.items():
            info = seen[path]
            name = os.path.basename(path)
            print(f"{name}: {info['lines']} lines, {info['points']} points, arrays {info['arrays']}, "
                  f"travel_time {info['travel_time']}")
            if info["lines"] != want["lines"]:
                failures.append(f"{name}: {info['lines']} lines, expected one per particle: {want['lines']}")
            if info["travel_time"] is None:
                failures.append(f"{name}: no travel_time point array")
            elif not np.allclose(info["travel_time"], want["travel_time"], rtol=1e-12, atol=0):
                failures.append(f"{name}: travel_time range {info['travel_time']} != results.h5 {want['travel_time']}")
        if failures:
            print("\n".join(failures))
            sys.exit(1)
        print("ParaView opens the pathlines: one line per particle, travel_time as in results.h5")


if __name__ == "__main__":
    main()
