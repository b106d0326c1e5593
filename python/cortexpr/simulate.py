"""Building and running a `Network` without the PyGeNN surface (for other front ends):

    net = Network("demo", precision="float")
    net.population("Neurons", "IzhikevichVariable", 4, {}, {"V": -65.0, "U": -20.0, "a": [...], ...})
    net.current_source("Stim", "DC", "Neurons", {"amp": 10.0})
    sim = simulate(net, dt=0.1, seed=1)      # compiles once per structure, then cached
    sim.record_spikes("Neurons", 2000); sim.step(2000); times, ids = sim.spikes("Neurons")
"""
from __future__ import annotations

from pathlib import Path

from .build import compile_library
from .codegen import generate
from .network import Network, NetworkError
from .runtime import Simulation, require_cuda_device


def build(net: Network, dt: float, quiet: bool = False) -> Path:
    """The compiled library of `net`'s structure (compiled now or found in the cache)."""
    source, _, _ = generate(net, float(dt))
    lib, _ = compile_library(source, net.name, net.backend, quiet)
    return lib


def simulate(net: Network, dt: float = 0.1, seed: int = 0, threads: int = 0, timing: bool = False,
             fuse_postsynaptic: bool = False, quiet: bool = False, batch: int = 1) -> Simulation:
    """A simulation of `net` with its current sizes and values; arrays given as initial
    values are written after construction."""
    source, tables, values = generate(net, float(dt))
    lib, _ = compile_library(source, net.name, net.backend, quiet)
    if net.backend == "cuda":
        require_cuda_device(str(lib), f"network '{net.name}'")
    sim = Simulation(str(lib), tables, values, float(dt), int(seed), threads, timing, fuse_postsynaptic, batch)
    try:
        for part, var, arr in values.arrays:
            sim.write_initial(part, var, arr, NetworkError)
    except Exception:
        sim.close()
        raise
    return sim
