#!/usr/bin/env python3
"""Potjans & Diesmann (2014) cortical microcircuit in Brian2 (C++ standalone), as GeNN builds it.

Parameters: docs/example-networks.md (d), GeNN 5.4's potjans_microcircuit.py
(the GeNN 5 synapse counts of d.5: K_in truncated to an integer, 5I->4E dropped, sizes
round(scale*N) half away from zero). --scale multiplies the neuron counts and keeps the in-degrees
(neuron_scale = scale, connectivity_scale = 1, so no DC compensation); --connectivity-scale
is there for completeness (weights / sqrt(cs), Poisson rate * cs, DC compensation of d.6).

GeNN's discrete-time semantics (docs/api-quickref.md "Semantics"; the LIF, DC/Poisson
and ExpCurr models of include/cortexpr/models), mapped onto Brian2:
* LIF with exact integration over the step, the input held constant ('exact' integrator,
  Isyn a parameter), refractory period R = (n+1)*dt where n = 20 frozen steps
  (2.0 ms / 0.1 ms in float); see vogels_abbott.py for the derivation.
* Recurrent input: one fused ExpCurr (tau 0.5 ms) per neuron, inSyn; per step
  Isyn = init*inSyn, inSyn *= exp(-dt/tau).
* Background: PoissonExp per neuron (weight 0.0878 nA, tauSyn 0.5 ms, rate K_ext*8 Hz): per
  step current += Init*k with k ~ Poisson(rate*dt) (Brian2's poisson(), Knuth's method
  for these rates, as GeNN), Isyn += current, current *= exp(-dt/tauSyn). Same
  run_regularly operation as the ExpCurr, just before the state update.
* Connectivity FixedNumberTotalWithReplacement with num synapses per projection: the
  row lengths are Multinomial(num; 1/N_pre each), drawn with numpy (time counted in
  init_s), and each row is filled by Brian2 in C++ with num_row uniform targets with
  replacement (`int(rand()*N_post) for _ in range(row_length_pre)`).
* Weights NormalClipped (rejection, not clamping), delays NormalClippedDelay: rint of a
  rejection-sampled normal in steps, d in {0..43} (E) / {0..21} (I); a spike reaches the
  PSM 1 + d steps after it was emitted. Brian2 delivers a delay-0 spike in the next step,
  so the Brian2 delay is d*dt. GeNN's ring of 43 slots turns d = 43 into d = 0; that
  artefact is reproduced (d mod 43), it concerns ~2e-5 of the E synapses.
"""

import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

POPS = ["23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I"]
N_FULL = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]
REF_RATES = [0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523]
# CONNECTION_PROBABILTIES[target][source]
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
DT_MS = 0.1
MEAN_W = 0.0878            # nA
G_INH = -4.0
TAU_SYN = 0.5              # ms, ExpCurr and PoissonExp
POISSON_RATE = 8.0         # Hz per external synapse
Z_9999 = 3.7190164854556804  # Phi^-1(0.9999)
MAX_DENDRITIC_DELAY = 43   # steps, round(max(4.2893, 2.1446) / 0.1)


def in_degree(t, s):
    """Full-scale in-degree K_in(s -> t) as GeNN 5's script computes it (docs/example-networks.md d.5)."""
    p = CONN_P[t][s]
    if p == 0.0:
        return 0
    n_pairs = N_FULL[t] * N_FULL[s]
    k_total = round(math.log(1.0 - p) / math.log((n_pairs - 1.0) / n_pairs))
    return int(k_total / N_FULL[t])


