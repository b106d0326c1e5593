// The one list of a network instance's arrays (host/instance.hpp), in the network's
// order: what a checkpoint saves (runtime/checkpoint_state.hpp), what the CUDA backend
// keeps a device twin of (backend/cuda/engine.hpp) and what options::check_finite scans
// (runtime/finite_guard.hpp). A new array in a store is added here once.
//
// for_each_field<S, T>(h, f) calls, per part:
//   f.template model<Role>(group, suffix, model_store&, part_store&)  parameters, derived
//       parameters, variables and EGPs of one model instance (suffix: "", ".psm",
//       ".connectivity", ".procedural<k>"), with the store of the part that holds it
//   f.template var_set<Vars>(group, set, std::array<buffer, N>&, sg_store&)  a weight
//       update's pre ("pre_var") or post ("post_var") variables, `Vars()` their list
//   f.array(group, field, buffer&, element bytes, bound)   an array of the step's state
//   f.table(group, field, std::vector<std::uint32_t>&, bound)   a connectivity table
//   f.recording(group, pop_store&)   the spike recording (resized by record_spikes)
//   f.event_recording(group, sg_store&)   the spike-like-event recordings (resized by
//       record_spike_events), for the visitors that have it: the CUDA mirror (recordings
//       of events are not part of checkpoints)
// `bound`: what every element must be below (or at most), for checks of loaded data.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "instance.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Which model instance of a part a model store holds.
enum class store_role : std::uint8_t { neuron, current_source, weight_update, postsynaptic, connectivity, procedural };

/// What every element of an index array must respect (checked when a checkpoint is loaded).
struct field_bound {
    enum kind_t : std::uint8_t { none, below, at_most } kind = none;
    std::uint64_t limit = 0;
};
inline constexpr field_bound below(std::uint64_t n) { return {field_bound::below, n}; }
inline constexpr field_bound at_most(std::uint64_t n) { return {field_bound::at_most, n}; }

// The visits of one part, keyed by its store type (its kind), not by its place.
template <class F, class Model, class S, class T>
void visit_fields(F& f, pop_store<Model, S, T>& p) {
    f.template model<store_role::neuron>(p.name, "", p.m, p);
    f.array(p.name, "st", p.st, sizeof(T), {});
    f.array(p.name, "prev_st", p.prev_st, sizeof(T), {});
    f.array(p.name, "spikes", p.spk, 4, below(p.n));
    f.array(p.name, "spike_count", p.spk_cnt, 4, at_most(p.n));
    f.recording(p.name, p);
}
template <class F, class Model, class S, class T>
void visit_fields(F& f, cs_store<Model, S, T>& c) {
    f.template model<store_role::current_source>(c.name, "", c.m, c);
}
template <class F, class Store, class CS>
void visit_group_fields(F& f, Store& g, CS& cs) {
    f.template model<store_role::weight_update>(g.name, "", g.wu, g);
    f.template model<store_role::postsynaptic>(g.name, ".psm", g.psm, g);
    f.template var_set<pre_vars_of<typename Store::wu_model>>(g.name, "pre_var", g.pre_vars, g);
    f.template var_set<post_vars_of<typename Store::wu_model>>(g.name, "post_var", g.post_vars, g);
    f.array(g.name, "inSyn", g.in_syn, Store::scalar_bytes, {});
    f.array(g.name, "dendritic_delay", g.den, Store::scalar_bytes, {});
    f.array(g.name, "revInSyn", g.rev, Store::scalar_bytes, {});
    f.array(g.name, "events", g.evt, 4, below(g.n_pre));
    f.array(g.name, "event_count", g.evt_cnt, 4, at_most(g.n_pre));
    f.array(g.name, "set", g.set, Store::time_bytes, {});
    f.array(g.name, "prev_set", g.prev_set, Store::time_bytes, {});
    // postsynaptic spike-like events: only where the model has them, so that the fields
    // of other groups (and their checkpoints' layout) stay as they were
    if constexpr (Store::has_post_events) {
        f.array(g.name, "post_events", g.post_evt, 4, below(g.n_post));
        f.array(g.name, "post_event_count", g.post_evt_cnt, 4, at_most(g.n_post));
    }
    if constexpr (Store::post_event_times) {
        f.array(g.name, "set_post", g.post_set, Store::time_bytes, {});
        f.array(g.name, "prev_set_post", g.post_prev_set, Store::time_bytes, {});
    }
    for (std::size_t k = 0; k < g.pre_hist.size(); ++k)
        f.array(g.name, "pre_history" + std::to_string(k), g.pre_hist[k],
                g.pre_hist[k].count() ? g.pre_hist[k].bytes() / g.pre_hist[k].count() : 1, {});
    for (std::size_t k = 0; k < g.pre_var_hist.size(); ++k)
        f.array(g.name, "pre_var_history" + std::to_string(k), g.pre_var_hist[k],
                g.pre_var_hist[k].count() ? g.pre_var_hist[k].bytes() / g.pre_var_hist[k].count() : 1, {});
    for (std::size_t k = 0; k < g.post_hist.size(); ++k)
        f.array(g.name, "post_history" + std::to_string(k), g.post_hist[k],
                g.post_hist[k].count() ? g.post_hist[k].bytes() / g.post_hist[k].count() : 1, {});
    f.table(g.name, "row_length", g.row_length, at_most(g.stride));
    f.array(g.name, "ind", g.ind, g.index_bytes, below(g.n_post));
    f.table(g.name, "bitmask", g.bits, {});
    f.table(g.name, "col_length", g.col_length, at_most(g.col_stride));
    f.table(g.name, "col_syn", g.col_syn, below(std::uint64_t(g.n_pre) * g.stride));
    if constexpr (requires { f.event_recording(g.name, g); }) f.event_recording(g.name, g);
    // procedural/toeplitz parameters and EGPs (incl. the row lengths the host drew
    // for FixedNumberTotal)
    if constexpr (requires { cs.params; }) f.template model<store_role::connectivity>(g.name, ".connectivity", cs, g);
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (f.template model<store_role::procedural>(g.name, ".procedural" + std::to_string(K), std::get<K>(g.proc_inits), g), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(g.proc_inits)>>{});
}

template <class S, class T, class Instance, class F>
void for_each_field(Instance& h, F&& f) {
    for_each_index<Instance::pops>([&]<std::size_t I>() { visit_fields(f, h.template store<I>()); });
    for_each_index<Instance::sources>([&]<std::size_t I>() { visit_fields(f, h.template store<I>()); });
    for_each_index<Instance::groups>([&]<std::size_t G>() { visit_group_fields(f, h.template store<G>(), h.template connect_store<G>()); });
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
