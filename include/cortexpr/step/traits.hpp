// Compile-time traits of each part of a network: its units (checked programs), the
// sizes of its views, the variable references resolved to target variable indices, and
// the lists of parts that feed or follow a population. Shared by every backend.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../network/network.hpp"
#include "synapse_env.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Indices of the parts of kind K (and, for inputs of a population, with that target).
template <class List, part_kind K>
constexpr auto parts_of_kind() {
    constexpr std::size_t n = [] { std::size_t c = 0; for (std::size_t i = 0; i < List::size; ++i) c += List::kinds[i] == K; return c; }();
    std::array<std::size_t, n> out{};
    std::size_t c = 0;
    for (std::size_t i = 0; i < List::size; ++i) if (List::kinds[i] == K) out[c++] = i;
    return out;
}

/// Indices of the synapse groups whose `Side` (pre or post) is population P.
template <class List, std::size_t P, bool Pre>
constexpr auto synapses_at() {
    constexpr auto all = parts_of_kind<List, part_kind::synapses>();
    constexpr std::size_t n = [&] {
        std::size_t c = 0;
        for (auto i : all) c += List::find(Pre ? List::pre_names[i] : List::post_names[i]) == int(P);
        return c;
    }();
    std::array<std::size_t, n> out{};
    std::size_t c = 0;
    for (auto i : all) if (List::find(Pre ? List::pre_names[i] : List::post_names[i]) == int(P)) out[c++] = i;
    return out;
}
/// Indices of the current sources that target population P.
template <class List, std::size_t P>
constexpr auto sources_at() {
    constexpr auto all = parts_of_kind<List, part_kind::current_source>();
    constexpr std::size_t n = [&] { std::size_t c = 0; for (auto i : all) c += List::find(List::targets[i]) == int(P); return c; }();
    std::array<std::size_t, n> out{};
    std::size_t c = 0;
    for (auto i : all) if (List::find(List::targets[i]) == int(P)) out[c++] = i;
    return out;
}

/// Calls f.template operator()<A[0]>(), f.template operator()<A[1]>(), ... in order.
template <const auto& A, class F>
void for_each_index(F&& f) {
    [&]<std::size_t... J>(std::index_sequence<J...>) { (f.template operator()<A[J]>(), ...); }(std::make_index_sequence<A.size()>{});
}

// ---- kinds: what the per-element code of a part needs, keyed by model types only ----
// Two parts with the same models share these types, so the step code templated on them
// (step/neuron_update.hpp) is instantiated once per kind, not once per part.

/// Variable references of `refs` resolved to variable indices of `target` (suffix "_pre",
/// "_post" or ""); an unresolved reference (-1) has already been reported as a
/// network_error, 0 keeps the instantiation going without further errors.
constexpr std::array<int, 8> resolve_refs(std::span<const var_info> refs, const model_info& target, std::string_view suffix) {
    std::array<int, 8> r{};
    for (std::size_t k = 0; k < refs.size() && k < 8; ++k) r[k] = ref_target(target, refs[k].name, suffix) < 0 ? 0 : ref_target(target, refs[k].name, suffix);
    return r;
}

constexpr bool mentions(std::string_view code, std::string_view word) {
    return code.find(word) != std::string_view::npos;
}

/// Whether any code field of weight-update model `w` mentions `word`.
constexpr bool wu_code_mentions(const model_info& w, std::string_view word) {
    for (auto f : fields_of(family::weight_update)) if (mentions(w.code[std::size_t(f)], word)) return true;
    return false;
}

