"""GeNN's first PyGeNN tutorial: four Izhikevich neurons in four firing regimes (regular
spiking, fast spiking, chattering, intrinsically bursting), per-neuron a, b, c, d given
as arrays, a DC current of 10 nA, 200 ms at dt = 0.1 ms.

    python examples/python/izhikevich_regimes.py
"""
import numpy as np

from cortexpr.genn import GeNNModel

REGIMES = ("RS", "FS", "CH", "IB")
A = [0.02, 0.1, 0.02, 0.02]
B = [0.2, 0.2, 0.2, 0.2]
C = [-65.0, -65.0, -50.0, -55.0]
D = [8.0, 2.0, 2.0, 4.0]


def simulate(ms=200.0):
    model = GeNNModel("float", "izhikevich_regimes")
    model.dt = 0.1
    pop = model.add_neuron_population("Neurons", 4, "IzhikevichVariable", {},
                                      {"V": -65.0, "U": -20.0, "a": A, "b": B, "c": C, "d": np.array(D)})
    model.add_current_source("CurrentSource", "DC", pop, {"amp": 10.0})
    pop.spike_recording_enabled = True
    model.build()
    steps = int(round(ms / model.dt))
    model.load(num_recording_timesteps=steps)
    v = pop.vars["V"]
    trace = np.empty((steps, 4))
    while model.timestep < steps:
        model.step_time()
        v.pull_from_device()
        trace[model.timestep - 1] = v.view
    model.pull_recording_buffers_from_device()
    times, ids = pop.spike_recording_data[0]
    return trace, times, ids


def main():
    trace, times, ids = simulate()
    for i, name in enumerate(REGIMES):
        print(f"{name} {np.count_nonzero(ids == i):4d} spikes {np.count_nonzero(ids == i) / 0.2:7.1f} Hz")


if __name__ == "__main__":
    main()