def mean_weight(t, s):
    if s % 2 == 1:                      # inhibitory source
        return G_INH * MEAN_W
    return 2.0 * MEAN_W if (s == 2 and t == 0) else MEAN_W   # 4E -> 23E doubled


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=0.1,
                    help="neuron scale (sizes round(scale*N), in-degrees kept); default 0.1")
    ap.add_argument("--connectivity-scale", type=float, default=1.0,
                    help="GeNN's connectivity_scale (default 1: full in-degrees, no DC)")
    ap.add_argument("--no-recurrent", action="store_true",
                    help="diagnostic: Poisson drive only, no recurrent synapses (checks the "
                         "neuron and input model against an independent implementation)")
    common.common_arguments(ap)
    args = ap.parse_args(argv)

    # Self-check of the synapse-count formula against the spec's full-scale table (d.5).
    assert sum(in_degree(t, s) * N_FULL[t] for t in range(8) for s in range(8)) == 298624465

    bench = common.Bench(args)
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock,
                        ms, mV, nA, nF, second)

    ns_scale, cs = args.scale, args.connectivity_scale
    # half away from zero (C++ llround), the rule of cortexpr and the GeNN script of
    # benchmarks/compare/; Python's round() would give 5I 106 instead of 107 at 0.1
    sizes = [int(math.floor(ns_scale * n + 0.5)) for n in N_FULL]
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(int)
    n_total = int(offsets[-1])
    rng = np.random.default_rng(args.seed)

    step = DT_MS * ms
    defaultclock.dt = step
    C, tau_m = 0.25 * nF, 10.0 * ms
    n_frozen = common.refractory_steps(2.0, DT_MS)
    ns = {
        "Vrest": -65.0 * mV, "Vreset": -65.0 * mV, "Vthresh": -50.0 * mV,
        "Rm": tau_m / C, "tauM": tau_m,
        "expDecay": math.exp(-DT_MS / TAU_SYN),
        "initSyn": TAU_SYN / DT_MS * (1.0 - math.exp(-DT_MS / TAU_SYN)),
        "truncnorm": common.truncated_normal_function(),
    }
    w_poisson = MEAN_W / math.sqrt(cs)
    ns["InitPois"] = w_poisson * (1.0 - math.exp(-DT_MS / TAU_SYN)) * TAU_SYN / DT_MS * nA
    ns["expDecayPois"] = math.exp(-DT_MS / TAU_SYN)

    eqs = """
    dV/dt = (Vrest - V + Rm*(Isyn + Ioffset)) / tauM : volt (unless refractory)
    Isyn : amp
    inSyn : amp
    Ipois : amp
    Ioffset : amp (constant)
    lam : 1 (constant)
    """ + "".join(f"nrow_{k} : integer (constant)\n" for k in range(8))
    g = NeuronGroup(n_total, eqs, threshold="V >= Vthresh", reset="V = Vreset",
                    refractory=(n_frozen + 1) * step, method="exact", namespace=ns,
                    name="mc")
    g.run_regularly("""
    Ipois = Ipois + InitPois*poisson(lam)
    Isyn = initSyn*inSyn + Ipois
    Ipois = Ipois*expDecayPois
    inSyn = inSyn*expDecay
    """, when="groups", order=-1, name="mc_input")
    g.V = "-58*mV + 5*mV*randn()"        # Normal(-58, 5) mV

    k_in = [[in_degree(t, s) for s in range(8)] for t in range(8)]
    for t in range(8):
        a, b = offsets[t], offsets[t + 1]
        g.lam[a:b] = K_EXT[t] * cs * POISSON_RATE * DT_MS / 1000.0
        i_full = sum(mean_weight(t, s) * k_in[t][s] * REF_RATES[s] for s in range(8))
        i_full += MEAN_W * K_EXT[t] * POISSON_RATE
        g.Ioffset[a:b] = 0.001 * TAU_SYN * (1.0 - math.sqrt(cs)) * i_full * nA

    synapses = []
    n_syn_expected = 0
    for t in range(8):
        for s in range(8):
            num = int(round(k_in[t][s] * cs * sizes[t]))
            if num <= 0 or args.no_recurrent:
                continue
            n_syn_expected += num
            pre = g[offsets[s]:offsets[s + 1]]
            post = g[offsets[t]:offsets[t + 1]]
            with bench.python_init():
                # FixedNumberTotalWithReplacement: multinomial row lengths.
                rows = rng.multinomial(num, np.full(sizes[s], 1.0 / sizes[s]))
                getattr(g, f"nrow_{t}")[offsets[s]:offsets[s + 1]] = rows
            syn = Synapses(pre, post, "w : amp (constant)", on_pre="inSyn_post += w",
                           namespace=ns, name=f"s_{POPS[s]}_{POPS[t]}")
            syn.connect(j=f"int(rand()*N_post) for _ in range(nrow_{t}_pre)")
            w_mean = mean_weight(t, s) / math.sqrt(cs)
            w_sd = (0.05 if (s == 2 and t == 0) else 0.1) * abs(w_mean)
            if s % 2 == 0:
                lo, hi, d_mean, d_sd = 0.0, 1e300, 1.5, 0.75
            else:
                lo, hi, d_mean, d_sd = -1e300, 0.0, 0.75, 0.375
            syn.w = f"truncnorm({w_mean!r}, {w_sd!r}, {lo!r}, {hi!r})*nA"
            d_max = (d_mean + d_sd * Z_9999) / DT_MS
            syn.delay = (f"(floor(truncnorm({d_mean / DT_MS!r}, {d_sd / DT_MS!r}, 0.0, "
                         f"{d_max!r}) + 0.5) % {MAX_DENDRITIC_DELAY})*dt")
            synapses.append(syn)
    mon = SpikeMonitor(g, name="spikes")

    net = Network(g, mon, *synapses)
    build_s = bench.build(net, args.bio_s * second)
    slices = {POPS[k]: (offsets[k], offsets[k + 1]) for k in range(8)}
    try:
        for _ in range(args.repeats):
            measured = bench.run_once()
            rates = common.rates_from_counts(mon.count[:], slices, args.bio_s)
            n_syn = int(sum(len(syn) for syn in synapses))
            assert n_syn == n_syn_expected, (n_syn, n_syn_expected)
            extra = {
                "synapses": n_syn, "projections": len(synapses),
                "connectivity_scale": cs, "dt_ms": DT_MS,
                "recurrent": not args.no_recurrent,
                "spikes": int(mon.num_spikes),
                "reference_rates_hz": dict(zip(POPS, REF_RATES)),
                "bytes_per_synapse": (round(measured["peak_rss_mb"] * 2**20 / n_syn, 1)
                                      if n_syn else None),
            }
            phases = bench.phases(net, input_objects=("mc_input",))
            if phases:
                extra["phases_s"] = phases
            bench.record("microcircuit", n_total, args.scale, args.bio_s, build_s,
                         measured, rates, extra)
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
