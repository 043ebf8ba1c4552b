#!/usr/bin/python3
"""Writes the case files of the standard plume benchmark (plume3d) and of the
models the flow_scaling benchmark adds to it.

    /usr/bin/python3 scripts/bench/plume3d/make_cases.py                 # 100k and 1M plume3d + sigma lnK = 2
    /usr/bin/python3 scripts/bench/plume3d/make_cases.py --sizes 8m --models plume3d
    /usr/bin/python3 scripts/bench/plume3d/make_cases.py --list          # what would be written

The problem is /work/shared/bench/plume3d/README.md, copied here as it is
written there: a confined box 1000 m x 1000 m x 50 m in 10 layers, K from the
raw float64 file beside that README (Kz = 0.1 K), fixed heads 55 m (west
column) and 50 m (east column), recharge 0.0005 m/d on the top layer and
0.001 m/d at 1000 mg/L of `leachate` on the landfill footprint
x in [200, 350], y in [400, 600], a well extracting 400 m3/d from layers
6-10 at (651.5625, 498.4375), initial head linear in x between the first and
the last column centres, one steady period.

Models (name = <model>_<size>):

    plume3d_100k, plume3d_1m   the standard problem, K from the shared files
    plume3d_8m                 the same at 10 x 896 x 896 with a generated K
                               (sigma lnK = 1, seeded), for scaling only
    hetero2_100k, hetero2_1m   the same with a generated K of sigma lnK = 2
                               (harder for the linear solver)

Generated K fields are lognormal with geometric mean 10 m/d and a Gaussian
covariance exp(-(r / 32 m)^2) horizontally, uncorrelated between layers: the
correlation of ln K then falls to 0.54 at 25 m and below 0.1 at 50 m, as
measured on the shared fields ("~50 m horizontal, ~5 m vertical"). They are
not those fields: figures on them are not plume3d figures.

Everything goes under runs/bench/ (ignored by git): cases/<name>/case.yaml
and data/*.f64 (initial heads, generated K fields; reused when their
parameters match). `--transport` adds the transport part of the benchmark
(120 steps); without it the cases are flow only (one steady step).
"""

import argparse
import json
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHARED = "/work/shared/bench/plume3d"

# Plan sizes: cells per side of the square grid; nlay is always 10.
SIZES = {"100k": 100, "1m": 320, "8m": 896}
NLAY = 10
LENGTH = 1000.0  # m, both sides
THICKNESS = 50.0  # m
LANDFILL = {"x": (200.0, 350.0), "y": (400.0, 600.0)}
WELL_XY = (651.5625, 498.4375)
WELL_LAYERS = (6, 10)  # 1-based, inclusive
WELL_RATE = -400.0  # m3/d in total
RECHARGE = 0.0005  # m/d
LANDFILL_RECHARGE = 0.001  # m/d
LEACHATE = 1000.0  # mg/L
HEAD_WEST, HEAD_EAST = 55.0, 50.0
SEED = 20240531

# model -> sigma lnK and where K comes from ("shared" = the benchmark's files where they exist)
MODELS = {"plume3d": {"sigma": 1.0, "k": "shared"}, "hetero2": {"sigma": 2.0, "k": "generated"}}


def cell_centres(n):
    """x of the column centres (west to east) and y of the row centres (north to south) [m]."""
    d = LENGTH / n
    x = (np.arange(n) + 0.5) * d
    y = LENGTH - (np.arange(n) + 0.5) * d
    return x, y


def landfill_box(n):
    """1-based inclusive (rows, cols) of the cells whose centres fall inside the landfill footprint."""
    x, y = cell_centres(n)
    cols = np.nonzero((x >= LANDFILL["x"][0]) & (x <= LANDFILL["x"][1]))[0]
    rows = np.nonzero((y >= LANDFILL["y"][0]) & (y <= LANDFILL["y"][1]))[0]
    return (int(rows[0]) + 1, int(rows[-1]) + 1), (int(cols[0]) + 1, int(cols[-1]) + 1)


CORRELATION = (2.0, 32.0, 32.0)  # m: vertical (below a layer: uncorrelated), horizontal


