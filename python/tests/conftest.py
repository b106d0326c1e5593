"""Shared fixtures. Compiles are the tests' cost, so most tests share one network
structure (`lif_model`): one compile, then load()/unload() with other values."""
import sys
from pathlib import Path

import pytest

# the examples (examples/python/*.py) are importable by every test module
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python"))

LIF = {"C": 1.0, "TauM": 20.0, "Vrest": -70.0, "Vreset": -70.0, "Vthresh": -50.0, "Ioffset": 0.0,
       "TauRefrac": 2.0}


SPIKE_TIMES = [15.0, 30.0, 12.5, 17.0, 40.0]  # neuron 0: 15, 30; 1: 12.5; 2: 17, 40 [ms]


def dense_g(n_ramp):
    """Src (3) x Ramp (n_ramp) weights, row-major."""
    return [k * 1e-4 for k in range(3 * n_ramp)]


def make_lif_model(n_exc=10, n_ramp=5, amp=1.5, rate=0.05, prob=0.5, v0=-70.0, name="pytest_shared"):
    """Exc: LIF with DC drive (analytic ISI); Ramp: a custom model with a derived param
    given as a lambda and ExpCurr input from Exc through SPARSE synapses."""
    from cortexpr.genn import (GeNNModel, create_neuron_model, init_postsynaptic, init_sparse_connectivity,
                               init_var, init_weight_update)
    ramp = create_neuron_model(
        "Ramp", params=["rate", "Vth"], derived_params=[("Step", lambda p, dt: p["rate"] * dt)],
        vars=[("V", "scalar"), ("Count", "unsigned int")],
        sim_code="V += Step + Isyn * dt;", threshold_condition_code="V >= Vth", reset_code="V = 0.0; Count++;")
    m = GeNNModel("float", name, quiet=True)
    m.dt = 0.1
    m.seed = 7
    m.timing_enabled = True
    exc = m.add_neuron_population("Exc", n_exc, "LIF", LIF, {"V": v0, "RefracTime": 0.0})
    m.add_current_source("Drive", "DC", exc, {"amp": amp})
    r = m.add_neuron_population("Ramp", n_ramp, ramp, {"rate": rate, "Vth": 1.0}, {"V": 0.0, "Count": 0})
    m.add_synapse_population("ExcRamp", "SPARSE", exc, r,
                             init_weight_update("StaticPulse", {}, {"g": init_var("Uniform", {"min": 0.0, "max": 0.001})}),
                             init_postsynaptic("ExpCurr", {"tau": 5.0}),
                             init_sparse_connectivity("FixedProbability", {"prob": prob}))
    # a spike source array (EGP spikeTimes, per-neuron start/end) into Ramp through DENSE
    # weights given as an array; its first spike (12.5 ms) comes after what the ramp test reads
    src = m.add_neuron_population("Src", 3, "SpikeSourceArray", {},
                                  {"startSpike": [0, 2, 3], "endSpike": [2, 3, 5]})
    src.extra_global_params["spikeTimes"].set_init_values(SPIKE_TIMES)
    m.add_synapse_population("SrcRamp", "DENSE", src, r,
                             init_weight_update("StaticPulse", {}, {"g": dense_g(n_ramp)}),
                             init_postsynaptic("DeltaCurr"))
    exc.spike_recording_enabled = True
    r.spike_recording_enabled = True
    src.spike_recording_enabled = True
    return m


def spike_hash(times, ids, dt):
    """The C++ examples' cxnet::hash_spikes summed over a run: the sum (mod 2^64) of
    splitmix64(step << 32 | id) over every spike; order-independent."""
    import numpy as np
    x = (np.rint(np.asarray(times) / dt).astype(np.uint64) << np.uint64(32)) | np.asarray(ids, dtype=np.uint64)
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
        return int(x.sum(dtype=np.uint64))


@pytest.fixture
def lif_model():
    m = make_lif_model()
    m.build()
    yield m
    m.unload()
