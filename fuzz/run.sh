#!/usr/bin/env bash
# Builds a libFuzzer target with clang++ and runs it for a while.
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#   fuzz/run.sh parser 600            # fuzz/fuzz_parser.cpp, corpus fuzz/corpus/parser/
# Crashes, leaks and timeouts go to fuzz/artifacts/ (gitignored); inputs that add coverage
# go to fuzz/work/TARGET/ (gitignored), so the committed seed corpus stays small.
# To replay one input: fuzz/build/fuzz_TARGET fuzz/artifacts/crash-...
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 TARGET SECONDS [libFuzzer flags...]   (TARGET: parser, checkpoint)" >&2
  exit 2
fi
target=$1; seconds=$2; shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cxx=${CXX_FUZZ:-clang++}
src="$here/fuzz_$target.cpp"
[[ -f $src ]] || { echo "$0: no such target: $src" >&2; exit 2; }

mkdir -p "$here/build" "$here/artifacts" "$here/work/$target"
bin="$here/build/fuzz_$target"
# -O1 -g: what libFuzzer recommends; -fno-sanitize-recover: UBSan findings are crashes.
"$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -fno-omit-frame-pointer -I "$root/include" -I "$root/tests" "$src" -o "$bin"

# libFuzzer writes new inputs into the first corpus directory: the scratch one.
exec "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$here/artifacts/" "$@" "$here/work/$target" "$here/corpus/$target"
