#!/usr/bin/env bash
# Hamr's SGEMM against OpenBLAS at the engine's shapes. Each side runs in its own process (so thread
# pools and caches never meet), alternating for ROUNDS rounds; the table holds the median over rounds of
# each process's median GFLOP/s. OpenBLAS is needed only here: apt-get install -y libopenblas0.
# Usage: bench/gemm.sh [gemm options, e.g. --trans NT --shapes 64x576x4096] (ROUNDS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
dll=bench/Hamr.Benchmarks/bin/Release/net10.0/Hamr.Benchmarks.dll
dotnet build bench/Hamr.Benchmarks -c Release -nologo -v q >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for r in $(seq "$rounds"); do
    echo "round $r/$rounds" >&2
    dotnet "$dll" gemm "$@" | grep -v '^#' | awk '{print $1, $2}' >>"$out/hamr"
    # OPENBLAS_CORETYPE=Haswell (set in this environment) halves OpenBLAS on AVX-512; let it detect the CPU.
    env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=2 dotnet "$dll" gemm --openblas "$@" \
        | grep -v '^#' | awk '{print $1, $2}' >>"$out/openblas"
done

median() { # file -> "shape median" lines, shapes in first-seen order
    sort -s -k1,1 -k2,2g "$1" | awk '
        { v[$1, ++n[$1]] = $2 }
        END { for (s in n) { c = n[s]; m = c % 2 ? v[s, (c + 1) / 2] : (v[s, c / 2] + v[s, c / 2 + 1]) / 2; print s, m } }'
}
median "$out/hamr" >"$out/hamr.med"
median "$out/openblas" >"$out/openblas.med"

echo "shape(MxKxN)      ours GFLOP/s  OpenBLAS GFLOP/s  ratio   (medians of $rounds rounds, $(nproc) cores)"
awk '!seen[$1]++ {print $1}' "$out/hamr" | while read -r shape; do
    ours=$(awk -v s="$shape" '$1 == s {print $2}' "$out/hamr.med")
    blas=$(awk -v s="$shape" '$1 == s {print $2}' "$out/openblas.med")
    awk -v s="$shape" -v o="$ours" -v b="$blas" 'BEGIN { printf "%-17s %12.1f %17.1f %7.2fx\n", s, o, b, o / b }'
done
