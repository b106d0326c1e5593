// A plastic network for compile-time measurements: Poisson input and two LIF populations,
// sparse STDP (trace-free nearest-neighbour pair rule) onto the excitatory population,
// static exponential-current synapses elsewhere. Built by make_stdp_network(n).
#pragma once
#include <cortexpr/cortexpr.hpp>

namespace stdp_net {
namespace cx = cortexpr;
using namespace cx::literals;

#define STDP_NET_LIF "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0, "Vthresh"_p = -50.0, \
                     "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0, "V"_v = -65.0, "RefracTime"_v = 0.0

inline auto make_stdp_network(std::uint32_t n) {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(n, "rate"_p = 10.0, "timeStepToSpike"_v = 0.0),
        cx::population<"E", cx::neuron::LIF>(n, STDP_NET_LIF),
        cx::population<"I", cx::neuron::LIF>(n / 4, STDP_NET_LIF),
        cx::synapses<"InE", "In", "E">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.01,
                                            "Aminus"_p = 0.012, "Wmin"_p = 0.0, "Wmax"_p = 1.0,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 0.5)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::synapses<"EI", "E", "I">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.2), cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::synapses<"IE", "I", "E">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = -0.5), cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 10.0)));
}
#undef STDP_NET_LIF
}  // namespace stdp_net
