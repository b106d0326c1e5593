#!/usr/bin/env bash
# Compile cost of model code strings: generates translation units with K models
# (gen.py) and compiles each with g++ and, when found, nvcc, printing one JSON line per
# (compiler, K): the best wall and CPU (user + system) time of REPEATS compilations and
# the peak resident memory of the largest process (for nvcc: of cudafe++, cicc, ptxas
# or the host g++, whichever is largest), from /usr/bin/time -v.
#
#   bash benchmarks/compile_cost/run.sh [K ...]       default K: 0 20 100 (0 = includes only)
# Environment: REPEATS (3), OUT (a fresh temporary directory; generated files and logs
# stay there), CXX (g++), NVCC (nvcc from PATH or /usr/local/cuda/bin; NVCC=none skips
# it), NVCC_ARCH (sm_90), EXTRA_CXXFLAGS (added to g++, e.g. -ftime-report).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repeats="${REPEATS:-3}"
out="${OUT:-$(mktemp -d /tmp/cortexpr_compile_cost.XXXXXX)}"
mkdir -p "$out"
cxx="${CXX:-g++}"
nvcc="${NVCC:-$(command -v nvcc || { [ -x /usr/local/cuda/bin/nvcc ] && echo /usr/local/cuda/bin/nvcc; } || echo none)}"
arch="${NVCC_ARCH:-sm_90}"
ks=("$@")
((${#ks[@]})) || ks=(0 20 100)

if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time is missing (Debian: apt-get install time)" >&2
    exit 1
fi

includes=(-I "$root/include" -I "$here")
read -r -a extra <<<"${EXTRA_CXXFLAGS:-}"

# measure NAME K command...: runs the command REPEATS times under /usr/bin/time -v.
measure() {
    local name="$1" k="$2"
    shift 2
    local log="$out/${name}_${k}"
    : >"$log.times"
    for ((r = 0; r < repeats; ++r)); do
        if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>&1; then
            echo "run.sh: $name failed on $k models; see $log.out" >&2
            cat "$log.out" >&2
            exit 1
        fi
        awk -F': ' '
            /User time/ { user = $2 }
            /System time/ { sys = $2 }
            /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = 0; for (i = 1; i <= n; ++i) wall = wall * 60 + p[i] }
            /Maximum resident set size/ { rss = $2 }
            END { printf "%.3f %.3f %d\n", wall, user + sys, rss }' "$log.time" >>"$log.times"
    done
    sort -n "$log.times" | awk -v c="$name" -v k="$k" -v r="$repeats" '
        NR == 1 { wall = $1 }
        { if (cpu == "" || $2 < cpu) cpu = $2; if ($3 > rss) rss = $3 }
        END { printf "{\"bench\":\"compile\",\"compiler\":\"%s\",\"models\":%d,\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"peak_rss_mb\":%.0f,\"repeats\":%d}\n", c, k, wall, cpu, rss / 1024, r }'
}

printf '{"bench":"compile_env","cxx":"%s","nvcc":"%s","nvcc_arch":"%s","cores":%d,"out":"%s"}\n' \
    "$("$cxx" --version | head -1)" \
    "$([ "$nvcc" != none ] && "$nvcc" --version | tail -1 || echo none)" "$arch" "$(nproc)" "$out"
for k in "${ks[@]}"; do
    python3 "$here/gen.py" "$k" "$out" >"$out/gen_$k.json"
    measure g++ "$k" "$cxx" -std=c++20 -O2 "${extra[@]}" "${includes[@]}" \
        -c "$out/models_$k.cpp" -o "$out/models_${k}_cpp.o"
    if [ "$nvcc" != none ]; then
        measure nvcc "$k" "$nvcc" -std=c++20 --expt-relaxed-constexpr -arch="$arch" "${includes[@]}" \
            -c "$out/models_$k.cu" -o "$out/models_${k}_cu.o"
    fi
done
