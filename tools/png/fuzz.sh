#!/usr/bin/env bash
# A longer PNG fuzz run than CI's 2,000 cases: ./tools/png/fuzz.sh [cases] [seed]
# Same mutations as tests/Hamr.Imaging.Tests/Codecs/PngFuzzTests.cs; a failure prints the case, seed and mutation.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/Hamr.Imaging.Tests -c Release -nologo -v q
HAMR_PNG_FUZZ_CASES="${1:-200000}" HAMR_PNG_FUZZ_SEED="${2:-$RANDOM}" \
    dotnet test tests/Hamr.Imaging.Tests -c Release --no-build -nologo --filter "FullyQualifiedName~PngFuzzTests" \
    --logger "console;verbosity=normal"
