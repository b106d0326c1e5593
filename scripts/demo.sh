#!/usr/bin/env bash
# From clone to raster plot: installs what is missing (scripts/setup.sh), builds
# examples/demo.cpp, runs it (the Vogels-Abbott network on the CPU, or on the GPU where
# there is one: see below) and draws the spikes.
#
#   bash scripts/demo.sh                          4000 neurons, 2 s, output in out/demo/
#   bash scripts/demo.sh --neurons 20000 --time 5000 --out out/big
#
# Arguments go to the demo program (--neurons N --time ms --threads T --seed S --out DIR
# --progress auto|bar|lines|none). The output folder gets <pop>_times.npy, <pop>_ids.npy,
# <pop>_spikes.csv, populations.csv, summary.txt and raster.png (scripts/plot_spikes.py,
# with Debian's python3-matplotlib).
# Where nvidia-smi lists a GPU and the build has CUDA (nvcc found), the GPU version
# (examples/demo_cuda.cu, 100 000 neurons by default) runs instead; if it cannot be built
# or fails, the CPU demo runs.
#   CORTEXPR_DEMO_BACKEND=cpu  always the CPU demo (default auto)
#   CORTEXPR_PRESET=cpu-only   configure preset (default ci: CUDA checks when nvcc is found)
#   CORTEXPR_BUILD_DIR=dir     build in an existing or new build folder instead of a preset's
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/setup.sh

if [[ -n "${CORTEXPR_BUILD_DIR:-}" ]]; then
    build="$CORTEXPR_BUILD_DIR"
    if [[ ! -f "$build/CMakeCache.txt" ]]; then
        echo "demo.sh: configure $build (Release)"
        cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release --log-level=WARNING >/dev/null
    fi
else
    preset="${CORTEXPR_PRESET:-ci}"
    build="build/$preset"
    echo "demo.sh: configure (preset $preset)"
    cmake --preset "$preset" --log-level=WARNING >/dev/null
fi

# The GPU demo where there is a GPU and the build has CUDA, else the CPU demo.
program=demo
if [[ "${CORTEXPR_DEMO_BACKEND:-auto}" != cpu ]] && command -v nvidia-smi >/dev/null 2>&1 &&
    nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then
    echo "demo.sh: GPU found ($(nvidia-smi -L | head -n1)); build target demo_cuda in $build"
    if cmake --build "$build" --target demo_cuda -j "$(nproc)"; then
        program=demo_cuda
    else
        echo "demo.sh: demo_cuda could not be built (is nvcc on PATH?); the CPU demo instead" >&2
    fi
fi
if [[ "$program" == demo ]]; then
    echo "demo.sh: build target demo in $build"
    cmake --build "$build" --target demo -j "$(nproc)"
fi

# The output folder, as the program will see it (--out DIR or --out=DIR; default out/demo).
out=out/demo
args=("$@")
for ((i = 0; i < ${#args[@]}; ++i)); do
    case "${args[i]}" in
        --out=*) out="${args[i]#--out=}" ;;
        --out) if ((i + 1 < ${#args[@]})); then out="${args[i + 1]}"; fi ;;
    esac
done

# OpenMP threads that wait passively: on a machine whose cores are busy with other work,
# spinning threads (libgomp's default) slowed the 20000-neuron run 16-fold (2 threads,
# 2 cores, one used by a compiler); passive waiting cost nothing measurable when idle.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
echo "demo.sh: $build/examples/$program $*"
if ! "$build/examples/$program" "$@"; then
    [[ "$program" == demo_cuda ]] || exit 1
    echo "demo.sh: the GPU demo failed; the CPU demo instead" >&2
    cmake --build "$build" --target demo -j "$(nproc)"
    "$build/examples/demo" "$@"
fi

# The plot: the first python3 that has numpy and matplotlib (a virtualenv or pyenv
# python3 on PATH may lack them while Debian's /usr/bin/python3 has them).
python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import numpy, matplotlib' >/dev/null 2>&1; then
        python="$candidate"
        break
    fi
done
if [[ -z "$python" ]]; then
    echo "demo.sh: no python3 with numpy and matplotlib (apt-get install python3-matplotlib python3-numpy);" \
        "spike files are in $out, no raster.png" >&2
    exit 0
fi
"$python" scripts/plot_spikes.py "$out"
echo "demo.sh: done; open $out/raster.png (summary: $out/summary.txt)"
