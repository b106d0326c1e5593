"""build() of the microcircuit (8 populations, 8 Poisson sources, 64 synapse groups) from
Python, cold (empty cache: the compiler runs) and warm (cached library: no compiler), in
CPU seconds (user+sys; a loaded machine skews wall time). Then, with --split, what the
cold compile spends: the same source compiled with -fsyntax-only -ftime-report (parsing,
constexpr evaluation and template instantiation: the front end), the rest being code
generation and optimisation.

    python benchmarks/python/build_time.py [--scale 1.0] [--split] [--cache DIR]

--cache keeps the compiled library in DIR (default: a temporary directory, so the first
build() is cold).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))

WARM = """
import resource, sys, time
sys.path.insert(0, {ex!r})
t0 = time.process_time()
import microcircuit as mc
import cortexpr.build as b
t1 = time.process_time()
m = mc.build_model(scale={scale}, name="build_time")
m.quiet = True
t2 = time.process_time()
m.build()
t3 = time.process_time()
print(f"{{t1 - t0:.3f}} {{t2 - t1:.3f}} {{t3 - t2:.3f}} {{int(m.compiled_now)}}")
"""


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--split", action="store_true", help="also compile with -fsyntax-only (one more front-end run)")
    ap.add_argument("--cache", help="cache directory to use and keep (default: a fresh temporary one)")
    a = ap.parse_args()
    if a.cache:
        os.makedirs(a.cache, exist_ok=True)
        measure(a, os.path.abspath(a.cache))
    else:
        with tempfile.TemporaryDirectory() as cache:
            measure(a, cache)


def measure(a, cache):
    ex = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python")
    os.environ["CORTEXPR_CACHE_DIR"] = cache  # the warm runs below inherit it
    import microcircuit as mc
    import cortexpr.build as b
    m = mc.build_model(scale=a.scale, name="build_time")
    m.quiet = True
    t = time.process_time()
    w = time.monotonic()
    m.build()
    py = time.process_time() - t
    if m.compiled_now:
        print(f"cold build(): compiler {b.last_compile_cpu_s:.1f} s CPU, Python side {py:.2f} s CPU, "
              f"{time.monotonic() - w:.0f} s wall")
    else:
        print(f"first build() found the library in {cache}: {py:.3f} s CPU (not cold)")
    lib = m._lib
    src = str(lib)[:-3] + ".cpp"
    with open(src) as f:
        text = f.read()
    print(f"  generated source: {len(text.splitlines())} lines, {len(text)} bytes; "
          f"compiler: {' '.join(str(x) for x in b.command('cpu', 'SRC', 'OUT')[:4])} ...")
    for k in range(3):
        r = subprocess.run([sys.executable, "-c", WARM.format(ex=ex, scale=a.scale)], capture_output=True,
                           text=True, check=True)
        imp, desc, build, compiled = r.stdout.split()
        print(f"warm build() #{k + 1}: {float(build):.3f} s CPU (import {float(imp):.2f} s, description "
              f"{float(desc):.2f} s, not counted){' COMPILED: not warm' if compiled == '1' else ''}")
    if a.split:
        cmd = [str(x) for x in b.command("cpu", src, os.devnull) if str(x) not in ("-shared", "-o", os.devnull)]
        before = cpu_children()
        r = subprocess.run(cmd + ["-fsyntax-only", "-ftime-report"], capture_output=True, text=True, check=True)
        front = cpu_children() - before
        print(f"  front end alone (-fsyntax-only): {front:.1f} s CPU"
              + (f", so code generation and optimisation about {b.last_compile_cpu_s - front:.1f} s"
                 if m.compiled_now else ""))
        # the largest entries of gcc's -ftime-report (usr seconds, share)
        rows = [l for l in r.stderr.splitlines() if ":" in l and "(" in l and "%" in l]
        rows.sort(key=lambda l: -float(l.split(":")[1].split()[0]) if l.split(":")[1].split() else 0)
        for l in rows[:8]:
            print("   ", " ".join(l.split()))


if __name__ == "__main__":
    main()
