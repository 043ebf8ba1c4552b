"""Client test: the risk products of a run parse and are complete. Runs a
case with `risk:` and checks that risk_summary.json lists every prediction
time of the case for every species, and every receptor with its arrivals and
its concentration at each prediction time; that every
risk/extent_*.geojson is a FeatureCollection whose MultiPolygon rings are
closed (outer counter-clockwise, holes clockwise, RFC 7946) with an area
equal to the summary's; that risk_summary.csv has a row per species,
prediction time and extent; and that results.h5 has /risk with the per-cell
products and the extent tables.

usage: check_risk_outputs.py CASE [--ranks 2]
"""

import argparse
import csv
import glob
import json
import os
import sys
import tempfile

import h5py
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def ring_area(ring):
    """Shoelace area of a closed ring (first point repeated), positive counter-clockwise."""
    x0, y0 = ring[0]
    return 0.5 * sum((ax - x0) * (by - y0) - (bx - x0) * (ay - y0)
                     for (ax, ay), (bx, by) in zip(ring[:-1], ring[1:]))


def check_geojson(path, expected_area, failures):
    name = os.path.basename(path)
    with open(path) as f:
        collection = json.load(f)
    if collection.get("type") != "FeatureCollection":
        failures.append(f"{name}: not a FeatureCollection")
        return
    area = 0.0
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] != "MultiPolygon":
            failures.append(f"{name}: geometry {geometry['type']}, expected MultiPolygon")
            continue
        for polygon in geometry["coordinates"]:
            for k, ring in enumerate(polygon):
                if ring[0] != ring[-1] or len(ring) < 4:
                    failures.append(f"{name}: ring not closed or too short")
                a = ring_area(ring)
                if (k == 0) != (a > 0):
                    failures.append(f"{name}: ring {k} has the wrong orientation")
                area += a
    if abs(area - expected_area) > 1e-6 * max(expected_area, 1.0):
        failures.append(f"{name}: polygons cover {area}, risk_summary.json says {expected_area}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, default=2)
    args = p.parse_args()
    case = t.source_path(args.case)
    with open(case) as f:
        spec = yaml.safe_load(f)["risk"]
    labels = [str(x) for x in spec["prediction_times"]]
    species = list(spec["species"])
    receptors = [r["name"] for r in spec["receptors"]]
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_risk_") as tmp:
        out = os.path.join(tmp, "run")
        t.run(case, out, ranks=args.ranks)
        with open(os.path.join(out, "risk_summary.json")) as f:
            summary = json.load(f)
        got = [p["label"] for p in summary["prediction_times"]]
        if got != labels:
            failures.append(f"prediction times {got}, the case lists {labels}")
        for s in species:
            have = [e["label"] for e in summary["extents"] if e["species"] == s]
            if have != labels:
                failures.append(f"{s}: extents at {have}, expected {labels}")
        listed = {r["name"]: r for r in summary["receptors"]}
        for name in receptors:
            if name not in listed:
                failures.append(f"receptor {name} missing from risk_summary.json")
                continue
            for s in listed[name]["species"]:
                if [a["label"] for a in s["at_prediction_times"]] != labels:
                    failures.append(f"{name}/{s['species']}: concentrations not at every prediction time")
                for key in ("first_detection_time", "first_exceedance_time", "max_concentration"):
                    if key not in s:
                        failures.append(f"{name}/{s['species']}: no {key}")
        files = sorted(glob.glob(os.path.join(out, "risk", "*.geojson")))
        if len(files) != 2 * len(labels) * len(species):
            failures.append(f"{len(files)} GeoJSON files, expected {2 * len(labels) * len(species)}")
        for e in summary["extents"]:
            for kind in ("exceedance", "influence"):
                path = os.path.join(out, e[kind]["geojson"])
                if not os.path.exists(path):
                    failures.append(f"missing {e[kind]['geojson']}")
                    continue
                check_geojson(path, e[kind]["area"], failures)
        with open(os.path.join(out, "risk_summary.csv")) as f:
            rows = list(csv.DictReader(f))
        if len(rows) != 2 * len(labels) * len(species):
            failures.append(f"risk_summary.csv has {len(rows)} rows, expected {2 * len(labels) * len(species)}")
        with h5py.File(os.path.join(out, "results.h5"), "r") as h5:
            n = h5["mesh/cell_centers"].shape[0]
            for s in species:
                for name in ("max_concentration", "first_exceedance_time", "first_detection_time", "risk_class"):
                    if h5[f"risk/{s}/{name}"].shape != (n,):
                        failures.append(f"/risk/{s}/{name} is not [N]")
                if h5[f"risk/{s}/exceedance/area"].shape != (len(labels),):
                    failures.append(f"/risk/{s}/exceedance/area is not [P]")
            for name in receptors:
                if f"risk/receptors/{name}/time" not in h5:
                    failures.append(f"/risk/receptors/{name} missing")
        with open(os.path.join(out, "summary.json")) as f:
            if json.load(f).get("risk") != "risk_summary.json":
                failures.append("summary.json does not point to risk_summary.json")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(f"risk outputs complete: {len(labels)} prediction times x {len(species)} species, {len(receptors)} receptors")


if __name__ == "__main__":
    main()
