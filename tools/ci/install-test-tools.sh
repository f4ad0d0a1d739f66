#!/usr/bin/env bash
# Installs the reference tools some tests compare against: libjpeg-turbo's djpeg/cjpeg (JPEG goldens on real
# photos, decoded at test time because those photos may not be committed) and ImageMagick (decodes the PNGs we
# encode). Idempotent; quick when present.
set -uo pipefail
cd "$(dirname "$0")/../.."
need_apt=()
command -v djpeg >/dev/null || need_apt+=(libjpeg-turbo-progs)
# A `convert` that is not ImageMagick may stand on PATH; only the real one counts.
[ -x /usr/bin/convert ] && /usr/bin/convert -version 2>/dev/null | grep -q ImageMagick || need_apt+=(imagemagick)
if [ ${#need_apt[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || exit 1
fi
exit 0
