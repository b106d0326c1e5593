// Custom updates (docs/guide/custom-updates.md): a reset between trials, a batch-summed
// gradient step, a neuron-wise normalisation and a transpose, run by update-group name.
#include <cortexpr/cortexpr.hpp>

#include <cstdio>

namespace cx = cortexpr;
using namespace cx::literals;

//! begin models
// V = Vreset in every neuron and batch entry (ml_genn's reset between trials)
struct ResetV {
    static constexpr std::string_view name = "ResetV";
    static constexpr auto params = cx::params("Vreset");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("V", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "V = Vreset;";
};
// one gradient step on weights the batch entries share: the gradients of all entries are
// summed (a reduction target is assigned with '=', never read) and applied once
struct GradientStep {
    static constexpr std::string_view name = "GradientStep";
    static constexpr auto params = cx::params("lr");
    static constexpr auto vars = cx::vars(cx::var("sum", "scalar", cx::access::reduce_batch_sum));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("gradient", "scalar", cx::access::read_only));
    static constexpr cx::code update_code = "sum = gradient;";
};
struct ApplyStep {
    static constexpr std::string_view name = "ApplyStep";
    static constexpr auto params = cx::params("lr");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("sum", "scalar", cx::access::read_only),
                                                  cx::var_ref("weight", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "weight -= lr * sum / num_batch;";
};
// the sum of V over the neurons of each batch entry
struct TotalV {
    static constexpr std::string_view name = "TotalV";
    static constexpr auto vars = cx::vars(cx::var("total", "scalar", cx::access::reduce_neuron_sum));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("V", "scalar", cx::access::read_only));
    static constexpr cx::code update_code = "total = V;";
};
//! end models

struct Cell {
    static constexpr std::string_view name = "Cell";
    static constexpr auto vars = cx::vars("V", cx::var("dg", "scalar", cx::access::read_write),
                                          cx::var("b", "scalar", cx::access::read_only));
    static constexpr cx::code sim_code = "V += dt * (Isyn - V); dg = V - 0.5;";
    static constexpr cx::code threshold_condition_code = "V > 0.5";
};

int main() {
    //! begin network
    auto net = cx::network(
        cx::population<"In", Cell>(4, "V"_v = 0.0, "dg"_v = 0.0, "b"_v = 0.0),
        cx::population<"Out", Cell>(3, "V"_v = 0.0, "dg"_v = 0.0, "b"_v = 0.1),
        cx::source<"Drive", "In", cx::current_source::DC>("amp"_p = 0.8),
        cx::synapses<"W", "In", "Out">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.5),
                                       cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"WT", "Out", "In">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0),
                                        cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::update<"ResetIn", "Reset", ResetV>("Vreset"_p = 0.0, "V"_r = cx::ref<"In", "V">),
        cx::update<"ResetOut", "Reset", ResetV>("Vreset"_p = 0.0, "V"_r = cx::ref<"Out", "V">),
        cx::update<"Grad", "Learn", GradientStep>("lr"_p = 0.1, "sum"_v = 0.0, "gradient"_r = cx::ref<"Out", "dg">),
        cx::update<"Apply", "Apply", ApplyStep>("lr"_p = 0.1, "sum"_r = cx::ref<"Grad", "sum">, "weight"_r = cx::ref<"Out", "b">),
        cx::update<"Total", "Stats", TotalV>("total"_v = 0.0, "V"_r = cx::ref<"Out", "V">),
        cx::update<"Back", "Transpose", cx::custom_update::Transpose>("variable"_r = cx::transpose_ref<"W", "g", "WT", "g">));
    auto sim = cx::simulate<cx::cpu>(net, {.dt = 1.0, .batch = 8, .timing = true});
    for (int trial = 0; trial < 3; ++trial) {
        sim.run(10.0);
        sim.custom_update("Learn");      // sums Out.dg over the 8 batch entries
        sim.custom_update("Apply");      // one step on the shared Out.b
        sim.custom_update("Stats");
        sim.custom_update("Transpose");  // WT.g[j][i] = W.g[i][j]
        sim.custom_update("Reset");      // both resets of the group, in declaration order
    }
    auto total = sim.custom_update_var<"Total", "total">();  // one value per batch entry
    std::printf("total V of Out in batch entry 0: %g; 'Learn' took %g s\n", double(total[0]),
                sim.custom_update_time("Learn"));
    //! end network
}
