// tests/compile_fail/dsl_unknown_name_fail.cpp     variants: 0:5
// every-path: 0
//
// A name the code field's context does not know: a typo, a name of another context
// (id_pre in neuron code), a name in a condition field or a derived parameter's
// expression. The message names the model, the field, line:column and the name.
#include <in_network.hpp>

namespace cx = cortexpr;

struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto params = cx::params("C", "TauM", "Vrest", "Vreset", "Vthresh", "Ioffset");
#if CORTEXPR_VARIANT == 4
// expected-error-4 {{LIF.ExpTC:1:11: unknown name 'TauMM'}}
    static constexpr auto derived = cx::derived_params(cx::derive("ExpTC", "exp(-dt / TauMM)"));
#else
    static constexpr auto derived = cx::derived_params(cx::derive("ExpTC", "exp(-dt / TauM)"));
#endif
    static constexpr auto vars = cx::vars("V", "RefracTime");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:5: unknown name 'Vrst'}}
    static constexpr cx::code sim_code = "V = Vrst;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{LIF.sim_code:3:22: unknown name 'Ioffs'}}
    static constexpr cx::code sim_code = R"(V += dt;
        RefracTime -= dt;
        V = Vreset + Ioffs;)";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{LIF.sim_code:1:5: unknown name 'id_pre'}}
    static constexpr cx::code sim_code = "V = id_pre;";
#else
    static constexpr cx::code sim_code = "V = ExpTC * V + (Isyn + Ioffset) / C; RefracTime -= dt;";
#endif
#if CORTEXPR_VARIANT == 3
// expected-error-3 {{LIF.threshold_condition_code:1:6: unknown name 'Vthres'}}
    static constexpr cx::code threshold_condition_code = "V >= Vthres";
#else
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
#endif
    static constexpr cx::code reset_code = "V = Vreset;";
};

[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }


