#!/usr/bin/env bash
# From clone to raster plot: installs what is missing (scripts/setup.sh), builds
# examples/demo.cpp, runs it (the Vogels-Abbott network on the CPU) and draws the spikes.
#
#   bash scripts/demo.sh                          4000 neurons, 2 s, output in out/demo/
#   bash scripts/demo.sh --neurons 20000 --time 5000 --out out/big
#
# Arguments go to the demo program (--neurons N --time ms --threads T --seed S --out DIR
# --progress auto|bar|lines|none). The output folder gets <pop>_times.npy, <pop>_ids.npy,
# <pop>_spikes.csv, populations.csv, summary.txt and raster.png (scripts/plot_spikes.py,
# with Debian's python3-matplotlib).
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
    echo "demo.sh: build target demo in $build"
    cmake --build "$build" --target demo -j "$(nproc)"
else
    preset="${CORTEXPR_PRESET:-ci}"
    build="build/$preset"
    echo "demo.sh: configure (preset $preset) and build target demo"
    cmake --preset "$preset" --log-level=WARNING >/dev/null
    cmake --build --preset "$preset" --target demo -j "$(nproc)"
fi

# The output folder, as the program will see it (--out DIR or --out=DIR; default out/demo).
out=out/demo
args=("$@")
for ((i = 0; i < ${#args[@]}; ++i)); do
    case "${args[i]}" in
        --out=*) out="${args[i]#--out=}" ;;
        --out) ((i + 1 < ${#args[@]})) && out="${args[i + 1]}" ;;
    esac
done

# OpenMP threads that wait passively: on a machine whose cores are busy with other work,
# spinning threads (libgomp's default) slowed the 20000-neuron run 16-fold (2 threads,
# 2 cores, one used by a compiler); passive waiting cost nothing measurable when idle.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
echo "demo.sh: $build/examples/demo $*"
"$build/examples/demo" "$@"

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
