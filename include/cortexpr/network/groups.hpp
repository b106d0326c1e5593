// The parts of a network: populations, current sources and synapse groups. Each is a
// value whose type carries its name, model types and initialiser types; sizes,
// parameter values and initialiser parameters are run-time data.
//
//   cx::population<"Exc", cx::neuron::LIF>(3200, "C"_p = 0.2, ..., "V"_v = -60.0, ...)
//   cx::source<"Drive", "Exc", cx::current_source::DC>("amp"_p = 0.5)
//   cx::synapses<"EE", "Exc", "Exc">(cx::sparse(cx::connect<FixedProbability>("prob"_p = 0.02)),
//                                    cx::wu<StaticPulse>("g"_v = 0.1), cx::psm<ExpCurr>("tau"_p = 5.0),
//                                    {.axonal_delay = 1})
#pragma once
#include <cstdint>
#include <tuple>
#include <vector>

#include "input_target.hpp"
#include "named.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

namespace detail {
/// The cpack of the first input target of kind `Kind` among `Args` (cpack<> if none).
template <int Kind, class... Args>
struct input_key_of { using type = cpack<>; };
template <class X> struct pack_type { using type = typename X::pack; };
template <int Kind, class A, class... Rest>
struct input_key_of<Kind, A, Rest...> {
    using type = typename std::conditional_t<arg_kind_v<A> == Kind, pack_type<std::remove_cvref_t<A>>, input_key_of<Kind, Rest...>>::type;
};
}  // namespace detail

enum class part_kind : std::uint8_t { population, current_source, synapses };

// ---- populations -------------------------------------------------------------------
template <fixed_string Name, class Model, class Vars>
struct population_desc {
    static constexpr part_kind kind = part_kind::population;
    static constexpr fixed_string name = Name;
    using model = Model;
    static constexpr model_info info = info_of<Model, family::neuron>();
    std::uint32_t size = 0;
    std::array<double, info.params.size()> params{};
    Vars vars;
    std::array<std::vector<double>, info.egps.size()> egps{};
};

namespace detail {
template <fixed_string Name, class Model, class... Args>
struct population_check {
    static constexpr message text() {
        return check_names<Args...>("population", Name, info_of<Model, family::neuron>(), true);
    }
};
}  // namespace detail

/// `cx::population<"Exc", cx::neuron::LIF>(3200, "C"_p = 0.2, ..., "V"_v = -60.0)`. Invalid
/// model code, an unknown or missing named value, or an initialiser's error is a compile
/// error at this call (the two declared-only overloads below; see named.hpp).
template <fixed_string Name, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::neuron>> &&
             detail::passes<detail::population_check<Name, Model, Args...>>
auto population(std::uint32_t size, Args... args) {
    auto vars = detail::bind_vars<detail::vars_of<Model>>(args...);
    return population_desc<Name, Model, decltype(vars)>{
        size, detail::bind_params<detail::params_span<Model, family::neuron>>(args...), std::move(vars),
        detail::bind_egps<detail::egps_span<Model, family::neuron>>(args...)};
}
template <fixed_string Name, class Model, class... Args>
    requires detail::rejected_code<detail::model_check<Model, family::neuron>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<Model, family::neuron>>::text) population(std::uint32_t size, Args... args);
template <fixed_string Name, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::neuron>> &&
             detail::rejected_network<detail::population_check<Name, Model, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::population_check<Name, Model, Args...>>::text) population(std::uint32_t size, Args... args);

// ---- current sources --------------------------------------------------------------
template <fixed_string Name, fixed_string Target, class Model, class Vars, class Input = detail::cpack<>>
struct source_desc {
    static constexpr part_kind kind = part_kind::current_source;
    static constexpr fixed_string name = Name;
    static constexpr fixed_string target = Target;
    /// the target's additional input variable injectCurrent adds to (cx::target_var;
    /// empty: Isyn)
    using input_key = Input;
    static constexpr std::string_view input = detail::pack_name<Input>::value;
    using model = Model;
    static constexpr model_info info = info_of<Model, family::current_source>();
    std::array<double, info.params.size()> params{};
    Vars vars;
    std::array<std::vector<double>, info.egps.size()> egps{};
};

