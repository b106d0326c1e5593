// tests/compile_fail/custom_update_fail.cpp     variants: 0:13
// every-path: 2 5
//
// Custom updates' rules (docs/code-string-language.md, "Custom updates"): each invalid
// model is one cortexpr::code_error, each invalid reference one cortexpr::network_error
// naming the custom update and the reference. Variant 13 is the passing twin.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace cu_fail {
struct Hold {
    static constexpr std::string_view name = "Hold";
    static constexpr auto vars = cx::vars("V", cx::var("G", "scalar", cx::access::read_only));
    static constexpr cx::code sim_code = "V += Isyn * dt;";
    static constexpr cx::code threshold_condition_code = "V > 1.0";
};
#if CORTEXPR_VARIANT == 3
// expected-error-3 {{neuron model 'Hold': 'V' has a reduction access mode, which only custom updates have}}
struct HoldReducing {
    static constexpr std::string_view name = "Hold";
    static constexpr auto vars = cx::vars(cx::var("V", "scalar", cx::access::reduce_batch_sum));
    static constexpr cx::code sim_code = "V = Isyn;";
};
#endif

struct Scale {
    static constexpr std::string_view name = "Scale";
    static constexpr auto params = cx::params("k");
    static constexpr auto vars = cx::vars(cx::var("total", "scalar", cx::access::reduce_neuron_sum));
#if CORTEXPR_VARIANT == 4
// expected-error-4 {{custom update model 'Scale': 'x' is a variable reference: its reduction modes are access::reduce_sum and access::reduce_max}}
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::reduce_batch_sum));
#else
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::read_write),
                                                  cx::var_ref("y", "scalar", cx::access::read_only));
#endif
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{Scale.update_code:2:3: assignment to read-only variable 'y'}}
    static constexpr cx::code update_code = "x *= k;\n  y = x;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{Scale.update_code:1:5: unknown name 'kk'}}
    static constexpr cx::code update_code = "x = kk * y;";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{Scale.update_code:1:9: read of reduction target 'total'}}
    static constexpr cx::code update_code = "x *= k; total += x;";
#elif CORTEXPR_VARIANT == 12
// expected-error-12 {{Scale.update_code:1:18: read of reduction target 'total'}}
    static constexpr cx::code update_code = "total = x; x = k*total;";
#elif CORTEXPR_VARIANT == 11
// expected-error-11 {{Scale.update_code:1:1: assignment to read-only built-in 'id'}}
    static constexpr cx::code update_code = "id = 2; x = k;";
#else
    static constexpr cx::code update_code = "x *= k; total = x + y + id + batch + num_batch + dt + t;";
#endif
};
struct WeightScale {
    static constexpr std::string_view name = "WeightScale";
    static constexpr auto vars = cx::vars(cx::var("norm", "scalar", cx::access::reduce_neuron_sum));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "norm = g * g; g *= 0.5;";
};
struct Total {
    static constexpr std::string_view name = "Total";
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::read_only),
                                                  cx::var_ref("sum", "scalar", cx::access::reduce_sum));
    static constexpr cx::code update_code = "sum = x;";
};
}  // namespace cu_fail

[[maybe_unused]] void use() {
    using namespace cu_fail;
    auto syn = [] {
        return cx::synapses<"AB", "A", "B">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1),
                                            cx::psm<cx::postsynaptic::DeltaCurr>());
    };
    auto a = cx::population<"A", Hold>(4, "V"_v = 0.0, "G"_v = 0.0);
    auto b = cx::population<"B", Hold>(4, "V"_v = 0.0, "G"_v = 0.0);
#if CORTEXPR_VARIANT == 3
    auto c = cx::population<"C", HoldReducing>(4, "V"_v = 0.0);
    (void)c;
#endif
#if CORTEXPR_VARIANT == 5
// expected-error-5 {{custom update 'S': variable reference 'y' (Q.V): no part or custom update is named 'Q'}}
    auto net = cx::network(a, b, syn(), cx::update<"S", "Scale", Scale>("k"_p = 2.0, "total"_v = 0.0, "x"_r = cx::ref<"A", "V">, "y"_r = cx::ref<"Q", "V">));
#elif CORTEXPR_VARIANT == 6
// expected-error-6 {{custom update 'S': variable reference 'x' (A.U): 'A' has no variable 'U'}}
    auto net = cx::network(a, b, syn(), cx::update<"S", "Scale", Scale>("k"_p = 2.0, "total"_v = 0.0, "x"_r = cx::ref<"A", "U">, "y"_r = cx::ref<"A", "V">));
#elif CORTEXPR_VARIANT == 7
// expected-error-7 {{custom update 'S' (Scale): missing target for variable reference 'y'}}
    auto net = cx::network(a, b, syn(), cx::update<"S", "Scale", Scale>("k"_p = 2.0, "total"_v = 0.0, "x"_r = cx::ref<"A", "V">));
#elif CORTEXPR_VARIANT == 8
// expected-error-8 {{custom update 'S': variable reference 'y' (AB.g): 'y' mixes per-neuron and per-synapse references}}
    auto net = cx::network(a, b, syn(), cx::update<"S", "Scale", Scale>("k"_p = 2.0, "total"_v = 0.0, "x"_r = cx::ref<"A", "V">, "y"_r = cx::ref<"AB", "g">));
#elif CORTEXPR_VARIANT == 9
// expected-error-9 {{custom update 'T': variable reference 'sum' (B.V): a reduction target needs a variable without a batch axis}}
    auto net = cx::network(a, b, syn(), cx::update<"T", "Sum", Total>("x"_r = cx::ref<"A", "V">, "sum"_r = cx::ref<"B", "V">));
#elif CORTEXPR_VARIANT == 10
// expected-error-10 {{custom update 'W': variable 'norm' reduces over neurons, but the update is per synapse of 'AB'}}
    auto net = cx::network(a, b, syn(), cx::update<"W", "Norm", WeightScale>("norm"_v = 0.0, "g"_r = cx::ref<"AB", "g">));
#else
    auto net = cx::network(a, b, syn(), cx::update<"S", "Scale", Scale>("k"_p = 2.0, "total"_v = 0.0, "x"_r = cx::ref<"A", "V">, "y"_r = cx::ref<"B", "V">),
                           cx::update<"T", "Sum", Total>("x"_r = cx::ref<"A", "V">, "sum"_r = cx::ref<"B", "G">));
#endif
    auto sim = cx::simulate<in_network::backend>(net);
    sim.custom_update("Scale");
}
