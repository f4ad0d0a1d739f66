#!/usr/bin/env bash
# Compiles one libtorch benchmark anchor: libtorch-build.sh SOURCE.cpp OUTPUT (shared by bench/*/build.sh).
# Uses Debian 12's libtorch (1.13.1, oneDNN inside); installs libtorch-dev with apt-get if missing.
# Bench only, never CI.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: libtorch-build.sh SOURCE.cpp OUTPUT" >&2; exit 2; }
src="$1"
dst="$2"
mkdir -p "$(dirname "$dst")"

if ! dpkg -s libtorch-dev >/dev/null 2>&1; then
    echo "build.sh: installing libtorch-dev (apt-get)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    $sudo_cmd apt-get install -y -o DPkg::Lock::Timeout=300 libtorch-dev
fi
command -v g++ >/dev/null || { echo "build.sh: g++ not found (apt-get install -y g++)" >&2; exit 1; }

# Debian installs the torch headers under /usr/include (plus the C++ API under
# /usr/include/torch/csrc/api/include) and the libraries in the multiarch dir.
multiarch="$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
libdir="/usr/lib/$multiarch"
inc_api="/usr/include/torch/csrc/api/include"
[ -f "$inc_api/torch/torch.h" ] || { echo "build.sh: $inc_api/torch/torch.h missing (dpkg -L libtorch-dev)" >&2; exit 1; }

# --no-as-needed keeps libtorch_cpu/libtorch linked even though main() only references symbols via
# headers/inline code; without it the operator registrations would not be loaded.
set -x
g++ -std=c++17 -O3 -march=native -DNDEBUG -pthread \
    -I"$inc_api" \
    "$src" -o "$dst" \
    -L"$libdir" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 -Wl,--as-needed
