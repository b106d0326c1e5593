// The model families, their code fields, and the names and functions each field sees
// (as in GeNN 5). `for_each_symbol` lays out a field's symbol table in a fixed
// order -- parameters, derived parameters, extra global parameters, state, built-ins --
// which the backends' environments follow to find each name's storage.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "../dsl/context.hpp"
#include "model_info.hpp"

namespace cortexpr {

enum class family : std::uint8_t {
    neuron, postsynaptic, weight_update, current_source, var_init, sparse_init,
    toeplitz_init, custom_update, custom_connectivity_update, count_
};

enum class field : std::uint8_t {
    sim_code, threshold_condition_code, reset_code,                       // neuron (sim: also PSM)
    injection_code,                                                        // current source
    pre_spike_syn_code, pre_event_syn_code, post_event_syn_code,          // weight update
    post_spike_syn_code, synapse_dynamics_code, pre_event_threshold_condition_code,
    post_event_threshold_condition_code, pre_spike_code, post_spike_code,
    pre_dynamics_code, post_dynamics_code,
    var_init_code,                                                         // variable initialiser
    row_build_code, col_build_code,                                        // sparse connectivity
    diagonal_build_code,                                                   // toeplitz connectivity
    update_code,                                                           // custom update
    row_update_code,                                                       // custom connectivity update
    derived,                                                               // derived parameter expressions
    count_
};

inline constexpr std::string_view field_names[] = {
    "sim_code", "threshold_condition_code", "reset_code", "injection_code",
    "pre_spike_syn_code", "pre_event_syn_code", "post_event_syn_code", "post_spike_syn_code",
    "synapse_dynamics_code", "pre_event_threshold_condition_code",
    "post_event_threshold_condition_code", "pre_spike_code", "post_spike_code",
    "pre_dynamics_code", "post_dynamics_code", "var_init_code", "row_build_code",
    "col_build_code", "diagonal_build_code", "update_code", "row_update_code", "derived_params",
};
inline constexpr std::string_view family_names[] = {
    "neuron", "postsynaptic", "weight_update", "current_source", "var_init", "sparse_init",
    "toeplitz_init", "custom_update", "custom_connectivity_update",
};
constexpr std::string_view name_of(field f) { return field_names[std::size_t(f)]; }
constexpr std::string_view name_of(family f) { return family_names[std::size_t(f)]; }

constexpr bool is_condition(field f) {
    return f == field::threshold_condition_code || f == field::pre_event_threshold_condition_code ||
           f == field::post_event_threshold_condition_code || f == field::derived;
}

/// The code fields a family has, in the order units are built.
namespace detail {
inline constexpr field neuron_fields[] = {field::sim_code, field::threshold_condition_code, field::reset_code};
inline constexpr field psm_fields[] = {field::sim_code};
inline constexpr field wu_fields[] = {field::pre_spike_syn_code, field::pre_event_syn_code,
    field::post_event_syn_code, field::post_spike_syn_code, field::synapse_dynamics_code,
    field::pre_event_threshold_condition_code, field::post_event_threshold_condition_code,
    field::pre_spike_code, field::post_spike_code, field::pre_dynamics_code, field::post_dynamics_code};
inline constexpr field cs_fields[] = {field::injection_code};
inline constexpr field vi_fields[] = {field::var_init_code};
inline constexpr field sp_fields[] = {field::row_build_code, field::col_build_code};
inline constexpr field tp_fields[] = {field::diagonal_build_code};
inline constexpr field cu_fields[] = {field::update_code};
inline constexpr field ccu_fields[] = {field::row_update_code};
inline constexpr dsl::context_function inject_fns[] = {{"injectCurrent", 1}};
inline constexpr dsl::context_function synaptic_fns[] = {{"addToPost", 1}, {"addToPostDelay", 2}, {"addToPre", 1}};
inline constexpr dsl::context_function build_fns[] = {{"addSynapse", 1, dsl::t_void, 7}};
inline constexpr dsl::context_function toeplitz_fns[] = {{"addSynapse", 1, dsl::t_void, 7}, {"for_each_synapse", 0}};
/// A custom connectivity update's row code: `add_synapse(id_post, v...)` takes exactly one
/// value per variable of the update and per variable reference (GeNN's order: the update's
/// `vars`, then its `var_refs`), so its arity depends on the model; one table per count.
/// `remove_synapse()` only inside `for_each_synapse`. The environment's call<I> follows
/// this order: 0 add_synapse, 1 remove_synapse, 2 for_each_synapse.
inline constexpr std::size_t max_add_synapse_values = 32;
inline constexpr auto row_update_fns = [] {
    std::array<std::array<dsl::context_function, 3>, max_add_synapse_values + 1> t{};
    for (std::size_t n = 0; n <= max_add_synapse_values; ++n)
        t[n] = {dsl::context_function{"add_synapse", std::uint8_t(1 + n), dsl::t_void, std::uint8_t(1 + n)},
                dsl::context_function{"remove_synapse", 0, dsl::t_void, 0, true},
                dsl::context_function{"for_each_synapse", 0}};
    return t;
}();
}  // namespace detail

constexpr std::span<const field> fields_of(family fam) {
    switch (fam) {
        case family::neuron: return detail::neuron_fields;
        case family::postsynaptic: return detail::psm_fields;
        case family::weight_update: return detail::wu_fields;
        case family::current_source: return detail::cs_fields;
        case family::var_init: return detail::vi_fields;
        case family::sparse_init: return detail::sp_fields;
        case family::toeplitz_init: return detail::tp_fields;
        case family::custom_update: return detail::cu_fields;
        case family::custom_connectivity_update: return detail::ccu_fields;
        default: return {};
    }
}

/// Everything the checker and the backends need to know about one model.
struct model_info {
    std::string_view name;
    family fam = family::neuron;
    std::span<const param_info> params;
    std::span<const derived_info> derived;
    std::span<const var_info> vars;
    std::span<const egp_info> egps;
    std::span<const var_info> pre_vars, post_vars;                       // weight update
    std::span<const var_info> neuron_var_refs;                           // postsynaptic, current source
    std::span<const var_info> pre_neuron_var_refs, post_neuron_var_refs; // weight update; custom connectivity update's pre_var_refs / post_var_refs
    std::span<const var_info> psm_var_refs;                              // weight update: its group's PSM
    std::span<const var_info> additional_inputs;                         // neuron
    std::span<const var_info> var_refs;                                  // custom update
    std::span<const egp_info> egp_refs;                                  // custom update
    std::span<const param_domain> domains;                               // valid parameter values
    std::string_view code[std::size_t(field::count_)]{};
};

/// Where a symbol's storage lives; `dsl::symbol::group`.
enum class group : std::uint8_t {
    param, derived, egp, var, pre_var, post_var, neuron_ref, pre_ref, post_ref, additional_input,
    var_ref, builtin, egp_ref, psm_ref
};

/// Built-in names; `dsl::symbol::index` when the group is `builtin`.
enum class builtin : std::uint8_t {
    t, dt, batch, id, num_neurons, Isyn, st, prev_st, inSyn, id_pre, id_post, id_syn, num_pre,
    num_post, st_pre, prev_st_pre, st_post, prev_st_post, id_kernel, value, id_post_begin,
    id_thread, num_threads, id_pre_begin, id_diag, num_batch, set_pre, prev_set_pre, set_post,
    prev_set_post, row_length, row_stride, count_
};

namespace detail {
struct builtin_desc { std::string_view name; builtin id; dsl::type_t type; bool writable = false; };
inline constexpr builtin_desc builtins[] = {
    {"t", builtin::t, dsl::t_time}, {"dt", builtin::dt, dsl::t_time}, {"batch", builtin::batch, dsl::t_uint},
    {"id", builtin::id, dsl::t_uint}, {"num_neurons", builtin::num_neurons, dsl::t_uint},
    {"Isyn", builtin::Isyn, dsl::t_scalar}, {"st", builtin::st, dsl::t_time},
    {"prev_st", builtin::prev_st, dsl::t_time}, {"inSyn", builtin::inSyn, dsl::t_scalar, true},
    {"id_pre", builtin::id_pre, dsl::t_uint}, {"id_post", builtin::id_post, dsl::t_uint},
    {"id_syn", builtin::id_syn, dsl::t_uint}, {"num_pre", builtin::num_pre, dsl::t_uint},
    {"num_post", builtin::num_post, dsl::t_uint}, {"st_pre", builtin::st_pre, dsl::t_time},
    {"prev_st_pre", builtin::prev_st_pre, dsl::t_time}, {"st_post", builtin::st_post, dsl::t_time},
    {"prev_st_post", builtin::prev_st_post, dsl::t_time}, {"id_kernel", builtin::id_kernel, dsl::t_uint},
    {"value", builtin::value, dsl::t_scalar, true}, {"id_post_begin", builtin::id_post_begin, dsl::t_uint},
    {"id_thread", builtin::id_thread, dsl::t_uint}, {"num_threads", builtin::num_threads, dsl::t_uint},
    {"id_pre_begin", builtin::id_pre_begin, dsl::t_uint}, {"id_diag", builtin::id_diag, dsl::t_uint},
    {"num_batch", builtin::num_batch, dsl::t_uint},
    {"set_pre", builtin::set_pre, dsl::t_time}, {"prev_set_pre", builtin::prev_set_pre, dsl::t_time},
    {"set_post", builtin::set_post, dsl::t_time}, {"prev_set_post", builtin::prev_set_post, dsl::t_time},
    {"row_length", builtin::row_length, dsl::t_uint}, {"row_stride", builtin::row_stride, dsl::t_uint},
};
constexpr bool visible(builtin b, field f) {
    using B = builtin;
    switch (b) {
        case B::t: case B::dt: case B::batch: return f != field::derived || b == B::dt;
        // the batch size: wherever code runs per batch entry (not in connectivity, which
        // every batch entry shares, nor in variable initialisation here)
        case B::num_batch:
            return f != field::derived && f != field::var_init_code && f != field::row_build_code &&
                   f != field::col_build_code && f != field::diagonal_build_code && f != field::row_update_code;
        default: break;
    }
    switch (f) {
        case field::sim_code: case field::threshold_condition_code: case field::reset_code:
            // neuron fields and the postsynaptic sim_code share these names
            return b == B::id || b == B::num_neurons || b == B::Isyn || b == B::st || b == B::prev_st ||
                   b == B::inSyn;
        case field::injection_code: return b == B::id || b == B::num_neurons;
        case field::pre_spike_syn_code: case field::pre_event_syn_code: case field::post_event_syn_code:
        case field::post_spike_syn_code: case field::synapse_dynamics_code:
            return b == B::id_pre || b == B::id_post || b == B::id_syn || b == B::num_pre ||
                   b == B::num_post || b == B::st_pre || b == B::prev_st_pre || b == B::st_post ||
                   b == B::prev_st_post || b == B::id_kernel || b == B::set_pre || b == B::prev_set_pre ||
                   b == B::set_post || b == B::prev_set_post;
        case field::pre_event_threshold_condition_code: case field::pre_spike_code: case field::pre_dynamics_code:
            return b == B::id || b == B::st_pre || b == B::prev_st_pre || b == B::num_neurons;
        case field::post_event_threshold_condition_code: case field::post_spike_code: case field::post_dynamics_code:
            return b == B::id || b == B::st_post || b == B::prev_st_post || b == B::num_neurons;
        case field::var_init_code:
            return b == B::value || b == B::id || b == B::num_neurons || b == B::id_pre || b == B::id_post ||
                   b == B::num_pre || b == B::num_post || b == B::id_kernel;
        case field::row_build_code:
            return b == B::id_pre || b == B::num_pre || b == B::num_post || b == B::id_post_begin ||
                   b == B::id_thread || b == B::num_threads;
        case field::col_build_code:
            return b == B::id_post || b == B::num_pre || b == B::num_post || b == B::id_pre_begin;
        case field::diagonal_build_code:
            return b == B::id_diag || b == B::num_pre || b == B::num_post || b == B::id_pre;
        case field::update_code:
            return b == B::id || b == B::num_neurons || b == B::id_pre || b == B::id_post ||
                   b == B::num_pre || b == B::num_post || b == B::num_batch || b == B::id_syn;
        case field::row_update_code:  // id_post and id_syn: inside for_each_synapse only (in_loop_builtin)
            return b == B::id_pre || b == B::num_pre || b == B::num_post || b == B::row_length || b == B::row_stride ||
                   b == B::id_post || b == B::id_syn;
        default: return false;
    }
}
}  // namespace detail

/// The first variable or reference of `m` whose access mode its family does not allow:
/// reductions only in custom updates, reduce_batch_* / reduce_neuron_* only on their
/// variables, reduce_sum / reduce_max only on their references. Returns why (empty when
/// all is well) and sets `name`.
constexpr std::string_view access_mode_problem(const model_info& m, std::string_view& name) {
    std::string_view why{};
    auto scan = [&](std::span<const var_info> vs, bool refs) {
        for (const auto& v : vs) {
            if (!why.empty()) return;
            const bool own_mode = v.mode >= access::reduce_batch_sum && v.mode <= access::reduce_neuron_max;
            const bool ref_mode = v.mode == access::reduce_sum || v.mode == access::reduce_max;
            if (m.fam != family::custom_update && is_reduction(v.mode)) why = "has a reduction access mode, which only custom updates have";
            else if (refs && own_mode) why = "is a variable reference: its reduction modes are access::reduce_sum and access::reduce_max";
            else if (!refs && ref_mode) why = "is a variable: its reduction modes are access::reduce_batch_* and access::reduce_neuron_*";
            if (!why.empty()) name = v.name;
        }
    };
    scan(m.vars, false); scan(m.pre_vars, false); scan(m.post_vars, false);
    scan(m.var_refs, true); scan(m.neuron_var_refs, true); scan(m.pre_neuron_var_refs, true); scan(m.post_neuron_var_refs, true);
    scan(m.psm_var_refs, true);
    return why;
}

/// Whether code field `f` of a model of family `fam` may write variables of its own
/// (read-only access modes excepted).
constexpr bool writes_state(field f) { return !is_condition(f); }

/// Whether a built-in of field `f` names the synapse that `for_each_synapse` visits.
constexpr bool in_loop_builtin(builtin b, field f) {
    return f == field::row_update_code && (b == builtin::id_post || b == builtin::id_syn);
}

/// Calls `push(dsl::symbol)` for every name visible in field `f` of model `m`, in layout
/// order. `derived_limit` limits derived parameters (a derived expression sees only the
/// ones before it).
template <class Push>
constexpr void for_each_symbol(const model_info& m, field f, Push&& push, std::size_t derived_limit = ~std::size_t(0)) {
    auto add = [&](std::span<const var_info> vs, group g, bool state_writable, bool delayable = false) {
        for (std::size_t i = 0; i < vs.size(); ++i) {
            const bool red = is_reduction(vs[i].mode);
            const bool w = state_writable && (vs[i].mode == access::read_write || red);
            push(dsl::symbol{vs[i].name, dsl::sym_kind::var, vs[i].type, w, std::uint8_t(g), std::uint16_t(i), red && state_writable,
                             false, delayable});
        }
    };
    for (std::size_t i = 0; i < m.params.size(); ++i)
        push(dsl::symbol{m.params[i].name, dsl::sym_kind::param, m.params[i].type, false, std::uint8_t(group::param), std::uint16_t(i)});
    for (std::size_t i = 0; i < m.derived.size() && i < derived_limit; ++i)
        push(dsl::symbol{m.derived[i].name, dsl::sym_kind::derived_param, m.derived[i].type, false, std::uint8_t(group::derived), std::uint16_t(i)});
    if (f == field::derived) {
        push(dsl::symbol{"dt", dsl::sym_kind::builtin, dsl::t_time, false, std::uint8_t(group::builtin), std::uint16_t(builtin::dt)});
        return;
    }
    for (std::size_t i = 0; i < m.egps.size(); ++i)
        push(dsl::symbol{m.egps[i].name, dsl::sym_kind::extra_global_param, m.egps[i].type, true, std::uint8_t(group::egp), std::uint16_t(i)});
    for (std::size_t i = 0; i < m.egp_refs.size(); ++i)
        push(dsl::symbol{m.egp_refs[i].name, dsl::sym_kind::extra_global_param, m.egp_refs[i].type, true, std::uint8_t(group::egp_ref), std::uint16_t(i)});
    const bool w = writes_state(f);
    switch (f) {
        case field::sim_code: case field::threshold_condition_code: case field::reset_code:
            add(m.vars, group::var, w);
            add(m.neuron_var_refs, group::neuron_ref, w);
            add(m.additional_inputs, group::additional_input, false);
            break;
        case field::injection_code: add(m.vars, group::var, w); add(m.neuron_var_refs, group::neuron_ref, w); break;
        case field::pre_spike_syn_code: case field::pre_event_syn_code: case field::post_event_syn_code:
        case field::post_spike_syn_code: case field::synapse_dynamics_code:
            add(m.vars, group::var, w);
            // presynaptic variables are read-only here, as in GeNN 5: with an axonal
            // delay they are read from delayed copies (the value the emitting step left)
            add(m.pre_vars, group::pre_var, false);
            // postsynaptic state may be read as it was d steps ago, `x[d]` (GeNN 5's
            // heterogeneously delayed reads; the group keeps the history)
            add(m.post_vars, group::post_var, w, true);
            add(m.pre_neuron_var_refs, group::pre_ref, false);
            add(m.post_neuron_var_refs, group::post_ref, false, true);
            // the postsynaptic model's variables are per postsynaptic neuron: many
            // synapses share one, so synaptic code only reads them
            add(m.psm_var_refs, group::psm_ref, false, true);
            break;
        case field::pre_event_threshold_condition_code: case field::pre_spike_code: case field::pre_dynamics_code:
            add(m.pre_vars, group::pre_var, w);
            add(m.pre_neuron_var_refs, group::pre_ref, false);
            break;
        case field::post_event_threshold_condition_code: case field::post_spike_code: case field::post_dynamics_code:
            add(m.post_vars, group::post_var, w);
            add(m.post_neuron_var_refs, group::post_ref, false);
            add(m.psm_var_refs, group::psm_ref, w);  // one postsynaptic neuron per thread: writable
            break;
        case field::update_code: add(m.vars, group::var, w); add(m.var_refs, group::var_ref, w); break;
        case field::row_update_code: {
            // per-synapse and per-postsynaptic names exist only inside for_each_synapse
            auto add_in = [&](std::span<const var_info> vs, group g, bool in_loop) {
                for (std::size_t i = 0; i < vs.size(); ++i)
                    push(dsl::symbol{vs[i].name, dsl::sym_kind::var, vs[i].type, vs[i].mode == access::read_write,
                                     std::uint8_t(g), std::uint16_t(i), false, in_loop});
            };
            add_in(m.vars, group::var, true);
            add_in(m.pre_vars, group::pre_var, false);
            add_in(m.post_vars, group::post_var, true);
            add_in(m.var_refs, group::var_ref, true);
            add_in(m.pre_neuron_var_refs, group::pre_ref, false);
            add_in(m.post_neuron_var_refs, group::post_ref, true);
            break;
        }
        default: break;
    }
    for (const auto& b : detail::builtins) {
        if (!detail::visible(b.id, f)) continue;
        if (b.id == builtin::inSyn && m.fam != family::postsynaptic) continue;
        if ((b.id == builtin::Isyn || b.id == builtin::st || b.id == builtin::prev_st) && m.fam != family::neuron) continue;
        push(dsl::symbol{b.name, dsl::sym_kind::builtin, b.type, b.writable, std::uint8_t(group::builtin), std::uint16_t(b.id), false,
                         in_loop_builtin(b.id, f)});
    }
}

/// The functions field `f` of a model of family `fam` may call.
constexpr std::span<const dsl::context_function> functions_of(family fam, field f) {
    switch (f) {
        case field::sim_code:
            if (fam == family::postsynaptic) return detail::inject_fns;
            return {};
        case field::injection_code: return detail::inject_fns;
        case field::pre_spike_syn_code: case field::pre_event_syn_code: case field::post_event_syn_code:
        case field::post_spike_syn_code: case field::synapse_dynamics_code: return detail::synaptic_fns;
        case field::row_build_code: case field::col_build_code: return detail::build_fns;
        case field::diagonal_build_code: return detail::toeplitz_fns;
        case field::row_update_code: return detail::row_update_fns[0];
        default: return {};
    }
}
/// The functions field `f` of model `m` may call: as above, with add_synapse's arity fitted
/// to a custom connectivity update's variables and references.
constexpr std::span<const dsl::context_function> functions_of(const model_info& m, field f) {
    if (f == field::row_update_code) {
        const std::size_t n = m.vars.size() + m.var_refs.size();
        return detail::row_update_fns[n <= detail::max_add_synapse_values ? n : detail::max_add_synapse_values];
    }
    return functions_of(m.fam, f);
}

/// Counts the symbols of a field (to size constexpr tables).
constexpr std::size_t symbol_count(const model_info& m, field f, std::size_t derived_limit = ~std::size_t(0)) {
    std::size_t n = 0;
    for_each_symbol(m, f, [&](const dsl::symbol&) { ++n; }, derived_limit);
    return n;
}

}  // namespace cortexpr