def lognormal_field(nlay, nrow, ncol, sigma, seed, cell=(5.0, 10.0, 10.0), corr=CORRELATION, geomean=10.0):
    """A seeded lognormal K field [m/d], C order (layer, row, col): ln K = ln(geomean) + sigma z,
    z a zero-mean unit-variance Gaussian field with Gaussian covariance exp(-(r/corr)^2) along each
    axis (white noise filtered in Fourier space; periodic, which is fine for a benchmark)."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((nlay, nrow, ncol))
    spectrum = np.fft.rfftn(noise)
    del noise
    # Filtering white noise with a Gaussian of width s gives covariance exp(-r^2 / (4 s^2)): s = corr / 2.
    kz = 2 * np.pi * np.fft.fftfreq(nlay, d=cell[0])[:, None, None]
    ky = 2 * np.pi * np.fft.fftfreq(nrow, d=cell[1])[None, :, None]
    kx = 2 * np.pi * np.fft.rfftfreq(ncol, d=cell[2])[None, None, :]
    s = [c / 2.0 for c in corr]
    spectrum *= np.exp(-0.5 * (kz * s[0]) ** 2) * np.exp(-0.5 * (ky * s[1]) ** 2) * np.exp(-0.5 * (kx * s[2]) ** 2)
    z = np.fft.irfftn(spectrum, s=(nlay, nrow, ncol), axes=(0, 1, 2))
    del spectrum
    z -= z.mean()
    z /= z.std()
    z *= sigma
    z += np.log(geomean)
    np.exp(z, out=z)
    return z


def write_raw(path, values):
    """Raw little-endian float64, C order, written under a temporary name first."""
    tmp = path + ".partial"
    np.ascontiguousarray(values, dtype="<f8").tofile(tmp)
    os.replace(tmp, path)


def ensure_generated_k(data_dir, n, sigma, seed):
    """The path of a generated K field, written unless one with the same parameters exists."""
    path = os.path.join(data_dir, f"k_sigma{sigma:g}_seed{seed}_{NLAY}x{n}x{n}.f64")
    meta = {"nlay": NLAY, "nrow": n, "ncol": n, "sigma_lnK": sigma, "seed": seed, "geometric_mean": 10.0,
            "correlation_m": list(CORRELATION), "generator": "make_cases.lognormal_field"}
    meta_path = path + ".json"
    if os.path.exists(path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            if json.load(f) == meta and os.path.getsize(path) == 8 * NLAY * n * n:
                return path
    d = LENGTH / n
    k = lognormal_field(NLAY, n, n, sigma, seed, cell=(THICKNESS / NLAY, d, d))
    write_raw(path, k)
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    return path


def ensure_initial_head(data_dir, n):
    """Initial head linear in x from 55 m at the first column centre to 50 m at the last, every layer and row."""
    path = os.path.join(data_dir, f"initial_head_{NLAY}x{n}x{n}.f64")
    if os.path.exists(path) and os.path.getsize(path) == 8 * NLAY * n * n:
        return path
    x, _ = cell_centres(n)
    row = HEAD_WEST + (HEAD_EAST - HEAD_WEST) * (x - x[0]) / (x[-1] - x[0])
    write_raw(path, np.broadcast_to(row, (NLAY, n, n)))
    return path


def transport_yaml(extra_solver=""):
    """The transport part of plume3d (README: Transport, Time): 120 transport
    steps of 3650 / 120 d whatever the number of flow steps (max_dt), TVD,
    no cross terms, converged to 1e-3 mg/L. `extra_solver` adds keys to
    transport.solver (e.g. ", relative_tolerance: 1e-8")."""
    return f"""
transport:
  species:
    - name: leachate
      porosity: 0.25
      diffusion: 8.64e-5            # [m2/d]
      dispersivity: {{longitudinal: 5.0, transverse_horizontal: 0.5, transverse_vertical: 0.05}}
  advection: tvd
  cross_dispersion: false
  time: {{max_dt: {3650.0 / 120!r}}}
  solver: {{nonlinear_tolerance: 1.0e-3{extra_solver}}}
"""


def case_yaml(name, n, k_file, initial_head_file, title, transport=False, flow_steps=None, extra_solver=""):
    """The case file text of the plume problem on a 10 x n x n grid. With
    transport the flow is steady, so `flow_steps` (default 120, the
    definition) may be fewer: 10 flow steps of 365 d carry the same 120
    transport steps and the same saved times."""
    d = LENGTH / n
    (r0, r1), (c0, c1) = landfill_box(n)
    layer = THICKNESS / NLAY
    botm = ", ".join(f"{THICKNESS - layer * (k + 1):g}" for k in range(NLAY))
    # Background recharge on every top cell outside the landfill: the four strips around it.
    strips = []
    if r0 > 1:
        strips.append(f"rows: [1, {r0 - 1}]")
    if r1 < n:
        strips.append(f"rows: [{r1 + 1}, {n}]")
    if c0 > 1:
        strips.append(f"rows: [{r0}, {r1}], cols: [1, {c0 - 1}]")
    if c1 < n:
        strips.append(f"rows: [{r0}, {r1}], cols: [{c1 + 1}, {n}]")
    background = "\n".join(f"      - {{{s}, rate: {RECHARGE:g}, concentration: {{leachate: 0.0}}}}" for s in strips)
    steps = (flow_steps or 120) if transport else 1
    save = (f"{{every: {steps // 10}}}" if steps > 10 else "all") if transport else "last"
    text = f"""# {name}: {title}
