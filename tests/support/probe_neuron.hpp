// A neuron for observing synaptic input: it fires when told to (fire > 0.5, set from the
// host) or when its input of this step exceeds thr, and records that input: `in` is
// Isyn as the neuron code of the step sees it, so `in` read after step n is the input
// delivered in step n.
#pragma once
#include <cortexpr/cortexpr.hpp>

namespace cortexpr::testing {

struct Probe {
    static constexpr std::string_view name = "Probe";
    static constexpr auto params = cortexpr::params("thr");
    static constexpr auto vars = cortexpr::vars("fire", "in");
    static constexpr cortexpr::code sim_code = "in = Isyn;\n";
    static constexpr cortexpr::code threshold_condition_code = "fire > 0.5 || in > thr";
    static constexpr cortexpr::code reset_code = "fire = 0.0;\n";
};

}  // namespace cortexpr::testing
