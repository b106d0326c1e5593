// Host storage of each kind of part (the CUDA backend keeps a device twin of every
// array, in the same layout; host/fields.hpp lists them). Layouts: variables [batch][element] (or shared, see
// var_offset); spike queues [batch][slot][neuron]; sparse rows [pre][stride] sorted by
// postsynaptic index; recording [batch][step][word].
#pragma once
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "../step/rows.hpp"
#include "../step/traits.hpp"
#include "model_store.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

// Stores are keyed by the part's kind (its model types), not by its place in the network:
// parts of one kind share one store type, so the code that builds, checks and saves them
// (host/builder.hpp, host/fields.hpp) is instantiated once per kind, not once per part.
// The name is run-time data, set by network_instance.

template <class Model, class S, class T>
struct pop_store {
    using model = Model;
    std::string name;
    model_store<info_holder<Model, family::neuron>> m;
    std::uint32_t n = 0, ring = 1;
    std::uint32_t batches = 1;       // the simulation's batch size, which model code sees as num_batch
    buffer st, prev_st, spk, spk_cnt;
    buffer rec;                      // recorded spikes, one bit per neuron and step
    std::uint32_t rec_steps = 0, rec_words = 0;

    spikes_view<T> spikes(std::uint32_t st_slot = 0) {
        return {n, ring, st.template data<T>(), prev_st.template data<T>(), spk.template data<std::uint32_t>(),
                spk_cnt.template data<std::uint32_t>(), st_slot, batches};
    }
    /// Spikes of batch b in queue slot `slot`.
    std::span<const std::uint32_t> slot(std::uint32_t b, std::uint32_t s) {
        const std::size_t k = std::size_t(b) * ring + s;
        return {spk.template data<std::uint32_t>() + k * n, spk_cnt.template data<std::uint32_t>()[k]};
    }
};

template <class Model, class S, class T>
struct cs_store {
    using model = Model;
    std::string name;
    model_store<info_holder<Model, family::current_source>> m;
};

/// model_store for each initialiser of a tuple of var_init<...>.
template <class Inits>
struct init_stores;
template <class... I>
struct init_stores<std::tuple<I...>> { using type = std::tuple<model_store<I>...>; };

/// A synapse group's store, keyed by its weight-update and postsynaptic models, the
/// initialisers of its weight-update variables (kept for procedural weights) and its
/// matrix kind and weight storage.
template <class WuModel, class PsmModel, class WuInits, matrix_kind K, weight_storage W, class S, class T>
struct sg_store {
    using wu_model = WuModel;
    using psm_model = PsmModel;
    using wu_h = info_holder<WuModel, family::weight_update>;
    using psm_h = info_holder<PsmModel, family::postsynaptic>;
    static constexpr matrix_kind kind = K;
    static constexpr weight_storage weights = W;
    static constexpr model_info wu_info = wu_h::info;
    static constexpr model_info psm_info = psm_h::info;
    /// Postsynaptic learning (spikes or spike-like events): the group keeps column lists.
    static constexpr bool learns_post = !wu_info.code[std::size_t(field::post_spike_syn_code)].empty() ||
                                        !wu_info.code[std::size_t(field::post_event_syn_code)].empty();
    static constexpr std::size_t scalar_bytes = sizeof(S);
    static constexpr std::size_t time_bytes = sizeof(T);
    static constexpr bool has_events = !wu_info.code[std::size_t(field::pre_event_syn_code)].empty();
    /// Synaptic code reads spike-like-event times (set_pre, prev_set_pre): the group keeps them.
    static constexpr bool event_times = wu_code_mentions(info_of<WuModel, family::weight_update>(), "set_pre");
    static constexpr bool has_post_events = !wu_info.code[std::size_t(field::post_event_syn_code)].empty();
    static constexpr bool post_event_times = wu_code_mentions(info_of<WuModel, family::weight_update>(), "set_post");
    /// Entries of the history of postsynaptic state read delayed (x[d]; 0 if none). (A
    /// fresh info_of: g++ rejects wu_info passed by reference while the class is defined.)
    static constexpr std::size_t post_history = post_history_size(info_of<WuModel, family::weight_update>());
    static constexpr std::size_t pre_var_history = pre_var_history_size(info_of<WuModel, family::weight_update>());
    template <class Sx, class Tx>
    using syn_view = synapse_view<Sx, Tx, model_view_for<wu_h>, wu_info.pre_vars.size(), wu_info.post_vars.size(), model_view_for<psm_h>,
                                  wu_info.pre_neuron_var_refs.size(), post_history,
                                  pre_var_history>;

