"""Client test: ParaView (pvpython) shows the risk zones. Runs a case with
`risk:` and, in pvpython:

- opens results.xmf at the last saved time, which must be
  the last prediction time, and finds the risk fields (max_concentration,
  first_exceedance_time, first_detection_time, risk_class per species and
  max_risk_class);
- thresholds the concentration of each species above its standard and
  integrates the cell volume: the exceedance volume in risk_summary.json;
- turns the exceedance outline (risk/extent_<species>_<time>_exceedance.geojson)
  into VTK polygons (.vtp), opens that file and integrates its area: the
  exceedance area in risk_summary.json.

usage: check_risk_paraview.py CASE [--ranks 1]
"""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

# Runs inside pvpython: argv = run directory, then species:standard pairs.
PV_SCRIPT = r"""
import json, os, sys
from paraview.simple import (OpenDataFile, Threshold, IntegrateVariables, servermanager)
from vtkmodules.vtkCommonCore import vtkPoints, vtkIntArray
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkIOXML import vtkXMLPolyDataWriter

run = sys.argv[1]
summary = json.load(open(os.path.join(run, "risk_summary.json")))
last = summary["extents"][-1]["label"]
out = {"arrays": {}, "volume": {}, "area": {}}

def cell_arrays(data):
    names = set()
    if data.IsA("vtkCompositeDataSet"):
        it = data.NewIterator(); it.InitTraversal(); blocks = []
        while not it.IsDoneWithTraversal():
            blocks.append(it.GetCurrentDataObject()); it.GoToNextItem()
    else:
        blocks = [data]
    for b in blocks:
        cd = b.GetCellData()
        for i in range(cd.GetNumberOfArrays()):
            names.add(cd.GetArrayName(i))
    return sorted(names)

def integrated(source, array):
    result = IntegrateVariables(Input=source)
    result.UpdatePipeline()
    data = servermanager.Fetch(result)
    a = data.GetCellData().GetArray(array)
    return a.GetValue(0) if a is not None else 0.0

for name in ("results.xmf",):
    reader = OpenDataFile(os.path.join(run, name))
    t_last = list(reader.TimestepValues)[-1]
    reader.UpdatePipeline(t_last)
    out["arrays"][name] = cell_arrays(servermanager.Fetch(reader))
    out["time_" + name] = t_last
    for e in summary["extents"]:
        if e["label"] != last:
            continue
        species = e["species"]
        standard = e["exceedance"]["threshold"]
        above = Threshold(Input=reader, Scalars=["CELLS", "concentration/" + species])
        if hasattr(above, "LowerThreshold"):
            above.LowerThreshold = standard * (1 + 1e-12)
            above.UpperThreshold = 1e30
        else:
            above.ThresholdRange = [standard * (1 + 1e-12), 1e30]
        above.UpdatePipeline(t_last)
        out["volume"][species] = integrated(above, "Volume")

        # The GeoJSON outline as VTK polygons (holes flagged, their area subtracted).
        geo = json.load(open(os.path.join(run, e["exceedance"]["geojson"])))
        points, polys, hole = vtkPoints(), vtkCellArray(), vtkIntArray()
        points.SetDataTypeToDouble()  # projected coordinates (x ~ 5e5, y ~ 3e6 m) need more than float32
        hole.SetName("hole")
        for feature in geo["features"]:
            for polygon in feature["geometry"]["coordinates"]:
                for k, ring in enumerate(polygon):
                    ids = [points.InsertNextPoint(x, y, 0.0) for x, y in ring[:-1]]
                    polys.InsertNextCell(len(ids), ids)
                    hole.InsertNextValue(1 if k > 0 else 0)
        poly = vtkPolyData(); poly.SetPoints(points); poly.SetPolys(polys); poly.GetCellData().AddArray(hole)
        path = os.path.join(run, "extent_%s.vtp" % species)
        w = vtkXMLPolyDataWriter(); w.SetFileName(path); w.SetInputData(poly); w.Write()
        outline = OpenDataFile(path)
        outline.UpdatePipeline()
        data = servermanager.Fetch(outline)
        area = 0.0
        for c in range(data.GetNumberOfCells()):
            cell = data.GetCell(c)
            pts = [cell.GetPoints().GetPoint(i) for i in range(cell.GetNumberOfPoints())]
            a = 0.5 * abs(sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(pts, pts[1:] + pts[:1])))
            area += -a if data.GetCellData().GetArray("hole").GetValue(c) else a
        out["area"][species] = area
print("RESULT " + json.dumps(out))
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, default=1)
    args = p.parse_args()
    case = t.source_path(args.case)
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_risk_pv_") as tmp:
        out = os.path.join(tmp, "run")
        t.run(case, out, ranks=args.ranks)
        with open(os.path.join(out, "risk_summary.json")) as f:
            summary = json.load(f)
        seen = t.run_pvpython(PV_SCRIPT, tmp, [out])
    last = summary["extents"][-1]["label"]
    species = [s["species"] for s in summary["species"]]
    if abs(seen["time_results.xmf"] - summary["prediction_times"][-1]["time"]) > 1e-9:
        failures.append("the last saved time is not the last prediction time")
    for name, arrays in seen["arrays"].items():
        wanted = ["max_risk_class"] + [f"{a}/{s}" for s in species for a in
                                       ("max_concentration", "first_exceedance_time", "first_detection_time",
                                        "risk_class")]
        missing = [a for a in wanted if a not in arrays]
        if missing:
            failures.append(f"{name}: ParaView does not show {missing} (has {arrays})")
    shown = 0
    for e in summary["extents"]:
        if e["label"] != last:
            continue
        s = e["species"]
        volume, area = e["exceedance"]["volume"], e["exceedance"]["area"]
        t.verify(f"risk_paraview_{s}", "exceedance_volume_rel_error",
                 abs(seen["volume"][s] - volume) / max(volume, 1e-300), 1e-9)
        t.verify(f"risk_paraview_{s}", "geojson_area_rel_error", abs(seen["area"][s] - area) / max(area, 1e-300), 1e-9)
        # A species may meet the standard everywhere (an empty extent: both 0);
        # at least one must exceed somewhere for the test to mean anything.
        shown += volume > 0 and area > 0
        if abs(seen["volume"][s] - volume) > 1e-9 * volume:
            failures.append(f"{s}: ParaView threshold volume {seen['volume'][s]}, risk_summary.json {volume}")
        if abs(seen["area"][s] - area) > 1e-9 * area:
            failures.append(f"{s}: area of the GeoJSON outline in ParaView {seen['area'][s]}, risk_summary.json {area}")
    if not shown:
        failures.append(f"no species exceeds its standard at {last}: nothing for ParaView to show")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("ParaView shows the risk fields and the exceedance outlines")


if __name__ == "__main__":
    main()
