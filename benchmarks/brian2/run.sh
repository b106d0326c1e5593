#!/usr/bin/env bash
# Runs the Brian2 versions of the benchmark networks and appends JSON lines to a file.
#
#   bash benchmarks/brian2/run.sh [--va "4000 100000"] [--mc "0.1"] [--threads "1"]
#                                 [--bio-s 1] [--repeats 1] [--profile] [OUT]
#
# --va: Vogels-Abbott sizes (total neurons, 4k to 1M), "" for none;
# --mc: microcircuit scales, "" for none; --threads: thread counts, each size runs with each.
# OUT defaults to benchmarks/results/brian2_<date>_cpu.jsonl (appended to).
# Brian2 is installed into build/brian2-venv if it is not there yet (python3 -m venv +
# pip install brian2); if that fails, Debian's python3-brian is installed with apt-get and
# the system python3 is used. BRIAN2_PYTHON=/path/to/python skips both.
# Then: python3 benchmarks/compare.py CORTEXPR.jsonl OUT
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

va_sizes="4000 100000"
mc_scales="0.1"
threads="1"
bio_s="1"
repeats="1"
extra=()
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --va) va_sizes="$2"; shift 2 ;;
        --mc) mc_scales="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --bio-s) bio_s="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --profile) extra+=(--profile); shift ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) out="$1"; shift ;;
    esac
done
[ -n "$out" ] || out="$root/benchmarks/results/brian2_$(date +%F)_cpu.jsonl"
mkdir -p "$(dirname "$out")"

brian2_works() { "$1" -c 'import brian2' >/dev/null 2>&1; }

find_python() {
    if [ -n "${BRIAN2_PYTHON:-}" ]; then echo "$BRIAN2_PYTHON"; return 0; fi
    local venv="$root/build/brian2-venv"
    if [ -x "$venv/bin/python" ] && brian2_works "$venv/bin/python"; then
        echo "$venv/bin/python"; return 0
    fi
    echo "run.sh: installing Brian2 into $venv" >&2
    if python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q brian2 >&2; then
        # Brian2 2.9 uses ndarray.ptp, which numpy 2.4 removed.
        if ! brian2_works "$venv/bin/python"; then
            "$venv/bin/pip" install -q 'numpy<2.4' >&2 || true
        fi
        if brian2_works "$venv/bin/python"; then echo "$venv/bin/python"; return 0; fi
    fi
    echo "run.sh: pip failed; trying Debian's python3-brian" >&2
    if ! brian2_works python3; then
        local sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get update -qq >&2 && \
            $sudo apt-get install -y -qq python3-brian g++ make >&2 || true
    fi
    if brian2_works python3; then command -v python3; return 0; fi
    echo "run.sh: could not install Brian2" >&2
    return 1
}

py="$(find_python)"
echo "run.sh: $("$py" -c 'import brian2; print("Brian2", brian2.__version__)') ($py)" >&2
echo "run.sh: writing to $out" >&2

run() {
    echo "run.sh: $*" >&2
    # Only JSON lines go to the file; Brian2's warnings stay on stderr.
    "$py" "$@" --bio-s "$bio_s" --repeats "$repeats" ${extra[@]+"${extra[@]}"} \
        | grep '^{' | tee -a "$out"
}

for t in $threads; do
    for n in $va_sizes; do
        run "$here/vogels_abbott.py" --neurons "$n" --threads "$t"
    done
    for s in $mc_scales; do
        run "$here/microcircuit.py" --scale "$s" --threads "$t"
    done
done
