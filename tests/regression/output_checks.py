"""Early output checks before the first solve (issue 8).

1. An output directory that cannot be created (its parent is a file): exit 1
   at once, and the message names the directory.
2. A case whose results would need far more room than any disk has (1e9 cells,
   1000 saved times): exit 1 within seconds (before the mesh is built), and the
   message gives the free and the needed size and the ways around it.
3. A small case with VTK on: what it writes is no more than the estimate that
   summary.json reports (output_bytes_estimate), so the check never
   underestimates; and `output: {check_space: false}` is accepted.

usage: output_checks.py
"""

import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

HUGE = """\
name: huge
units: {length: m, time: d}
grid: {nlay: 10, nrow: 10000, ncol: 10000, delr: 1.0, delc: 1.0, top: 100.0,
       botm: [90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0, 0.0]}
properties: {k: 10.0}
time: {periods: [{length: 1000.0, steps: 1000, steady: false}]}
packages:
  - {type: chd, name: west, cols: 1, head: 99.0}
output: {save: all}
"""


def directory_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def main():
    failures = []
    with tempfile.TemporaryDirectory(prefix="aquaplume_output_checks_") as tmp:
        quickstart = os.path.join(t.SOURCE_DIR, "cases", "quickstart", "case.yaml")

        # 1. Cannot create the output directory (root may write anywhere, but not below a file).
        blocker = os.path.join(tmp, "a_file")
        open(blocker, "w").close()
        target = os.path.join(blocker, "results")
        r = t.run(quickstart, target, check=False)
        print(f"unwritable: exit {r.returncode}: {r.stderr.strip()}")
        if r.returncode != 1 or "cannot create the output directory" not in r.stderr or target not in r.stderr:
            failures.append(f"unwritable directory: exit {r.returncode}, message:\n{r.stderr}")

        # 2. Not enough room: refused before the mesh is built.
        huge = os.path.join(tmp, "huge.yaml")
        with open(huge, "w") as f:
            f.write(HUGE)
        start = time.time()
        r = t.run(huge, os.path.join(tmp, "huge"), check=False, timeout=120)
        seconds = time.time() - start
        print(f"no room: exit {r.returncode} after {seconds:.1f} s: {r.stderr.strip()}")
        for text in ["free, but the results of this run need about", "1000000000 cells", "check_space: false", "-o"]:
            if text not in r.stderr:
                failures.append(f"no room: the message does not say '{text}':\n{r.stderr}")
        if r.returncode != 1:
            failures.append(f"no room: exit code {r.returncode}, expected 1")
        if seconds > 60:
            failures.append(f"no room: the refusal took {seconds:.0f} s; it should come before the mesh is built")

        # 3. The estimate bounds what a run writes; check_space: false is accepted.
        with open(quickstart) as f:
            text = f.read()
        small = os.path.join(tmp, "small.yaml")
        with open(small, "w") as f:
            f.write(text.replace("\noutput:\n", "\noutput:\n  check_space: false\n", 1))
        out = os.path.join(tmp, "small")
        t.run(small, out)
        with open(os.path.join(out, "summary.json")) as f:
            estimate = json.load(f)["output_bytes_estimate"]
        written = directory_bytes(out)
        print(f"quickstart: wrote {written} bytes, estimated {estimate}")
        if not written <= estimate:
            failures.append(f"the run wrote {written} bytes, more than the estimate {estimate}")
        t.verify("output_size_estimate", "written_over_estimate", written / estimate, 1.0)
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
