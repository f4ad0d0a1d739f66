#!/usr/bin/env bash
# Builds the libtorch anchor of the mobile benchmark into bench/mobile/out/ (see ../libtorch-build.sh).
# Bench only, never CI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../libtorch-build.sh" "$here/mobile_libtorch.cpp" "$here/out/mobile_libtorch"
