// Reading a model type into a model_info, and turning its code fields into checked
// dsl programs. A model is a struct with optional static constexpr members:
//   params, derived, vars, extra_global_params, pre_vars, post_vars, neuron_var_refs,
//   pre_neuron_var_refs, post_neuron_var_refs, psm_var_refs, additional_input_vars, var_refs
// and code fields named as in `field_names` (sim_code, threshold_condition_code, ...).
#pragma once
#include <cstddef>
#include <span>

#include "../dsl/emit.hpp"
#include "families.hpp"
#include "hooks.hpp"

namespace cortexpr {

namespace detail {
#define CORTEXPR_MEMBER_SPAN(member, T)                                        \
    template <class M>                                                         \
    constexpr std::span<const T> member##_of() {                               \
        if constexpr (requires { M::member; }) return std::span<const T>(M::member); \
        else return {};                                                        \
    }
CORTEXPR_MEMBER_SPAN(params, param_info)
CORTEXPR_MEMBER_SPAN(derived, derived_info)
CORTEXPR_MEMBER_SPAN(vars, var_info)
CORTEXPR_MEMBER_SPAN(extra_global_params, egp_info)
CORTEXPR_MEMBER_SPAN(pre_vars, var_info)
CORTEXPR_MEMBER_SPAN(post_vars, var_info)
CORTEXPR_MEMBER_SPAN(neuron_var_refs, var_info)
CORTEXPR_MEMBER_SPAN(pre_neuron_var_refs, var_info)
CORTEXPR_MEMBER_SPAN(post_neuron_var_refs, var_info)
CORTEXPR_MEMBER_SPAN(psm_var_refs, var_info)
CORTEXPR_MEMBER_SPAN(additional_input_vars, var_info)
CORTEXPR_MEMBER_SPAN(var_refs, var_info)
CORTEXPR_MEMBER_SPAN(extra_global_param_refs, egp_info)
CORTEXPR_MEMBER_SPAN(pre_var_refs, var_info)
CORTEXPR_MEMBER_SPAN(post_var_refs, var_info)
#undef CORTEXPR_MEMBER_SPAN

#define CORTEXPR_CODE_FIELD(name)                                   \
    if constexpr (requires { std::string_view(M::name); })          \
        info.code[std::size_t(field::name)] = std::string_view(M::name);
template <class M>
constexpr void read_code(model_info& info) {
    CORTEXPR_CODE_FIELD(sim_code) CORTEXPR_CODE_FIELD(threshold_condition_code)
    CORTEXPR_CODE_FIELD(reset_code) CORTEXPR_CODE_FIELD(injection_code)
    CORTEXPR_CODE_FIELD(pre_spike_syn_code) CORTEXPR_CODE_FIELD(pre_event_syn_code)
    CORTEXPR_CODE_FIELD(post_event_syn_code) CORTEXPR_CODE_FIELD(post_spike_syn_code)
    CORTEXPR_CODE_FIELD(synapse_dynamics_code) CORTEXPR_CODE_FIELD(pre_event_threshold_condition_code)
    CORTEXPR_CODE_FIELD(post_event_threshold_condition_code) CORTEXPR_CODE_FIELD(pre_spike_code)
    CORTEXPR_CODE_FIELD(post_spike_code) CORTEXPR_CODE_FIELD(pre_dynamics_code)
    CORTEXPR_CODE_FIELD(post_dynamics_code) CORTEXPR_CODE_FIELD(var_init_code)
    CORTEXPR_CODE_FIELD(row_build_code) CORTEXPR_CODE_FIELD(col_build_code)
    CORTEXPR_CODE_FIELD(diagonal_build_code) CORTEXPR_CODE_FIELD(update_code)
    CORTEXPR_CODE_FIELD(row_update_code)
}
#undef CORTEXPR_CODE_FIELD

template <field F, field...>
inline constexpr field first_field = F;

template <class M>
constexpr std::string_view model_name() {
    if constexpr (requires { std::string_view(M::name); }) return M::name;
    else return "model";
}
}  // namespace detail

