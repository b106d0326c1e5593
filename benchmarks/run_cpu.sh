#!/usr/bin/env bash
# The CPU benchmark grid of issue 3, point 10, in one command: Vogels–Abbott 4k to 1M
# neurons and the microcircuit at scales 0.1, 0.25 and 1.0, on 1 and 2 threads, one
# process per configuration (so peak_rss_mb is that run's own), JSON lines appended to
# OUT, then the side-by-side table with the published GeNN/Brian2 figures
# (benchmarks/compare.py, with Brian2's measured lines: BRIAN2=file.jsonl, else the newest
# benchmarks/results/brian2_*_cpu.jsonl).
#
#   bash benchmarks/run_cpu.sh [OUT=benchmarks/results/networks_<date>_cpu.jsonl]
#   QUICK=1 bash benchmarks/run_cpu.sh /tmp/quick.jsonl     # no 1M / full-scale runs
#
# Timings mean something only on an otherwise idle machine: check `uptime` first. On a
# shared machine set OMP_WAIT_POLICY=passive (spinning threads steal the busy core).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="${1:-benchmarks/results/networks_$(date -u +%F)_cpu.jsonl}"
build="${CORTEXPR_BUILD_DIR:-build/bench}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCORTEXPR_ENABLE_CUDA=OFF --log-level=WARNING >/dev/null
cmake --build "$build" --target bench_networks -j "$(nproc)" >/dev/null
bench="$build/benchmarks/bench_networks"

run() {
    echo "run_cpu.sh: $* (load: $(cut -d' ' -f1 /proc/loadavg))" >&2
    "$bench" "$@" | tee -a "$out"
}

for threads in 1 2; do
    run va 4000 "$threads" 1000
    run va 20000 "$threads" 1000
    run va 100000 "$threads" 1000
    [[ -n "${QUICK:-}" ]] || run va 1000000 "$threads" 200
    run microcircuit 0.1 "$threads" 1000
    run microcircuit 0.25 "$threads" 1000
    [[ -n "${QUICK:-}" ]] || run microcircuit 1.0 "$threads" 1000
done

# The SIMD first blocks against the scalar path, in the same run (docs/random.md): the
# microcircuit at 0.25 on one thread; the spike hashes must agree.
CORTEXPR_PHILOX_ISA=scalar run microcircuit 0.25 1 1000

# Brian2's lines: BRIAN2=file, else the newest measured here (benchmarks/brian2/run.sh)
brian2="${BRIAN2:-$(ls -1 benchmarks/results/brian2_*_cpu.jsonl 2>/dev/null | tail -1)}"
if [[ -n "$brian2" ]]; then python3 benchmarks/compare.py "$out" "$brian2"; else python3 benchmarks/compare.py --reference-only; fi
