#!/usr/bin/env bash
# The first command for a new user: installs what is missing, builds,
# runs cases/quickstart/case.yaml and says where the results are.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"
echo "== building aquaplume (Release)"
"$root/scripts/build.sh" | grep -E "error|warning|Built target aquaplume$" || true
[ -x "$root/build/aquaplume" ] || { echo "quickstart: the build failed" >&2; exit 1; }

echo "== running cases/quickstart/case.yaml"
"$root/build/aquaplume" run cases/quickstart/case.yaml -o runs/quickstart

echo
echo "Results are in $root/runs/quickstart/:"
echo "  results.h5    (h5py: /fields/head [time, cell], /mesh/cell_centers, /budget/flow)"
echo "  results.xmf   (ParaView: File > Open, XDMF reader)"
echo "  results.pvd   (ParaView: VTK time series)"
echo "  budget.csv, summary.json"
