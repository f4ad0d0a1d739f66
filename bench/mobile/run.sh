#!/usr/bin/env bash
# "mobile" (depthwise-separable) network throughput: libtorch (anchor) vs Hamr, side by side in separate
# processes, alternating which goes first, for a few rounds; medians per configuration. Bench only, never CI.
#
#   bench/mobile/run.sh                                  # train + inference, batch 16 and 1, 2 threads, 3 rounds
#   MODES=inference BATCHES=1 bench/mobile/run.sh        # one configuration
#   bench/mobile/run.sh --rounds 5 --steps 50 --warmup 10 --threads 2
#
# Env (flags override): MODES ("train inference"), BATCHES ("16 1"), THREADS (2), ROUNDS (3), STEPS (30),
# WARMUP (5), CHUNKS (5, libtorch per-chunk median), HAMR_TIMEOUT (seconds per Hamr run, 300), SKIP_DOTNET_BUILD=1.
# Batch-1 runs take 10x the steps (they are ~16x shorter).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
# shellcheck source=../lib.sh
source "$here/../lib.sh"

MODES="${MODES:-train inference}"; BATCHES="${BATCHES:-16 1}"; THREADS="${THREADS:-2}"; ROUNDS="${ROUNDS:-3}"
STEPS="${STEPS:-30}"; WARMUP="${WARMUP:-5}"; CHUNKS="${CHUNKS:-5}"; HAMR_TIMEOUT="${HAMR_TIMEOUT:-300}"
while [ $# -gt 0 ]; do
    case "$1" in
        --modes) MODES="$2"; shift 2 ;;
        --batches) BATCHES="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --steps) STEPS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --chunks) CHUNKS="$2"; shift 2 ;;
        *) echo "usage: $0 [--modes 'train inference'] [--batches '16 1'] [--threads N] [--rounds N] [--steps N] [--warmup N] [--chunks N]" >&2; exit 2 ;;
    esac
done

# --- build both sides -------------------------------------------------------------------------
bin="$out/mobile_libtorch"
ensure_libtorch_anchor "$here" mobile_libtorch

hamr_dll="$root/bench/Hamr.Benchmarks/bin/Release/net10.0/Hamr.Benchmarks.dll"
build_hamr_bench "$root"

# --- helpers (field, median: ../lib.sh) ------------------------------------------------------
run_libtorch() { # mode batch steps
    env GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184 \
        OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS" \
        "$bin" "--$1" --batch "$2" --threads "$THREADS" --steps "$3" --warmup "$WARMUP" --chunks "$CHUNKS" \
        2>>"$out/libtorch.stderr"
}

run_hamr() { # mode batch steps
    [ -f "$hamr_dll" ] || return 0
    timeout "$HAMR_TIMEOUT" dotnet "$hamr_dll" mobile "--$1" --batch "$2" --steps "$3" --warmup "$WARMUP" \
        --threads "$THREADS" 2>>"$out/hamr.stderr"
}

# --- rounds -----------------------------------------------------------------------------------
echo "== mobile: modes=[$MODES] batches=[$BATCHES] threads=$THREADS steps=$STEPS warmup=$WARMUP rounds=$ROUNDS  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
summary=()
for mode in $MODES; do
    for batch in $BATCHES; do
        steps="$STEPS"; [ "$batch" -le 2 ] && steps=$((STEPS * 10))
        lt_all=(); hm_all=(); ratios=(); rows=()
        for r in $(seq 1 "$ROUNDS"); do
            if [ $((r % 2)) -eq 1 ]; then order="libtorch hamr"; else order="hamr libtorch"; fi
            lt_line=""; hm_line=""; loads=""
            for side in $order; do
                if [ "$side" = libtorch ]; then
                    lt_line="$(run_libtorch "$mode" "$batch" "$steps" | grep -E '^libtorch mobile ' | tail -1)"
                else
                    hm_line="$(run_hamr "$mode" "$batch" "$steps" | grep -E '^hamr mobile ' | tail -1)"
                fi
                loads="$loads $(cut -d' ' -f1 /proc/loadavg)"
            done
            # per-round rates: libtorch's chunk median vs Hamr's (Hamr reports the median of 5-step chunks)
            lt="$(field chunk_median_img_per_s "$lt_line")"; hm="$(field img_per_s "$hm_line")"
            lt="${lt:-n/a}"; hm="${hm:-n/a}"
            ratio="n/a"
            if [ "$lt" != n/a ] && [ "$hm" != n/a ]; then
                ratio="$(awk -v a="$hm" -v b="$lt" 'BEGIN {printf "%.3f", a/b}')"
                ratios+=("$ratio")
            fi
            [ "$lt" != n/a ] && lt_all+=("$lt")
            [ "$hm" != n/a ] && hm_all+=("$hm")
            rows+=("$(printf '%-6s %16s %16s %14s   %s' "$r" "$lt" "$hm" "$ratio" "$loads")")
        done
        echo
        echo "mobile mode=$mode batch=$batch threads=$THREADS steps=$steps warmup=$WARMUP"
        printf '%-6s %16s %16s %14s   %s\n' round "libtorch img/s" "hamr img/s" "hamr/libtorch" "load after each run"
        for row in "${rows[@]}"; do echo "$row"; done
        lt_med="$(printf '%s\n' "${lt_all[@]}" | grep . | median %.1f)"
        hm_med="$(printf '%s\n' "${hm_all[@]}" | grep . | median %.1f)"
        r_med="$(printf '%s\n' "${ratios[@]}" | grep . | median %.3f)"
        printf '%-6s %16s %16s %14s\n' median "$lt_med" "$hm_med" "$r_med"
        summary+=("$(printf '%-10s %6s %16s %16s %14s %7s' "$mode" "$batch" "$lt_med" "$hm_med" "$r_med" "$ROUNDS")")
    done
done
echo
echo "summary (threads=$THREADS; medians over rounds; load at end $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-10s %6s %16s %16s %14s %7s\n' mode batch "libtorch img/s" "hamr img/s" "hamr/libtorch" rounds
for row in "${summary[@]}"; do echo "$row"; done
