#!/usr/bin/env bash
# Checks, without a GPU, that an nvcc-built object launches only kernels it registers.
#
# nvcc compiles a .cu file twice: its front end (EDG) decides which kernel template
# instantiations exist on the device and registers one host stub per instantiation
# (a static function `__device_stub__<mangled device name>`); the host compiler (g++)
# then compiles the launch sites and instantiates the kernel templates it needs itself
# (host symbols `<kernel><args>` and `__wrapper__device_stub_<kernel><args>`). When the
# two front ends compute a template argument differently -- a kernel key built from the
# network's types -- g++ launches an instantiation nothing registered, and on a GPU the
# launch fails with "invalid device function". Here both sets are read from the object's
# symbol table (nm), reduced to `kernel<template arguments>` by a demangler, and compared.
# An unregistered instantiation whose host code was inlined leaves no name; it leaves its
# launch: nvcc's stubs launch through `__cudaLaunchKernel`, and the host code nvcc writes
# for an instantiation it did not register calls `cudaLaunchKernel(0, ...)` (a null kernel,
# "invalid device function" at run time). So calls of `cudaLaunchKernel` (cortexpr never
# calls it itself) are counted as well, and must be none.
#
# Usage: check_kernel_names.sh OBJECT...   (exit 0: every object's sets are equal;
# 77: no demangler here reads every name)
set -euo pipefail
if [[ $# -eq 0 ]]; then echo "usage: $0 OBJECT..." >&2; exit 2; fi

# `void ns::k<args>(params) [clone .x]` (or ` (.x)`) -> `ns::k<args>`: drop the clone suffix, the
# return type (first space outside brackets) and the parameter list (the last top-level
# parenthesis group; template arguments hold parentheses too, e.g. `(char)80`).
strip_signature='
{
    s = $0; sub(/ (\[clone [^]]*\]|\(\.[^)]*\))$/, "", s)
    depth = 0; cut = 0
    for (i = length(s); i > 0; i--) {
        c = substr(s, i, 1)
        if (c == ")") depth++
        else if (c == "(") { depth--; if (depth == 0) { cut = i; break } }
    }
    if (cut > 0) s = substr(s, 1, cut - 1)
    depth = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "<" || c == "(") depth++
        else if (c == ">" || c == ")") depth--
        else if (c == " " && depth == 0) { s = substr(s, i + 1); break }
    }
    print s
}'

# binutils' c++filt gives up on some long kernel keys (custom updates'); LLVM's does not.
demangle=c++filt
command -v llvm-cxxfilt >/dev/null && demangle=llvm-cxxfilt

# For each name read after the registered ones: its kernel, and where it first differs from
# the registered instantiation of that kernel that shares the longest prefix with it.
where_it_differs='
NR == FNR { reg[NR] = $0; n = NR; next }
{
    best = 0; at = 0
    for (i = 1; i <= n; i++) {
        k = 0; m = length($0) < length(reg[i]) ? length($0) : length(reg[i])
        while (k < m && substr($0, k + 1, 1) == substr(reg[i], k + 1, 1)) k++
        if (k > at) { at = k; best = i }
    }
    b = $0; sub(/<.*/, "", b)
    from = at > 80 ? at - 80 : 0
    print "    " b ": host has ..." substr($0, from + 1, 160) "..."
    if (best) print "      registered ..." substr(reg[best], from + 1, 160) "..."
}'

status=0
checked=0
for obj in "$@"; do
    if [[ ! -f "$obj" ]]; then echo "$obj: missing (build the target first)" >&2; status=1; continue; fi
    symbols=$(nm "$obj" | awk '{print $NF}')
    # Registered: every stub, and the static local each stub keeps (`_ZZL<n>__device_stub__
    # Z...E5__tmp`, present where the stub itself was inlined), holds the device name `_Z...`
    # in its n-character identifier `__device_stub__Z...` (drop `__device_stub_`).
    registered=$(printf '%s\n' "$symbols" | { grep -o 'L[0-9]*__device_stub__Z.*' || true; } | awk '
        { match($0, /^L[0-9]+/); id = substr($0, RLENGTH + 1, substr($0, 2, RLENGTH - 1) + 0)
          print substr(id, 15) }' | sort -u | $demangle | awk "$strip_signature" | sort -u)
    if printf '%s\n' "$registered" | grep -q '^_Z'; then
        echo "$obj: SKIP: $demangle cannot demangle every kernel name (install llvm-cxxfilt)" >&2
        exit 77
    fi
    if [[ -z "$registered" ]]; then
        # a target's host-compiled sources (CPU references, the test runner), or a CUDA
        # file without kernels: nothing to compare
        echo "$obj: no kernels"; continue
    fi
    checked=$((checked + 1))
    # The kernels' names without template arguments, to pick the host instantiations out.
    bases=$(printf '%s\n' "$registered" | sed 's/<.*//' | sort -u)
    launched=$(printf '%s\n' "$symbols" | grep -v '^_ZL[0-9]*__device_stub__\|^_ZGV\|^_ZZ' |
        $demangle | awk "$strip_signature" | sed 's/__wrapper__device_stub_//' |
        awk 'NR == FNR { base[$0] = 1; next }
             { b = $0; sub(/<.*/, "", b); if (b in base) print }' <(printf '%s\n' "$bases") - | sort -u)
    null_launches=$(readelf -rW "$obj" | grep -c ' cudaLaunchKernel [+-]' || true)
    only_host=$(comm -13 <(printf '%s\n' "$registered") <(printf '%s\n' "$launched"))
    only_device=$(comm -23 <(printf '%s\n' "$registered") <(printf '%s\n' "$launched"))
    nr=$(printf '%s\n' "$registered" | wc -l); nl=$(printf '%s\n' "$launched" | grep -c . || true)
    if [[ -z "$only_host" && -z "$only_device" && $null_launches -eq 0 ]]; then
        echo "$obj: ok, the $nl kernel instantiations the host compiler made are the $nr registered"
    else
        status=1
        echo "$obj: MISMATCH: host compiler made $nl kernel instantiations, nvcc registered $nr;" \
             "$null_launches calls of cudaLaunchKernel (launches of unregistered instantiations)"
        [[ -n "$only_host" ]] && printf '  launched but not registered (invalid device function):\n%s\n' \
            "$(printf '%s\n' "$only_host" | awk "$where_it_differs" <(printf '%s\n' "$registered") -)"
        [[ -n "$only_device" ]] && printf '  registered but not made by the host compiler:\n%s\n' \
            "$(printf '%s\n' "$only_device" | cut -c1-400 | sed 's/^/    /')"
    fi
done
if [[ $checked -eq 0 ]]; then echo "no object holds kernels: nothing was checked" >&2; exit 1; fi
exit $status
