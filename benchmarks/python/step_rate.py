"""Per-step cost of Python: steps/s of step_time() in a Python loop against the same
compiled network stepped by one C call (the C++ loop a C++ program runs), for a one-neuron
network and the 4000-neuron Vogels–Abbott network. CPU time (time.process_time), so a
busy machine skews the figures less than wall time would.

    python benchmarks/python/step_rate.py [--steps 20000] [--threads 1]
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))

import vogels_abbott as va  # noqa: E402
from cortexpr.genn import GeNNModel  # noqa: E402


def rates(model, steps):
    model.build()
    model.load(num_recording_timesteps=steps)  # recording costs both loops the same
    t = time.process_time()
    for _ in range(steps):
        model.step_time()
    py = steps / (time.process_time() - t)
    model.reinitialise()
    t = time.process_time()
    model._sim.step(steps)  # one call: the C++ loop
    cxx = steps / (time.process_time() - t)
    model.unload()
    return py, cxx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    tiny = GeNNModel("float", "step_rate_tiny", threads=a.threads)
    tiny.dt = 0.1
    tiny.add_neuron_population("N", 1, "LIF", {"C": 1.0, "TauM": 20.0, "Vrest": -70.0, "Vreset": -70.0,
                                              "Vthresh": -50.0, "Ioffset": 0.0, "TauRefrac": 2.0},
                               {"V": -70.0, "RefracTime": 0.0})
    big = va.build_model(4000, seed=1)
    big.threads = a.threads
    for name, model, steps in (("1 neuron", tiny, a.steps), ("Vogels-Abbott 4000", big, a.steps // 10)):
        py, cxx = rates(model, steps)
        print(f"{name:20s} Python step_time() {py:12.0f} steps/s   C++ loop {cxx:12.0f} steps/s   "
              f"Python adds {(1 / py - 1 / cxx) * 1e6:7.2f} us/step")


if __name__ == "__main__":
    main()
