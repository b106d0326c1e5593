// How a model describes itself: parameters, derived parameters, variables, extra
// global parameters, references and code fields, all constexpr data. A model is a
// plain struct with static constexpr members (see docs/guide/writing-models.md); `info_of<M>`
// reads it into one uniform description that the checker, the network layer and
// cortexpr-check share.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "../dsl/types.hpp"
#include "param_domains.hpp"

namespace cortexpr {

/// A code string of a model.
using code = std::string_view;

/// Who may write a variable, and whether batches share it (GeNN's VarAccess).
enum class access : std::uint8_t {
    read_write,               // one value per element and batch
    read_only,                // one value per element, shared by batches
    read_only_duplicate,      // one value per element and batch, read-only in code
    read_only_shared_neuron,  // one value per population and batch
    // custom updates only (GeNN's CustomUpdateVarAccess and VarAccessMode):
    reduce_batch_sum,         // own variable: one value per element, the sum over batch entries
    reduce_batch_max,         // ... the maximum over batch entries
    reduce_neuron_sum,        // own variable: one value per batch entry, the sum over elements
    reduce_neuron_max,        // ... the maximum over elements
    reduce_sum,               // variable reference: the sum over what the target lacks (batch or elements)
    reduce_max,               // ... the maximum
};
/// GeNN's READ_ONLY_SHARED: one value per element, shared by batches, read-only.
inline constexpr access read_only_shared = access::read_only;

/// Whether code assigns a reduction's contribution to a variable or reference of this
/// mode rather than the variable itself (it may not read it).
constexpr bool is_reduction(access a) { return a >= access::reduce_batch_sum; }
constexpr bool reduces_max(access a) {
    return a == access::reduce_batch_max || a == access::reduce_neuron_max || a == access::reduce_max;
}

struct param_info { std::string_view name; dsl::type_t type = dsl::t_scalar; };
struct derived_info { std::string_view name; std::string_view expression; dsl::type_t type = dsl::t_scalar; };
struct var_info {
    std::string_view name;
    dsl::type_t type = dsl::t_scalar;
    access mode = access::read_write;
    double init = 0;  // for additional input variables: the value they reset to each step
};
struct egp_info { std::string_view name; dsl::type_t type = dsl::pointer_to(dsl::t_scalar); };
/// What an extra global parameter reference of a custom update is called and holds.
using egp_ref_info = egp_info;

namespace detail {
constexpr param_info to_param(const char* n) { return {n}; }
constexpr param_info to_param(param_info p) { return p; }
constexpr var_info to_var(const char* n) { return {n}; }
constexpr var_info to_var(var_info v) { return v; }
}  // namespace detail

/// `params("TauM", param("n", "unsigned int"))`
constexpr param_info param(std::string_view name, std::string_view type = "scalar") {
    return {name, dsl::parse_type_name(type)};
}
template <class... P>
constexpr auto params(P... p) { return std::array<param_info, sizeof...(P)>{detail::to_param(p)...}; }

/// `vars("V", var("d", "uint8_t", access::read_only))`
constexpr var_info var(std::string_view name, std::string_view type = "scalar", access mode = access::read_write) {
    return {name, dsl::parse_type_name(type), mode};
}
constexpr var_info var(std::string_view name, access mode) { return {name, dsl::t_scalar, mode}; }
template <class... V>
constexpr auto vars(V... v) { return std::array<var_info, sizeof...(V)>{detail::to_var(v)...}; }

/// An additional input variable of a neuron: reset to `init` every step, written by
/// postsynaptic models or current sources that target it.
constexpr var_info additional_input(std::string_view name, std::string_view type = "scalar", double init = 0) {
    return {name, dsl::parse_type_name(type), access::read_write, init};
}
template <class... V>
constexpr auto additional_inputs(V... v) { return std::array<var_info, sizeof...(V)>{v...}; }

/// `derived_params(derive("ExpTC", "exp(-dt / TauM)"))`: an expression over the
/// parameters and `dt`, evaluated once on the host in double precision.
constexpr derived_info derive(std::string_view name, std::string_view expression, std::string_view type = "scalar") {
    return {name, expression, dsl::parse_type_name(type)};
}
template <class... D>
constexpr auto derived_params(D... d) { return std::array<derived_info, sizeof...(D)>{d...}; }

/// `extra_global_params(egp("spikeTimes", "scalar*"))`
constexpr egp_info egp(std::string_view name, std::string_view type = "scalar*") {
    return {name, dsl::parse_type_name(type)};
}
template <class... E>
constexpr auto extra_global_params(E... e) { return std::array<egp_info, sizeof...(E)>{e...}; }

/// A reference to a variable owned elsewhere (the target neuron's V, for ExpCond).
constexpr var_info var_ref(std::string_view name, std::string_view type = "scalar", access mode = access::read_only) {
    return {name, dsl::parse_type_name(type), mode};
}
template <class... V>
constexpr auto var_refs(V... v) { return std::array<var_info, sizeof...(V)>{detail::to_var(v)...}; }
constexpr var_info var_ref(std::string_view name, access mode) { return {name, dsl::t_scalar, mode}; }

/// `extra_global_param_refs(egp_ref("spikeTimes", "scalar*"))`: a custom update's view of
/// another part's extra global parameter.
constexpr egp_info egp_ref(std::string_view name, std::string_view type = "scalar*") {
    return {name, dsl::parse_type_name(type)};
}
template <class... E>
constexpr auto extra_global_param_refs(E... e) { return std::array<egp_info, sizeof...(E)>{e...}; }

}  // namespace cortexpr
