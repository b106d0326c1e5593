"""The description layer on its own (what a Brian2 device or a PyNN backend would use):
the Izhikevich regimes network described with cortexpr.network, with the same structure
as examples/python/izhikevich_regimes.py, so its library comes from the cache."""
import numpy as np

from cortexpr.network import Network
from cortexpr.simulate import simulate


def test_network_layer_runs_the_regimes_without_genn_surface():
    import izhikevich_regimes as reg  # noqa: F401  (examples/python, on sys.path via test_examples)
    net = Network("izhikevich_regimes", precision="float")
    net.population("Neurons", "IzhikevichVariable", 4, {},
                   {"V": -65.0, "U": -20.0, "a": reg.A, "b": reg.B, "c": reg.C, "d": reg.D})
    net.current_source("CurrentSource", "DC", "Neurons", {"amp": 10.0})
    sim = simulate(net, dt=0.1, seed=0, quiet=True)
    sim.record_spikes("Neurons", 2000)
    sim.step(2000)
    times, ids = sim.spikes("Neurons")
    _, times2, ids2 = reg.simulate(200.0)
    assert np.array_equal(np.sort(times), np.sort(times2)) and np.array_equal(np.sort(ids), np.sort(ids2))
    assert abs(sim.t - 200.0) < 1e-9 and sim.timestep == 2000
    sim.close()
