// Puts a model type into a network and gives it to cx::simulate<backend>, with a value for
// every parameter and variable: the compile-fail tests prove each diagnostic on the path
// users take (a model in a network, simulated), not only through program_of<...>::ok.
//
//   in_network::neuron<MyLIF>();          // also weight_update<W>, postsynaptic<P>,
//                                         // current_source<C>, var_init<S>, sparse_init<S>
//
// The backend is cx::cpu, or cx::cuda where CORTEXPR_FAIL_CUDA is defined (nvcc).
#pragma once
#if defined(CORTEXPR_FAIL_CUDA)
#include <cortexpr/cuda.cuh>
#else
#include <cortexpr/cortexpr.hpp>
#endif

#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>

namespace in_network {
namespace cx = cortexpr;
using namespace cx::literals;

#if defined(CORTEXPR_FAIL_CUDA)
using backend = cx::cuda;
#else
using backend = cx::cpu;
#endif

/// A valid neuron for the other side of synapse groups and the target of sources.
struct Plain {
    static constexpr std::string_view name = "Plain";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += Isyn * dt;";
    static constexpr cx::code threshold_condition_code = "V > 1.0";
    static constexpr cx::code reset_code = "V = 0.0;";
};

// set 0: params, 1: vars, 2: pre_vars, 3: post_vars
template <class M, cx::family F, int Set>
constexpr std::size_t count() {
    constexpr cx::model_info i = cx::info_of<M, F>();
    if constexpr (Set == 0) return i.params.size();
    else if constexpr (Set == 1) return i.vars.size();
    else if constexpr (Set == 2) return i.pre_vars.size();
    else return i.post_vars.size();
}
template <class M, cx::family F, int Set, std::size_t K>
constexpr std::string_view name_at() {
    constexpr cx::model_info i = cx::info_of<M, F>();
    if constexpr (Set == 0) return i.params[K].name;
    else if constexpr (Set == 1) return i.vars[K].name;
    else if constexpr (Set == 2) return i.pre_vars[K].name;
    else return i.post_vars[K].name;
}
template <class M, cx::family F, int Set, std::size_t K>
inline constexpr cx::fixed_string<name_at<M, F, Set, K>().size()> name_v{name_at<M, F, Set, K>()};

template <class M, cx::family F, int Set>
auto values_of() {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        if constexpr (Set == 0) return std::make_tuple(cx::param_value<name_v<M, F, Set, K>>{1.0}...);
        else return std::make_tuple(cx::var_value<name_v<M, F, Set, K>, cx::var_init<cx::init_var::Constant>>{{{0.0}, {}}}...);
    }(std::make_index_sequence<count<M, F, Set>()>{});
}
/// A value for every parameter and (for models with state) every variable of M.
template <class M, cx::family F, bool State = true>
auto values() {
    if constexpr (!State) return values_of<M, F, 0>();
    else if constexpr (F == cx::family::weight_update)
        return std::tuple_cat(values_of<M, F, 0>(), values_of<M, F, 1>(), values_of<M, F, 2>(), values_of<M, F, 3>());
    else return std::tuple_cat(values_of<M, F, 0>(), values_of<M, F, 1>());
}

template <class Net>
void run(Net net) {
    auto sim = cx::simulate<backend>(std::move(net), {.dt = 0.1});
    sim.run(1.0);
}
inline auto plain(auto... extra) { return cx::population<"B", Plain>(4, "V"_v = 0.0, extra...); }
inline auto static_wu() { return cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1); }

template <class M>
void neuron() {
    run(cx::network(std::apply([](auto... a) { return cx::population<"A", M>(4, a...); }, values<M, cx::family::neuron>()),
                    plain()));
}
template <class M>
void weight_update() {
    run(cx::network(plain(), cx::population<"A", Plain>(4, "V"_v = 0.0),
                    cx::synapses<"AB", "A", "B">(
                        cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.5)),
                        std::apply([](auto... a) { return cx::wu<M>(a...); }, values<M, cx::family::weight_update>()),
                        cx::psm<cx::postsynaptic::DeltaCurr>(), {.max_dendritic_delay = 2})));
}
template <class M>
void postsynaptic() {
    run(cx::network(plain(), cx::population<"A", Plain>(4, "V"_v = 0.0),
                    cx::synapses<"AB", "A", "B">(
                        cx::dense(), static_wu(),
                        std::apply([](auto... a) { return cx::psm<M>(a...); }, values<M, cx::family::postsynaptic>()))));
}
template <class M>
void current_source() {
    run(cx::network(plain(), std::apply([](auto... a) { return cx::source<"S", "B", M>(a...); },
                                        values<M, cx::family::current_source>())));
}
template <class M>
void var_init() {
    run(cx::network(cx::population<"B", Plain>(
        4, "V"_v = std::apply([](auto... a) { return cx::init<M>(a...); }, values<M, cx::family::var_init, false>()))));
}
template <class M>
void sparse_init() {
    run(cx::network(plain(), cx::population<"A", Plain>(4, "V"_v = 0.0),
                    cx::synapses<"AB", "A", "B">(
                        cx::sparse(std::apply([](auto... a) { return cx::connect<M>(a...); },
                                              values<M, cx::family::sparse_init, false>())),
                        static_wu(), cx::psm<cx::postsynaptic::DeltaCurr>())));
}

}  // namespace in_network
