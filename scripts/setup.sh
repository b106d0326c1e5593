#!/usr/bin/env bash
# Installs what cortexpr's build, tests and scripts need, if it is missing (Debian/Ubuntu).
#
#   bash scripts/setup.sh          install what is missing
#   source scripts/setup.sh        the same, and keep the CUDA variables it exports
#                                  (scripts/test.sh and scripts/demo.sh source it)
#
# Required: cmake (>= 3.25), g++ (>= 12), make, libboost-dev (Hana), catch2 (v2),
# nlohmann-json3-dev, python3-matplotlib, python3-numpy, python3-venv and python3-dev (the
# Python package's tests: scripts/test_python.sh). Optional: libomp-dev (only
# installed when the distribution has it). CUDA is never installed: when nvcc is found on
# PATH, in $CUDA_HOME/bin or in /usr/local/cuda/bin, CUDA_HOME, CUDACXX and PATH are
# exported so CMake enables the CUDA checks. Set CORTEXPR_SETUP_SKIP=1 to do nothing.

_cortexpr_setup() {
    local required=(cmake g++ make libboost-dev catch2 nlohmann-json3-dev python3-matplotlib python3-numpy python3-venv python3-dev)
    local optional=(libomp-dev)
    local missing=() missing_optional=() pkg sudo=()

    if [[ "${CORTEXPR_SETUP_SKIP:-0}" == 1 ]]; then
        echo "setup: CORTEXPR_SETUP_SKIP=1, not checking packages"
    elif ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: no dpkg/apt-get here; install yourself: ${required[*]} (optional: ${optional[*]})"
    else
        for pkg in "${required[@]}"; do
            dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
        done
        for pkg in "${optional[@]}"; do
            dpkg -s "$pkg" >/dev/null 2>&1 || missing_optional+=("$pkg")
        done
        if ((${#missing[@]} + ${#missing_optional[@]} == 0)); then
            echo "setup: all packages present (${required[*]} ${optional[*]})"
        else
            if [[ "$(id -u)" != 0 ]]; then
                if command -v sudo >/dev/null 2>&1; then
                    sudo=(sudo)
                else
                    echo "setup: not root and no sudo; please install: ${missing[*]} ${missing_optional[*]}" >&2
                    ((${#missing[@]} == 0)) || return 1
                fi
            fi
            if ((${#sudo[@]} > 0 || $(id -u) == 0)); then
                export DEBIAN_FRONTEND=noninteractive
                echo "setup: apt-get update"
                "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
                if ((${#missing[@]} > 0)); then
                    echo "setup: installing ${missing[*]}"
                    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
                        apt-get install -y -qq --no-install-recommends "${missing[@]}" || return 1
                fi
                for pkg in "${missing_optional[@]}"; do
                    if apt-cache show "$pkg" >/dev/null 2>&1; then
                        echo "setup: installing optional $pkg"
                        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
                            apt-get install -y -qq --no-install-recommends "$pkg" ||
                            echo "setup: optional $pkg could not be installed; continuing"
                    else
                        echo "setup: optional $pkg is not available here; continuing"
                    fi
                done
            fi
        fi
    fi

    # CMake >= 3.25 (CMakePresets v6, PROJECT_IS_TOP_LEVEL).
    if ! command -v cmake >/dev/null 2>&1; then
        echo "setup: cmake not found" >&2
        return 1
    fi
    local cmake_version
    cmake_version=$(cmake --version | sed -n 's/^cmake version \([0-9.]*\).*/\1/p')
    if [[ "$(printf '%s\n3.25\n' "$cmake_version" | sort -V | head -n1)" != 3.25 ]]; then
        echo "setup: cmake $cmake_version is too old; cortexpr needs >= 3.25 (e.g. pip install cmake)" >&2
        return 1
    fi
    echo "setup: cmake $cmake_version, $(g++ --version | head -n1)"

    # CUDA: use nvcc where it is, never install it.
    local nvcc=""
    if [[ -n "${CUDACXX:-}" && -x "${CUDACXX}" ]]; then
        nvcc="$CUDACXX"
    elif command -v nvcc >/dev/null 2>&1; then
        nvcc="$(command -v nvcc)"
    elif [[ -n "${CUDA_HOME:-}" && -x "${CUDA_HOME}/bin/nvcc" ]]; then
        nvcc="${CUDA_HOME}/bin/nvcc"
    elif [[ -x /usr/local/cuda/bin/nvcc ]]; then
        nvcc=/usr/local/cuda/bin/nvcc
    fi
    if [[ -n "$nvcc" ]]; then
        export CUDACXX="$nvcc"
        export CUDA_HOME="${CUDA_HOME:-$(cd "$(dirname "$nvcc")/.." && pwd)}"
        case ":$PATH:" in *":$(dirname "$nvcc"):"*) ;; *) export PATH="$(dirname "$nvcc"):$PATH" ;; esac
        echo "setup: nvcc $("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p') at $nvcc (CUDA checks on)"
    else
        echo "setup: no nvcc found (looked on PATH, \$CUDA_HOME/bin, /usr/local/cuda/bin): CPU-only build"
    fi
    if command -v ccache >/dev/null 2>&1; then
        echo "setup: ccache found, compiles will be cached"
    fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    _cortexpr_setup
else
    _cortexpr_setup || return 1
fi
