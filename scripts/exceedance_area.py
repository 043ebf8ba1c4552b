#!/usr/bin/env python3
"""Plan area where groundwater exceeds a quality standard, from results.h5.

    /usr/bin/python3 scripts/exceedance_area.py runs/study_area/results.h5 --time 1000
    /usr/bin/python3 scripts/exceedance_area.py RESULTS.h5 [--time T] [--class III]
        [--standard cases/standards/gb14848-2017.yaml] [--species chloride ...] [--layers 1 3] [--json]

For each species of the results (or those named), the limit of the chosen
class of GB/T 14848-2017 (class III by default: the limit for drinking-water
sources) is looked up by the species name or one of the standard's aliases.
A grid column exceeds when the concentration of any of the chosen layers
(default all) is above the limit at the saved time nearest `--time` (which
must be a saved time within 1e-6 of it; default the last). The area is the
sum of the plan areas of those columns [m2 in a case of metres], so a plume
counts once however many layers it fills; the largest concentration is
printed too. Species without a limit in the standard are listed and skipped.
"""

import argparse
import json
import sys
from pathlib import Path

import h5py
import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_STANDARD = HERE.parent / "cases" / "standards" / "gb14848-2017.yaml"


def limits_of(standard_file, class_name):
    """{name or alias: (key, limit in mg/L)} of the class."""
    doc = yaml.safe_load(Path(standard_file).read_text(encoding="utf-8"))
    out = {}
    for key, item in doc["indicators"].items():
        limit = item.get("limits", {}).get(class_name)
        if not isinstance(limit, (int, float)):
            continue  # "not detected" or a class V "> x"
        factor = 1e-3 if str(item.get("unit", "mg/L")).startswith(("µg", "ug")) else 1.0
        for name in [key] + list(item.get("aliases", [])):
            out[str(name).lower()] = (key, float(limit) * factor)
    return out


def plan_areas(f):
    """Plan area of each cell and its column id (row, col) from the mesh."""
    nodes = f["/mesh/nodes"][:]
    cells = f["/mesh/cells"][:]
    xy = nodes[cells][:, :, :2]  # [N, 8, 2]
    area = (xy[:, :, 0].max(axis=1) - xy[:, :, 0].min(axis=1)) * (xy[:, :, 1].max(axis=1) - xy[:, :, 1].min(axis=1))
    index = f["/mesh/cell_index"][:]  # 1-based layer, row, col
    return area, index


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--time", type=float, default=None, help="saved time (case time unit); default the last")
    parser.add_argument("--class", dest="klass", default="III", help="quality class I..IV (default III)")
    parser.add_argument("--standard", default=str(DEFAULT_STANDARD))
    parser.add_argument("--species", nargs="*", default=None)
    parser.add_argument("--layers", nargs=2, type=int, default=None, metavar=("FIRST", "LAST"))
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()

    limits = limits_of(args.standard, args.klass)
    with h5py.File(args.results, "r") as f:
        times = f["/time"][:]
        if args.time is None:
            t_index = len(times) - 1
        else:
            t_index = int(np.argmin(np.abs(times - args.time)))
            if abs(times[t_index] - args.time) > 1e-6 * max(1.0, abs(args.time)):
                sys.exit(f"no saved time {args.time}; the saved times are {list(times)}")
        area, index = plan_areas(f)
        layer, row, col = index[:, 0], index[:, 1], index[:, 2]
        chosen = np.ones(len(area), bool)
        if args.layers:
            chosen = (layer >= args.layers[0]) & (layer <= args.layers[1])
        ncol = int(col.max())
        column_id = (row - 1) * ncol + (col - 1)
        top = layer == layer.min()
        column_area = np.zeros(int(column_id.max()) + 1)
        column_area[column_id[top]] = area[top]
        species = args.species or sorted(f["/fields/concentration"].keys())
        rows = []
        for name in species:
            c = f[f"/fields/concentration/{name}"][t_index]
            entry = {"species": name, "time": float(times[t_index]), "max_concentration": float(c.max())}
            match = limits.get(name.lower())
            if match is None:
                entry["note"] = "no class limit in the standard"
                rows.append(entry)
                continue
            key, limit = match
            over = np.zeros(len(column_area), bool)
            over[column_id[chosen & (c > limit)]] = True
            entry.update({"indicator": key, "class": args.klass, "limit": limit,
                          "exceedance_area": float(column_area[over].sum()), "columns": int(over.sum())})
            rows.append(entry)
    if args.json:
        print(json.dumps({"results": args.results, "time": float(times[t_index]), "species": rows}, indent=2))
        return
    print(f"{args.results}: time {times[t_index]:g}, class {args.klass} of {Path(args.standard).name}")
    print(f"{'species':<12} {'limit mg/L':>10} {'max mg/L':>12} {'area m2':>12} {'area km2':>9} {'columns':>8}")
    for r in rows:
        if "limit" not in r:
            print(f"{r['species']:<12} {'-':>10} {r['max_concentration']:>12.4g}   ({r['note']})")
            continue
        print(f"{r['species']:<12} {r['limit']:>10g} {r['max_concentration']:>12.4g} "
              f"{r['exceedance_area']:>12.0f} {r['exceedance_area'] / 1e6:>9.4f} {r['columns']:>8d}")


if __name__ == "__main__":
    main()
