// tests/compile_fail/param_domains_fail.cpp     variants: 0:1
//
// A model's param_domains may name only its own parameters: a misspelt name is one
// compile error naming the model and the name, raised where the model meets the network
// (models/check.hpp; detail::check_params keeps the same check as a backstop). Variant 1
// is the passing twin.
#include <in_network.hpp>

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

[[maybe_unused]] void use() { in_network::neuron<param_domains_fail::Leak>(); }
