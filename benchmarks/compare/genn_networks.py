#!/usr/bin/env python3
"""The comparison's networks in PyGeNN 5.4 (single-threaded CPU backend), one run per process.

    genn_networks.py va N | cuba N | microcircuit SCALE  [--bio-s S] [--seed S] [--workdir DIR]

Prints one JSON line with the keys of bench_networks and benchmarks/brian2 (bench,
simulator, version, threads, neurons, scale, synapses, bio_s, build_s, init_s, sim_s,
s_per_bio_s, peak_rss_mb, rates_hz, ...). Written for this project from the network
definitions in benchmarks/compare/README.md, with GeNN's built-in models only:

* va: Vogels-Abbott as GeNN's va_benchmark and its PyGeNN tutorial build it: LIF, ExpCurr
  (5 / 10 ms), StaticPulseConstantWeight, dt 1 ms, E:I = 4:1, EE and II
  FixedProbabilityNoAutapse, EI and IE FixedProbability with p = 0.1*4000/N (in-degree
  400 at every N, so the weights keep the 4000-neuron values 0.0008 and -0.0102 nA).
* cuba: the same populations at dt 0.1 ms, all four projections FixedProbability with
  p = 80/N, g 0.081 / -0.45 nA (Brian2's CUBA example in GeNN's per-step form).
* microcircuit: Potjans & Diesmann as GeNN 5.4's potjans_microcircuit.py builds it, with
  neuron_scale SCALE and full in-degrees (connectivity_scale 1, no DC compensation);
  sizes rounded half away from zero (the rule of all three simulators here).

Times: build_s = code generation + compilation (model.build), init_s = model.load()
(allocation, variable and connectivity initialisation), sim_s = wall time of the
model.step_time() loop (the Python loop included: that is how PyGeNN runs a model).
peak_rss_mb = this process's peak resident memory (the compiler runs in a child and is
not counted; the Python interpreter is, ~50 MB).
"""

import argparse
import json
import math
import os
import platform
import resource
import sys
import time

POPS = ["23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I"]
N_FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]
# CONN_P[target][source]: probability of at least one connection between a pair
CONN_P = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
]
MEAN_W = 0.0878            # nA
Z_9999 = 3.7190164854556804  # Phi^-1(0.9999): the delays' upper clip
FLT_MAX = 3.4028234663852886e38


def round_half_away(x):
    """Population sizes: the one rounding rule of all three simulators (C++ llround)."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def in_degree(t, s):
    """Full-scale in-degree K_in(s -> t) as GeNN 5.4's microcircuit script derives it."""
    p = CONN_P[t][s]
    if p == 0.0:
        return 0
    pairs = N_FULL[t] * N_FULL[s]
    return int(round(math.log(1.0 - p) / math.log((pairs - 1.0) / pairs)) / N_FULL[t])


def lif(C, tau_m, v_rest, v_reset, v_thresh, tau_refrac, i_offset=0.0):
    return {"C": C, "TauM": tau_m, "Vrest": v_rest, "Vreset": v_reset,
            "Vthresh": v_thresh, "Ioffset": i_offset, "TauRefrac": tau_refrac}


def build_va_like(model, n, dt, p, g_exc, g_inh, no_autapse_within):
    """E/I network of LIF + ExpCurr (va and cuba differ in dt, p, weights, autapses)."""
    from pygenn import init_postsynaptic, init_sparse_connectivity, init_var, init_weight_update
    model.dt = dt
    n_exc = (4 * n) // 5
    params = lif(1.0, 20.0, -49.0, -60.0, -50.0, 5.0)
    vars_ = {"V": init_var("Uniform", {"min": -60.0, "max": -50.0}), "RefracTime": 0.0}
    pops = {"E": model.add_neuron_population("E", n_exc, "LIF", params, vars_),
            "I": model.add_neuron_population("I", n - n_exc, "LIF", params, vars_)}
    syns = []
    for src, g, tau in (("E", g_exc, 5.0), ("I", g_inh, 10.0)):
        for trg in ("E", "I"):
            conn = "FixedProbabilityNoAutapse" if (no_autapse_within and src == trg) else "FixedProbability"
            syns.append(model.add_synapse_population(
                src + trg, "SPARSE", pops[src], pops[trg],
                init_weight_update("StaticPulseConstantWeight", {"g": g}),
                init_postsynaptic("ExpCurr", {"tau": tau}),
                init_sparse_connectivity(conn, {"prob": p})))
    return pops, syns