/// The uniform description of model type M used as family `Fam`.
template <class M, family Fam>
constexpr model_info info_of() {
    model_info info;
    info.name = detail::model_name<M>();
    info.fam = Fam;
    info.params = detail::params_of<M>();
    info.derived = detail::derived_of<M>();
    info.vars = detail::vars_of<M>();
    info.egps = detail::extra_global_params_of<M>();
    info.pre_vars = detail::pre_vars_of<M>();
    info.post_vars = detail::post_vars_of<M>();
    info.neuron_var_refs = detail::neuron_var_refs_of<M>();
    info.pre_neuron_var_refs = detail::pre_neuron_var_refs_of<M>();
    info.post_neuron_var_refs = detail::post_neuron_var_refs_of<M>();
    info.psm_var_refs = detail::psm_var_refs_of<M>();
    info.additional_inputs = detail::additional_input_vars_of<M>();
    info.var_refs = detail::var_refs_of<M>();
    info.egp_refs = detail::extra_global_param_refs_of<M>();
    info.domains = detail::param_domains_of<M>();
    if constexpr (Fam == family::custom_connectivity_update) {
        // a custom connectivity update's neuron references: the weight update's slots
        info.pre_neuron_var_refs = detail::pre_var_refs_of<M>();
        info.post_neuron_var_refs = detail::post_var_refs_of<M>();
    }
    detail::read_code<M>(info);
    return info;
}

/// The symbol table of field `F` of model M (family Fam), as a constexpr array.
template <class M, family Fam, field F, std::size_t DerivedLimit = ~std::size_t(0)>
struct field_symbols {
    static constexpr model_info info = info_of<M, Fam>();
    static constexpr std::size_t size = symbol_count(info, F, DerivedLimit);
    static constexpr auto table = [] {
        std::array<dsl::symbol, size == 0 ? 1 : size> t{};
        std::size_t n = 0;
        for_each_symbol(info, F, [&](const dsl::symbol& s) { t[n++] = s; }, DerivedLimit);
        return t;
    }();
    static constexpr std::span<const dsl::context_function> fns = functions_of(info, F);
    static constexpr dsl::context ctx{name_of(F), table.data(), std::uint32_t(size), fns.data(),
                                      std::uint32_t(fns.size())};
};

namespace detail {
/// Field F's code; an omitted condition is "false", so a neuron without threshold code
/// never spikes (as in GeNN).
template <class M, family Fam, field F>
inline constexpr std::string_view code_or_false = [] {
    constexpr model_info i = info_of<M, Fam>();
    return i.code[std::size_t(F)].empty() && is_condition(F) ? std::string_view("false") : i.code[std::size_t(F)];
}();

/// Whether fields A and B of M list the same symbols in the same order (writability
/// aside), so that one environment's symbol indices serve both.
template <class M, family Fam, field A, field B>
constexpr bool same_layout() {
    using SA = field_symbols<M, Fam, A>;
    using SB = field_symbols<M, Fam, B>;
    if (SA::size != SB::size) return false;
    for (std::size_t i = 0; i < SA::size; ++i) {
        const dsl::symbol &a = SA::table[i], &b = SB::table[i];
        if (a.name != b.name || a.kind != b.kind || !(a.type == b.type) || a.group != b.group || a.index != b.index)
            return false;
    }
    return true;
}
}  // namespace detail

/// A unit of one or more code fields of M that share locals (a neuron's sim, threshold
/// and reset code) and one symbol layout (that of the first field). Each field is
/// checked against its own context, so a threshold condition cannot write state and a
/// reset can even when the unit starts with the threshold.
template <class M, family Fam, field... Fs>
struct model_unit {
    static constexpr model_info info = info_of<M, Fam>();
    static constexpr field first = detail::first_field<Fs...>;
    using symbols = field_symbols<M, Fam, first>;
    static_assert((detail::same_layout<M, Fam, first, Fs>() && ...),
                  "cortexpr::model_unit: the fields of one unit must see the same names (a neuron's "
                  "sim/threshold/reset code, or a weight update's synaptic codes)");
    static constexpr dsl::field_source fields[] = {dsl::field_source{
        name_of(Fs), detail::code_or_false<M, Fam, Fs>, is_condition(Fs), &field_symbols<M, Fam, Fs>::ctx, Fs != first}...};
    static constexpr dsl::unit_source source{info.name, fields, sizeof...(Fs)};
};

/// The checked program of a unit; `dsl::run<program_of<...>, k>(env, frame)` runs field k.
template <class M, family Fam, field... Fs>
using program_of = dsl::program<model_unit<M, Fam, Fs...>>;

/// A derived parameter's expression as a unit: sees the parameters, `dt` and the
/// derived parameters before it.
template <class M, std::size_t I>
struct derived_unit {
    static constexpr model_info info = info_of<M, family::neuron>();
    using symbols = field_symbols<M, family::neuron, field::derived, I>;
    static constexpr dsl::field_source fields[] = {
        dsl::field_source{info.derived[I].name, info.derived[I].expression, true, &symbols::ctx, false}};
    static constexpr dsl::unit_source source{info.name, fields, 1};
};

}  // namespace cortexpr
