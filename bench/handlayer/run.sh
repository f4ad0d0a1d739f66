#!/usr/bin/env bash
# Hand model layer: PyTorch 1.13 anchor (smplx's lbs, bench/handlayer/handlayer_torch.py) vs Hamr's HandLayer, in
# separate processes, alternating for a few rounds. Bench only, never CI. Needs Debian's python3-torch.
#
#   bench/handlayer/run.sh                      # 3 rounds, 1 thread, batch 32, no pose blend shapes (open model)
#   bench/handlayer/run.sh --posedirs           # with 135 pose blend shapes (MANO)
#   bench/handlayer/run.sh --rounds 5 --threads 2 --batch 32
#
# Env (flags override): ROUNDS (3), THREADS (1), BATCH (32), SKIP_DOTNET_BUILD=1.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"

ROUNDS="${ROUNDS:-3}"; THREADS="${THREADS:-1}"; BATCH="${BATCH:-32}"; POSEDIRS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --batch) BATCH="$2"; shift 2 ;;
        --posedirs) POSEDIRS="--posedirs"; shift ;;
        *) echo "usage: $0 [--rounds N] [--threads N] [--batch N] [--posedirs]" >&2; exit 2 ;;
    esac
done

hamr_dll="$root/bench/Hamr.Benchmarks/bin/Release/net10.0/Hamr.Benchmarks.dll"
build_hamr_bench "$root"
args=(--batch "$BATCH" --threads "$THREADS" $POSEDIRS)

echo "== handlayer: batch=$BATCH threads=$THREADS rounds=$ROUNDS ${POSEDIRS:-(no pose blend shapes)}  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
t_one=(); h_one=(); t_ag=(); h_ag=()
for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) -eq 1 ]; then order="torch hamr"; else order="hamr torch"; fi
    for side in $order; do
        if [ "$side" = torch ]; then
            line="$(OMP_NUM_THREADS="$THREADS" /usr/bin/python3 "$here/handlayer_torch.py" "${args[@]}" | grep -E '^torch handlayer ' | tail -1)"
            t_one+=("$(field plain_one_us "$line")"); t_ag+=("$(field autograd_fwd_bwd_ms "$line")")
        else
            line="$(dotnet "$hamr_dll" handlayer "${args[@]}" | grep -E '^hamr handlayer ' | tail -1)"
            h_one+=("$(field plain_one_us "$line")"); h_ag+=("$(field autograd_fwd_bwd_ms "$line")")
        fi
        echo "  [round $r] ${line:-$side: (no output)}"
    done
done
tm1="$(printf '%s\n' "${t_one[@]}" | grep . | median %.2f)"; hm1="$(printf '%s\n' "${h_one[@]}" | grep . | median %.2f)"
tma="$(printf '%s\n' "${t_ag[@]}" | grep . | median %.3f)"; hma="$(printf '%s\n' "${h_ag[@]}" | grep . | median %.3f)"
echo
printf '%-34s %12s %12s %14s\n' measure torch hamr torch/hamr
printf '%-34s %12s %12s %14s\n' "plain forward, one hand (us)" "$tm1" "$hm1" "$(awk -v a="$tm1" -v b="$hm1" 'BEGIN {printf "%.1f", a/b}')"
printf '%-34s %12s %12s %14s\n' "autograd fwd+bwd, batch $BATCH (ms)" "$tma" "$hma" "$(awk -v a="$tma" -v b="$hma" 'BEGIN {printf "%.1f", a/b}')"
echo "result handlayer batch=$BATCH threads=$THREADS posedirs=${POSEDIRS:+1} torch_plain_one_us=$tm1 hamr_plain_one_us=$hm1 torch_autograd_ms=$tma hamr_autograd_ms=$hma"
