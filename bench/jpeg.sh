#!/usr/bin/env bash
# Our JPEG decoder against libjpeg-turbo (tjDecompress2, same defaults as djpeg: accurate integer IDCT, fancy
# upsampling, RGB out), each in its own process, alternating for ROUNDS rounds. Three columns:
#   hamr         Jpeg.Decode as an application calls it (a new 196 KB output array per decode, which .NET puts on the
#                large-object heap: on this VM the fresh pages it gets back cost more than the decoding itself);
#   hamr-gen0    the same with DOTNET_GCLOHThreshold=1 MiB, so the output lives in gen0 like libjpeg-turbo's reused
#                buffer (an application that decodes many images can set System.GC.LOHThreshold the same way);
#   turbo-alloc  libjpeg-turbo decoding into a new managed array each time (the same allocation as hamr pays);
#   turbo        libjpeg-turbo decoding into one reused buffer.
# Needs apt-get install -y libturbojpeg0 (benchmark only). Usage: bench/jpeg.sh [--file F.jpg] (ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
dll=bench/Hamr.Benchmarks/bin/Release/net10.0/Hamr.Benchmarks.dll
dotnet build bench/Hamr.Benchmarks -c Release -nologo -v q >/dev/null
source bench/lib.sh

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for r in $(seq "$rounds"); do
    echo "round $r/$rounds" >&2
    dotnet "$dll" jpeg "$@" >>"$out/hamr"
    DOTNET_GCLOHThreshold=0x100000 dotnet "$dll" jpeg "$@" >>"$out/hamr-gen0"
    dotnet "$dll" jpeg --turbo --alloc "$@" | grep -v '^#' >>"$out/turbo-alloc"
    dotnet "$dll" jpeg --turbo "$@" | tee -a "$out/check" | grep -v '^#' >>"$out/turbo"
done

grep '^#' "$out/check" | sort -u
head -1 "$out/hamr" | sed 's/ wall_us.*//; s/decoder=hamr //'
printf '%-12s %14s %14s   (medians of %s rounds, µs per decode, %s cores, load %s)\n' decoder wall_us cpu_us "$rounds" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
for name in hamr turbo-alloc hamr-gen0 turbo; do
    wall=$(while read -r line; do field wall_us "$line"; done <"$out/$name" | median "%.1f")
    cpu=$(while read -r line; do field cpu_us "$line"; done <"$out/$name" | median "%.1f")
    printf '%-12s %14s %14s\n' "$name" "$wall" "$cpu"
    echo "$cpu" >"$out/$name.cpu"
done
awk -v a="$(cat "$out/hamr.cpu")" -v ta="$(cat "$out/turbo-alloc.cpu")" -v b="$(cat "$out/hamr-gen0.cpu")" -v t="$(cat "$out/turbo.cpu")" \
    'BEGIN { printf "ratio (CPU time): hamr/turbo-alloc %.2fx, hamr-gen0/turbo %.2fx\n", a / ta, b / t }'