def build_microcircuit(model, scale):
    from pygenn import init_postsynaptic, init_sparse_connectivity, init_var, init_weight_update
    model.dt = 0.1
    model.fuse_postsynaptic_models = True
    model.default_narrow_sparse_ind_enabled = True
    sizes = [round_half_away(scale * n) for n in N_FULL]
    pops = {}
    for k, name in enumerate(POPS):
        pop = model.add_neuron_population(
            name, sizes[k], "LIF", lif(0.25, 10.0, -65.0, -65.0, -50.0, 2.0),
            {"V": init_var("Normal", {"mean": -58.0, "sd": 5.0}), "RefracTime": 0.0})
        model.add_current_source(name + "_poisson", "PoissonExp", pop,
                                 {"weight": MEAN_W, "tauSyn": 0.5, "rate": K_EXT[k] * 8.0},
                                 {"current": 0.0})
        pops[name] = pop
    max_delay_steps = int(round(max(1.5 + 0.75 * Z_9999, 0.75 + 0.375 * Z_9999) / 0.1))
    syns = []
    for t in range(8):
        for s in range(8):
            num = round_half_away(in_degree(t, s) * sizes[t])
            if num <= 0:
                continue
            exc = s % 2 == 0
            w = (2.0 * MEAN_W if (s == 2 and t == 0) else MEAN_W) if exc else -4.0 * MEAN_W
            w_sd = (0.05 if (s == 2 and t == 0) else 0.1) * abs(w)
            d_mean, d_sd = (1.5, 0.75) if exc else (0.75, 0.375)
            g_init = init_var("NormalClipped", {"mean": w, "sd": w_sd,
                                                "min": 0.0 if exc else -FLT_MAX,
                                                "max": FLT_MAX if exc else 0.0})
            d_init = init_var("NormalClippedDelay", {"mean": d_mean, "sd": d_sd, "min": 0.0,
                                                     "max": d_mean + d_sd * Z_9999})
            syn = model.add_synapse_population(
                POPS[s] + "_" + POPS[t], "SPARSE", pops[POPS[s]], pops[POPS[t]],
                init_weight_update("StaticPulseDendriticDelay", {}, {"g": g_init, "d": d_init}),
                init_postsynaptic("ExpCurr", {"tau": 0.5}),
                init_sparse_connectivity("FixedNumberTotalWithReplacement", {"num": num}))
            syn.max_dendritic_delay_timesteps = max_delay_steps
            syns.append(syn)
    return pops, syns


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bench", choices=("va", "cuba", "microcircuit"))
    ap.add_argument("size", type=float, help="neurons (va, cuba) or neuron scale (microcircuit)")
    ap.add_argument("--bio-s", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--workdir", default="build/compare-work/genn",
                    help="where GeNN writes and compiles the generated code")
    args = ap.parse_args(argv)

    import pygenn
    from pygenn import GeNNModel

    name = f"{args.bench}_{str(args.size).replace('.', 'p')}"
    os.makedirs(args.workdir, exist_ok=True)
    t0 = time.perf_counter()
    model = GeNNModel("float", name, backend="single_threaded_cpu", optimize_code=True)
    model.seed = args.seed
    if args.bench == "va":
        n = int(args.size)
        pops, syns = build_va_like(model, n, 1.0, min(1.0, 0.1 * 4000.0 / n), 0.0008, -0.0102, True)
    elif args.bench == "cuba":
        n = int(args.size)
        pops, syns = build_va_like(model, n, 0.1, min(1.0, 80.0 / n), 0.081, -0.45, False)
    else:
        pops, syns = build_microcircuit(model, args.size)
    for pop in pops.values():
        pop.spike_recording_enabled = True
    steps = int(round(args.bio_s * 1000.0 / model.dt))

    model.build(path_to_model=args.workdir)
    t1 = time.perf_counter()
    model.load(num_recording_timesteps=steps)
    t2 = time.perf_counter()
    while model.timestep < steps:
        model.step_time()
    t3 = time.perf_counter()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    model.pull_recording_buffers_from_device()
    rates, spikes = {}, 0
    for pname, pop in pops.items():
        count = len(pop.spike_recording_data[0][0])
        spikes += count
        rates[pname] = round(count / (pop.num_neurons * args.bio_s), 4)
    synapses = 0
    for syn in syns:          # after the peak was read: pulling indices costs memory
        syn.pull_connectivity_from_device()
        synapses += len(syn.get_sparse_post_inds())

    sim_s = t3 - t2
    print(json.dumps({
        "bench": {"va": "vogels_abbott"}.get(args.bench, args.bench),
        "simulator": "genn", "version": pygenn.__version__, "backend": "single_threaded_cpu",
        "threads": 1, "neurons": int(sum(p.num_neurons for p in pops.values())),
        "scale": args.size if args.bench == "microcircuit" else None,
        "synapses": int(synapses), "bio_s": args.bio_s, "steps": steps, "dt_ms": model.dt,
        "build_s": round(t1 - t0, 4), "init_s": round(t2 - t1, 4), "sim_s": round(sim_s, 4),
        "s_per_bio_s": round(sim_s / args.bio_s, 5), "steps_per_s": round(steps / sim_s, 1),
        "peak_rss_mb": round(peak_rss_mb, 1), "rates_hz": rates, "spikes": spikes,
        "precision": "float", "optimize_code": True, "seed": args.seed,
        "host": platform.node(),
    }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