namespace detail {
template <fixed_string Name, class Model, class... Args>
struct source_check {
    static constexpr message text() {
        return check_names<Args...>("current source", Name, info_of<Model, family::current_source>(), true, {}, {}, true, 6);
    }
};
}  // namespace detail

/// `cx::source<"Drive", "Exc", cx::current_source::DC>("amp"_p = 0.5)`.
template <fixed_string Name, fixed_string Target, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::current_source>> &&
             detail::passes<detail::source_check<Name, Model, Args...>>
auto source(Args... args) {
    auto vars = detail::bind_vars<detail::vars_of<Model>>(args...);
    return source_desc<Name, Target, Model, decltype(vars), typename detail::input_key_of<6, Args...>::type>{
        detail::bind_params<detail::params_span<Model, family::current_source>>(args...), std::move(vars),
        detail::bind_egps<detail::egps_span<Model, family::current_source>>(args...)};
}
template <fixed_string Name, fixed_string Target, class Model, class... Args>
    requires detail::rejected_code<detail::model_check<Model, family::current_source>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<Model, family::current_source>>::text) source(Args... args);
template <fixed_string Name, fixed_string Target, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::current_source>> &&
             detail::rejected_network<detail::source_check<Name, Model, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::source_check<Name, Model, Args...>>::text) source(Args... args);

// ---- weight update and postsynaptic models ---------------------------------------
template <class Model, class Vars, class PreVars, class PostVars, class PreInput = detail::cpack<>>
struct wu_desc {
    using model = Model;
    /// the presynaptic neuron's additional input variable addToPre adds to
    /// (cx::pre_target_var; empty: Isyn)
    using input_key = PreInput;
    static constexpr std::string_view pre_input = detail::pack_name<PreInput>::value;
    static constexpr model_info info = info_of<Model, family::weight_update>();
    std::array<double, info.params.size()> params{};
    Vars vars;          // per synapse (or per kernel entry, or regenerated: see the matrix)
    PreVars pre_vars;   // per presynaptic neuron
    PostVars post_vars; // per postsynaptic neuron
    std::array<std::vector<double>, info.egps.size()> egps{};
};

namespace detail {
template <class Model, class... Args>
struct wu_check {
    static constexpr message text() {
        constexpr model_info i = info_of<Model, family::weight_update>();
        // variables' initialiser errors wait for the synapse group, which names itself
        return check_names<Args...>("weight update", model_name<Model>(), i, true, i.pre_vars, i.post_vars, false, 7);
    }
};
template <class Model, class... Args>
struct psm_check {
    static constexpr message text() {
        return check_names<Args...>("postsynaptic model", model_name<Model>(), info_of<Model, family::postsynaptic>(), true,
                                    {}, {}, false, 6);
    }
};
}  // namespace detail

/// `cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1)`
template <class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::weight_update>> &&
             detail::passes<detail::wu_check<Model, Args...>>
auto wu(Args... args) {
    auto vars = detail::bind_vars<detail::vars_of<Model>>(args...);
    auto pre = detail::bind_vars<detail::pre_vars_of<Model>>(args...);
    auto post = detail::bind_vars<detail::post_vars_of<Model>>(args...);
    return wu_desc<Model, decltype(vars), decltype(pre), decltype(post), typename detail::input_key_of<7, Args...>::type>{
        detail::bind_params<detail::params_span<Model, family::weight_update>>(args...), std::move(vars),
        std::move(pre), std::move(post), detail::bind_egps<detail::egps_span<Model, family::weight_update>>(args...)};
}
template <class Model, class... Args>
    requires detail::rejected_code<detail::model_check<Model, family::weight_update>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<Model, family::weight_update>>::text) wu(Args... args);
