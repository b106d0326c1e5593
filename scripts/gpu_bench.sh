#!/usr/bin/env bash
# One command for the GPU benchmarks (on a machine with an NVIDIA GPU and nvcc): builds
# bench_networks_cuda (preset cuda; its compile time is recorded) and runs
#   - the launch/sync overhead of an empty network (1000 silent neurons),
#   - Vogels–Abbott at 4k, 16k, 64k, 256k and 1M neurons (in-degree 400),
#   - the microcircuit at full scale for 10 s of biological time (Poisson drive),
#     and once more with per-phase timers,
# in float (GeNN's precision), with CUDA graphs, appending JSON lines (keys:
# benchmarks/README.md and bench_networks_cuda.cu) to
# benchmarks/results/<date>_<gpu-name>.jsonl.
#   bash scripts/gpu_bench.sh             everything (about 5-15 minutes on an H100)
#   CX_BENCH_QUICK=1 bash scripts/gpu_bench.sh   VA 4k/16k and microcircuit 0.1, 1 s each
#   CORTEXPR_PREBUILT=build/h-cuda bash scripts/gpu_bench.sh   run a binary built elsewhere
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -f scripts/setup.sh ]]; then source scripts/setup.sh; fi

preset=cuda
gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1 | tr ' /' '__')
out="benchmarks/results/$(date -u +%Y-%m-%d)_${gpu}.jsonl"
mkdir -p benchmarks/results

# CORTEXPR_PREBUILT=<build dir>: use the bench_networks_cuda already built there (for this
# GPU's architecture); otherwise configure for this GPU only (CORTEXPR_CUDA_ARCH, default
# native) and build it, recording the compile time.
if [[ -n "${CORTEXPR_PREBUILT:-}" ]]; then
    bin="$CORTEXPR_PREBUILT/benchmarks/bench_networks_cuda"
    compile_s=null
else
    cmake --preset "$preset" -DCMAKE_CUDA_ARCHITECTURES="${CORTEXPR_CUDA_ARCH:-native}"
    t0=$SECONDS
    cmake --build --preset "$preset" --target bench_networks_cuda -j "${CORTEXPR_JOBS:-$(nproc)}"
    compile_s=$((SECONDS - t0))
    bin="build/$preset/benchmarks/bench_networks_cuda"
fi
echo "{\"bench\":\"compile\",\"target\":\"bench_networks_cuda\",\"gpu\":\"$gpu\",\"compile_s\":$compile_s,\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$(git rev-parse --short HEAD)\"}" | tee -a "$out"

run() { echo "gpu_bench.sh: $*" >&2; "$bin" "$@" | tee -a "$out"; }

if [[ "${CX_BENCH_QUICK:-0}" == 1 ]]; then
    run empty 1000 1000
    run va 4000 1000
    run va 16000 1000
    run microcircuit 0.1 1000
    exit 0
fi

run empty 1000 10000
run empty 1000 10000 --stream
run empty 1000 10000 --persistent
for n in 4000 16000 64000 256000 1000000; do
    run va "$n" 10000
done
run va 16000 10000 --stream
run va 16000 10000 --persistent
run va 1000000 10000 --persistent
run microcircuit 1.0 10000
run microcircuit 1.0 1000 --timing
run microcircuit 1.0 10000 --graph-steps 1000
run microcircuit 1.0 10000 --persistent --graph-steps 1000
echo "gpu_bench.sh: results in $out" >&2