# Written by scripts/bench/plume3d/make_cases.py; the definition is
# /work/shared/bench/plume3d/README.md. Do not edit: regenerate.
name: {name}
title: {title}
units: {{length: m, time: d}}

grid:
  nlay: {NLAY}
  nrow: {n}
  ncol: {n}
  delr: {d!r}
  delc: {d!r}
  origin: [0.0, 0.0]
  top: {THICKNESS:g}
  botm: [{botm}]

properties:
  k: {{file: {k_file}}}
  kz: {{file: {k_file}, scale: 0.1}}
  porosity: 0.25

initial_head: {{file: {initial_head_file}}}

packages:
  - type: chd
    name: west
    cols: 1
    head: {HEAD_WEST:g}
    concentration: {{leachate: 0.0}}
  - type: chd
    name: east
    cols: {n}
    head: {HEAD_EAST:g}
    concentration: {{leachate: 0.0}}
  - type: rch
    name: recharge
    entries:
{background}
  - type: rch
    name: landfill
    rows: [{r0}, {r1}]          # cell centres in y [{LANDFILL['y'][0]:g}, {LANDFILL['y'][1]:g}]
    cols: [{c0}, {c1}]          # cell centres in x [{LANDFILL['x'][0]:g}, {LANDFILL['x'][1]:g}]
    rate: {LANDFILL_RECHARGE:g}
    concentration: {{leachate: {LEACHATE}}}
  - type: wel
    name: well
    xy: [{WELL_XY[0]}, {WELL_XY[1]}]
    layers: [{WELL_LAYERS[0]}, {WELL_LAYERS[1]}]
    rate: {WELL_RATE:g}

time:
  periods:
    - {{length: 3650.0, steps: {steps}, steady: true}}

solver:
  head_tolerance: 1.0e-6

output:
  save: {save}
  xdmf: true
  vtk: false
"""
    if transport:
        text += transport_yaml(extra_solver)
    return text


def model_plan(model, size, plume_dir, seed):
    """(k source, sigma, seed or None, title) of one model at one size."""
    sigma = MODELS[model]["sigma"]
    n = SIZES[size]
    if MODELS[model]["k"] == "shared":
        shared = os.path.join(plume_dir, f"k_{NLAY}x{n}x{n}.f64")
        if size in ("100k", "1m"):
            return shared, sigma, None, f"standard plume benchmark, {NLAY} x {n} x {n}"
    title = f"plume problem with a generated K (sigma lnK = {sigma:g}, seed {seed}), {NLAY} x {n} x {n}"
    return None, sigma, seed, title


def write_cases(out_dir, models, sizes, plume_dir=SHARED, seed=SEED, transport=False, quiet=False, flow_steps=None,
                extra_solver=""):
    """Writes the cases; returns {name: case path}."""
    data_dir = os.path.join(out_dir, "data")
    os.makedirs(data_dir, exist_ok=True)
    written = {}
    for model in models:
        for size in sizes:
            n = SIZES[size]
            name = f"{model}_{size}"
            k_file, sigma, k_seed, title = model_plan(model, size, plume_dir, seed)
            if k_file is None:
                k_file = ensure_generated_k(data_dir, n, sigma, k_seed)
            elif not os.path.exists(k_file):
                sys.exit(f"make_cases: {k_file} is missing (the shared plume3d K field); give --plume-dir")
            head = ensure_initial_head(data_dir, n)
            case_dir = os.path.join(out_dir, "cases", name + ("_transport" if transport else ""))
            os.makedirs(case_dir, exist_ok=True)
            path = os.path.join(case_dir, "case.yaml")
            with open(path, "w") as f:
                f.write(case_yaml(name, n, os.path.abspath(k_file), os.path.abspath(head), title, transport,
                                  flow_steps, extra_solver))
            written[name] = path
            if not quiet:
                print(f"{name}: {path}  ({NLAY * n * n} cells, K {k_file})")
    return written


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(ROOT, "runs", "bench"), help="output folder (default runs/bench)")
    p.add_argument("--models", nargs="+", choices=sorted(MODELS), default=["plume3d", "hetero2"])
    p.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["100k", "1m"])
    p.add_argument("--plume-dir", default=SHARED, help="folder of the shared plume3d K files")
    p.add_argument("--seed", type=int, default=SEED, help="seed of the generated K fields")
    p.add_argument("--transport", action="store_true", help="add the transport part (120 steps)")
    p.add_argument("--list", action="store_true", help="print the case names and stop")
    args = p.parse_args()
    if args.list:
        for m in args.models:
            for s in args.sizes:
                print(f"{m}_{s}: {NLAY} x {SIZES[s]} x {SIZES[s]}")
        return
    write_cases(args.out, args.models, args.sizes, args.plume_dir, args.seed, args.transport)


if __name__ == "__main__":
    main()
