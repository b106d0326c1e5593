#!/usr/bin/env bash
# Builds and runs the demo program (examples/demo.cpp); arguments go to the program.
#   bash scripts/demo.sh [args...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/setup.sh

preset="${CORTEXPR_PRESET:-ci}"
echo "demo.sh: configure (preset $preset) and build target demo"
cmake --preset "$preset" --log-level=WARNING >/dev/null
cmake --build --preset "$preset" --target demo -j "$(nproc)"
echo "demo.sh: ./build/$preset/examples/demo $*"
exec "./build/$preset/examples/demo" "$@"
