#!/usr/bin/env python3
"""Same-network comparison of cortexpr, GeNN 5.4 (CPU) and Brian2 (C++ standalone).

Run through benchmarks/compare/run.sh, which builds what this needs (the venv with PyGeNN
and Brian2, cortexpr's bench_networks). This script runs the grid, interleaved: for each
network and repeat, every (simulator, threads) once, in an order that rotates with the
repeat, each run in its own process (so peak memory is that run's own). Then it takes
medians per (network, simulator, threads), checks that population rates agree with
cortexpr's within --rate-tolerance before it reports any ratio, and writes

    OUT_DIR/compare_<date>[_<tag>].jsonl   one JSON line per run (+ a header line)
    OUT_DIR/compare_<date>[_<tag>].md      the table of ratios, machine and versions

--scaling instead runs one network over sizes 1k..1M and writes
compare_scaling_<date>[_<tag>].jsonl, then plot_scaling.py draws the PNG.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DT_MS = {"va": 1.0, "cuba": 0.1, "microcircuit": 0.1}
BENCH_KEY = {"va": "vogels_abbott", "cuba": "cuba", "microcircuit": "microcircuit"}
LABEL = {"va": "Vogels–Abbott (va_benchmark: dt 1 ms, in-degree 400)",
         "cuba": "CUBA (dt 0.1 ms, in-degree 80)",
         "microcircuit": "Microcircuit (dt 0.1 ms, full in-degrees)"}
SIMULATORS = ("cortexpr", "genn", "brian2")
# A population's rate is compared only if it fired at least this many spikes in every
# simulator (below that the count's own noise, ~1/sqrt(n), is near the tolerance).
MIN_SPIKES = 400


def parse_list(text, kind=float):
    return [kind(x) for x in re.split(r"[,\s]+", text.strip()) if x]


def fmt_size(bench, size):
    if bench == "microcircuit":
        return "full scale" if size == 1.0 else f"scale {size:g}"
    return f"{size / 1e6:g}M" if size >= 1e6 else (f"{size / 1e3:g}k" if size >= 1e3 else f"{size:g}")


# ---------------------------------------------------------------------------- runs

def command(args, sim, bench, size, threads, bio_s):
    """The command line of one run, or None where the simulator has no such thread count."""
    if sim == "cortexpr":
        return [args.cortexpr_bin, bench, f"{size:g}", str(threads), f"{bio_s * 1000.0:g}",
                "--no-timing", "--seed", str(args.seed)]
    if sim == "genn":
        if threads != 1:                 # GeNN's CPU backend is single-threaded
            return None
        return [args.python, os.path.join(HERE, "genn_networks.py"), bench, f"{size:g}",
                "--bio-s", f"{bio_s:g}", "--seed", str(args.seed),
                "--workdir", os.path.join(args.work_dir, "genn")]
    script = {"va": "vogels_abbott.py", "cuba": "cuba.py", "microcircuit": "microcircuit.py"}[bench]
    size_arg = ["--scale", f"{size:g}"] if bench == "microcircuit" else ["--neurons", str(int(size))]
    # One thread is Brian2's default standalone build without OpenMP (faster than
    # OpenMP with one thread); more threads use its OpenMP code.
    b2_threads = 0 if threads == 1 else threads
    workdir = os.path.join(args.work_dir, "brian2", f"{bench}_{size:g}_t{threads}")
    return [args.python, os.path.join(ROOT, "benchmarks", "brian2", script), *size_arg,
            "--threads", str(b2_threads), "--bio-s", f"{bio_s:g}", "--seed", str(args.seed),
            "--make-jobs", str(os.cpu_count() or 1), "--workdir", workdir, "--keep"]


def run_one(args, sim, bench, size, threads, bio_s, repeat, log):
    cmd = command(args, sim, bench, size, threads, bio_s)
    if cmd is None:
        return None
    load = round(os.getloadavg()[0], 2)
    print(f"compare: {sim} {bench} {size:g} threads={threads} repeat={repeat} (load {load})",
          file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        rec = {"error": f"timeout after {args.timeout} s"}
    else:
        lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
        if proc.returncode != 0 or not lines:
            rec = {"error": f"exit {proc.returncode}", "stderr_tail": proc.stderr[-2000:]}
        else:
            rec = json.loads(lines[-1])
    rec.update({"simulator": sim, "bench_arg": bench, "size": size, "threads": threads,
                "repeat": repeat, "loadavg_1min_before": load,
                "process_wall_s": round(time.perf_counter() - t0, 3), "command": " ".join(cmd)})
    if "sim_s" in rec:
        steps = int(round(bio_s * 1000.0 / DT_MS[bench]))
        rec.setdefault("steps", steps)
        rec["steps_per_s"] = round(steps / rec["sim_s"], 1) if rec["sim_s"] > 0 else None
    else:
        print(f"compare: FAILED {sim} {bench} {size:g}: {rec.get('error')}\n{rec.get('stderr_tail', '')}",
              file=sys.stderr, flush=True)
    log.write(json.dumps(rec) + "\n")
    log.flush()
    return rec


def run_grid(args, configs, log):
    """configs: (bench, size, bio_s); every (simulator, threads) per repeat, rotating."""
    runs = []
    pairs = [(s, t) for t in args.threads for s in args.simulators
             if not (s == "genn" and t != 1)]
    for bench, size, bio_s in configs:
        for rep in range(args.repeats):
            k = rep % len(pairs)
            for sim, threads in pairs[k:] + pairs[:k]:
                # A smoke run leaves out Brian2's OpenMP microcircuit: compiling its second
                # project costs as long as the first (~9 min on a loaded 2-core machine).
                if args.quick and bench == "microcircuit" and sim == "brian2" and threads != 1:
                    continue
                rec = run_one(args, sim, bench, size, threads, bio_s, rep, log)
                if rec is not None:
                    runs.append(rec)
    return runs


# ---------------------------------------------------------------- machine, versions

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def machine():
    info = {}
    for line in sh("lscpu").splitlines():
        key, _, val = line.partition(":")
        info[key.strip()] = val.strip()
    mem = sh("awk '/MemTotal/ {printf \"%.1f\", $2/1048576}' /proc/meminfo")
    return {"cpu_model": info.get("Model name", platform.processor()),
            "cpus": info.get("CPU(s)"), "threads_per_core": info.get("Thread(s) per core"),
            "cores_per_socket": info.get("Core(s) per socket"), "sockets": info.get("Socket(s)"),
            "mem_gib": mem, "kernel": platform.release(), "host": platform.node()}


def versions(args):
    probe = ("import json, numpy, sys\n"
             "v = {'python': sys.version.split()[0], 'numpy': numpy.__version__}\n"
             "for m in ('pygenn', 'brian2'):\n"
             "    try:\n"
             "        v[m] = __import__(m).__version__\n"
             "    except Exception as e:\n"
             "        v[m] = 'missing: %s' % e\n"
             "print(json.dumps(v))")
    out = subprocess.run([args.python, "-c", probe], capture_output=True, text=True).stdout
    v = json.loads(out) if out.strip() else {}
    dirty = sh("git status --porcelain --untracked-files=no")
    v["cortexpr"] = sh("git rev-parse --short HEAD") + ("+dirty" if dirty else "")
    v["cxx"] = sh("${CXX:-g++} --version | head -1")
    return v


# ------------------------------------------------------------------------- summary

def median_of(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def summarise(runs):
    """(bench, size, simulator, threads) -> medians and per-population median rates."""
    groups = {}
    for r in runs:
        if "sim_s" in r:
            groups.setdefault((r["bench_arg"], r["size"], r["simulator"], r["threads"]), []).append(r)
    out = {}
    for key, rs in groups.items():
        pops = rs[0]["rates_hz"].keys()
        bio = rs[0]["bio_s"]
        out[key] = {
            "n": len(rs), "s_per_bio_s": median_of(rs, "s_per_bio_s"),
            "init_s": median_of(rs, "init_s") if key[2] != "cortexpr" else median_of(rs, "build_s"),
            "peak_rss_mb": median_of(rs, "peak_rss_mb"), "steps_per_s": median_of(rs, "steps_per_s"),
            "neurons": rs[0].get("neurons"),
            "rates": {p: statistics.median(r["rates_hz"][p] for r in rs) for p in pops},
            # spikes per neuron in one run (x population size: MIN_SPIKES rule)
            "counts": {p: statistics.median(r["rates_hz"][p] for r in rs) * bio for p in pops},
            "counts_per_rate": bio,
        }
    return out


def rate_deviation(a, b, sizes):
    """Largest relative difference |ra - rb| / mean of the two, over the populations with
    at least MIN_SPIKES spikes in both runs and over the whole network (the rate of all
    populations together). Returns (deviation, where, compared): compared is False when
    not even the whole network fired MIN_SPIKES spikes, so that nothing was checked."""
    worst, worst_pop, compared = 0.0, None, False

    def check(ra, rb, spikes_a, spikes_b, where):
        nonlocal worst, worst_pop, compared
        if min(spikes_a, spikes_b) < MIN_SPIKES:
            return
        compared = True
        mean = 0.5 * (ra + rb)
        dev = abs(ra - rb) / mean if mean > 0 else 0.0
        if dev > worst:
            worst, worst_pop = dev, where

    total_n = sum(sizes.values())
    tot = {"a": 0.0, "b": 0.0}
    for p, ra in a["rates"].items():
        rb = b["rates"].get(p)
        if rb is None:
            return float("inf"), p, True
        n = sizes.get(p, 0)
        # spikes of the population in one run: spikes per neuron times neurons
        check(ra, rb, a["counts"][p] * n, b["counts"][p] * n, p)
        tot["a"] += a["counts"][p] * n
        tot["b"] += b["counts"][p] * n
    if total_n:
        bio = a["counts_per_rate"]
        check(tot["a"] / (total_n * bio), tot["b"] / (total_n * bio), tot["a"], tot["b"], "all")
    return worst, worst_pop, compared


def population_sizes(bench, size):
    """Neurons per population (the sizes all three simulators build)."""
    if bench in ("va", "cuba"):
        n_exc = (4 * int(size)) // 5
        return {"E": n_exc, "I": int(size) - n_exc}
    full = {"23E": 20683, "23I": 5834, "4E": 21915, "4I": 5479, "5E": 4850, "5I": 1065,
            "6E": 14395, "6I": 2948}
    return {p: int(math.floor(size * n + 0.5)) for p, n in full.items()}


def table(args, runs, header):
    s = summarise(runs)
    tol = args.rate_tolerance
    lines = [f"# Same-network comparison: cortexpr, GeNN {header['versions'].get('pygenn', '?')} CPU, "
             f"Brian2 {header['versions'].get('brian2', '?')}", ""]
    if args.tag:
        lines += [f"**Run tag: {args.tag}.**" + (" A smoke run (`--quick`): tiny sizes, one repeat; "
                  "its figures are not results." if args.quick else ""), ""]
    m, v = header["machine"], header["versions"]
    lines += [
        f"- Date (UTC): {header['date']}; duration {header.get('duration_s', 0):.0f} s; "
        f"load average at start {header['load_start']}, at end {header.get('load_end')}",
        f"- Machine: {m['cpu_model']}, {m['cpus']} CPUs ({m['sockets']} socket × {m['cores_per_socket']} cores × "
        f"{m['threads_per_core']} threads), {m['mem_gib']} GiB",
        f"- Versions: cortexpr {v.get('cortexpr')} ({v.get('cxx')}, -O2, float); GeNN {v.get('pygenn')} "
        f"single-threaded CPU backend, `optimize_code=True`, float; Brian2 {v.get('brian2')} C++ standalone, "
        f"double (1 thread: no OpenMP); Python {v.get('python')}, numpy {v.get('numpy')}",
        f"- Medians of {args.repeats} repeat(s), each run its own process, interleaved. Seconds of wall time per "
        f"biological second of the simulation loop (no recording overhead beyond spike recording; cortexpr without "
        f"its phase timers). Init: cortexpr network + simulation construction, GeNN `load()`, Brian2 from program "
        f"start to the run (code generation and compilation are not counted anywhere). Peak RSS of the "
        f"simulating process (GeNN's includes the Python interpreter).",
        f"- Ratio = fastest other simulator's time / cortexpr's (> 1: cortexpr faster). With 1 thread against GeNN "
        f"and Brian2 on 1 thread; with 2 threads against the best of GeNN (1 thread) and Brian2 on 1 or 2. "
        f"A ratio is given only where every simulator's population rates agree with cortexpr's within "
        f"{tol:.0%}, in every population with at least {MIN_SPIKES} spikes in the run and in the whole network.",
        "",
        "| network | threads | cortexpr | GeNN CPU | Brian2 | ratio | rates (Hz): cortexpr / GeNN / Brian2 | "
        "init s: cx / GeNN / B2 | peak RSS MB: cx / GeNN / B2 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def f(x, d=3):
        return "–" if x is None else f"{x:.{d}f}"

    configs = []
    for r in runs:
        c = (r["bench_arg"], r["size"])
        if c not in configs:
            configs.append(c)
    for bench, size in configs:
        sizes = population_sizes(bench, size)
        for threads in args.threads:
            cx = s.get((bench, size, "cortexpr", threads))
            genn = s.get((bench, size, "genn", 1))
            b2 = s.get((bench, size, "brian2", threads))
            if cx is None:
                continue
            rivals = {"GeNN": genn, "Brian2": b2}
            if threads != 1:
                b2_1 = s.get((bench, size, "brian2", 1))
                if b2_1 and (b2 is None or b2_1["s_per_bio_s"] < b2["s_per_bio_s"]):
                    rivals["Brian2 (1 thread)"] = b2_1
            disagree, unchecked = [], []
            for name, other in rivals.items():
                if other is None:
                    continue
                dev, pop, compared = rate_deviation(cx, other, sizes)
                if not compared:
                    unchecked.append(name)
                elif dev > tol:
                    disagree.append(f"{name} {pop} {dev:.0%}")
            present = {n: o for n, o in rivals.items() if o is not None}
            if disagree:
                ratio = "rates disagree: " + ", ".join(disagree)
            elif unchecked:
                ratio = f"rates not checked (< {MIN_SPIKES} spikes): " + ", ".join(unchecked)
            elif not present:
                ratio = "–"
            else:
                best = min(present, key=lambda n: present[n]["s_per_bio_s"])
                ratio = f"{present[best]['s_per_bio_s'] / cx['s_per_bio_s']:.2f} (vs {best})"
            pops = list(cx["rates"])
            show = pops if len(pops) <= 2 else ["23E", "4E", "5E", "6I"]
            rates = "; ".join(
                f"{p} " + " / ".join(f(o["rates"].get(p) if o else None, 2) for o in (cx, genn, b2))
                for p in show)
            b2_cell = f(b2["s_per_bio_s"]) if b2 else "–"
            genn_cell = f(genn["s_per_bio_s"]) if genn else "–"
            if threads != 1:
                genn_cell = f"({genn_cell}, 1 thread)" if genn else "–"
            lines.append(
                f"| {LABEL[bench].split(' (')[0]} {fmt_size(bench, size)} | {threads} | {f(cx['s_per_bio_s'])} | "
                f"{genn_cell} | {b2_cell} | {ratio} | {rates} | "
                f"{f(cx['init_s'], 2)} / {f(genn['init_s'] if genn else None, 2)} / {f(b2['init_s'] if b2 else None, 2)} | "
                f"{f(cx['peak_rss_mb'], 0)} / {f(genn['peak_rss_mb'] if genn else None, 0)} / "
                f"{f(b2['peak_rss_mb'] if b2 else None, 0)} |")
    failed = [r for r in runs if "sim_s" not in r]
    lines += ["", "Networks: " + "; ".join(f"{LABEL[b]}" for b in dict.fromkeys(b for b, _ in configs)) + ".",
              "Definitions: `benchmarks/compare/README.md`. Raw runs: the `.jsonl` of the same name.",
              f"Command: `{header['command']}`"]
    if failed:
        lines += ["", f"**{len(failed)} run(s) failed:** " + "; ".join(
            f"{r['simulator']} {r['bench_arg']} {r['size']:g} t{r['threads']}: {r.get('error')}" for r in failed)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- main

def user_arguments(argv):
    """The command line without the paths that run.sh adds (--python, --cortexpr-bin)."""
    args, out = list(argv if argv is not None else sys.argv[1:]), []
    while args:
        a = args.pop(0)
        if a in ("--python", "--cortexpr-bin") and args:
            args.pop(0)
        elif not a.startswith(("--python=", "--cortexpr-bin=")):
            out.append(a)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: tiny sizes, 1 repeat, 0.1 s (figures are not results)")
    ap.add_argument("--scaling", action="store_true",
                    help="steps/s against network size (1k..1M) instead of the grid")
    ap.add_argument("--repeats", type=int, default=None, help="repeats per run (default 3; --quick 1)")
    ap.add_argument("--bio-s", type=float, default=None, help="biological seconds per run (default 1)")
    ap.add_argument("--threads", default="1 2", help="thread counts (default '1 2')")
    ap.add_argument("--simulators", default=",".join(SIMULATORS))
    ap.add_argument("--networks", default="va,cuba,microcircuit")
    ap.add_argument("--va-sizes", default=None, help="default '4000 20000 100000'")
    ap.add_argument("--cuba-sizes", default=None, help="default '4000 100000'")
    ap.add_argument("--mc-scales", default=None, help="default '0.1 1.0'")
    ap.add_argument("--scaling-network", default="cuba", choices=("va", "cuba"))
    ap.add_argument("--scaling-sizes", default=None,
                    help="default '1000 3000 10000 30000 100000 300000 1000000'")
    ap.add_argument("--rate-tolerance", type=float, default=0.10)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--timeout", type=float, default=7200, help="seconds per run")
    ap.add_argument("--python", default=os.path.join(ROOT, "build", "compare-venv", "bin", "python"))
    ap.add_argument("--cortexpr-bin", default=os.path.join(ROOT, "build", "bench", "benchmarks", "bench_networks"))
    ap.add_argument("--work-dir", default=os.path.join(ROOT, "build", "compare-work"))
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "benchmarks", "results"))
    ap.add_argument("--tag", default=None, help="suffix of the output names (--quick: 'smoke')")
    ap.add_argument("--table-from", metavar="JSONL", default=None,
                    help="run nothing: print the table of an earlier run's JSON lines")
    args = ap.parse_args(argv)
    if args.table_from:
        with open(args.table_from) as f:
            recs = [json.loads(line) for line in f if line.strip()]
        header = next(r for r in recs if r.get("header"))
        args.threads, args.repeats = header["threads"], header["repeats"]
        args.tag = args.tag or (header.get("tag") or None)
        args.quick = bool(header.get("quick"))
        print(table(args, [r for r in recs if not r.get("header")], header), end="")
        return 0

    args.threads = parse_list(args.threads, int)
    args.simulators = [x for x in args.simulators.split(",") if x]
    networks = [x for x in args.networks.split(",") if x]
    q = args.quick
    if args.repeats is None:
        args.repeats = 1 if q else 3
    if args.tag is None and q:
        args.tag = "smoke"
    if args.scaling:
        bio = args.bio_s or (0.02 if q else 0.2)
        sizes = parse_list(args.scaling_sizes or ("1000 4000" if q else
                                                  "1000 3000 10000 30000 100000 300000 1000000"))
        configs = [(args.scaling_network, s, bio) for s in sizes]
    else:
        bio = args.bio_s or (0.1 if q else 1.0)
        configs = []
        if "va" in networks:
            configs += [("va", s, bio) for s in parse_list(args.va_sizes or ("2000" if q else "4000 20000 100000"))]
        if "cuba" in networks:
            configs += [("cuba", s, bio) for s in parse_list(args.cuba_sizes or ("2000" if q else "4000 100000"))]
        if "microcircuit" in networks:
            configs += [("microcircuit", s, bio) for s in parse_list(args.mc_scales or ("0.02" if q else "0.1 1.0"))]

    date = datetime.datetime.now(datetime.timezone.utc)
    stem = ("compare_scaling_" if args.scaling else "compare_") + date.strftime("%Y-%m-%d") + \
        (f"_{args.tag}" if args.tag else "")
    os.makedirs(args.out_dir, exist_ok=True)
    jsonl = os.path.join(args.out_dir, stem + ".jsonl")
    header = {"header": True, "date": date.strftime("%Y-%m-%d %H:%M"), "machine": machine(),
              "versions": versions(args), "load_start": round(os.getloadavg()[0], 2),
              "command": "bash benchmarks/compare/run.sh " + " ".join(user_arguments(argv)),
              "configs": configs, "threads": args.threads, "repeats": args.repeats,
              "simulators": args.simulators, "tag": args.tag, "quick": args.quick}
    t0 = time.perf_counter()
    with open(jsonl, "w") as log:
        log.write(json.dumps(header) + "\n")
        runs = run_grid(args, configs, log)
    header["duration_s"] = time.perf_counter() - t0
    header["load_end"] = round(os.getloadavg()[0], 2)
    print(f"compare: {len(runs)} runs -> {jsonl}", file=sys.stderr)
    if args.scaling:
        png = os.path.join(args.out_dir, stem + ".png")
        subprocess.run([args.python, os.path.join(HERE, "plot_scaling.py"), jsonl, png], check=True)
        print(f"compare: plot -> {png}", file=sys.stderr)
        return 0 if all("sim_s" in r for r in runs) else 1
    md = os.path.join(args.out_dir, stem + ".md")
    with open(md, "w") as f:
        f.write(table(args, runs, header))
    print(open(md).read())
    print(f"compare: table -> {md}", file=sys.stderr)
    return 0 if all("sim_s" in r for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
