// tests/compile_fail/param_domains_fail.cpp     variants: 0:1
//
// A model's param_domains may name only its own parameters: a misspelt name is one
// cortexpr::network_error naming the model and the name, raised where parameter values
// are checked (detail::check_params, which every simulation instantiates for every
// model it uses; instantiated directly here to keep this test cheap). Variant 1 is the
// passing twin.
#include <array>

#include <cortexpr/runtime/model_store.hpp>

namespace cx = cortexpr;

namespace param_domains_fail {
struct Leak {
    static constexpr std::string_view name = "Leak";
    static constexpr auto params = cx::params("tau", "rest");
#if CORTEXPR_VARIANT == 0
    // expected-error-0 {{model 'Leak': param_domains names 'Tau', which is not one of its params}}
    static constexpr auto param_domains = cx::domains(cx::positive("Tau"));
#else
    static constexpr auto param_domains = cx::domains(cx::positive("tau"));
#endif
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += (rest - V) / tau * dt;\n";
};
}  // namespace param_domains_fail

void check_leak() {
    const std::array<double, 2> p{10.0, -65.0};
    cx::detail::check_params<cx::detail::info_holder<param_domains_fail::Leak, cx::family::neuron>>(p, "Pop");
}
