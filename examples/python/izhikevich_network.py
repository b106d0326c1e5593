"""The pulse-coupled Izhikevich network of GeNN's tutorial (8000 excitatory + 2000
inhibitory neurons, sparse p = 0.1, DC drive), written with PyGeNN 5's API on cortexpr.
The same network as examples/izhikevich_network.cpp, part for part: with the same seed
both give the same spikes.

    python examples/python/izhikevich_network.py [--time 1000] [--seed 1]
"""
import argparse

import numpy as np

from cortexpr.genn import (GeNNModel, init_postsynaptic, init_sparse_connectivity, init_var,
                           init_weight_update)


def build_model(seed=1, n_exc=8000, n_inh=2000, name="izhikevich_network"):
    model = GeNNModel("float", name)
    model.dt = 1.0
    model.seed = seed
    izk = {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0}
    izk_init = {"V": -65.0, "U": init_var("Uniform", {"min": 0.0, "max": 20.0})}
    exc = model.add_neuron_population("Exc", n_exc, "Izhikevich", izk, izk_init)
    inh = model.add_neuron_population("Inh", n_inh, "Izhikevich", izk, izk_init)
    model.add_current_source("ExcStim", "DC", exc, {"amp": 4.0})
    model.add_current_source("InhStim", "DC", inh, {"amp": 4.0})

    def connect(name, src, trg, g, no_autapse):
        snippet = "FixedProbabilityNoAutapse" if no_autapse else "FixedProbability"
        model.add_synapse_population(name, "SPARSE", src, trg,
                                     init_weight_update("StaticPulseConstantWeight", {"g": g}),
                                     init_postsynaptic("DeltaCurr"),
                                     init_sparse_connectivity(snippet, {"prob": 0.1}))

    connect("Exc_Exc", exc, exc, 0.05, True)
    connect("Exc_Inh", exc, inh, 0.05, False)
    connect("Inh_Inh", inh, inh, -0.25, True)
    connect("Inh_Exc", inh, exc, -0.25, False)
    exc.spike_recording_enabled = True
    inh.spike_recording_enabled = True
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
    ap.add_argument("--time", type=float, default=1000.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    model = build_model(a.seed)
    spikes = run(model, a.time)
    for name, (times, ids) in spikes.items():
        n = model.neuron_populations[name].num_neurons
        print(f"{name:4s} {len(ids) / n / (a.time / 1000.0):8.3f} Hz")
    print(f"spike counts: Exc {len(spikes['Exc'][1])} Inh {len(spikes['Inh'][1])}")
    times = np.concatenate([spikes["Exc"][0], spikes["Inh"][0]])
    hist, _ = np.histogram(times, bins=np.arange(0.0, a.time + 10.0, 10.0))
    for k, c in enumerate(hist):
        hz = c / 10000 / 0.010
        print(f"{k * 10:6.0f} ms {hz:6.1f} {'#' * int(hz / 2)}")


if __name__ == "__main__":
    main()
