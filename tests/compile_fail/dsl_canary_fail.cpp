// tests/compile_fail/dsl_canary_fail.cpp     variants: 0:1
//
// Canary for the code-string diagnostics end to end: DESIGN.md's AdaptiveLIF with the
// typo `Vrst` must fail with one line naming model, field, line:column and name, on g++
// and nvcc; its corrected twin must compile, emission included (it runs on code_env).
// If this canary stops failing, every other dsl_*_fail test is suspect.
#include <in_network.hpp>

#include <code_env.hpp>

namespace cx = cortexpr;

struct AdaptiveLIF {
    static constexpr std::string_view name = "AdaptiveLIF";
    static constexpr auto params = cx::params("C", "TauM", "Vrest", "Vreset", "Vthresh", "TauA", "b");
    static constexpr auto derived = cx::derived_params(cx::derive("ExpTC", "exp(-dt / TauM)"));
    static constexpr auto vars = cx::vars("V", "A");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{AdaptiveLIF.sim_code:2:13: unknown name 'Vrst'}}
    static constexpr cx::code sim_code = R"(
        V = Vrst + (V - Vrest) * ExpTC + (Isyn - A) * TauM / C * (1.0 - ExpTC);
        A -= A / TauA * dt;)";
#else
    static constexpr cx::code sim_code = R"(
        V = Vrest + (V - Vrest) * ExpTC + (Isyn - A) * TauM / C * (1.0 - ExpTC);
        A -= A / TauA * dt;)";
#endif
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
    static constexpr cx::code reset_code = "V = Vreset; A += b;";
};

using Unit = cx::model_unit<AdaptiveLIF, cx::family::neuron, cx::field::sim_code,
                            cx::field::threshold_condition_code, cx::field::reset_code>;
// the model in a network, as a user gives it: the error is at that call
[[maybe_unused]] void use() { in_network::neuron<AdaptiveLIF>(); }

#if CORTEXPR_VARIANT == 1
static_assert(cx::dsl::program<Unit>::ok);
bool step() {
    cx::testing::code_env<Unit> e;
    e.set("V", -50.0);
    e.run<0>();
    if (!e.test<1>()) return false;
    e.run<2>();
    return true;
}
#endif
