#!/usr/bin/env bash
# Syntax-checks every complete program of the user guide (docs/guide/snippets/*.cpp and
# examples/quickstart.cpp), checks that wrong_model.cpp fails with the message the guide
# shows, and that the guide's code blocks equal these files (sync.py --check).
#   bash docs/guide/snippets/check.sh
#   CXX=clang++ bash docs/guide/snippets/check.sh
#   CORTEXPR_GUIDE_CUDA=1 bash docs/guide/snippets/check.sh   # also compiles embedding.cu with nvcc
# One compiler at a time (each needs about 0.5 GB); nice -n 10 on shared machines.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cxx="${CXX:-g++}"
flags=(-std=c++20 -O1 -fopenmp -I "$root/include" -fsyntax-only)
failed=0

for f in "$here"/*.cpp "$root/examples/quickstart.cpp"; do
    [[ "$(basename "$f")" == wrong_model.cpp ]] && continue
    echo "check.sh: $cxx -fsyntax-only ${f#"$root"/}"
    if ! nice -n 10 "$cxx" "${flags[@]}" "$f"; then
        echo "check.sh: FAILED: ${f#"$root"/}"
        failed=1
    fi
done

expected="LeakyNeuron.sim_code:2:1: function not available in this code"
echo "check.sh: wrong_model.cpp must fail with \"$expected\""
if out="$(nice -n 10 "$cxx" "${flags[@]}" "$here/wrong_model.cpp" 2>&1)"; then
    echo "check.sh: FAILED: wrong_model.cpp compiled"
    failed=1
elif ! grep -qF "$expected" <<<"$out"; then
    echo "check.sh: FAILED: wrong_model.cpp failed without the expected message:"
    grep -m5 error <<<"$out"
    failed=1
fi

if [[ "${CORTEXPR_GUIDE_CUDA:-0}" == 1 ]]; then
    nvcc="$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)"
    echo "check.sh: $nvcc -c embedding.cu"
    if ! nice -n 10 "$nvcc" -std=c++20 --expt-relaxed-constexpr -arch=sm_90 -I "$root/include" \
            -c "$here/embedding.cu" -o /dev/null; then
        echo "check.sh: FAILED: embedding.cu"
        failed=1
    fi
fi

echo "check.sh: code blocks of docs/guide/*.md"
python3 "$here/sync.py" --check || failed=1

if ((failed)); then echo "check.sh: FAILED"; exit 1; fi
echo "check.sh: all passed"
