"""The Potjans & Diesmann (2014) cortical microcircuit as PyGeNN's
userproject/potjans_microcircuit.py builds it, here with PyGeNN 5's API on cortexpr: 8 LIF
populations with Poisson background (PoissonExp), 54 sparse projections with clipped
normal weights and dendritic delays. The same network as examples/microcircuit.cpp, part
for part: with the same seed and scale both give the same spikes.

    python examples/python/microcircuit.py [--scale 0.1] [--time 1000] [--seed 1]
"""
import argparse
import math
import time

import numpy as np

from cortexpr.genn import (GeNNModel, init_postsynaptic, init_sparse_connectivity, init_var,
                           init_weight_update)

NAMES = ("23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I")
FULL_SIZE = (20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948)
K_EXT = (1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100)
REFERENCE_RATE = (0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523)
PROBABILITY = (  # [target][source]
    (0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0),
    (0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0),
    (0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0),
    (0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0),
    (0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0),
    (0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0),
    (0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252),
    (0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443))
MEAN_W = 0.0878         # [nA]
G_INH = -4.0
BACKGROUND_RATE = 8.0   # [Hz] per external synapse
TAU_SYN = 0.5           # [ms]
DELAY_Z = 3.7190164855  # Phi^-1(0.9999)
MAX_DENDRITIC_DELAY = 44  # [steps] (examples/networks/microcircuit.hpp explains 44, not 43)
FLT_MAX = float(np.finfo(np.float32).max)


def _round(x):  # C's round(): halves away from zero
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def excitatory(p):
    return p % 2 == 0


def exists(t, s):
    return PROBABILITY[t][s] > 0.0 and not (t == 2 and s == 5)


def in_degree(t, s):
    p = PROBABILITY[t][s]
    if p <= 0.0:
        return 0
    pairs = float(FULL_SIZE[t]) * float(FULL_SIZE[s])
    k_total = _round(math.log(1.0 - p) / math.log((pairs - 1.0) / pairs))
    return int(k_total / float(FULL_SIZE[t]))


def weight(t, s):
    if not excitatory(s):
        return G_INH * MEAN_W
    return 2.0 * MEAN_W if (s == 2 and t == 0) else MEAN_W


def size(p, scale):
    return int(_round(scale * FULL_SIZE[p]))


def full_input(t):
    i = MEAN_W * K_EXT[t] * BACKGROUND_RATE
    for s in range(8):
        i += weight(t, s) * float(in_degree(t, s)) * REFERENCE_RATE[s]
    return i


def offset_current(t, cscale):
    return 0.001 * TAU_SYN * (1.0 - math.sqrt(cscale)) * full_input(t)


def build_model(scale=0.1, seed=1, name="microcircuit"):
    model = GeNNModel("float", name)
    model.dt = 0.1
    model.seed = seed
    model.fuse_postsynaptic_models = True  # the 8 ExpCurr inputs per population share one inSyn
    pops = []
    for p, n in enumerate(NAMES):
        lif = {"C": 0.25, "TauM": 10.0, "Vrest": -65.0, "Vreset": -65.0, "Vthresh": -50.0,
               "Ioffset": offset_current(p, scale), "TauRefrac": 2.0}
        pops.append(model.add_neuron_population(
            n, size(p, scale), "LIF", lif,
            {"V": init_var("Normal", {"mean": -58.0, "sd": 5.0}), "RefracTime": 0.0}))
    for p, n in enumerate(NAMES):
        model.add_current_source(f"{n}_poisson", "PoissonExp", pops[p],
                                 {"weight": MEAN_W / math.sqrt(scale), "tauSyn": TAU_SYN,
                                  "rate": K_EXT[p] * scale * BACKGROUND_RATE}, {"current": 0.0})
    for t in range(8):
        for s in range(8):
            if not exists(t, s):
                continue
            exc = excitatory(s)
            w = weight(t, s) / math.sqrt(scale)
            sd = (0.05 if (s == 2 and t == 0) else 0.1) * abs(w)
            d_mean = 1.5 if exc else 0.75
            d_sd = 0.5 * d_mean
            num = float(_round(in_degree(t, s) * scale * size(t, scale)))
            g = init_var("NormalClipped", {"mean": w, "sd": sd, "min": 0.0 if exc else -FLT_MAX,
                                           "max": FLT_MAX if exc else 0.0})
            d = init_var("NormalClippedDelay", {"mean": d_mean, "sd": d_sd, "min": 0.0,
                                                "max": d_mean + d_sd * DELAY_Z})
            sg = model.add_synapse_population(
                f"{NAMES[s]}_{NAMES[t]}", "SPARSE", pops[s], pops[t],
                init_weight_update("StaticPulseDendriticDelay", {}, {"g": g, "d": d}),
                init_postsynaptic("ExpCurr", {"tau": TAU_SYN}),
                init_sparse_connectivity("FixedNumberTotalWithReplacement", {"num": num}))
            sg.max_dendritic_delay_timesteps = MAX_DENDRITIC_DELAY
    for p in pops:
        p.spike_recording_enabled = True
    return model


def run(model, ms):
    steps = int(round(ms / model.dt))
    model.build()
    model.load(num_recording_timesteps=steps)
    while model.timestep < steps:
        model.step_time()
    model.pull_recording_buffers_from_device()
    return {name: pop.spike_recording_data[0] for name, pop in model.neuron_populations.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--time", type=float, default=1000.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    model = build_model(a.scale, a.seed)
    start = time.perf_counter()
    model.build()
    print(f"build() {time.perf_counter() - start:.2f} s ({'compiled' if model.compiled_now else 'cached'})")
    spikes = run(model, a.time)
    for p, name in enumerate(NAMES):
        n = model.neuron_populations[name].num_neurons
        print(f"{name:4s} {len(spikes[name][1]) / n / (a.time / 1000.0):8.3f} Hz (reference {REFERENCE_RATE[p]} Hz)")


if __name__ == "__main__":
    main()
