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

// Each builder below is the call operator of a class template specialised on the index
// sequence of M's values (a variable template names it, so tests write
// `in_network::neuron<M>()`): the model's builder is called with a plain pack expansion,
// not through std::apply and a generic lambda, so a rejected model costs one line of
// instantiation context ("In instantiation of ... required from here") in g++'s output,
// as close as a helper can come to a user's own non-template call.
template <class M, cx::family F, bool State = true>
using sequence_for = std::make_index_sequence<std::tuple_size_v<decltype(values<M, F, State>())>>;

template <class M, class Seq = sequence_for<M, cx::family::neuron>>
struct neuron_t;
template <class M, std::size_t... I>
struct neuron_t<M, std::index_sequence<I...>> {
    void operator()() const {
        auto v = values<M, cx::family::neuron>();
        run(cx::network(cx::population<"A", M>(4, std::get<I>(v)...), plain()));
    }
};
template <class M, class Seq = sequence_for<M, cx::family::weight_update>>
struct weight_update_t;
template <class M, std::size_t... I>
struct weight_update_t<M, std::index_sequence<I...>> {
    void operator()() const {
        auto v = values<M, cx::family::weight_update>();
        run(cx::network(plain(), cx::population<"A", Plain>(4, "V"_v = 0.0),
                        cx::synapses<"AB", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.5)),
                                                     cx::wu<M>(std::get<I>(v)...), cx::psm<cx::postsynaptic::DeltaCurr>(),
                                                     {.max_dendritic_delay = 2})));
    }
};
template <class M, class Seq = sequence_for<M, cx::family::postsynaptic>>
struct postsynaptic_t;
template <class M, std::size_t... I>
struct postsynaptic_t<M, std::index_sequence<I...>> {
    void operator()() const {
        auto v = values<M, cx::family::postsynaptic>();
        run(cx::network(plain(), cx::population<"A", Plain>(4, "V"_v = 0.0),
                        cx::synapses<"AB", "A", "B">(cx::dense(), static_wu(), cx::psm<M>(std::get<I>(v)...))));
    }
};
template <class M, class Seq = sequence_for<M, cx::family::current_source>>
struct current_source_t;
template <class M, std::size_t... I>
struct current_source_t<M, std::index_sequence<I...>> {
    void operator()() const {
        auto v = values<M, cx::family::current_source>();
        run(cx::network(plain(), cx::source<"S", "B", M>(std::get<I>(v)...)));
    }
};
template <class M, class Seq = sequence_for<M, cx::family::var_init, false>>
struct var_init_t;
template <class M, std::size_t... I>
struct var_init_t<M, std::index_sequence<I...>> {
    void operator()() const {
        auto v = values<M, cx::family::var_init, false>();
        run(cx::network(cx::population<"B", Plain>(4, "V"_v = cx::init<M>(std::get<I>(v)...))));
    }
};
template <class M, class Seq = sequence_for<M, cx::family::sparse_init, false>>
struct sparse_init_t;
template <class M, std::size_t... I>
struct sparse_init_t<M, std::index_sequence<I...>> {
    void operator()() const {
        auto v = values<M, cx::family::sparse_init, false>();
        run(cx::network(plain(), cx::population<"A", Plain>(4, "V"_v = 0.0),
                        cx::synapses<"AB", "A", "B">(cx::sparse(cx::connect<M>(std::get<I>(v)...)), static_wu(),
                                                     cx::psm<cx::postsynaptic::DeltaCurr>())));
    }
};

template <class M> inline constexpr neuron_t<M> neuron{};
template <class M> inline constexpr weight_update_t<M> weight_update{};
template <class M> inline constexpr postsynaptic_t<M> postsynaptic{};
template <class M> inline constexpr current_source_t<M> current_source{};
template <class M> inline constexpr var_init_t<M> var_init{};
template <class M> inline constexpr sparse_init_t<M> sparse_init{};

}  // namespace in_network
