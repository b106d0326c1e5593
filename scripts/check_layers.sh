#!/usr/bin/env bash
# The engine's layering, checked (docs/architecture.md has the picture): every
# `#include "..."` under include/cortexpr/ goes to a layer its own layer may use.
#
#   bash scripts/check_layers.sh [INCLUDE_DIR]   default: include/ beside this script
#   bash scripts/check_layers.sh --self-test     shows that each rule fails on a forbidden include
#
# Layers, lowest first, and what each may include (besides itself):
#   base/                      nothing
#   random/                    base
#   dsl/                       base, random
#   models/                    base, random, dsl        (models/builtins.hpp: the list of built-ins)
#   network/                   base, random, dsl, models
#   step/                      base, random, dsl, models, network
#   host/                      ... step
#   backend/cpu/, backend/cuda/  ... step, host           (never each other)
#   runtime/                   everything below, but not models/builtins.hpp (nor may
#                              any layer but models/ and the top-level headers include it)
#   cortexpr.hpp, cuda.cuh     everything
# Exit status 1 and one line per forbidden include when the rules are broken.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

layer_of() {  # path under cortexpr/ -> layer name
    case "$1" in
        base/*) echo base ;; random/*) echo random ;; dsl/*) echo dsl ;; models/*) echo models ;;
        network/*) echo network ;; step/*) echo step ;; host/*) echo host ;;
        backend/cpu/*) echo cpu ;; backend/cuda/*) echo cuda ;; runtime/*) echo runtime ;;
        *) echo top ;;
    esac
}
allowed() {  # layer -> the layers it may include
    case "$1" in
        base) echo "base" ;;
        random) echo "base random" ;;
        dsl) echo "base random dsl" ;;
        models) echo "base random dsl models" ;;
        network) echo "base random dsl models network" ;;
        step) echo "base random dsl models network step" ;;
        host) echo "base random dsl models network step host" ;;
        cpu) echo "base random dsl models network step host cpu" ;;
        cuda) echo "base random dsl models network step host cuda" ;;
        runtime) echo "base random dsl models network step host cpu cuda runtime" ;;
        top) echo "base random dsl models network step host cpu cuda runtime top" ;;
    esac
}

# The layers that may include models/builtins.hpp (the list of built-ins): behaviour
# lives on the model types (models/hooks.hpp), so no engine layer needs the list.
builtins_users="top models"

check() {  # include dir [one file under it] -> prints violations, returns 1 if any
    local inc="$1" root="$1/cortexpr" only="${2:-}" bad=0 file rel from target to
    while IFS= read -r file; do
        rel="${file#"$root"/}"
        from="$(layer_of "$rel")"
        while IFS= read -r target; do
            to="$(realpath -m --relative-to="$root" "$(dirname "$file")/$target")"
            case "$to" in ../*) continue ;; esac  # not ours
            local why=""
            if [[ " $(allowed "$from") " != *" $(layer_of "$to") "* ]]; then
                why="$from may not include $(layer_of "$to")"
            elif [[ " $builtins_users " != *" $from "* && "$to" == models/builtins.hpp ]]; then
                why="$from may not include the list of built-ins"
            fi
            if [[ -n "$why" ]]; then
                echo "check_layers: cortexpr/$rel includes cortexpr/$to: $why (docs/architecture.md)"
                bad=1
            fi
        done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
        # <cortexpr/...> includes inside the library count the same
        while IFS= read -r target; do
            to="${target#cortexpr/}"
            if [[ " $(allowed "$from") " != *" $(layer_of "$to") "* ]]; then
                echo "check_layers: cortexpr/$rel includes <cortexpr/$to>: $from may not include $(layer_of "$to") (docs/architecture.md)"
                bad=1
            fi
        done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\(cortexpr\/[^>]*\)>.*/\1/p' "$file")
    done < <(if [[ -n "$only" ]]; then echo "$root/$only"; else find "$root" -type f \( -name '*.hpp' -o -name '*.cuh' \) | sort; fi)
    return "$bad"
}

if [[ "${1:-}" == --self-test ]]; then
    src="$here/../include"
    check "$src" >/dev/null || { echo "check_layers: the tree itself breaks the rules; run without --self-test" >&2; exit 1; }
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    failures=0 passes=0
    # file that gets the include | the include | what it breaks
    cp -r "$src" "$tmp/include"
    while IFS='|' read -r file include what; do
        cp "$src/cortexpr/$file" "$tmp/include/cortexpr/$file"
        printf '#include "%s"\n' "$include" >>"$tmp/include/cortexpr/$file"
        if check "$tmp/include" "$file" >/dev/null; then
            echo "check_layers --self-test: FAILED to reject $what ($file including $include)"
            failures=$((failures + 1))
        else
            echo "check_layers --self-test: rejects $what"
            passes=$((passes + 1))
        fi
    done <<'RULES'
backend/cuda/engine.hpp|../cpu/engine.hpp|cuda -> cpu
backend/cpu/engine.hpp|../cuda/engine.hpp|cpu -> cuda
backend/cpu/engine.hpp|../../runtime/simulation.hpp|a backend -> runtime
backend/cuda/memory.hpp|../../runtime/checkpoint.hpp|a backend -> runtime
step/views.hpp|../host/instance.hpp|step -> host
step/views.hpp|../backend/cpu/engine.hpp|step -> a backend
step/traits.hpp|../runtime/checkpoint.hpp|step -> runtime
runtime/simulation.hpp|../models/builtins.hpp|runtime -> the list of built-ins
step/rows.hpp|../models/builtins.hpp|step -> the list of built-ins
host/validate.hpp|../models/builtins.hpp|host -> the list of built-ins
dsl/parser.hpp|../models/model.hpp|dsl -> models
dsl/lexer.hpp|../network/network.hpp|dsl -> network
base/options.hpp|../random/stream.hpp|base -> random
host/instance.hpp|../backend/cpu/engine.hpp|host -> a backend
RULES
    echo "check_layers --self-test: $passes rules rejected their forbidden include, $failures did not"
    ((failures == 0))
    exit
fi

check "${1:-$here/../include}" && echo "check_layers: every include follows the layers (docs/architecture.md)"