/// A weight-update model between populations of neuron models Pre and Post, as its
/// per-neuron code sees it. `PreInput`: the presynaptic additional input addToPre adds
/// to (cx::pre_target_var; -1: Isyn).
template <class Wu, class Pre, class Post, class Psm, int PreInput = -1>
struct wu_kind {
    static constexpr int pre_input = PreInput;
    static constexpr model_info wu_info = info_of<Wu, family::weight_update>();
    using wu_h = info_holder<Wu, family::weight_update>;
    using pre_h = info_holder<Pre, family::neuron>;
    using post_h = info_holder<Post, family::neuron>;
    static constexpr auto pre_refs = resolve_refs(info_of<Wu, family::weight_update>().pre_neuron_var_refs, info_of<Pre, family::neuron>(), "_pre");
    static constexpr auto post_refs = resolve_refs(info_of<Wu, family::weight_update>().post_neuron_var_refs, info_of<Post, family::neuron>(), "_post");
    /// the weight update's psm_var_refs, as variable indices of the group's postsynaptic model
    using psm_h = info_holder<Psm, family::postsynaptic>;
    static constexpr auto psm_wu_refs = resolve_refs(info_of<Wu, family::weight_update>().psm_var_refs, info_of<Psm, family::postsynaptic>(), "_psm");
    /// entries of the history of postsynaptic state read delayed (x[d]; 0 if none)
    static constexpr std::size_t post_history = post_history_size(info_of<Wu, family::weight_update>());
    /// entries of the delayed copies of pre_vars that synaptic code reads (0 if none)
    static constexpr std::size_t pre_var_history = pre_var_history_size(info_of<Wu, family::weight_update>());
    static constexpr auto post_delayed_at = [] {
        constexpr model_info w = info_of<Wu, family::weight_update>();
        std::array<bool, post_state_count(w) + 1> a{};
        for (std::size_t k = 0; k < post_state_count(w); ++k) a[k] = post_delayed(w, k);
        return a;
    }();
    template <class S, class T>
    using syn_view = synapse_view<S, T, model_view_for<wu_h>, wu_info.pre_vars.size(), wu_info.post_vars.size(), model_view_for<psm_h>,
                                  wu_info.pre_neuron_var_refs.size(), post_history,
                                  pre_var_history>;
    template <class S, class T> using pre_view = model_view_for<pre_h>;
    template <class S, class T> using post_view = model_view_for<post_h>;
    template <field F> using wu_unit = model_unit<Wu, family::weight_update, F>;
    template <field F> static constexpr bool has = !wu_info.code[std::size_t(F)].empty();
    /// addToPre writes the presynaptic accumulator: its code then runs on one thread.
    static constexpr bool adds_to_pre = wu_code_mentions(info_of<Wu, family::weight_update>(), "addToPre");
    /// Synaptic code reads spike-like-event times (set_pre, prev_set_pre): the group
    /// keeps them (note_event_time).
    static constexpr bool event_times = wu_code_mentions(info_of<Wu, family::weight_update>(), "set_pre");
    /// ... and the postsynaptic ones (set_post, prev_set_post).
    static constexpr bool post_event_times = wu_code_mentions(info_of<Wu, family::weight_update>(), "set_post");
};

/// A synapse group as its synaptic code sees it: the weight-update kind plus the matrix
/// (connectivity kind, weight storage, connectivity snippet and its parameter types) and
/// the types of the weight-update variables' initialisers (regenerated procedural
/// weights). Groups that differ only in names, sizes and parameter values share it, so
/// the synaptic step code templated on it (synapse_env, synapse_update, the CPU's row
/// loops) is instantiated once per kind; the part index is a run-time value.
template <class Wu, class Pre, class Post, class Psm, class Matrix, class WuInits, int PreInput = -1>
struct sg_kind : wu_kind<Wu, Pre, Post, Psm, PreInput> {
    using base = wu_kind<Wu, Pre, Post, Psm, PreInput>;
    using matrix = Matrix;
    using wu_inits = WuInits;
    static constexpr matrix_kind kind = Matrix::kind;
    static constexpr bool stores_synapses = kind == matrix_kind::dense || kind == matrix_kind::sparse;
    static constexpr weight_storage weights = Matrix::weights;
    static constexpr bool learns_post = base::template has<field::post_spike_syn_code> || base::template has<field::post_event_syn_code>;
};

/// A postsynaptic model feeding a population of neuron model Post; `Input`: the additional
/// input injectCurrent adds to (cx::target_var; -1: Isyn).
template <class Psm, class Post, int Input = -1>
struct psm_kind {
    static constexpr int input = Input;
    using psm_unit = model_unit<Psm, family::postsynaptic, field::sim_code>;
    using psm_prog = dsl::program<psm_unit>;
    using post_h = info_holder<Post, family::neuron>;
    struct psm_refs { static constexpr auto value = resolve_refs(info_of<Psm, family::postsynaptic>().neuron_var_refs, info_of<Post, family::neuron>(), ""); };
};

/// A current source model injecting into a population of neuron model Target; `Input`:
/// the additional input injectCurrent adds to (cx::target_var; -1: Isyn).
template <class Cs, class Target, int Input = -1>
struct cs_kind {
    static constexpr int input = Input;
    static constexpr model_info info = info_of<Cs, family::current_source>();
    using target_h = info_holder<Target, family::neuron>;
    struct refs { static constexpr auto value = [] {
        constexpr model_info target_info = info_of<Target, family::neuron>();
        std::array<int, info.neuron_var_refs.size() + 1> r{};
        for (std::size_t k = 0; k < info.neuron_var_refs.size(); ++k) r[k] = ref_target(target_info, info.neuron_var_refs[k].name, "") < 0 ? 0 : ref_target(target_info, info.neuron_var_refs[k].name, "");
        return r; }(); };
    using unit = model_unit<Cs, family::current_source, field::injection_code>;
    using prog = dsl::program<unit>;
};

template <class List, std::size_t I>
struct pop_traits {
    using desc = typename List::template part<I>;
    using model = typename desc::model;
    static constexpr model_info info = desc::info;
    using unit = model_unit<model, family::neuron, field::sim_code, field::threshold_condition_code, field::reset_code>;
    using prog = dsl::program<unit>;
    template <class S, class T> using view = model_view_for<desc>;
};

