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
    // Synapse groups into one population whose postsynaptic models are the same type with
    // equal parameters, no variables and the same max_dendritic_delay share one inSyn
    // (and dendritic ring): one PSM update per neuron instead of one per group. Linear
    // models (all built-ins) give the same input up to rounding (GeNN's
    // fuse_postsynaptic_models).
    bool fuse_postsynaptic = false;
    // CPU: a loop over fewer elements than this per thread runs on fewer threads (the
    // split never changes results; tests lower it to split small networks).
    std::uint32_t min_per_thread = 4096;
    // After every step, scan all floating-point state variables and throw a
    // cortexpr::error naming the group, variable, element, batch entry and step of the
    // first NaN or infinity (runtime/finite_guard.hpp). Off: no cost.
    bool check_finite = false;
    // CPU backend: every extra-global-parameter element that model code reads is checked
    // against the EGP's size; the first index outside is reported after its step as a
    // cortexpr::error naming the group, EGP, model, index and size
    // (step/egp_bounds.hpp). Needs the compile definition
    // CORTEXPR_CHECK_EGP_BOUNDS=1 (refused without it); programs built without it pay
    // nothing per EGP read, and with it one relaxed atomic load while this is off.
    bool check_egp_bounds = false;
    // CUDA backend: initialise variables and build connectivity on the host (the CPU
    // engine's code) and upload them, instead of on the device (docs/cuda.md). Both give
    // the same values; tests compare them. The CPU backend ignores it.
    bool host_init = false;
};

/// Cumulative seconds spent per phase (when options::timing is set).
struct phase_times {
    double neuron_update = 0, presynaptic_update = 0, postsynaptic_update = 0, synapse_dynamics = 0,
           init = 0, init_sparse = 0;
};

}  // namespace cortexpr
