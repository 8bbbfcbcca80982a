#!/usr/bin/env bash
# Restores, builds and runs every test. Needs only the .NET SDK (10.0): the golden fixtures are committed,
# so neither Python nor PyTorch is needed here (tests/fixtures/generate_golden.py regenerates them).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: the .NET 10 SDK is needed (dotnet on PATH)" >&2
    exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore TinyNets.slnx
dotnet build TinyNets.slnx --no-restore -c Release
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test TinyNets.slnx --no-build -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The kernels are compiled for 512-bit vectors where the core has them and 256-bit otherwise: on a 512-bit machine,
# run the engine and golden tests once more with 512-bit vectors switched off, so both paths are tested.
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    echo "Engine and golden tests again with 256-bit vectors (DOTNET_EnableAVX512F=0):"
    DOTNET_EnableAVX512F=0 dotnet test tests/TinyNets.Tests --no-build -c Release \
        --filter "FullyQualifiedName~TinyNets.Tests.Engine|FullyQualifiedName~TinyNets.Tests.Golden" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi
# And the optimizers', recorder's, transpose's, exponentials', plain passes' and partial vectors' kernels without AVX at all: the path
# of cores without masked loads or AVX shuffles (Vector256 code then runs in software, and must give the same values).
if grep -qw avx /proc/cpuinfo 2>/dev/null; then
    echo "Vector-width tests without AVX (DOTNET_EnableAVX=0):"
    DOTNET_EnableAVX=0 dotnet test tests/TinyNets.Tests --no-build -c Release \
        --filter "FullyQualifiedName~OptimizerWidthTests|FullyQualifiedName~ActivityTests|FullyQualifiedName~LayoutTests|FullyQualifiedName~ExponentialsTests|FullyQualifiedName~ElementwiseTests|FullyQualifiedName~SimdTests" 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi
set -e

# One plain summary line across test assemblies: "tests: N passed, N failed, N skipped".
passed=0 failed=0 skipped=0
while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "test.sh: no test ran" >&2
    exit 1
fi
exit "$status"
