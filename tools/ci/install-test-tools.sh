#!/usr/bin/env bash
# Installs the reference tools some tests compare against: libjpeg-turbo's djpeg/cjpeg (JPEG goldens on real
# photos, decoded at test time because those photos may not be committed), ImageMagick (decodes the PNGs we
# encode), and node with the Khronos glTF validator (npm gltf-validator, pinned in tools/gltf-validator; checks the GLB
# exports). Idempotent; quick when present.
set -uo pipefail
cd "$(dirname "$0")/../.."
need_apt=()
command -v djpeg >/dev/null || need_apt+=(libjpeg-turbo-progs)
# A `convert` that is not ImageMagick may stand on PATH; only the real one counts.
[ -x /usr/bin/convert ] && /usr/bin/convert -version 2>/dev/null | grep -q ImageMagick || need_apt+=(imagemagick)
command -v node >/dev/null && command -v npm >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || exit 1
fi
# The validator at the version package-lock.json pins (reinstalled only when missing or different).
node -e 'const d = "./tools/gltf-validator/"; process.exit(require(d + "node_modules/gltf-validator/package.json").version === require(d + "package-lock.json").packages["node_modules/gltf-validator"].version ? 0 : 1)' 2>/dev/null \
    || npm ci --prefix tools/gltf-validator --no-audit --no-fund --loglevel=error || exit 1
exit 0
