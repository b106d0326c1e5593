#!/usr/bin/env python3
"""Side-by-side table of cortexpr and Brian2 benchmark runs (JSON lines).

    python3 benchmarks/compare.py CORTEXPR.jsonl BRIAN2.jsonl [--rates] [--no-reference]
    python3 benchmarks/compare.py --reference-only

Each input line is one run: {"bench": "vogels_abbott"|"microcircuit", "simulator": ...,
"threads": T, "neurons": N, "scale": s|null, "bio_s": ..., "init_s": ..., "sim_s": ...,
"s_per_bio_s": ..., "peak_rss_mb": ..., "rates_hz": {...}, ...}. Lines that are not JSON
objects are skipped, so raw program output can be passed as it is. Runs are matched by
(bench, size, threads), size = neurons for vogels_abbott and scale for microcircuit;
several runs of one key are reduced to their median (for cortexpr lines with
"timing": false, see median_of). Ratios are brian2 / cortexpr (> 1: cortexpr is faster
or smaller). Population sizes are compared too: a key whose runs disagree on "neurons"
is flagged, since then the two sides did not build the same network.

The published reference figures of issue 3 (point 10) are printed alongside: GeNN 5.4's
CPU backend and Brian2 2.5's C++ standalone mode on a 2-core machine, with the issue's
target (cortexpr at least 2x faster than the best of them, init and memory no worse than
GeNN's).
"""

import argparse
import json
import math
import statistics
import sys

# Issue 3, point 10: seconds of simulation per biological second, on a 2-core machine.
# (bench, size, threads, simulator, s_per_bio_s, init_s, peak_mb)
REFERENCE = [
    ("vogels_abbott", 4000, 1, "GeNN 5.4 CPU (-O3)", 0.100, None, None),
    ("vogels_abbott", 100000, 1, "GeNN 5.4 CPU (-O3)", 2.63, None, None),
    ("microcircuit", 1.0, 1, "GeNN 5.4 CPU (-O3)", 35.5, 21.0, 2650.0),
    ("vogels_abbott", 4000, 1, "Brian2 2.5 standalone", 0.144, None, None),
    ("vogels_abbott", 100000, 1, "Brian2 2.5 standalone", 3.70, None, None),
    ("microcircuit", 1.0, 1, "Brian2 2.5 standalone", 43.5, None, None),
    # The issue gives init 90 s and 14 GB with the two-thread figure.
    ("microcircuit", 1.0, 2, "Brian2 2.5 standalone", 29.6, 90.0, 14000.0),
]
GENN = "GeNN 5.4 CPU (-O3)"


def size_of(rec):
    if rec.get("bench") == "microcircuit":
        s = rec.get("scale")
        return None if s is None else round(float(s), 6)
    n = rec.get("neurons")
    return None if n is None else int(n)


def key_of(rec):
    return (rec.get("bench"), size_of(rec), int(rec.get("threads", 1)))


def read_runs(path, capped=None):
    recs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "bench" not in rec or "s_per_bio_s" not in rec:
                continue
            recs.append(rec)
    # run_cpu.sh's comparison run with the SIMD first blocks capped (rng_isa "scalar") is
    # not a grid point where the grid itself ran with SIMD
    simd = any(r.get("rng_isa") not in (None, "scalar") for r in recs)
    runs = {}
    for rec in recs:
        if simd and rec.get("rng_isa") == "scalar":
            if capped is not None:
                capped.append(rec)
            continue
        runs.setdefault(key_of(rec), []).append(rec)
    return runs


def isa_comparison(cx_runs, capped, out):
    """The capped (scalar) runs against the grid's runs of the same key."""
    for rec in capped:
        grid = cx_runs.get(key_of(rec), [])
        if not grid:
            continue
        g = grid[0]
        same = all(r.get("spike_hash") == rec.get("spike_hash") for r in grid)
        print(f"\nFirst blocks {g.get('rng_isa')} vs scalar, {rec['bench']} {size_of(rec)} on {rec.get('threads')} "
              f"thread(s): sim {rec['s_per_bio_s'] / median_of(grid, 's_per_bio_s'):.2f}x, "
              f"init {rec['init_s'] / median_of(grid, 'init_s'):.2f}x faster; "
              f"spike hashes {'equal' if same else 'DIFFER'}", file=out)


def median_of(recs, field):
    """Median of a field over runs.

    cortexpr's bench_networks marks runs without per-phase timers "timing": false: their
    s_per_bio_s is preferred when a key has any (the timers add overhead), and their
    init_s (0, not measured) is ignored.
    """
    if field == "s_per_bio_s" and any(r.get("timing") is False for r in recs):
        recs = [r for r in recs if r.get("timing") is False]
    elif field == "init_s":
        recs = [r for r in recs if r.get("timing") is not False]
    vals = [r[field] for r in recs if isinstance(r.get(field), (int, float))]
    return statistics.median(vals) if vals else None


