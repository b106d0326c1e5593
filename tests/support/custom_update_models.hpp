// Custom update models and networks shared by the CPU tests (tests/unit/test_custom_updates.cpp)
// and the CPU-vs-CUDA equality test (tests/cuda/test_sim_custom_updates_cuda.cu).
#pragma once
#include <string_view>

namespace cu_models {
namespace cx = cortexpr;

/// A neuron that keeps its state between custom updates (no input, no spikes).
struct Hold {
    static constexpr std::string_view name = "Hold";
    static constexpr auto vars = cx::vars("V", cx::var("G", "scalar", cx::access::read_only),
                                          cx::var("M", "scalar", cx::access::read_only_shared_neuron));
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("scale", "scalar*"));
    static constexpr cx::code sim_code = "V += 0.0;";
    static constexpr cx::code threshold_condition_code = "false";
};

/// V = value + id + 100 * batch (ml_genn's reset between trials, with the indices visible).
struct Reset {
    static constexpr std::string_view name = "Reset";
    static constexpr auto params = cx::params("value");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("V", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "V = value + id + 100.0 * batch;";
};

/// Sum and maximum over the neurons of a population, per batch entry.
struct NeuronStats {
    static constexpr std::string_view name = "NeuronStats";
    static constexpr auto vars = cx::vars(cx::var("sum", "scalar", cx::access::reduce_neuron_sum),
                                          cx::var("max", "scalar", cx::access::reduce_neuron_max));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::read_only));
    static constexpr cx::code update_code = "sum = x * x; max = x;";
};

/// Sum over batch entries into a shared variable (reference mode reduce_sum) and the
/// maximum into the update's own variable.
struct BatchStats {
    static constexpr std::string_view name = "BatchStats";
    static constexpr auto vars = cx::vars(cx::var("max", "scalar", cx::access::reduce_batch_max));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::read_only),
                                                  cx::var_ref("total", "scalar", cx::access::reduce_sum));
    static constexpr cx::code update_code = "total = x; max = x;";
};

/// Sum over neurons through a reference to a per-batch (shared-neuron) variable.
struct RefNeuronSum {
    static constexpr std::string_view name = "RefNeuronSum";
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("x", "scalar", cx::access::read_only),
                                                  cx::var_ref("total", "scalar", cx::access::reduce_sum));
    static constexpr cx::code update_code = "total = x;";
};

/// A weight set from its indices: per-synapse updates see id_pre, id_post, id_syn.
struct Index {
    static constexpr std::string_view name = "Index";
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "g = id_pre * 1000.0 + id_post + num_pre * 0.25;";
};

/// Scales a variable by the update's own factor, drawing noise (per-element streams).
struct Noisy {
    static constexpr std::string_view name = "Noisy";
    static constexpr auto params = cx::params("sd");
    static constexpr auto vars = cx::vars(cx::var("last", "scalar"));
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("V", "scalar", cx::access::read_write));
    static constexpr cx::code update_code = "last = sd * gennrand_normal(); V += last;";
};

/// Reads another custom update's variable and an extra global parameter of a population.
struct Follow {
    static constexpr std::string_view name = "Follow";
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("src", "scalar", cx::access::read_only),
                                                  cx::var_ref("dst", "scalar", cx::access::read_write));
    static constexpr auto extra_global_param_refs = cx::extra_global_param_refs(cx::egp_ref("k", "scalar*"));
    static constexpr cx::code update_code = "dst = src * k[id];";
};

}  // namespace cu_models
