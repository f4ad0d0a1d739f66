#!/usr/bin/env bash
# Conv-stack training throughput: libtorch (anchor) vs Hamr, side by side in separate processes,
# alternating for a few rounds. Bench only, never CI.
#
#   bench/convstack/run.sh                    # batch 16, 2 threads, 3 rounds
#   THREADS=1 bench/convstack/run.sh          # single-thread comparison
#   THREADS="2 1" bench/convstack/run.sh      # both, one table each
#   bench/convstack/run.sh --threads 1 --rounds 5 --steps 100 --warmup 10 --batch 16
#
# Env (flags override): THREADS (list, default 2), ROUNDS (3), STEPS (50), WARMUP (10), BATCH (16),
# CHUNKS (5, libtorch per-chunk median; the right-hand columns compare chunk medians where both sides print
# chunk_median_img_per_s=), HAMR_TIMEOUT (seconds per Hamr run, 900), SKIP_DOTNET_BUILD=1.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
# shellcheck source=../lib.sh
source "$here/../lib.sh"

THREADS="${THREADS:-2}"; ROUNDS="${ROUNDS:-3}"; STEPS="${STEPS:-50}"; WARMUP="${WARMUP:-10}"
BATCH="${BATCH:-16}"; CHUNKS="${CHUNKS:-5}"; HAMR_TIMEOUT="${HAMR_TIMEOUT:-900}"
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) THREADS="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --steps) STEPS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --batch) BATCH="$2"; shift 2 ;;
        --chunks) CHUNKS="$2"; shift 2 ;;
        *) echo "usage: $0 [--threads 'N...'] [--rounds N] [--steps N] [--warmup N] [--batch N] [--chunks N]" >&2; exit 2 ;;
    esac
done

# --- build both sides -------------------------------------------------------------------------
bin="$out/convstack_libtorch"
ensure_libtorch_anchor "$here" convstack_libtorch

hamr_dll="$root/bench/Hamr.Benchmarks/bin/Release/net10.0/Hamr.Benchmarks.dll"
build_hamr_bench "$root"

# --- helpers (field, median: ../lib.sh) ------------------------------------------------------
run_libtorch() { # threads
    env GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184 \
        OMP_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1" \
        "$bin" --batch "$BATCH" --threads "$1" --steps "$STEPS" --warmup "$WARMUP" --chunks "$CHUNKS" 2>>"$out/libtorch.stderr"
}

run_hamr() { # threads
    [ -f "$hamr_dll" ] || return 0
    timeout "$HAMR_TIMEOUT" dotnet "$hamr_dll" convstack --batch "$BATCH" --steps "$STEPS" --warmup "$WARMUP" \
        --threads "$1" 2>>"$out/hamr.stderr"
}

# --- rounds -----------------------------------------------------------------------------------
echo "== convstack: batch=$BATCH steps=$STEPS warmup=$WARMUP rounds=$ROUNDS threads=[$THREADS]  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for t in $THREADS; do
    lt_all=(); hm_all=(); ratios=(); cratios=(); rows=()
    for r in $(seq 1 "$ROUNDS"); do
        # alternate which side goes first so neither always gets the cooler/quieter slot
        if [ $((r % 2)) -eq 1 ]; then order="libtorch hamr"; else order="hamr libtorch"; fi
        lt_line=""; hm_line=""
        for side in $order; do
            if [ "$side" = libtorch ]; then
                lt_line="$(run_libtorch "$t" | grep -E '^libtorch convstack ' | tail -1)"
                echo "  [round $r] ${lt_line:-libtorch: (no output)}  (load $(cut -d' ' -f1 /proc/loadavg))"
            else
                hm_line="$(run_hamr "$t" | grep -E '^hamr convstack ' | tail -1)"
                echo "  [round $r] ${hm_line:-hamr: (no output)}  (load $(cut -d' ' -f1 /proc/loadavg))"
            fi
        done
        lt="$(field img_per_s "$lt_line")"; hm="$(field img_per_s "$hm_line")"
        lt="${lt:-n/a}"; hm="${hm:-n/a}"
        # per-chunk medians (robust to a neighbour's burst); the Hamr line may or may not carry one
        ltc="$(field chunk_median_img_per_s "$lt_line")"; hmc="$(field chunk_median_img_per_s "$hm_line")"
        ltc="${ltc:-n/a}"; hmc="${hmc:-n/a}"
        cratio="n/a"
        if [ "$ltc" != n/a ] && [ "$hmc" != n/a ]; then
            cratio="$(awk -v a="$hmc" -v b="$ltc" 'BEGIN {printf "%.3f", a/b}')"
            cratios+=("$cratio")
        fi
        ratio="n/a"
        if [ "$lt" != n/a ] && [ "$hm" != n/a ]; then
            ratio="$(awk -v a="$hm" -v b="$lt" 'BEGIN {printf "%.3f", a/b}')"
            ratios+=("$ratio")
        fi
        [ "$lt" != n/a ] && lt_all+=("$lt")
        [ "$hm" != n/a ] && hm_all+=("$hm")
        rows+=("$(printf '%-6s %16s %16s %14s   %14s %14s %10s' "$r" "$lt" "$hm" "$ratio" "$ltc" "$hmc" "$cratio")")
    done
    echo
    echo "convstack batch=$BATCH threads=$t steps=$STEPS warmup=$WARMUP"
    printf '%-6s %16s %16s %14s   %14s %14s %10s\n' round "libtorch img/s" "hamr img/s" "hamr/libtorch" \
        "lt chunk-med" "hamr chunk-med" "ratio"
    for row in "${rows[@]}"; do echo "$row"; done
    lt_med="$(printf '%s\n' "${lt_all[@]}" | grep . | median %.1f)"
    hm_med="$(printf '%s\n' "${hm_all[@]}" | grep . | median %.1f)"
    r_med="$(printf '%s\n' "${ratios[@]}" | grep . | median %.3f)"
    c_med="$(printf '%s\n' "${cratios[@]}" | grep . | median %.3f)"
    printf '%-6s %16s %16s %14s   %14s %14s %10s\n' median "$lt_med" "$hm_med" "$r_med" "" "" "$c_med"
    echo "result convstack batch=$BATCH threads=$t libtorch_img_per_s=$lt_med hamr_img_per_s=$hm_med ratio_hamr_over_libtorch=$r_med chunk_median_ratio=$c_med"
    echo
done