template <class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::weight_update>> &&
             detail::rejected_network<detail::wu_check<Model, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::wu_check<Model, Args...>>::text) wu(Args... args);

template <class Model, class Vars, class Input = detail::cpack<>>
struct psm_desc {
    using model = Model;
    /// the postsynaptic neuron's additional input variable injectCurrent adds to
    /// (cx::target_var; empty: Isyn)
    using input_key = Input;
    static constexpr std::string_view input = detail::pack_name<Input>::value;
    static constexpr model_info info = info_of<Model, family::postsynaptic>();
    std::array<double, info.params.size()> params{};
    Vars vars;  // per postsynaptic neuron
    std::array<std::vector<double>, info.egps.size()> egps{};
};

/// `cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)`
template <class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::postsynaptic>> &&
             detail::passes<detail::psm_check<Model, Args...>>
auto psm(Args... args) {
    auto vars = detail::bind_vars<detail::vars_of<Model>>(args...);
    return psm_desc<Model, decltype(vars), typename detail::input_key_of<6, Args...>::type>{detail::bind_params<detail::params_span<Model, family::postsynaptic>>(args...),
                                           std::move(vars), detail::bind_egps<detail::egps_span<Model, family::postsynaptic>>(args...)};
}
template <class Model, class... Args>
    requires detail::rejected_code<detail::model_check<Model, family::postsynaptic>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<Model, family::postsynaptic>>::text) psm(Args... args);
template <class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::postsynaptic>> &&
             detail::rejected_network<detail::psm_check<Model, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::psm_check<Model, Args...>>::text) psm(Args... args);

// ---- connectivity ------------------------------------------------------------------
/// How connections are stored (GeNN's matrix types: docs/api-quickref.md, "Matrices").
enum class matrix_kind : std::uint8_t {
    dense,       // every pair, per-synapse variables [num_pre x num_post]
    sparse,      // ragged rows of post indices (8/16/32 bits), per-synapse variables
    bitmask,     // one bit per pair; weight-update variables regenerated from their initialisers
    procedural,  // no storage: rows regenerated from the connectivity snippet at every spike
    toeplitz,    // generated per kernel diagonal by a toeplitz snippet; kernel weights
};
/// Where weight-update variables live.
enum class weight_storage : std::uint8_t {
    individual,  // one value per stored synapse
    kernel,      // one value per kernel entry (addSynapse's extra indices, `id_kernel`)
    procedural,  // regenerated from the variable's initialiser at every use (read-only)
};

struct no_connect {};
/// Connections given by the host: (pre, post) pairs.
struct connection_list {
    std::vector<std::uint32_t> pre, post;
};

template <matrix_kind K, class Conn, weight_storage W>
struct matrix_desc {
    static constexpr matrix_kind kind = K;
    static constexpr weight_storage weights = W;
    using connect_type = Conn;
    Conn conn;
};

struct kernel_weights_t {};
/// Tag for cx::procedural(conn, cx::kernel_weights): kernel-indexed weights.
inline constexpr kernel_weights_t kernel_weights{};

