// Options of a simulation, chosen at run time.
#pragma once
#include <cstdint>
#include <optional>

namespace cortexpr {

struct options {
    double dt = 0.1;                                  // [ms] time step
    std::uint64_t seed = 0;                           // dynamics and variable initialisation; batch entry b uses seed + b
    std::optional<std::uint64_t> connectivity_seed{}; // connectivity and shared variables (default: seed)
    std::uint32_t batch = 1;                          // independent copies sharing connectivity
    int threads = 0;                                  // CPU threads (0: OpenMP's default; 1: serial)
    bool timing = false;                              // per-phase timers (sim.timers())
};

/// Cumulative seconds spent per phase (when options::timing is set).
struct phase_times {
    double neuron_update = 0, presynaptic_update = 0, postsynaptic_update = 0, synapse_dynamics = 0,
           init = 0, init_sparse = 0;
};

}  // namespace cortexpr
