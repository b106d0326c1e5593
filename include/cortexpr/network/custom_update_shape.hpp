// What a custom update's references point at, found at compile time from the network's
// parts: the target's storage layout (per element and batch entry, per element, per
// batch entry, one value), the update's shape (per neuron of a population's size, or per
// synapse of one synapse group) and whether it loops over batch entries. The network
// check (custom_update_network.hpp) reports what does not fit; the backends lay out
// their loops from the same facts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>

#include "custom_update.hpp"
#include "groups.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// How a variable is laid out in memory, for `num_batch` batch entries and n elements.
enum class var_layout : std::uint8_t {
    element_batch,  // [batch][n]
    element,        // [n], shared by batch entries
    batch,          // [batch], one per batch entry
    single,         // one value
};
constexpr bool has_batch_axis(var_layout l) { return l == var_layout::element_batch || l == var_layout::batch; }
constexpr bool has_element_axis(var_layout l) { return l == var_layout::element_batch || l == var_layout::element; }
CORTEXPR_HOST_DEVICE constexpr std::size_t layout_offset(var_layout l, std::uint32_t b, std::size_t n, std::size_t e) {
    switch (l) {
        case var_layout::element_batch: return std::size_t(b) * n + e;
        case var_layout::element: return e;
        case var_layout::batch: return b;
        default: return 0;
    }
}
constexpr std::size_t layout_count(var_layout l, std::uint32_t batch, std::size_t n) {
    switch (l) {
        case var_layout::element_batch: return std::size_t(batch) * n;
        case var_layout::element: return n;
        case var_layout::batch: return batch;
        default: return 1;
    }
}

/// A population's, source's or synapse group's variable of access mode `a`.
constexpr var_layout layout_of_part_var(access a) {
    switch (a) {
        case access::read_only: return var_layout::element;
        case access::read_only_shared_neuron: return var_layout::batch;
        default: return var_layout::element_batch;
    }
}
/// A custom update's own variable, in an update that loops over batch entries or not.
constexpr var_layout layout_of_update_var(access a, bool batched) {
    const bool per_population = a == access::read_only_shared_neuron || a == access::reduce_neuron_sum ||
                                a == access::reduce_neuron_max;
    const bool shared = a == access::read_only || a == access::reduce_batch_sum || a == access::reduce_batch_max;
    if (per_population) return batched ? var_layout::batch : var_layout::single;
    if (shared || !batched) return var_layout::element;
    return var_layout::element_batch;
}

/// What one reference resolves to. `error` is empty when it resolves.
struct ref_resolution {
    std::string_view error{};
    std::string_view error_name{};  // the part or variable the error is about
    int part = -1;                  // index among the network's parts, or
    int update = -1;                // ... among its custom updates
    int set = -1, index = -1;       // 0 model vars, 1 WU pre vars, 2 WU post vars, 3 postsynaptic-model vars
    bool synapse = false;           // per synapse of shape_owner (else per neuron of shape_owner)
    std::string_view shape_owner{}; // the population whose size it has, or the synapse group
    var_layout layout = var_layout::element_batch;
    access mode = access::read_write;   // the target's access mode
    dsl::type_t type = dsl::t_scalar;
    matrix_kind matrix = matrix_kind::dense;
};
struct update_shape {
    std::string_view error{}, error_name{};
    std::size_t error_ref = 0;
    bool synapse = false;
    std::string_view owner{};
    bool batched = false;
    matrix_kind matrix = matrix_kind::dense;
};

template <class List, class Updates>
struct update_facts {
    static constexpr std::size_t n_updates = std::tuple_size_v<Updates>;
    template <std::size_t U> using update = std::tuple_element_t<U, Updates>;

    static constexpr int find_var(std::span<const var_info> vs, std::string_view v) {
        for (std::size_t k = 0; k < vs.size(); ++k) if (vs[k].name == v) return int(k);
        return -1;
    }

