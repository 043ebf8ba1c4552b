"""PETSc options reach PETSc: `aquaplume run CASE -log_view` on several ranks
prints PETSc's performance summary once (rank 0) with the stages setup,
flow and output, and the run still succeeds.

usage: check_log_view.py CASE [--ranks 2]
"""

import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "scripts"))
import aquaplume_test as t  # noqa: E402

STAGES = ("setup", "flow", "output")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--ranks", type=int, default=2)
    args = p.parse_args()
    case = t.source_path(args.case)
    with tempfile.TemporaryDirectory(prefix="aquaplume_logview_") as tmp:
        r = t.run(case, os.path.join(tmp, "run"), ranks=args.ranks, extra=("-log_view",))
        out = r.stdout
        failures = []
        summaries = out.count("PETSc Performance Summary")
        if summaries != 1:
            failures.append(f"'PETSc Performance Summary' printed {summaries} times, expected once")
        tables = out.split("Summary of Stages:")
        if len(tables) != 2:
            failures.append(f"'Summary of Stages' printed {len(tables) - 1} times, expected once")
        else:
            table = tables[1].split("\n\n")[0]
            for stage in STAGES:
                # A row such as " 1:           setup: 5.3230e+00  29.9% ..."
                if not re.search(rf"^\s*\d+:\s+{stage}:\s+\d", table, re.M):
                    failures.append(f"stage '{stage}' missing from the summary of stages")
        # PETSc 3.18: "... named host with 2 processors, by ..."; later versions: "with 2 MPI processes".
        if not re.search(rf"with {args.ranks} (processors|MPI processes)", out):
            failures.append(f"the log does not say it ran on {args.ranks} processes")
        if failures:
            print(out[-4000:])
            print("\n".join(failures))
            sys.exit(1)
        print(f"-log_view on {args.ranks} ranks: one summary with stages {', '.join(STAGES)}")


if __name__ == "__main__":
    main()