    std::string name;
    model_store<wu_h> wu;
    model_store<psm_h> psm;
    std::array<buffer, wu_info.pre_vars.size()> pre_vars;
    std::array<buffer, wu_info.post_vars.size()> post_vars;
    std::uint32_t n_pre = 0, n_post = 0;
    std::uint32_t axonal = 0, back_prop = 0, max_dendritic = 0;
    buffer in_syn, den, rev;
    bool fused = false;              // this group's input goes to another group's inSyn
    void* in_syn_alias = nullptr;    // ... that group's inSyn and dendritic ring
    void* den_alias = nullptr;
    std::uint32_t bad_delay = 0;

    // connectivity
    std::uint32_t stride = 0;             // sparse: row capacity
    std::uint32_t index_bytes = 4;        // sparse: width of postsynaptic indices
    std::vector<std::uint32_t> row_length;
    buffer ind;                           // sparse: [n_pre][stride] of index_bytes each
    std::vector<std::uint32_t> bits;      // bitmask: [n_pre][words_per_row]
    std::uint32_t words_per_row = 0;
    std::uint32_t col_stride = 0;         // learning: column capacity
    std::vector<std::uint32_t> col_length, col_syn;  // [n_post][col_stride] synapse indices
    std::array<std::uint32_t, 4> kernel{1, 1, 1, 1};  // kernel shape (kernel weights)
    std::size_t syn_count = 0;            // elements per batch of an individual/kernel variable

    // procedural weights: the initialisers of the weight-update variables, regenerated
    // at every use
    typename init_stores<WuInits>::type proc_inits;

    // events (spike-like events of the presynaptic side): [batch][ring][n_pre]
    buffer evt, evt_cnt;
    std::uint32_t evt_ring = 1;
    // spike-like-event times, where synaptic code reads them: [batch][evt_ring][n_pre]
    buffer set, prev_set;
    // spike-like events of the postsynaptic side and their times (set_post, where read):
    // [batch][post_evt_ring][n_post], the postsynaptic population's delay slots
    buffer post_evt, post_evt_cnt, post_set, post_prev_set;
    std::uint32_t post_evt_ring = 1;
    // recordings of the spike-like events of each side (record_spike_events):
    // [batch][steps][words], bit id % 32 of word id / 32, like the spike recording
    buffer evt_rec, post_evt_rec;
    std::uint32_t evt_rec_steps = 0, post_evt_rec_steps = 0;
    // with an axonal delay, delayed copies of the presynaptic neuron variables that
    // pre_neuron_var_refs name: [batch][evt_ring][n_pre] each (keep_pre_history)
    std::array<buffer, wu_info.pre_neuron_var_refs.size()> pre_hist;
    // where synaptic code reads postsynaptic state delayed (x[d]): its values at the end of
    // the last max_dendritic + 1 steps, [batch][max_dendritic + 1][n_post] per entry of
    // post_state_name that is read delayed (keep_post_history)
    std::array<buffer, post_history> post_hist;
    // with an axonal delay, delayed copies of the pre_vars synaptic code reads:
    // [batch][evt_ring][n_pre] each (keep_pre_history)
    std::array<buffer, pre_var_history> pre_var_hist;

    std::size_t synapse_count() const {
        std::size_t c = 0;
        for (auto l : row_length) c += l;
        return c;
    }

    template <class Ind>
    Ind* indices() { return ind.template data<Ind>(); }

    template <class Sx, class Tx>
    syn_view<Sx, Tx> view(std::uint32_t den_ptr) {
        syn_view<Sx, Tx> v{};
        v.wu = wu.template view<Sx, Tx>();
        v.psm = psm.template view<Sx, Tx>();
        if constexpr (wu_info.pre_vars.size() > 0)
            for (std::size_t k = 0; k < pre_vars.size(); ++k) v.pre_vars[k] = pre_vars[k].raw();
        if constexpr (wu_info.post_vars.size() > 0)
            for (std::size_t k = 0; k < post_vars.size(); ++k) v.post_vars[k] = post_vars[k].raw();
        v.n_pre = n_pre; v.n_post = n_post; v.syn_count = syn_count;
        v.axonal = axonal; v.back_prop = back_prop; v.max_dendritic = max_dendritic; v.den_ptr = den_ptr;
        v.in_syn = fused ? static_cast<Sx*>(in_syn_alias) : in_syn.template data<Sx>();
        v.den = fused ? static_cast<Sx*>(den_alias) : den.template data<Sx>();
        v.rev = rev.template data<Sx>();
        v.bad_delay = &bad_delay;
        v.set = set.template data<Tx>();
        v.prev_set = prev_set.template data<Tx>();
        v.evt_ring = evt_ring;
        v.post_set = post_set.template data<Tx>();
        v.post_prev_set = post_prev_set.template data<Tx>();
        v.post_evt_ring = post_evt_ring;
        if constexpr (wu_info.pre_neuron_var_refs.size() > 0)
            for (std::size_t k = 0; k < pre_hist.size(); ++k) v.pre_hist[k] = pre_hist[k].raw();
        if constexpr (post_history > 0)
            for (std::size_t k = 0; k < post_hist.size(); ++k) v.post_hist[k] = post_hist[k].raw();
        if constexpr (pre_var_history > 0)
            for (std::size_t k = 0; k < pre_var_hist.size(); ++k) v.pre_var_hist[k] = pre_var_hist[k].raw();
        return v;
    }
};

/// The connectivity snippet's parameters and EGPs of synapse group I (nothing otherwise).
template <class List, std::size_t I>
auto make_connect_store() {
    if constexpr (List::kinds[I] == part_kind::synapses) {
        using C = typename List::template part<I>::matrix_type::connect_type;
        if constexpr (requires { C::info; }) return model_store<C>{};
        else return std::monostate{};
    } else {
        return std::monostate{};
    }
}
template <class List, class Seq = std::make_index_sequence<List::size>>
struct connect_stores_of;
template <class List, std::size_t... I>
struct connect_stores_of<List, std::index_sequence<I...>> {
    using type = std::tuple<decltype(make_connect_store<List, I>())...>;
};

template <class List, std::size_t I, class S, class T>
auto make_store() {
    using D = typename List::template part<I>;
    if constexpr (List::kinds[I] == part_kind::population) {
        return pop_store<typename D::model, S, T>{};
    } else if constexpr (List::kinds[I] == part_kind::current_source) {
        return cs_store<typename D::model, S, T>{};
    } else {
        using M = typename D::matrix_type;
        return sg_store<typename D::wu_type::model, typename D::psm_type::model,
                        std::remove_cvref_t<decltype(std::declval<D>().wu.vars)>, M::kind, M::weights, S, T>{};
    }
}
template <class List, std::size_t I, class S, class T>
using store_t = decltype(make_store<List, I, S, T>());

template <class List, class S, class T, class Seq = std::make_index_sequence<List::size>>
struct stores_of;
template <class List, class S, class T, std::size_t... I>
struct stores_of<List, S, T, std::index_sequence<I...>> {
    using type = std::tuple<store_t<List, I, S, T>...>;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