template <class List, std::size_t I>
struct cs_traits {
    using desc = typename List::template part<I>;
    using model = typename desc::model;
    static constexpr model_info info = desc::info;
    static constexpr std::size_t target = List::population_or_first(desc::target);
    using target_h = typename List::template part<target>;
    static constexpr model_info target_info = target_h::info;
    struct refs { static constexpr auto value = [] {
        std::array<int, info.neuron_var_refs.size() + 1> r{};
        for (std::size_t k = 0; k < info.neuron_var_refs.size(); ++k) r[k] = ref_target(target_info, info.neuron_var_refs[k].name, "") < 0 ? 0 : ref_target(target_info, info.neuron_var_refs[k].name, "");
        return r; }(); };
    using unit = model_unit<model, family::current_source, field::injection_code>;
    using prog = dsl::program<unit>;
    using kind_t = cs_kind<model, typename target_h::model, input_index(target_info.additional_inputs, desc::input)>;
};

template <class List, std::size_t I>
struct sg_traits {
    using desc = typename List::template part<I>;
    using wu_model = typename desc::wu_type::model;
    using psm_model = typename desc::psm_type::model;
    using matrix = typename desc::matrix_type;
    static constexpr matrix_kind kind = matrix::kind;
    static constexpr bool stores_synapses = kind == matrix_kind::dense || kind == matrix_kind::sparse;
    static constexpr weight_storage weights = matrix::weights;
    static constexpr std::size_t pre = List::population_or_first(desc::pre);
    static constexpr std::size_t post = List::population_or_first(desc::post);
    static constexpr model_info wu_info = info_of<wu_model, family::weight_update>();
    static constexpr model_info psm_info = info_of<psm_model, family::postsynaptic>();
    using wu_h = info_holder<wu_model, family::weight_update>;
    using psm_h = info_holder<psm_model, family::postsynaptic>;
    using pre_h = typename List::template part<pre>;
    using post_h = typename List::template part<post>;
    static constexpr model_info pre_info = pre_h::info;
    static constexpr model_info post_info = post_h::info;

    /// The kinds of this group's per-neuron code and postsynaptic model (neuron_update.hpp).
    using wu_kind_t = wu_kind<wu_model, typename pre_h::model, typename post_h::model, psm_model,
                              input_index(pre_info.additional_inputs, desc::wu_type::pre_input)>;
    using psm_kind_t = psm_kind<psm_model, typename post_h::model, input_index(post_info.additional_inputs, desc::psm_type::input)>;
    /// the types of the weight-update variables' initialisers (regenerate())
    using wu_inits = std::remove_cvref_t<decltype(std::declval<desc>().wu.vars)>;
    /// The kind of this group's synaptic code (sg_kind).
    using kind_t = sg_kind<wu_model, typename pre_h::model, typename post_h::model, psm_model, matrix, wu_inits,
                           wu_kind_t::pre_input>;
    static constexpr auto pre_refs = wu_kind_t::pre_refs;
    static constexpr auto post_refs = wu_kind_t::post_refs;
    static constexpr auto psm_wu_refs = wu_kind_t::psm_wu_refs;
    static constexpr std::size_t post_history = wu_kind_t::post_history;
    static constexpr std::size_t pre_var_history = wu_kind_t::pre_var_history;
    static constexpr auto post_delayed_at = wu_kind_t::post_delayed_at;
    using psm_refs = typename psm_kind_t::psm_refs;

    template <class S, class T>
    using syn_view = synapse_view<S, T, model_view_for<wu_h>, wu_info.pre_vars.size(), wu_info.post_vars.size(), model_view_for<psm_h>,
                                  wu_info.pre_neuron_var_refs.size(), post_history,
                                  pre_var_history>;
    template <class S, class T> using pre_view = model_view_for<pre_h>;
    template <class S, class T> using post_view = model_view_for<post_h>;

    template <field F> using wu_unit = model_unit<wu_model, family::weight_update, F>;
    template <field F> using wu_prog = dsl::program<wu_unit<F>>;
    template <field F> static constexpr bool has = !wu_info.code[std::size_t(F)].empty();
    using psm_unit = model_unit<psm_model, family::postsynaptic, field::sim_code>;
    using psm_prog = dsl::program<psm_unit>;

    /// addToPre writes the presynaptic accumulator: its code then runs on one thread.
    static constexpr bool adds_to_pre = wu_kind_t::adds_to_pre;
    /// Postsynaptic learning: code that walks the columns of postsynaptic spikes
    /// (post_spike_syn_code) or spike-like events (post_event_syn_code).
    static constexpr bool learns_post = has<field::post_spike_syn_code> || has<field::post_event_syn_code>;
    /// Synaptic code reads spike-like-event times (set_pre, prev_set_pre): the group
    /// keeps them (note_event_time); likewise set_post, prev_set_post.
    static constexpr bool event_times = wu_kind_t::event_times;
    static constexpr bool post_event_times = wu_kind_t::post_event_times;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
