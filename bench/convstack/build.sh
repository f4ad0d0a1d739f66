#!/usr/bin/env bash
# Builds the libtorch anchor of the conv-stack benchmark into bench/convstack/out/ (see ../libtorch-build.sh).
# Bench only, never CI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../libtorch-build.sh" "$here/convstack_libtorch.cpp" "$here/out/convstack_libtorch"
