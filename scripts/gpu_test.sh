#!/usr/bin/env bash
# One command for the GPU test run (on a machine with an NVIDIA GPU and nvcc):
# configures preset `cuda` (CUDA required) for this machine's GPU only, builds, runs the
# GPU tests (label cuda) with CORTEXPR_REQUIRE_GPU=1 (a GPU test that finds no device
# FAILS instead of being skipped), then the CPU suite, then compute-sanitizer memcheck and
# racecheck on the CPU-vs-CUDA tests when compute-sanitizer is installed.
#   bash scripts/gpu_test.sh                      everything
#   CORTEXPR_GPU_ONLY=1 bash scripts/gpu_test.sh  build and run only the GPU tests (faster)
#   CORTEXPR_CUDA_ARCH=90 bash scripts/gpu_test.sh   architectures (default: native)
#   CORTEXPR_PREBUILT=build/h-cuda bash scripts/gpu_test.sh   no configure/build: run the
#       GPU test binaries already in that build directory (built elsewhere for this GPU)
#   CORTEXPR_SANITIZE=0 bash scripts/gpu_test.sh  without compute-sanitizer
#   bash scripts/gpu_test.sh -R neurons           extra arguments go to the GPU ctest run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
nvidia-smi -L || { echo "gpu_test.sh: nvidia-smi found no GPU" >&2; exit 1; }
status=0
gpu_tests=(test_sim_neurons_cuda test_sim_connectivity_cuda test_sim_plasticity_cuda test_sim_runtime_cuda
           test_sim_examples_cuda test_fixed_string_cuda test_random_cuda)

if [[ -n "${CORTEXPR_PREBUILT:-}" ]]; then
    dir="$CORTEXPR_PREBUILT"
    for t in "${gpu_tests[@]}"; do
        [[ -x "$dir/tests/$t" ]] || { echo "gpu_test.sh: $dir/tests/$t not built, skipped" >&2; continue; }
        echo "gpu_test.sh: $t"
        CORTEXPR_REQUIRE_GPU=1 "$dir/tests/$t" "$@" || status=$?
    done
else
    if [[ -f scripts/setup.sh ]]; then source scripts/setup.sh; fi
    preset=cuda
    dir="build/$preset"
    jobs="${CORTEXPR_JOBS:-$(nproc)}"
    echo "gpu_test.sh: configure (preset $preset, CUDA architectures ${CORTEXPR_CUDA_ARCH:-native})"
    cmake --preset "$preset" -DCMAKE_CUDA_ARCHITECTURES="${CORTEXPR_CUDA_ARCH:-native}" \
          -DCORTEXPR_CUDA_CHECK_ARCHITECTURES="${CORTEXPR_CUDA_ARCH:-native}"
    if [[ "${CORTEXPR_GPU_ONLY:-0}" == 1 ]]; then
        echo "gpu_test.sh: build the GPU tests (-j $jobs)"
        cmake --build --preset "$preset" -j "$jobs" --target "${gpu_tests[@]}"
    else
        echo "gpu_test.sh: build (-j $jobs)"
        cmake --build --preset "$preset" -j "$jobs"
    fi
    echo "gpu_test.sh: GPU tests (ctest -L cuda, CORTEXPR_REQUIRE_GPU=1)"
    CORTEXPR_REQUIRE_GPU=1 ctest --preset "$preset" -L cuda -LE compile_fail -j 1 --output-on-failure "$@" || status=$?
    if [[ "${CORTEXPR_GPU_ONLY:-0}" != 1 ]]; then
        echo "gpu_test.sh: CPU suite (ctest -LE cuda)"
        ctest --preset "$preset" -LE cuda -j "$jobs" --output-on-failure || status=$?
    fi
fi

if [[ "${CORTEXPR_SANITIZE:-1}" != 0 ]] && command -v compute-sanitizer >/dev/null; then
    for t in "$dir"/tests/test_sim_*_cuda; do
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
