"""Memory shrinks with more ranks: the plume problem (scripts/bench/plume3d,
with a generated lognormal K so that the test needs no shared files) run on
1 and on 2 ranks; the largest rank's peak memory on 2 ranks must stay below
--max-ratio (70 %) of the 1-rank peak.

usage: memory_scaling.py [--ncol 224] [--ranks 2] [--max-ratio 0.7]

The statement only means something where memory per cell outweighs what
every rank holds whatever the model size (libraries, MPI, PETSc: about
75 MB): at 10 x 100 x 100 cells the 2-rank peak is 72 % of the 1-rank
one, at 10 x 160 x 160 64 %, at 10 x 224 x 224 (the default, 0.5 M cells)
60 %, at 10 x 320 x 320 (1 M, --ncol 320) 55 %. The default keeps the test
at about 10 s on a quiet 2-core machine; 1 M cells takes about twice that.
"""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "bench", "plume3d"))
import aquaplume_test as t  # noqa: E402
import make_cases  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ncol", type=int, default=224, help="rows = columns of the 10-layer grid")
    p.add_argument("--ranks", type=int, default=2)
    p.add_argument("--max-ratio", type=float, default=0.7)
    p.add_argument("--budget-tol", type=float, default=1e-6, help="[%%]")
    args = p.parse_args()
    n = args.ncol
    with tempfile.TemporaryDirectory(prefix="aquaplume_memory_") as tmp:
        k = make_cases.lognormal_field(make_cases.NLAY, n, n, 1.0, seed=20240601,
                                       cell=(5.0, make_cases.LENGTH / n, make_cases.LENGTH / n))
        k_file = os.path.join(tmp, "k.f64")
        make_cases.write_raw(k_file, k)
        del k
        head_file = make_cases.ensure_initial_head(tmp, n)
        case = os.path.join(tmp, "case.yaml")
        with open(case, "w") as f:
            f.write(make_cases.case_yaml("memory_scaling", n, k_file, head_file, "memory scaling test"))
        peaks = {}
        for ranks in (1, args.ranks):
            out = os.path.join(tmp, f"np{ranks}")
            t.run(case, out, ranks=ranks)
            with open(os.path.join(out, "summary.json")) as f:
                s = json.load(f)
            if not s["max_percent_discrepancy"] <= args.budget_tol:
                sys.exit(f"budget discrepancy {s['max_percent_discrepancy']:.3e} % on {ranks} ranks")
            peaks[ranks] = s["peak_memory_mb"]
            print(f"{s['cells']} cells on {ranks} rank(s): peak {s['peak_memory_mb']:.0f} MB per rank "
                  f"({s['peak_memory_mb'] * 2**20 * ranks / s['cells']:.0f} bytes per cell)")
            os.remove(os.path.join(out, "results.h5"))
        ratio = peaks[args.ranks] / peaks[1]
        t.verify(f"memory_scaling_{n}", f"peak_ratio_{args.ranks}_ranks_to_1", ratio, args.max_ratio)
        if not ratio < args.max_ratio:
            sys.exit(f"the largest rank's peak on {args.ranks} ranks is {100 * ratio:.0f} % of the 1-rank peak "
                     f"(limit {100 * args.max_ratio:.0f} %)")
        print(f"peak per rank on {args.ranks} ranks = {100 * ratio:.0f} % of 1 rank")


if __name__ == "__main__":
    main()