/// All-to-all connections with per-synapse variables.
inline matrix_desc<matrix_kind::dense, no_connect, weight_storage::individual> dense() { return {}; }
/// Ragged rows built by a sparse connectivity snippet.
template <class S>
matrix_desc<matrix_kind::sparse, connect_init<S>, weight_storage::individual> sparse(connect_init<S> c) { return {std::move(c)}; }
/// Ragged rows from explicit (pre, post) pairs.
inline matrix_desc<matrix_kind::sparse, connection_list, weight_storage::individual> sparse(connection_list c) { return {std::move(c)}; }
/// One bit per pair; weight-update variables are regenerated from their initialisers.
template <class S>
matrix_desc<matrix_kind::bitmask, connect_init<S>, weight_storage::procedural> bitmask(connect_init<S> c) { return {std::move(c)}; }
/// No stored connectivity: every spike regenerates its row (zero bytes per synapse).
template <class S>
matrix_desc<matrix_kind::procedural, connect_init<S>, weight_storage::procedural> procedural(connect_init<S> c) { return {std::move(c)}; }
template <class S>
matrix_desc<matrix_kind::procedural, connect_init<S>, weight_storage::kernel> procedural(connect_init<S> c, kernel_weights_t) { return {std::move(c)}; }
/// Convolution-like connectivity generated per kernel diagonal; kernel weights.
template <class S>
matrix_desc<matrix_kind::toeplitz, connect_init<S, family::toeplitz_init>, weight_storage::kernel>
toeplitz(connect_init<S, family::toeplitz_init> c) { return {std::move(c)}; }

// ---- synapse groups ----------------------------------------------------------------
struct synapse_options {
    std::uint32_t axonal_delay = 0;         // [steps] homogeneous delay of the group (D)
    std::uint32_t back_prop_delay = 0;      // [steps] delay of postsynaptic spikes to learning (B)
    std::uint32_t max_dendritic_delay = 0;  // [steps] slots for addToPostDelay (M); d < M
};

template <fixed_string Name, fixed_string Pre, fixed_string Post, class Matrix, class WU, class PSM>
struct synapse_desc {
    static constexpr part_kind kind = part_kind::synapses;
    static constexpr fixed_string name = Name;
    static constexpr fixed_string pre = Pre;
    static constexpr fixed_string post = Post;
    using matrix_type = Matrix;
    using wu_type = WU;
    using psm_type = PSM;
    Matrix matrix;
    WU wu;
    PSM psm;
    synapse_options options;
};

namespace detail {
/// A synapse group reports the errors its weight-update and postsynaptic variables'
/// initialisers deferred (a missing or unknown initialiser parameter), naming the group
/// and the variable.
template <fixed_string Name, class WU, class PSM>
struct synapse_check {
    static constexpr message text() {
        message m;
        auto scan = [&](std::string_view model, std::span<const var_info> vars, const auto& deferred) {
            for (std::size_t k = 0; k < vars.size() && !m.size; ++k)
                if (!deferred[k].empty()) {
                    m.put("synapse group '"); m.put(Name); m.put("': "); m.put(model); m.put(" variable '");
                    m.put(vars[k].name); m.put("': "); m.put(deferred[k]);
                }
        };
        scan("weight update", WU::info.vars, tuple_deferred<decltype(WU::vars)>::value);
        scan("weight update", WU::info.pre_vars, tuple_deferred<decltype(WU::pre_vars)>::value);
        scan("weight update", WU::info.post_vars, tuple_deferred<decltype(WU::post_vars)>::value);
        scan("postsynaptic model", PSM::info.vars, tuple_deferred<decltype(PSM::vars)>::value);
        return m;
    }
};
}  // namespace detail

/// `cx::synapses<"EE", "Exc", "Exc">(matrix, cx::wu<...>(...), cx::psm<...>(...), {.axonal_delay = 1})`
template <fixed_string Name, fixed_string Pre, fixed_string Post, class Matrix, class WU, class PSM>
    requires detail::passes<detail::synapse_check<Name, WU, PSM>>
auto synapses(Matrix matrix, WU w, PSM p, synapse_options options = {}) {
    return synapse_desc<Name, Pre, Post, Matrix, WU, PSM>{std::move(matrix), std::move(w), std::move(p), options};
}
template <fixed_string Name, fixed_string Pre, fixed_string Post, class Matrix, class WU, class PSM>
    requires detail::rejected_network<detail::synapse_check<Name, WU, PSM>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::synapse_check<Name, WU, PSM>>::text) synapses(Matrix matrix, WU w, PSM p,
                                                                                    synapse_options options = {});

}  // namespace cortexpr

CORTEXPR_DIAG_END
