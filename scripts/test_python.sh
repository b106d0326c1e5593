#!/usr/bin/env bash
# The Python package's tests: a fresh virtual environment, `pip install ./python` into it
# (scikit-build-core and nanobind from PyPI build the core module), then pytest.
#   bash scripts/test_python.sh              venv in build/python-venv, recreated each time
#   CORTEXPR_BUILD_DIR=build/ci bash scripts/test_python.sh
#                                            compare with the C++ examples built there
# scripts/test.sh runs it after ctest (CORTEXPR_PYTHON_TESTS=0 skips it). Compiled
# networks are cached in build/python-cache, so a rerun compiles nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
python="${CORTEXPR_PYTHON:-python3}"
venv="build/python-venv"
rm -rf "$venv"
echo "test_python.sh: creating $venv ($("$python" --version))"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
echo "test_python.sh: pip install ./python pytest"
"$venv/bin/python" -m pip install -q ./python pytest
export CORTEXPR_CACHE_DIR="${CORTEXPR_CACHE_DIR:-$PWD/build/python-cache}"
echo "test_python.sh: pytest (installed in $((SECONDS - start)) s; networks cached in $CORTEXPR_CACHE_DIR)"
# run from outside the source tree, so that `import cortexpr` is the installed package
status=0
(cd build && "../$venv/bin/python" -m pytest -q -rs ../python/tests) || status=$?
echo "test_python.sh: $([[ $status == 0 ]] && echo OK || echo FAILED) ($((SECONDS - start)) s)"
exit "$status"
