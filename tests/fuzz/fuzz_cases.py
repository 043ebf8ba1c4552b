"""Hostile-input fuzz test (issue 8): mutates example cases into many broken
variants and runs `aquaplume validate` and a short `aquaplume run` on each.

Every variant must end with exit code 0 (still a valid case), 2 (input
errors) or 1 (a run that failed cleanly): never a signal, an abort, a hang
(timeout) or a sanitizer report; every failure must print a message with a
file:line (input errors) or say why the run failed.

Mutations (seeded, reproducible): deleted keys, wrong types, negative / zero /
NaN / huge / tiny numbers, unknown keys, truncated files, broken YAML, missing
or malformed array files, self-intersecting polygons (barrier lines), wells
and cells outside the grid, overlapping packages, empty stress periods.

usage: fuzz_cases.py [--variants 300] [--seed 1] [--jobs 2]
Prints: variants=N, clean_errors=N, valid=N, crashes=0, hangs=0
"""

import argparse
import copy
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BASES = [os.path.join(HERE, "cases", "transient_small.yaml"), os.path.join(t.SOURCE_DIR, "cases", "quickstart", "case.yaml")]
BAD_OUTPUT = ["terminate called", "Assertion", "AddressSanitizer", "runtime error:", "LeakSanitizer", "Segmentation",
              "core dumped", "Traceback", "std::bad_alloc", "unexpected failure", "MPI_ABORT", "PETSC ERROR"]


