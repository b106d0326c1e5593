"""The Vogels-Abbott (CUBA) benchmark network as in PyGeNN's tutorial: N LIF neurons
(4:1 excitatory to inhibitory), sparse random connectivity with in-degree 400, exponential
current synapses, 1 ms steps. The same network as examples/vogels_abbott.cpp, part for
part: with the same seed both give the same spikes.

    python examples/python/vogels_abbott.py [--neurons 4000] [--time 1000] [--seed 1]
"""
import argparse
import time

from cortexpr.genn import (GeNNModel, init_postsynaptic, init_sparse_connectivity, init_var,
                           init_weight_update)


def build_model(n=4000, seed=1, name="vogels_abbott"):
    n_exc = n * 4 // 5
    n_inh = n - n_exc
    prob = min(1.0, 0.1 * 4000.0 / n)  # in-degree 400 whatever n
    scale = (4000.0 / n) * (0.02 / prob)
    model = GeNNModel("float", name)
    model.dt = 1.0
    model.seed = seed
    lif = {"C": 1.0, "TauM": 20.0, "Vrest": -49.0, "Vreset": -60.0, "Vthresh": -50.0, "Ioffset": 0.0,
           "TauRefrac": 5.0}
    lif_init = {"V": init_var("Uniform", {"min": -60.0, "max": -50.0}), "RefracTime": 0.0}
    e = model.add_neuron_population("E", n_exc, "LIF", lif, lif_init)
    i = model.add_neuron_population("I", n_inh, "LIF", lif, lif_init)

    def connect(name, src, trg, g, tau, no_autapse):
        snippet = "FixedProbabilityNoAutapse" if no_autapse else "FixedProbability"
        model.add_synapse_population(name, "SPARSE", src, trg,
                                     init_weight_update("StaticPulseConstantWeight", {"g": g}),
                                     init_postsynaptic("ExpCurr", {"tau": tau}),
                                     init_sparse_connectivity(snippet, {"prob": prob}))

    connect("EE", e, e, 4.0e-3 * scale, 5.0, True)
    connect("EI", e, i, 4.0e-3 * scale, 5.0, False)
    connect("II", i, i, -51.0e-3 * scale, 10.0, True)
    connect("IE", i, e, -51.0e-3 * scale, 10.0, False)
    e.spike_recording_enabled = True
    i.spike_recording_enabled = True
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
    ap.add_argument("--neurons", type=int, default=4000)
    ap.add_argument("--time", type=float, default=1000.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    model = build_model(a.neurons, a.seed)
    model.timing_enabled = True  # PyGeNN's timers, as in its Vogels-Abbott tutorial
    start = time.perf_counter()
    spikes = run(model, a.time)
    for name, (times, ids) in spikes.items():
        n = model.neuron_populations[name].num_neurons
        print(f"{name} {len(ids) / n / (a.time / 1000.0):8.3f} Hz")
    print(f"build, load and run: {time.perf_counter() - start:.2f} s")
    print(f"init {model.init_time:.3f} s, sparse init {model.init_sparse_time:.3f} s, neuron update "
          f"{model.neuron_update_time:.3f} s, presynaptic update {model.presynaptic_update_time:.3f} s")


if __name__ == "__main__":
    main()
