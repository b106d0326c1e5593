#!/usr/bin/env bash
# Same-network comparison of cortexpr, GeNN 5.4 (CPU backend) and Brian2 2.9.0: builds
# what it needs, then runs benchmarks/compare/driver.py (see benchmarks/compare/README.md).
#
#   GENN_SRC=/path/to/genn-5.4.0-src.tar.gz bash benchmarks/compare/run.sh [driver options]
#   bash benchmarks/compare/run.sh --quick             # smoke run: a few minutes, not results
#   bash benchmarks/compare/run.sh --scaling           # steps/s against size, 1k..1M, + PNG
#   bash benchmarks/compare/run.sh --help              # the driver's options
#
# GENN_SRC (or --genn-src PATH as the first argument) is GeNN 5.4.0's source archive or
# source directory; it is needed only while build/compare-venv has no PyGeNN yet.
# Not part of CI: the full grid takes hours on a 2-core machine. Figures mean something
# only on an otherwise idle machine (check `uptime`); the table records the load.
set -euo pipefail
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$self")/../.."

if [[ "${1:-}" == "--genn-src" ]]; then export GENN_SRC="$2"; shift 2; fi
for a in "$@"; do
    if [[ "$a" == "-h" || "$a" == "--help" ]]; then
        sed -n '2,13p' "$self"
        exec python3 benchmarks/compare/driver.py --help
    fi
done

venv="${COMPARE_VENV:-build/compare-venv}"
build="${CORTEXPR_BUILD_DIR:-build/bench}"
bash benchmarks/compare/setup_env.sh "$venv"
"$venv/bin/python" -c 'import matplotlib' 2>/dev/null || "$venv/bin/python" -m pip install -q matplotlib

# cortexpr's side: bench_networks, optimised, CPU only (as benchmarks/run_cpu.sh builds it)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCORTEXPR_ENABLE_CUDA=OFF --log-level=WARNING >/dev/null
cmake --build "$build" --target bench_networks -j "$(nproc)" >/dev/null

exec "$venv/bin/python" benchmarks/compare/driver.py \
    --python "$venv/bin/python" --cortexpr-bin "$build/benchmarks/bench_networks" "$@"
