#!/usr/bin/env bash
# Installs the reference tools some tests compare against: libjpeg-turbo's djpeg/cjpeg (JPEG goldens on real
# photos, decoded at test time because those photos may not be committed). Idempotent; quick when present.
set -uo pipefail
cd "$(dirname "$0")/../.."
need_apt=()
command -v djpeg >/dev/null || need_apt+=(libjpeg-turbo-progs)
if [ ${#need_apt[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || exit 1
fi
exit 0
