#!/usr/bin/env bash
# The project's test command: every test once, then the kernel tests again with hardware intrinsics
# switched off (and once more with AVX-512 off) so the scalar and Vector256 fallbacks are proven.
# Ends with "N passed, N failed" summed from the TRX results of all runs.
set -uo pipefail
cd "$(dirname "$0")"
results="${HAMR_TEST_RESULTS:-$PWD/TestResults}"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet build Hamr.sln -c Release -nologo -v q || exit 1

projects=$(ls tests/*/*.Tests.csproj)

run() { # name, extra env..., then dotnet test args after --
    # One dotnet test per project: a TRX file each (projects run together would overwrite one file).
    local name=$1; shift
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    echo "== $name"
    for project in $projects; do
        env "${envs[@]}" dotnet test "$project" -c Release --no-build -nologo \
            --logger "trx;LogFileName=$name-$(basename "$project" .csproj).trx" --results-directory "$results" "$@" || status=1
    done
}

run all HAMR_TEST_RUN=all --
run scalar DOTNET_EnableHWIntrinsic=0 -- --filter "Category=Kernels"
# .NET 10 reads DOTNET_EnableAVX512 (DOTNET_EnableAVX512F alone no longer turns AVX-512 off); set both.
run no-avx512 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 -- --filter "Category=Kernels"

passed=0; failed=0; skipped=0
for f in $(find "$results" -name '*.trx'); do
    counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
    skipped=$((skipped + $(get notExecuted)))
done
[ "$failed" -gt 0 ] || [ "$passed" -eq 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