def median_rates(recs):
    pops = {}
    for r in recs:
        for pop, v in (r.get("rates_hz") or {}).items():
            pops.setdefault(pop, []).append(v)
    return {p: statistics.median(v) for p, v in pops.items()}


def fmt(x, digits=3):
    if x is None:
        return "-"
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return "-"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}g}" if abs(x) < 0.01 else f"{x:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def size_label(bench, size):
    if bench == "microcircuit":
        return f"scale {size:g}"
    return f"N {size}"


def _is_number(c):
    if isinstance(c, (int, float)):
        return True
    try:
        float(str(c))
        return True
    except ValueError:
        return str(c) == "-"


def print_table(header, rows, out):
    """Plain-text table: numbers right-aligned, text left-aligned."""
    cols = list(zip(header, *rows))
    widths = [max(len(str(c)) for c in col) for col in cols]
    numeric = [all(_is_number(c) for c in col[1:]) and len(col) > 1 for col in cols]

    def cell(c, w, num):
        return str(c).rjust(w) if num else str(c).ljust(w)

    line = "  ".join(cell(h, w, n) for h, w, n in zip(header, widths, numeric))
    print(line.rstrip(), file=out)
    print("-" * len(line.rstrip()), file=out)
    for r in rows:
        print("  ".join(cell(c, w, n) for c, w, n in zip(r, widths, numeric)).rstrip(),
              file=out)


def compare(cx_runs, b2_runs, show_rates, out):
    keys = sorted(set(cx_runs) | set(b2_runs),
                  key=lambda k: (str(k[0]), k[1] if k[1] is not None else -1, k[2]))
    header = ["bench", "size", "thr",
              "s/bio-s cx", "s/bio-s b2", "b2/cx",
              "init cx", "init b2", "b2/cx",
              "MB cx", "MB b2", "b2/cx", "runs cx/b2"]
    rows = []
    for k in keys:
        cx, b2 = cx_runs.get(k, []), b2_runs.get(k, [])
        vals = {}
        for name, recs in (("cx", cx), ("b2", b2)):
            vals[name] = {f: median_of(recs, f) for f in ("s_per_bio_s", "init_s", "peak_rss_mb")}
        rows.append([
            k[0], size_label(k[0], k[1]), k[2],
            fmt(vals["cx"]["s_per_bio_s"]), fmt(vals["b2"]["s_per_bio_s"]),
            fmt(ratio(vals["b2"]["s_per_bio_s"], vals["cx"]["s_per_bio_s"]), 2),
            fmt(vals["cx"]["init_s"]), fmt(vals["b2"]["init_s"]),
            fmt(ratio(vals["b2"]["init_s"], vals["cx"]["init_s"]), 2),
            fmt(vals["cx"]["peak_rss_mb"]), fmt(vals["b2"]["peak_rss_mb"]),
            fmt(ratio(vals["b2"]["peak_rss_mb"], vals["cx"]["peak_rss_mb"]), 2),
            f"{len(cx)}/{len(b2)}",
        ])
    print("Measured (median per key; cx = cortexpr, b2 = Brian2; "
          "init in s, MB = peak resident memory of the simulation)", file=out)
    print_table(header, rows, out)
    for k in keys:
        ncx = {r.get("neurons") for r in cx_runs.get(k, [])}
        nb2 = {r.get("neurons") for r in b2_runs.get(k, [])}
        scx = {r.get("synapses") for r in cx_runs.get(k, [])} - {None}
        sb2 = {r.get("synapses") for r in b2_runs.get(k, [])} - {None}
        if ncx and nb2 and ncx != nb2:
            print(f"note: {k[0]} {size_label(k[0], k[1])}: neurons differ, cortexpr "
                  f"{sorted(ncx)} vs brian2 {sorted(nb2)} (not the same network)", file=out)
        elif scx and sb2 and k[0] == "microcircuit" and scx != sb2:
            # The microcircuit's synapse counts are fixed numbers; VA's are random.
            print(f"note: {k[0]} {size_label(k[0], k[1])}: synapse counts differ, cortexpr "
                  f"{sorted(scx)} vs brian2 {sorted(sb2)}", file=out)

    if show_rates:
        print("\nMean rates (Hz), cortexpr vs Brian2", file=out)
        rrows = []
        for k in keys:
            rc, rb = median_rates(cx_runs.get(k, [])), median_rates(b2_runs.get(k, []))
            for pop in sorted(set(rc) | set(rb), key=lambda p: (list(rb) + list(rc)).index(p)):
                rrows.append([k[0], size_label(k[0], k[1]), k[2], pop,
                              fmt(rc.get(pop)), fmt(rb.get(pop)),
                              fmt(ratio(rb.get(pop), rc.get(pop)), 3)])
        print_table(["bench", "size", "thr", "pop", "cortexpr", "brian2", "b2/cx"], rrows, out)


def reference(cx_runs, b2_runs, out):
    print("\nPublished reference (issue 3, point 10; 2-core machine, s per biological s);"
          "\n'b2 here' = Brian2 measured here for the same key, 'here/pub' its ratio to the"
          "\npublished Brian2 figure (how this machine and Brian2 version compare)", file=out)
    rows = []
    for b, s, t, sim, v, i, m in REFERENCE:
        here = median_of(b2_runs.get((b, s, t), []), "s_per_bio_s")
        rows.append([b, size_label(b, s), t, sim, fmt(v), fmt(i), fmt(m), fmt(here),
                     fmt(ratio(here, v), 2) if sim.startswith("Brian2") else "-"])
    print_table(["bench", "size", "thr", "simulator", "s/bio-s", "init s", "MB",
                 "b2 here", "here/pub"], rows, out)

    # Target: >= 2x faster than the best reference of that (bench, size), any thread count;
    # init and memory no worse than GeNN's where GeNN's are given.
    print("\nTarget check (cortexpr s/bio-s <= best reference / 2; init and MB <= GeNN's)",
          file=out)
    targets = {}
    for b, s, t, sim, v, i, m in REFERENCE:
        tg = targets.setdefault((b, s), {"best": None, "best_by": None, "init": None, "mb": None})
        if tg["best"] is None or v < tg["best"]:
            tg["best"], tg["best_by"] = v, f"{sim}, {t} thr"
        if sim == GENN:
            tg["init"], tg["mb"] = i, m
    trows = []
    for (b, s), tg in targets.items():
        cands = [(k, recs) for k, recs in cx_runs.items() if k[0] == b and k[1] == s]
        if not cands:
            trows.append([b, size_label(b, s), "-", fmt(tg["best"]), tg["best_by"],
                          fmt(tg["best"] / 2), "-", "-", "no cortexpr run"])
            continue
        for k, recs in sorted(cands, key=lambda kr: kr[0][2]):
            v = median_of(recs, "s_per_bio_s")
            i = median_of(recs, "init_s")
            m = median_of(recs, "peak_rss_mb")
            ok = v is not None and v <= tg["best"] / 2
            notes = ["speed ok" if ok else "speed MISSED"]
            if tg["init"] is not None and i is not None:
                notes.append("init ok" if i <= tg["init"] else "init MISSED")
            if tg["mb"] is not None and m is not None:
                notes.append("memory ok" if m <= tg["mb"] else "memory MISSED")
            trows.append([b, size_label(b, s), k[2], fmt(tg["best"]), tg["best_by"],
                          fmt(tg["best"] / 2), fmt(v), fmt(ratio(tg["best"], v), 2),
                          ", ".join(notes)])
    print_table(["bench", "size", "thr", "best ref", "by", "target", "cortexpr",
                 "best/cx", "verdict"], trows, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare cortexpr and Brian2 benchmark JSON lines.")
    ap.add_argument("cortexpr", nargs="?", help="cortexpr JSON-lines file")
    ap.add_argument("brian2", nargs="?", help="Brian2 JSON-lines file")
    ap.add_argument("--rates", action="store_true", help="also print per-population rates")
    ap.add_argument("--no-reference", action="store_true",
                    help="do not print the published reference figures")
    ap.add_argument("--reference-only", action="store_true",
                    help="print only the published reference figures")
    args = ap.parse_args(argv)
    out = sys.stdout
    if args.reference_only:
        reference({}, {}, out)
        return 0
    if not args.cortexpr or not args.brian2:
        ap.error("need CORTEXPR.jsonl and BRIAN2.jsonl (or --reference-only)")
    capped = []
    cx_runs, b2_runs = read_runs(args.cortexpr, capped), read_runs(args.brian2)
    for name, runs in (("cortexpr", cx_runs), ("brian2", b2_runs)):
        sims = {r.get("simulator") for recs in runs.values() for r in recs}
        if sims and sims != {name}:
            print(f"note: {name} file holds runs of {sorted(map(str, sims))}", file=sys.stderr)
    compare(cx_runs, b2_runs, args.rates, out)
    isa_comparison(cx_runs, capped, out)
    if not args.no_reference:
        reference(cx_runs, b2_runs, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
