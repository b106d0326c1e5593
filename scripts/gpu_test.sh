#!/usr/bin/env bash
# One command for the GPU test run (on a machine with an NVIDIA GPU and nvcc):
# configures preset `cuda` (CUDA required), builds everything, runs the GPU tests (label
# cuda) with CORTEXPR_REQUIRE_GPU=1 (a GPU test that finds no device FAILS instead of
# being skipped), then the CPU suite, then compute-sanitizer memcheck and racecheck on
# the GPU tests when compute-sanitizer is installed.
#   bash scripts/gpu_test.sh                     everything
#   CORTEXPR_SANITIZE=0 bash scripts/gpu_test.sh  without compute-sanitizer
#   bash scripts/gpu_test.sh -R neurons          extra arguments go to the GPU ctest run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -f scripts/setup.sh ]]; then source scripts/setup.sh; fi

preset=cuda
jobs="${CORTEXPR_JOBS:-$(nproc)}"
start=$SECONDS
nvidia-smi -L || { echo "gpu_test.sh: nvidia-smi found no GPU" >&2; exit 1; }

echo "gpu_test.sh: configure (preset $preset)"
cmake --preset "$preset"
echo "gpu_test.sh: build (-j $jobs)"
cmake --build --preset "$preset" -j "$jobs"

status=0
echo "gpu_test.sh: GPU tests (ctest -L cuda, CORTEXPR_REQUIRE_GPU=1)"
CORTEXPR_REQUIRE_GPU=1 ctest --preset "$preset" -L cuda -LE compile_fail -j 1 --output-on-failure "$@" || status=$?
echo "gpu_test.sh: CPU suite (ctest -LE cuda)"
ctest --preset "$preset" -LE cuda -j "$jobs" --output-on-failure || status=$?

if [[ "${CORTEXPR_SANITIZE:-1}" != 0 ]] && command -v compute-sanitizer >/dev/null; then
    for t in build/$preset/tests/test_sim_*_cuda; do
        [[ -x "$t" ]] || continue
        for tool in memcheck racecheck; do
            echo "gpu_test.sh: compute-sanitizer --tool $tool $(basename "$t")"
            compute-sanitizer --tool "$tool" --error-exitcode 3 "$t" || status=$?
        done
    done
fi

if ((status == 0)); then
    echo "gpu_test.sh: OK ($((SECONDS - start)) s)"
else
    echo "gpu_test.sh: FAILED, exit code $status ($((SECONDS - start)) s)" >&2
fi
exit "$status"
