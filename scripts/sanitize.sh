#!/usr/bin/env bash
# Builds the CPU unit tests with AddressSanitizer + UndefinedBehaviorSanitizer (the
# `asan` preset: Debug, -fsanitize=address,undefined,float-cast-overflow, UB findings
# abort) and runs them.
#   bash scripts/sanitize.sh                                  every CPU unit test
#   bash scripts/sanitize.sh test_sim_runtime test_bad_input  only these
#   CORTEXPR_JOBS=1 nice -n 10 bash scripts/sanitize.sh ...   on a shared machine
#   CORTEXPR_SANITIZE_TIMEOUT=900 bash scripts/sanitize.sh    at most 900 s per test
# A finding stops that test with a report on stderr; the script runs the rest and exits
# non-zero if any test failed. Timings: see docs/reliability.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/setup.sh

jobs="${CORTEXPR_JOBS:-$(nproc)}"
limit="${CORTEXPR_SANITIZE_TIMEOUT:-}"   # seconds per test (timeout(1)); empty: none
start=$SECONDS

cmake --preset asan >/dev/null
if (($# > 0)); then
    tests=("$@")
else
    # every Catch2 unit test of the CPU build (label unit), as ctest lists them
    mapfile -t tests < <(ctest --test-dir build/asan -L unit -N | sed -n 's/^ *Test *#[0-9]*: *\([^ ]*\).*/\1/p')
fi
echo "sanitize.sh: building ${#tests[@]} test(s) with -j $jobs: ${tests[*]}"
cmake --build --preset asan -j "$jobs" --target "${tests[@]}"

# detect_leaks: LeakSanitizer at exit; allocator_may_return_null: a failed malloc returns
# null instead of aborting (cortexpr checks large requests against free memory first,
# see host/memory.hpp, so the out-of-memory rows of test_bad_input never get there)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for t in "${tests[@]}"; do
    t0=$SECONDS
    if (cd build/asan/tests && ${limit:+timeout "$limit"} "./$t"); then
        echo "sanitize.sh: $t clean ($((SECONDS - t0)) s)"
    else
        echo "sanitize.sh: $t FAILED ($((SECONDS - t0)) s)" >&2
        failed+=("$t")
    fi
done
if ((${#failed[@]} == 0)); then
    echo "sanitize.sh: OK, ${#tests[@]} test(s) clean under ASan+UBSan ($((SECONDS - start)) s)"
else
    echo "sanitize.sh: FAILED: ${failed[*]} ($((SECONDS - start)) s)" >&2
    exit 1
fi