    /// The target (part, var) among the network's parts.
    static constexpr ref_resolution resolve_part(std::string_view part, std::string_view var) {
        ref_resolution r;
        r.error = "unknown part";
        r.error_name = part;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ([&] {
                using P = typename List::template part<I>;
                if (std::string_view(P::name) != part) return;
                r = ref_resolution{};
                r.part = int(I);
                auto take = [&](std::span<const var_info> vs, int set, bool syn, std::string_view owner) {
                    if (r.set >= 0) return;
                    const int k = find_var(vs, var);
                    if (k < 0) return;
                    r.set = set; r.index = k; r.synapse = syn; r.shape_owner = owner;
                    r.mode = vs[k].mode; r.type = vs[k].type; r.layout = layout_of_part_var(vs[k].mode);
                };
                if constexpr (P::kind == part_kind::population) {
                    take(P::info.vars, 0, false, P::name);
                } else if constexpr (P::kind == part_kind::current_source) {
                    take(P::info.vars, 0, false, P::target);
                } else {
                    constexpr model_info wu = info_of<typename P::wu_type::model, family::weight_update>();
                    constexpr model_info ps = info_of<typename P::psm_type::model, family::postsynaptic>();
                    take(wu.vars, 0, true, P::name);
                    take(wu.pre_vars, 1, false, P::pre);
                    take(wu.post_vars, 2, false, P::post);
                    take(ps.vars, 3, false, P::post);
                    r.matrix = P::matrix_type::kind;
                    if (r.set == 0 && P::matrix_type::weights != weight_storage::individual) {
                        r.error = "has no per-synapse storage (dense or sparse connectivity with individual weights only)";
                        r.error_name = part;
                    }
                }
                if (r.set < 0 && r.error.empty()) { r.error = "unknown variable"; r.error_name = var; }
            }(), ...);
        }(std::make_index_sequence<List::size>{});
        return r;
    }

    static constexpr ref_resolution resolve(const ref_target_desc& t, int depth) {
        ref_resolution r = resolve_part(t.part, t.var);
        if (r.part >= 0 || depth <= 0) return r;
        [&]<std::size_t... U>(std::index_sequence<U...>) {
            ([&] {
                using C = update<U>;
                if (std::string_view(C::name) != t.part) return;
                r = ref_resolution{};
                r.update = int(U);
                const int k = find_var(C::info.vars, t.var);
                if (k < 0) { r.error = "unknown variable"; r.error_name = t.var; return; }
                const update_shape s = shape(U, depth - 1);
                if (!s.error.empty()) { r.error = "refers to a custom update whose references do not resolve"; r.error_name = t.part; return; }
                r.set = 0; r.index = k; r.synapse = s.synapse; r.shape_owner = s.owner; r.matrix = s.matrix;
                r.mode = C::info.vars[k].mode; r.type = C::info.vars[k].type;
                r.layout = layout_of_update_var(r.mode, s.batched);
            }(), ...);
        }(std::make_index_sequence<n_updates>{});
        return r;
    }

    /// Shape of custom update U: its references' common shape, batched when any has a
    /// batch axis.
    static constexpr update_shape shape(std::size_t u, int depth = 4) {
        update_shape s;
        [&]<std::size_t... U>(std::index_sequence<U...>) {
            ([&] {
                if (U != u) return;
                using C = update<U>;
                if (C::ref_targets.size() == 0) { s.error = "has no variable references (its elements are those of what it references)"; return; }
                for (std::size_t k = 0; k < C::ref_targets.size(); ++k) {
                    const ref_resolution r = resolve(C::ref_targets[k], depth);
                    if (!r.error.empty()) { s.error = r.error; s.error_name = r.error_name; s.error_ref = k; return; }
                    if (k == 0) { s.synapse = r.synapse; s.owner = r.shape_owner; s.matrix = r.matrix; }
                    else if (r.synapse != s.synapse) { s.error = "mixes per-neuron and per-synapse references"; s.error_name = C::info.var_refs[k].name; s.error_ref = k; return; }
                    else if (r.synapse && r.shape_owner != s.owner) { s.error = "references the synapses of two synapse groups"; s.error_name = r.shape_owner; s.error_ref = k; return; }
                    s.batched = s.batched || has_batch_axis(r.layout);
                }
            }(), ...);
        }(std::make_index_sequence<n_updates>{});
        return s;
    }
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
