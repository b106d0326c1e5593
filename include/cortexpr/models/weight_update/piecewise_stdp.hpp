// PiecewiseSTDP: GeNN 4's piecewise-linear STDP on a raw weight squashed by tanh
// (removed in GeNN 5, kept here for the GeNN 4 examples).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::weight_update {

/// On a presynaptic spike Δ = st_post − t − tauShift, on a postsynaptic spike
/// Δ = t − (st_pre + tauShift); then Δg is −off0 for Δ > lim0, slope0·Δ + off1 for
/// 0 < Δ <= lim0, slope1·Δ + off1 for lim1 < Δ <= 0 and −off2 otherwise;
/// gRaw += Δg and g = gMax/2·(tanh(gSlope·(gRaw − gMid)) + 1). Presynaptic spikes
/// deliver the old g. GeNN 4's `$(sT_post)`/`$(sT_pre)`/`$(addToInSyn, x)` are our
/// st_post/st_pre/addToPost(x); the local `dt` (shadowing the step) is GeNN 4's name.
struct PiecewiseSTDP {
    static constexpr std::string_view name = "PiecewiseSTDP";
    static constexpr auto params = cortexpr::params(
        "tLrn",       // [ms] learning window half-width
        "tChng",      // [ms]
        "tDecay",     // [ms] (unused, kept for GeNN 4 parameter lists)
        "tPunish10",  // [ms]
        "tPunish01",  // [ms]
        "gMax",       // maximal weight
        "gMid",       // raw weight at half gMax
        "gSlope",     // slope of the tanh
        "tauShift",   // [ms] shift of the learning window
        "gSyn0");     // (unused, kept for GeNN 4 parameter lists)
    // the derived parameters divide by these time constants
    static constexpr auto param_domains = cortexpr::domains(cortexpr::positive("tLrn"), cortexpr::positive("tChng"),
                                                            cortexpr::positive("tPunish10"), cortexpr::positive("tPunish01"));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("lim0", "(1.0 / tPunish01 + 1.0 / tChng) * tLrn / (2.0 / tChng)"),     // [ms]
        cortexpr::derive("lim1", "-((1.0 / tPunish10 + 1.0 / tChng) * tLrn / (2.0 / tChng))"),  // [ms]
        cortexpr::derive("slope0", "-2.0 * gMax / (tChng * tLrn)"),  // [1/ms]
        cortexpr::derive("slope1", "2.0 * gMax / (tChng * tLrn)"),   // [1/ms]
        cortexpr::derive("off0", "gMax / tPunish01"),
        cortexpr::derive("off1", "gMax / tChng"),
        cortexpr::derive("off2", "gMax / tPunish10"));
    static constexpr auto vars = cortexpr::vars(
        "g",      // weight
        "gRaw");  // raw (unsquashed) weight
    static constexpr cortexpr::code pre_spike_syn_code =
        "addToPost(g);\n"
        "scalar dt = st_post - t - (tauShift);\n"
        "scalar dg = 0;\n"
        "if (dt > lim0)\n"
        "    dg = -(off0);\n"
        "else if (dt > 0)\n"
        "    dg = slope0 * dt + (off1);\n"
        "else if (dt > lim1)\n"
        "    dg = slope1 * dt + (off1);\n"
        "else\n"
        "    dg = -(off2);\n"
        "gRaw += dg;\n"
        "g = gMax / 2 * (tanh(gSlope * (gRaw - (gMid))) + 1);\n";
    static constexpr cortexpr::code post_spike_syn_code =
        "scalar dt = t - (st_pre + (tauShift));\n"
        "scalar dg = 0;\n"
        "if (dt > lim0)\n"
        "    dg = -(off0);\n"
        "else if (dt > 0)\n"
        "    dg = slope0 * dt + (off1);\n"
        "else if (dt > lim1)\n"
        "    dg = slope1 * dt + (off1);\n"
        "else\n"
        "    dg = -(off2);\n"
        "gRaw += dg;\n"
        "g = gMax / 2 * (tanh(gSlope * (gRaw - (gMid))) + 1);\n";
};

}  // namespace cortexpr::weight_update
