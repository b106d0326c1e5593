#!/usr/bin/env bash
# Where nvcc's time and memory go: runs the steps of `nvcc -dryrun` one by one under
# /usr/bin/time and prints a JSON line per step (cudafe++ and cicc each evaluate the
# code-string parser again, and so does the host g++, so all three matter).
#
#   bash benchmarks/compile_cost/nvcc_phases.sh FILE.cu [INCLUDE_DIR]
# INCLUDE_DIR defaults to the repository's include/ (point it at a modified copy to
# compare). Environment: NVCC, NVCC_ARCH (sm_90).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
src="$(realpath "$1")"
inc="$(realpath "${2:-$root/include}")"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
work="$(mktemp -d /tmp/cortexpr_nvcc_phases.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# The dry run lists environment settings and then one command per step; wrap each
# command (not the settings) in /usr/bin/time.
"$nvcc" -std=c++20 --expt-relaxed-constexpr -arch="${NVCC_ARCH:-sm_90}" -I "$inc" -I "$here" \
    -c "$src" -o "$work/out.o" -keep -keep-dir "$work" -dryrun 2>&1 | sed -n 's/^#\$ //p' |
    awk -v t="$work/step.time" '
        /^[A-Za-z_]+=[^ ]*$/ { print; next }
        /^[A-Za-z_]+=/ { next }  # multi-word settings: not needed, and not valid shell
        { tool = $1; gsub(/"|.*\//, "", tool)
          if (tool == "gcc") tool = ($0 ~ / -E /) ? "gcc-preprocess" : "gcc-host-compile"
          printf "/usr/bin/time -f \"%%e %%U %%S %%M\" -o %s %s && read -r w u s m <%s && ", t, $0, t
          printf "printf '\''{\"bench\":\"compile_phase\",\"tool\":\"%s\",\"seconds\":%%s,\"cpu_seconds\":%%.2f,\"peak_rss_mb\":%%d}\\n'\'' \"$w\" \"$(echo \"$u + $s\" | bc)\" \"$((m / 1024))\"\n", tool }' \
    >"$work/steps.sh"
bash "$work/steps.sh"
