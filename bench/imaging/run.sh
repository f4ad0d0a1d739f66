#!/usr/bin/env bash
# Image transforms: OpenCV (anchor, /usr/bin/python3 with python3-opencv) vs Hamr's `warp` bench verb, side by side in
# separate processes, alternating which goes first, for a few rounds; medians per operation. Bench only, never CI.
#
#   bench/imaging/run.sh                      # threads 1 and 2, 3 rounds
#   THREADS=1 ROUNDS=5 bench/imaging/run.sh
#
# Operations: warp_crop (640x480 RGB -> rotated, scaled 256x256 crop, bilinear, replicate border), resize_area
# (256x256 -> 128x128, INTER_AREA), blur (256x256, sigma 1.5, 11 taps, reflect-101). Reports µs per call (median of
# chunks, wall clock) and CPU µs per call (all threads; steadier on a shared machine), and Hamr/OpenCV ratios.
# Env: THREADS ("1 2"), ROUNDS (3), CALLS (200), CHUNKS (15), SKIP_DOTNET_BUILD=1.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"

THREADS="${THREADS:-1 2}"; ROUNDS="${ROUNDS:-3}"; CALLS="${CALLS:-200}"; CHUNKS="${CHUNKS:-15}"
/usr/bin/python3 -c "import cv2" 2>/dev/null || { echo "run.sh: needs python3-opencv (apt-get install -y python3-opencv)" >&2; exit 1; }
hamr_dll="$root/bench/Hamr.Benchmarks/bin/Release/net10.0/Hamr.Benchmarks.dll"
build_hamr_bench "$root"

echo "== imaging transforms: threads=[$THREADS] rounds=$ROUNDS  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for t in $THREADS; do
    declare -A wall=() cpu=()
    for r in $(seq 1 "$ROUNDS"); do
        if [ $((r % 2)) -eq 1 ]; then order="opencv hamr"; else order="hamr opencv"; fi
        for side in $order; do
            if [ "$side" = opencv ]; then
                out="$(/usr/bin/python3 "$here/opencv_bench.py" --threads "$t" --calls "$CALLS" --chunks "$CHUNKS")"
            else
                out="$(dotnet "$hamr_dll" warp --threads "$t" --calls "$CALLS" --chunks "$CHUNKS")"
            fi
            while read -r who op rest; do
                wall["$who $op"]+="$(field us_per_call "$rest") "
                cpu["$who $op"]+="$(field cpu_us_per_call "$rest") "
            done <<< "$out"
        done
    done
    echo
    echo "threads=$t (medians over $ROUNDS rounds; load now $(cut -d' ' -f1 /proc/loadavg))"
    printf '%-12s %12s %12s %8s   %12s %12s %8s\n' op "opencv µs" "hamr µs" ratio "opencv cpu" "hamr cpu" ratio
    for op in warp_crop resize_area blur; do
        ow="$(printf '%s\n' ${wall["opencv $op"]} | median %.1f)"; hw="$(printf '%s\n' ${wall["hamr $op"]} | median %.1f)"
        oc="$(printf '%s\n' ${cpu["opencv $op"]} | median %.1f)"; hc="$(printf '%s\n' ${cpu["hamr $op"]} | median %.1f)"
        rw="$(awk -v a="$hw" -v b="$ow" 'BEGIN {printf "%.2f", a/b}')"; rc="$(awk -v a="$hc" -v b="$oc" 'BEGIN {printf "%.2f", a/b}')"
        printf '%-12s %12s %12s %8s   %12s %12s %8s\n' "$op" "$ow" "$hw" "$rw" "$oc" "$hc" "$rc"
    done
    unset wall cpu
done
