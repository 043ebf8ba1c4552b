"""Client test: the protection zones of a run are valid GeoJSON that a GIS
reads. Parses tracking/zones_*.geojson with Python's json and checks: a
FeatureCollection per well with a MultiPolygon per isochrone and the capture
zone, closed counter-clockwise outer rings with clockwise holes, each
feature's `area` equal to its polygons' area and to summary.json, zones that
grow with travel time; and that tracking/endpoints.csv has one row per particle.

usage: check_zones_geojson.py CASE [--ranks 1]
"""

import argparse
import csv
import glob
import json
import os
import sys
import tempfile

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402


def ring_area(ring):
    """Shoelace area of a closed ring (first point repeated), positive counter-clockwise."""
    x0, y0 = ring[0]
    return 0.5 * sum((ax - x0) * (by - y0) - (bx - x0) * (ay - y0)
                     for (ax, ay), (bx, by) in zip(ring[:-1], ring[1:]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, default=1)
    args = p.parse_args()
    case = t.source_path(args.case)
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_zones_") as tmp:
        out = os.path.join(tmp, "run")
        t.run(case, out, ranks=args.ranks)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)["tracking"]
        zones = {z["well"]: z for z in summary["protection_zones"]}
        files = sorted(glob.glob(os.path.join(out, "tracking", "zones_*.geojson")))
        if len(files) != len(zones):
            failures.append(f"{len(files)} GeoJSON files for {len(zones)} wells")
        for path in files:
            with open(path) as f:
                collection = json.load(f)
            name = os.path.basename(path)
            if collection.get("type") != "FeatureCollection":
                failures.append(f"{name}: not a FeatureCollection")
                continue
            well = collection["name"]
            listed = zones[well]["zones"]
            features = collection["features"]
            if len(features) != len(listed):
                failures.append(f"{name}: {len(features)} features, summary.json lists {len(listed)} zones")
            areas = []
            for feature, zone in zip(features, listed):
                g = feature["geometry"]
                props = feature["properties"]
                if g["type"] != "MultiPolygon" or not g["coordinates"]:
                    failures.append(f"{name} {props['zone']}: expected a non-empty MultiPolygon")
                    continue
                area = 0.0
                for polygon in g["coordinates"]:
                    for k, ring in enumerate(polygon):
                        if len(ring) < 4 or ring[0] != ring[-1]:
                            failures.append(f"{name} {props['zone']}: a ring is not closed or has < 4 points")
                        a = ring_area(ring)
                        if (k == 0) != (a > 0):
                            failures.append(f"{name} {props['zone']}: ring {k} has the wrong orientation")
                        area += a
                if abs(area - props["area"]) > 1e-9 * props["area"]:
                    failures.append(f"{name} {props['zone']}: polygons cover {area}, property area {props['area']}")
                if props["area"] != zone["area"] or props["zone"] != zone["zone"]:
                    failures.append(f"{name} {props['zone']}: summary.json says {zone['zone']} {zone['area']}")
                areas.append(props["area"])
                print(f"{name}: {props['zone']:>8}  area {props['area']:12.1f} {props['area_unit']}  "
                      f"empirical radius {props.get('empirical_radius')}")
            if areas != sorted(areas):
                failures.append(f"{name}: zone areas do not grow with travel time: {areas}")
        with h5py.File(os.path.join(out, "results.h5"), "r") as h5:
            particles = h5["tracking/endpoints/particle_id"].shape[0]
        with open(os.path.join(out, "tracking", "endpoints.csv")) as f:
            rows = list(csv.DictReader(f))
        if len(rows) != particles or [int(r["particle_id"]) for r in rows] != list(range(1, particles + 1)):
            failures.append(f"endpoints.csv: {len(rows)} rows, expected particles 1..{particles} in order")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(f"{len(files)} GeoJSON FeatureCollections parse; areas match their polygons and summary.json")


if __name__ == "__main__":
    main()
