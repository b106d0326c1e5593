#!/usr/bin/env python3
"""Vogels-Abbott benchmark network in Brian2 (C++ standalone), as GeNN's va_benchmark builds it.

Parameters: docs/example-networks.md (c). The spec's network is the *current*-
based variant (CUBA: LIF with ExpCurr synapses), so that is what is built here, with
GeNN's discrete-time semantics (docs/api-quickref.md "Semantics"; the LIF and ExpCurr
models of include/cortexpr/models):

* LIF, exact integration with the synaptic current held constant over the step:
  Brian2's 'exact' integrator with Isyn a parameter computes exactly
  V <- alpha - exp(-dt/TauM)*(alpha - V), alpha = Vrest + Rm*(Isyn + Ioffset).
* ExpCurr: per step Isyn += init*inSyn, then inSyn *= exp(-dt/tau), with
  init = (tau/dt)*(1 - exp(-dt/tau)) (a run_regularly operation just before the
  state update, so Isyn uses this step's inSyn before the decay, as in GeNN).
* Latency one step: Brian2 delivers a spike of step n (delay 0) after the state update of
  step n, so it first moves V in step n+1, as GeNN's spike of step n does.
* Refractoriness: GeNN freezes V for n = refractory_steps(TauRefrac, dt) steps after the
  spike step (5 for 5 ms at dt 1 ms) and integrates again in the step after; Brian2's
  refractory period R freezes steps k with k*dt < R after the spike, so R = (n+1)*dt.

Scaling with N (4k to 1M neurons, E:I = 4:1): the spec fixes p = 0.1 at N = 4000 and
GeNN's weight factor scale = (4000/N)*(0.02/p). By default p = 0.1*4000/N, so that the
mean in-degree stays 400 (320 E + 80 I) as in the spec; with that p the factor is 0.2 for
every N and the weights keep the spec's values (0.0008 and -0.0102 nA). --p fixes the
probability instead (GeNN's va_benchmark keeps p and rescales the weights by 4000/N).

Connectivity: E->E and I->I FixedProbabilityNoAutapse, E->I and I->E FixedProbability,
built by Brian2's sample(N, p=p) (geometric skipping, as GeNN) in one Synapses object per
source population (E->all, I->all; they share the weight and the target variable), the
autapse excluded by `if k != i`. (GeNN redraws a jump that lands on i, an O(p^2) bias in
the row lengths that is not reproduced here.)
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--neurons", type=int, default=4000,
                    help="total neurons N (E = 4N/5, I = N/5); default 4000")
    ap.add_argument("--p", type=float, default=None,
                    help="connection probability (default 0.1*4000/N: in-degree 400)")
    common.common_arguments(ap)
    args = ap.parse_args(argv)

    bench = common.Bench(args)
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock,
                        ms, mV, nA, nF, second)

    n_total = args.neurons
    n_exc = (4 * n_total) // 5
    n_inh = n_total - n_exc
    p = args.p if args.p is not None else min(1.0, 0.1 * 4000.0 / n_total)
    scale = (4000.0 / n_total) * (0.02 / p)

    step = 1.0 * ms
    defaultclock.dt = step
    C, tau_m = 1.0 * nF, 20.0 * ms
    ns = {
        "Vrest": -49.0 * mV, "Vreset": -60.0 * mV, "Vthresh": -50.0 * mV,
        "Ioffset": 0.0 * nA, "Rm": tau_m / C, "tauM": tau_m,
        "gE": 4.0e-3 * scale * nA, "gI": -51.0e-3 * scale * nA,
    }
    tau_e, tau_i = 5.0, 10.0
    for tag, tau in (("E", tau_e), ("I", tau_i)):
        ns["expDecay" + tag] = math.exp(-1.0 / tau)          # dt = 1 ms
        ns["init" + tag] = tau / 1.0 * (1.0 - math.exp(-1.0 / tau))
    n_frozen = common.refractory_steps(5.0, 1.0)

    eqs = """
    dV/dt = (Vrest - V + Rm*(Isyn + Ioffset)) / tauM : volt (unless refractory)
    Isyn : amp
    inSynE : amp
    inSynI : amp
    """
    g = NeuronGroup(n_total, eqs, threshold="V >= Vthresh", reset="V = Vreset",
                    refractory=(n_frozen + 1) * step, method="exact", namespace=ns,
                    name="va")
    # ExpCurr for both synapse groups, before the state update of the same step.
    g.run_regularly("""
    Isyn = initE*inSynE + initI*inSynI
    inSynE = inSynE*expDecayE
    inSynI = inSynI*expDecayI
    """, when="groups", order=-1, name="va_expcurr")
    g.V = "Vreset + rand()*(Vthresh - Vreset)"   # Uniform(-60, -50), docs/example-networks.md (c)
    exc, inh = g[:n_exc], g[n_exc:]

    # E -> all (EE without autapses, EI); I -> all (IE, II without autapses).
    s_e = Synapses(exc, g, on_pre="inSynE_post += gE", namespace=ns, name="from_E")
    s_e.connect(j="k for k in sample(N_post, p=p_conn) if k != i",
                namespace={"p_conn": p})
    s_i = Synapses(inh, g, on_pre="inSynI_post += gI", namespace=ns, name="from_I")
    s_i.connect(j="k for k in sample(N_post, p=p_conn) if k != i + n_exc",
                namespace={"p_conn": p, "n_exc": n_exc})
    mon = SpikeMonitor(g, name="spikes")

    net = Network(g, s_e, s_i, mon)
    build_s = bench.build(net, args.bio_s * second)
    slices = {"E": (0, n_exc), "I": (n_exc, n_total)}
    try:
        for _ in range(args.repeats):
            measured = bench.run_once()
            rates = common.rates_from_counts(mon.count[:], slices, args.bio_s)
            extra = {
                "synapses": int(len(s_e) + len(s_i)),
                "p": p, "weight_scale": scale, "dt_ms": 1.0,
                "spikes": int(mon.num_spikes),
                "model": "CUBA (ExpCurr), GeNN va_benchmark semantics",
            }
            phases = bench.phases(net, input_objects=("va_expcurr",))
            if phases:
                extra["phases_s"] = phases
            bench.record("vogels_abbott", n_total, None, args.bio_s, build_s, measured,
                         rates, extra)
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
