#!/usr/bin/env python3
"""CUBA at dt 0.1 ms, in-degree 80, in Brian2 (C++ standalone), in GeNN's per-step form.

The second network of the same-network comparison (benchmarks/compare/): Brian2's
documentation example CUBA expressed with GeNN's built-ins (LIF, ExpCurr,
StaticPulseConstantWeight), so that GeNN, Brian2 and cortexpr run the same steps:

* N LIF neurons (C 1 nF, TauM 20 ms, Vrest -49 mV, Vreset -60 mV, Vthresh -50 mV,
  TauRefrac 5 ms), E = 4N/5, I = N - E, V(0) ~ Uniform(-60, -50) mV; dt 0.1 ms.
* E->E, E->I, I->E, I->I all FixedProbability (autapses allowed) with p = 80/N;
  g 0.081 nA (1.62 mV / 20 MOhm) excitatory, -0.45 nA (-9 mV / 20 MOhm) inhibitory;
  ExpCurr tau 5 ms (E) and 10 ms (I).

The mapping of GeNN's step onto Brian2 (exact LIF with the input held over the step,
ExpCurr as a run_regularly operation before the state update, one-step latency, the
refractory period as (n+1)*dt) is vogels_abbott.py's; see its docstring.
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

DT_MS = 0.1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--neurons", type=int, default=4000,
                    help="total neurons N (E = 4N/5, I = N - E); default 4000")
    ap.add_argument("--in-degree", type=float, default=80.0,
                    help="mean in-degree (p = in_degree/N); default 80")
    common.common_arguments(ap)
    args = ap.parse_args(argv)

    bench = common.Bench(args)
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock,
                        ms, mV, nA, nF, second)

    n_total = args.neurons
    n_exc = (4 * n_total) // 5
    p = min(1.0, args.in_degree / n_total)
    step = DT_MS * ms
    defaultclock.dt = step
    C, tau_m = 1.0 * nF, 20.0 * ms
    ns = {
        "Vrest": -49.0 * mV, "Vreset": -60.0 * mV, "Vthresh": -50.0 * mV,
        "Ioffset": 0.0 * nA, "Rm": tau_m / C, "tauM": tau_m,
        "gE": 0.081 * nA, "gI": -0.45 * nA,
    }
    for tag, tau in (("E", 5.0), ("I", 10.0)):
        ns["expDecay" + tag] = math.exp(-DT_MS / tau)
        ns["init" + tag] = tau / DT_MS * (1.0 - math.exp(-DT_MS / tau))
    n_frozen = common.refractory_steps(5.0, DT_MS)

    eqs = """
    dV/dt = (Vrest - V + Rm*(Isyn + Ioffset)) / tauM : volt (unless refractory)
    Isyn : amp
    inSynE : amp
    inSynI : amp
    """
    g = NeuronGroup(n_total, eqs, threshold="V >= Vthresh", reset="V = Vreset",
                    refractory=(n_frozen + 1) * step, method="exact", namespace=ns,
                    name="cuba")
    g.run_regularly("""
    Isyn = initE*inSynE + initI*inSynI
    inSynE = inSynE*expDecayE
    inSynI = inSynI*expDecayI
    """, when="groups", order=-1, name="cuba_expcurr")
    g.V = "Vreset + rand()*(Vthresh - Vreset)"
    exc, inh = g[:n_exc], g[n_exc:]
    s_e = Synapses(exc, g, on_pre="inSynE_post += gE", namespace=ns, name="from_E")
    s_e.connect(p=p)
    s_i = Synapses(inh, g, on_pre="inSynI_post += gI", namespace=ns, name="from_I")
    s_i.connect(p=p)
    mon = SpikeMonitor(g, name="spikes")

    net = Network(g, s_e, s_i, mon)
    build_s = bench.build(net, args.bio_s * second)
    slices = {"E": (0, n_exc), "I": (n_exc, n_total)}
    try:
        for _ in range(args.repeats):
            measured = bench.run_once()
            rates = common.rates_from_counts(mon.count[:], slices, args.bio_s)
            extra = {"synapses": int(len(s_e) + len(s_i)), "p": p, "dt_ms": DT_MS,
                     "spikes": int(mon.num_spikes),
                     "steps": int(round(args.bio_s * 1000.0 / DT_MS)),
                     "model": "CUBA (ExpCurr), dt 0.1 ms, GeNN per-step semantics"}
            phases = bench.phases(net, input_objects=("cuba_expcurr",))
            if phases:
                extra["phases_s"] = phases
            bench.record("cuba", n_total, None, args.bio_s, build_s, measured, rates, extra)
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