def paths(node, prefix=()):
    """Every (path, value) in a YAML tree."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def get_parent(tree, path):
    node = tree
    for p in path[:-1]:
        node = node[p]
    return node


def mutate_tree(tree, rng, folder):
    """One structural mutation; returns a description."""
    all_paths = [p for p, _ in paths(tree) if p]
    path = rng.choice(all_paths)
    parent = get_parent(tree, path)
    key = path[-1]
    value = parent[key]
    kind = rng.choice(["delete", "type", "number", "number", "unknown", "outside", "overlap", "periods", "array",
                       "polygon", "empty", "nest"])
    where = "/".join(str(p) for p in path)
    if kind == "delete":
        del parent[key]
        return f"delete {where}"
    if kind == "type":
        new = rng.choice(["abc", [1, 2], {"x": 1}, None, True, "", "'5'"])
        parent[key] = new
        return f"type {where} = {new!r}"
    if kind == "number":
        numbers = [p for p, v in paths(tree) if isinstance(v, (int, float)) and not isinstance(v, bool) and p]
        if numbers:
            path = rng.choice(numbers)
            parent = get_parent(tree, path)
            new = rng.choice([-1, 0, -1e-300, 1e-300, 1e308, -1e308, float("nan"), float("inf"), 1e15, -5.5, 0.5])
            parent[path[-1]] = new
            return f"number {'/'.join(map(str, path))} = {new}"
    if kind == "unknown":
        maps = [(p, v) for p, v in paths(tree) if isinstance(v, dict)]
        p, m = rng.choice(maps)
        if m:
            k = rng.choice(list(m.keys()))
            typo = k[:-1] + rng.choice("xyz") if len(k) > 1 else k + "x"
            m[typo] = m[k]
            if rng.random() < 0.5:
                del m[k]
            return f"unknown key {typo} in {'/'.join(map(str, p))}"
    if kind == "outside":
        packages = tree.get("packages") or []
        if packages:
            pkg = rng.choice(packages)
            pkg.pop("xy", None), pkg.pop("cols", None), pkg.pop("rows", None), pkg.pop("layers", None), pkg.pop("layer", None)
            pkg["cell"] = rng.choice([[1, 999, 1], [0, 1, 1], [5, 1, 1], [1, 1, -3]])
            if rng.random() < 0.5:
                pkg.pop("cell")
                pkg["xy"] = [rng.choice([-1e6, 1e9, 0.0]), 5.0]
                pkg["layer"] = 1
            return f"outside grid in package {pkg.get('name')}"
    if kind == "overlap":
        packages = tree.get("packages") or []
        if packages:
            packages.append(copy.deepcopy(rng.choice(packages)))
            return "duplicate a package"
    if kind == "periods":
        time = tree.setdefault("time", {})
        time["periods"] = rng.choice([[], [{}], [{"length": 1.0, "steps": 0}], [{"length": -1.0}],
                                      [{"length": 10.0, "steps": 3, "multiplier": 1e300, "steady": False}],
                                      "lots", [{"length": 1.0, "steady": "maybe"}]])
        return f"periods {time['periods']!r}"
    if kind == "array":
        bad = os.path.join(folder, rng.choice(["missing.f64", "bad.txt", "short.f64", "nan.txt"]))
        if bad.endswith("bad.txt"):
            open(bad, "w").write("1 2 three 4\n")
        elif bad.endswith("short.f64"):
            open(bad, "wb").write(b"\x00" * 17)
        elif bad.endswith("nan.txt"):
            open(bad, "w").write(" ".join(["nan"] * 160))
        target = rng.choice(["top", "k", "initial_head"])
        if target == "top" and "grid" in tree:
            tree["grid"]["top"] = {"file": bad}
        elif target == "k" and "properties" in tree:
            tree["properties"]["k"] = {"file": bad}
        else:
            tree["initial_head"] = {"file": bad}
        return f"array file {os.path.basename(bad)} for {target}"
    if kind == "polygon":
        for pkg in tree.get("packages") or []:
            if pkg.get("type") == "hfb":
                pkg["line"] = rng.choice([[[0, 0]], [[0, 0], [1, 1], [0, 1], [1, 0]], "line", [[1e308, 0], [-1e308, 0]]])
                return f"barrier line {pkg['line']!r}"
    if kind == "empty":
        if isinstance(value, (list, dict)):
            parent[key] = type(value)()
            return f"empty {where}"
    if kind == "nest":
        parent[key] = [[[[value]]]]
        return f"nest {where}"
    del parent[key]
    return f"delete {where}"


def safe_mutation(tree, rng, folder):
    """A mutation; earlier ones may have changed the shape it expects, so a failed one does nothing."""
    try:
        return mutate_tree(tree, rng, folder)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError):
        return "no-op"


def mutate_text(text, rng):
    kind = rng.choice(["truncate", "bracket", "tab", "colon", "binary", "indent"])
    if kind == "truncate":
        return text[: rng.randrange(len(text))], "truncated file"
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    if kind == "bracket":
        lines[i] += " [unclosed"
    elif kind == "tab":
        lines[i] = "\t" + lines[i]
    elif kind == "colon":
        lines[i] = lines[i].replace(":", "", 1) + ": :"
    elif kind == "binary":
        lines[i] = "\x00\x01\xff" + lines[i]
    elif kind == "indent":
        lines[i] = "   " + lines[i]
    return "\n".join(lines), f"broken YAML ({kind}) at line {i + 1}"


def run(cmd, timeout):
    env = dict(os.environ, OMP_NUM_THREADS="1", OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               ASAN_OPTIONS="detect_leaks=0")
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, errors="replace")
        return r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        return None, "timeout"


def check(variant_path, description, folder):
    """Runs validate (and run, when valid); returns (outcome, detail)."""
    code, out = run([t.AQUAPLUME, "validate", variant_path], 30)
    outcome = judge(code, out, variant_path)
    if outcome != "valid":
        return outcome, f"validate: {out.strip()[-400:]}"
    code, out = run([t.AQUAPLUME, "run", variant_path, "-o", os.path.join(folder, "run"), "--quiet"], 60)
    outcome = judge(code, out, variant_path)
    return outcome, f"run: {out.strip()[-400:]}"


def judge(code, out, variant_path):
    if code is None:
        return "hang"
    if code < 0 or code > 2 or any(b in out for b in BAD_OUTPUT):
        return "crash"
    if code == 0:
        return "valid"
    name = os.path.basename(variant_path)
    if code == 2 and not re.search(re.escape(name) + r"(:\d+)?: ", out):
        return "unclear"
    if code == 1 and "run failed:" not in out and "problem" not in out:
        return "unclear"
    return "clean"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--variants", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="aquaplume_fuzz_") as tmp:
        jobs = []
        for i in range(args.variants):
            base = BASES[i % len(BASES)]
            folder = os.path.join(tmp, f"v{i:04d}")
            os.makedirs(folder)
            for extra in os.listdir(os.path.dirname(base)):  # the case's array files
                if extra.endswith(".txt"):
                    shutil.copy(os.path.join(os.path.dirname(base), extra), folder)
            text = open(base).read()
            if rng.random() < 0.2:
                text, description = mutate_text(text, rng)
            else:
                tree = yaml.safe_load(text)
                description = "; ".join(safe_mutation(tree, rng, folder) for _ in range(rng.choice([1, 1, 2, 3])))
                text = yaml.safe_dump(tree, sort_keys=False)
            path = os.path.join(folder, "case.yaml")
            with open(path, "w", errors="replace") as f:
                f.write(text)
            jobs.append((path, description, folder))
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda j: (j, check(*j)), jobs))
    counts = {"clean": 0, "valid": 0, "crash": 0, "hang": 0, "unclear": 0}
    for (path, description, _), (outcome, detail) in results:
        counts[outcome] += 1
        if outcome in ("crash", "hang", "unclear"):
            print(f"{outcome.upper()}: {description}\n    {detail}")
    print(f"variants={len(results)}, clean_errors={counts['clean']}, valid={counts['valid']}, crashes={counts['crash']}, "
          f"hangs={counts['hang']}, unclear={counts['unclear']}")
    sys.exit(1 if counts["crash"] or counts["hang"] or counts["unclear"] else 0)


if __name__ == "__main__":
    main()
