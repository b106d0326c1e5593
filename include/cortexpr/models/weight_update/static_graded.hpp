// StaticGraded: graded transmission from the presynaptic membrane potential.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::weight_update {

/// Decision (docs/decisions.md): GeNN 5.4.0 declares the presynaptic reference as `V` but its
/// event code reads `V_pre`, so the shipped model does not compile; GeNN 4.9 used the
/// implicit `$(V_pre)` in both places. We name the reference `V_pre` and use it in both
/// the event condition and the event code, so the model reads as GeNN 4.9's and the
/// formula is GeNN 5's. Bind it with the presynaptic population's `V`.
///
/// The condition is evaluated on the presynaptic neuron after its update in step n; the
/// event is propagated in step n+1+D and reads V_pre then. The dt factor makes the
/// amount per step proportional to the step size.
struct StaticGraded {
    static constexpr std::string_view name = "StaticGraded";
    static constexpr auto params = cortexpr::params(
        "Epre",     // [mV] transmission threshold
        "Vslope");  // [mV] slope of the tanh
    static constexpr auto vars = cortexpr::vars(cortexpr::var("g", "scalar", access::read_only));  // weight
    static constexpr auto pre_neuron_var_refs = cortexpr::var_refs(cortexpr::var_ref("V_pre"));   // [mV]
    static constexpr cortexpr::code pre_event_threshold_condition_code = "V_pre > Epre";
    static constexpr cortexpr::code pre_event_syn_code =
        "addToPost(fmax(0.0, g * tanh((V_pre - Epre) / Vslope) * dt));\n";
};

}  // namespace cortexpr::weight_update
