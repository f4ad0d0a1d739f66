#!/usr/bin/env bash
# Helpers shared by bench/*/run.sh (sourced, not run). Bench only, never CI.

# ensure_libtorch_anchor DIR NAME: (re)builds DIR/out/NAME from DIR/NAME.cpp with DIR/build.sh when missing or stale.
ensure_libtorch_anchor() {
    local bin="$1/out/$2"
    if [ ! -x "$bin" ] || [ "$1/$2.cpp" -nt "$bin" ]; then
        "$1/build.sh" || { echo "run.sh: libtorch build failed" >&2; exit 1; }
    fi
    mkdir -p "$1/out"
}

# build_hamr_bench ROOT: dotnet-builds bench/Hamr.Benchmarks unless SKIP_DOTNET_BUILD=1 (a failure only warns).
build_hamr_bench() {
    if [ "${SKIP_DOTNET_BUILD:-0}" != 1 ]; then
        echo "== dotnet build bench/Hamr.Benchmarks -c Release" >&2
        (cd "$1" && dotnet build bench/Hamr.Benchmarks -c Release -nologo -v q) >&2 \
            || echo "run.sh: WARNING: dotnet build failed; Hamr column will be n/a" >&2
    fi
}

field() { # key, line -> value of " key=" (word-bounded, so chunk_median_img_per_s= doesn't match img_per_s)
    printf '%s\n' "$2" | grep -oE "(^| )$1=[0-9.eE+-]+" | head -1 | sed 's/.*=//'
}

median() { # printf format
    sort -g | awk -v f="$1" '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) printf f "\n", a[(NR+1)/2]; else printf f "\n", (a[NR/2]+a[NR/2+1])/2}'
}
