#!/usr/bin/env bash
# Configures, builds everything and runs every test (the same as CI: .ci/run).
#   bash scripts/test.sh                   preset ci (Release; CUDA checks when nvcc is found)
#   CORTEXPR_PRESET=cpu-only bash scripts/test.sh
#   bash scripts/test.sh -L unit           extra arguments go to ctest
#   CORTEXPR_PYTHON_TESTS=0 bash scripts/test.sh   without the Python package's tests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/setup.sh

preset="${CORTEXPR_PRESET:-ci}"
jobs="${CORTEXPR_JOBS:-$(nproc)}"
start=$SECONDS

echo "test.sh: configure (preset $preset)"
cmake --preset "$preset"
echo "test.sh: build (-j $jobs)"
cmake --build --preset "$preset" -j "$jobs"
echo "test.sh: ctest (-j $jobs)"
status=0
ctest --preset "$preset" -j "$jobs" --output-on-failure "$@" || status=$?
if [[ "${CORTEXPR_PYTHON_TESTS:-1}" == 1 ]]; then
    echo "test.sh: Python package (scripts/test_python.sh)"
    CORTEXPR_BUILD_DIR="$PWD/build/$preset" bash scripts/test_python.sh || status=$?
fi

if ((status == 0)); then
    echo "test.sh: OK (preset $preset, $((SECONDS - start)) s)"
else
    echo "test.sh: FAILED, ctest exit code $status (preset $preset, $((SECONDS - start)) s)" >&2
fi
exit "$status"
