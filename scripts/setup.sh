#!/usr/bin/env bash
# VTK comes from paraview-dev: Debian's libvtk9-dev conflicts with python3-paraview.
# Installs, only when missing, every Debian package that aquaplume's build,
# tests and scripts need. Idempotent and quiet when everything is present.
set -euo pipefail

packages=(
  build-essential g++ cmake pkg-config ccache git
  openmpi-bin libopenmpi-dev
  petsc-dev libhdf5-openmpi-dev hdf5-tools
  paraview-dev libeigen3-dev libyaml-cpp-dev libgtest-dev
  libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
  paraview python3-paraview python3-h5py python3-numpy python3-matplotlib python3-yaml
  libssl-dev time valgrind
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
