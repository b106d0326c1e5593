#!/usr/bin/env bash
# Builds the virtual environment of the same-network comparison (benchmarks/compare/):
# PyGeNN 5.4 from a GeNN source archive (single-threaded CPU backend only) and Brian2
# 2.9.0 from PyPI, into VENV (default build/compare-venv). Idempotent: a venv that already
# imports both at the right versions is left as it is.
#
#   GENN_SRC=/path/to/genn-5.4.0-src.tar.gz bash benchmarks/compare/setup_env.sh [VENV]
#
# Needs: python3 (3.9+) with venv, a C++17 compiler, make, pkg-config and libffi's
# development files (Debian: g++ make pkg-config libffi-dev), and network access to PyPI
# for numpy, Brian2 and GeNN's build requirements (pybind11, psutil, pkgconfig, setuptools).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

venv="${1:-${COMPARE_VENV:-build/compare-venv}}"
genn_src="${GENN_SRC:-}"
py="$venv/bin/python"

have() {  # have MODULE VERSION: the venv imports MODULE at VERSION
    [[ -x "$py" ]] && "$py" - "$1" "$2" <<'PY' 2>/dev/null
import importlib, sys
m = importlib.import_module(sys.argv[1])
sys.exit(0 if str(getattr(m, "__version__", "")).startswith(sys.argv[2]) else 1)
PY
}

[[ -x "$py" ]] || python3 -m venv "$venv"
# Brian2 2.9.0 needs numpy < 2.4; GeNN's setup.py needs pybind11, psutil, pkgconfig.
"$py" -m pip install -q --upgrade pip >/dev/null
"$py" -m pip install -q "numpy<2.4" "setuptools>=61" wheel pybind11 psutil pkgconfig

if ! have brian2 2.9.0; then
    "$py" -m pip install -q "brian2==2.9.0"
fi

if ! have pygenn 5.4; then
    if [[ -z "$genn_src" ]]; then
        echo "setup_env.sh: PyGeNN 5.4 is not in $venv; set GENN_SRC to GeNN's 5.4.0 source archive (.tar.gz) or directory" >&2
        exit 2
    fi
    src_dir="$genn_src"
    if [[ -f "$genn_src" ]]; then
        src_dir="build/compare-genn-src"
        rm -rf "$src_dir" && mkdir -p "$src_dir"
        tar -xzf "$genn_src" -C "$src_dir"
        # archives with one top-level folder (GitHub's) and without (GeNN's 5.4.0 source)
        [[ -f "$src_dir/setup.py" ]] || src_dir="$(dirname "$(ls -1 "$src_dir"/*/setup.py | head -1)")"
    fi
    [[ -f "$src_dir/setup.py" && -f "$src_dir/version.txt" ]] || { echo "setup_env.sh: $genn_src is not a GeNN source tree (no setup.py/version.txt)" >&2; exit 2; }
    echo "setup_env.sh: building PyGeNN $(cat "$src_dir/version.txt") (CPU backend) from $genn_src" >&2
    # Without CUDA_PATH and HIP_PATH GeNN's setup.py builds only the single-threaded CPU
    # backend. --no-build-isolation uses the build requirements installed above (an
    # isolated build would fetch them again); libgenn is built by GeNN's Makefile.
    ( cd "$src_dir" && env -u CUDA_PATH -u HIP_PATH "$OLDPWD/$py" -m pip install -q --no-build-isolation . )
fi
"$py" -c "import pygenn, brian2, numpy; print('pygenn', pygenn.__version__, 'brian2', brian2.__version__, 'numpy', numpy.__version__)"
