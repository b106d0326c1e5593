// tests/compile_fail/custom_connectivity_fail.cpp     variants: 0:6
// every-path: 6
//
// Custom connectivity updates' rules (docs/code-string-language.md, "Custom connectivity
// updates"): remove_synapse and the per-synapse names only inside for_each_synapse,
// add_synapse with one value per variable and variable reference, each one
// cortexpr::code_error; a target that is not a SPARSE synapse group and a reference to
// another group, each one cortexpr::network_error. Variant 6 is the passing twin.
#if defined(CORTEXPR_FAIL_CUDA)
#include <cortexpr/cuda.cuh>
#else
#include <cortexpr/cortexpr.hpp>
#endif

namespace cx = cortexpr;
using namespace cx::literals;

namespace ccu_fail {
struct Plain {
    static constexpr std::string_view name = "Plain";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += Isyn * dt;";
    static constexpr cx::code threshold_condition_code = "V > 1.0";
    static constexpr cx::code reset_code = "V = 0.0;";
};
struct Prune {
    static constexpr std::string_view name = "Prune";
    static constexpr auto vars = cx::vars("age");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{Prune.row_update_code:1:24: only available inside for_each_synapse: 'remove_synapse'}}
    static constexpr cx::code row_update_code = "if (row_length > 0) {} remove_synapse();";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{Prune.row_update_code:1:1: wrong number of arguments (3 expected) to 'add_synapse'}}
    static constexpr cx::code row_update_code = "add_synapse(id_pre, 0.5);";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{Prune.row_update_code:1:5: only available inside for_each_synapse: 'id_post'}}
    static constexpr cx::code row_update_code = "if (id_post > 2) add_synapse(0, 0.0, 1.0);";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{Prune.row_update_code:1:1: only available inside for_each_synapse: 'g'}}
    static constexpr cx::code row_update_code = "g = 0.0;";
#else
    static constexpr cx::code row_update_code =
        "for_each_synapse { if (g < 0.1 && age >= 0.0 && id_syn >= 0) remove_synapse(); }\n"
        "if (row_length < row_stride) add_synapse(id_pre % num_post, 0.0, 1.0);";
#endif
};
}  // namespace ccu_fail

int main() {
    using namespace ccu_fail;
    auto a = cx::population<"A", Plain>(4, "V"_v = 0.0);
    auto b = cx::population<"B", Plain>(4, "V"_v = 0.0);
    auto s = cx::synapses<"S", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.5)),
                                         cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>());
    auto d = cx::synapses<"D", "A", "B">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.0), cx::psm<cx::postsynaptic::DeltaCurr>());
#if CORTEXPR_VARIANT == 4
    auto u = cx::connectivity_update<"P", "Prune", "D", Prune>("age"_v = 0.0, "g"_r = cx::ref<"D", "g">);
// expected-error-4 {{custom connectivity update 'P': synapse group 'D' must have SPARSE connectivity with individual weights (cx::sparse(...)) to be updated}}
    auto net = cx::network(a, b, s, d, u);
#elif CORTEXPR_VARIANT == 5
    auto u = cx::connectivity_update<"P", "Prune", "S", Prune>("age"_v = 0.0, "g"_r = cx::ref<"D", "g">);
// expected-error-5 {{custom connectivity update 'P': variable reference 'g' (D.g): must name a weight-update variable of the target synapse group 'S'}}
    auto net = cx::network(a, b, s, d, u);
#else
    auto u = cx::connectivity_update<"P", "Prune", "S", Prune>("age"_v = 0.0, "g"_r = cx::ref<"S", "g">);
    auto net = cx::network(a, b, s, d, u);
#endif
#if defined(CORTEXPR_FAIL_CUDA)
    auto sim = cx::simulate<cx::cuda>(net);
#else
    auto sim = cx::simulate<cx::cpu>(net);
#endif
    sim.custom_update("Prune");
    return 0;
}
