// The members a model type may have, per family -- the one list of them -- and the check
// that a model has no member it would silently ignore: a misspelt name (GeNN 4/5 and
// PyGeNN spellings among them: `threshold_code`, `param_names`, `simCode`), a member of
// another family (`sim_code` on a weight update), or a field no backend runs yet.
//
// C++ cannot list a struct's members, so each name below is probed with a
// requires-expression; a name outside these lists is not seen (a model may keep
// constants and helpers of its own).
#pragma once
#include <array>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "../dsl/errors.hpp"
#include "families.hpp"

namespace cortexpr {

namespace detail {
/// A check's message: empty when all is well. `code` marks errors in model code or
/// model members (reported as cortexpr::code_error), as opposed to network errors.
struct message : dsl::text_buffer<512> {
    bool code = false;
};

inline constexpr std::uint16_t fam_bit(family f) { return std::uint16_t(1u << unsigned(f)); }
inline constexpr std::uint16_t fam_all = 0x1ff;
inline constexpr std::uint16_t fam_with_vars = fam_bit(family::neuron) | fam_bit(family::postsynaptic) |
                                              fam_bit(family::weight_update) | fam_bit(family::current_source) |
                                              fam_bit(family::custom_update) | fam_bit(family::custom_connectivity_update);
inline constexpr std::uint16_t fam_connect = fam_bit(family::sparse_init) | fam_bit(family::toeplitz_init);

struct member_desc {
    std::string_view name;
    std::uint16_t families;  // fam_bit(...) of the families that have it
    bool supported = true;   // false: part of the model format, but no backend runs it yet
};
struct misspelling {
    std::string_view name;
    std::string_view hint;  // the member meant; empty: the closest valid member by edit distance
};
}  // namespace detail

// X(member, families[, supported]): every member any family knows. `param_domains` and
// `check_params` (parameter domains and checks) are members of every family; the hooks
// (hooks.hpp) of the families that run them.
#define CORTEXPR_MODEL_MEMBERS(X)                                                                          \
    X(name, detail::fam_all) X(params, detail::fam_all) X(derived, detail::fam_all)                        \
    X(extra_global_params, detail::fam_all) X(param_domains, detail::fam_all)                              \
    X(check_params, detail::fam_all) X(vars, detail::fam_with_vars)                                        \
    X(additional_input_vars, detail::fam_bit(family::neuron))                                              \
    X(sim_code, detail::fam_bit(family::neuron) | detail::fam_bit(family::postsynaptic))                   \
    X(threshold_condition_code, detail::fam_bit(family::neuron))                                           \
    X(reset_code, detail::fam_bit(family::neuron))                                                         \
    X(neuron_var_refs, detail::fam_bit(family::postsynaptic) | detail::fam_bit(family::current_source))    \
    X(injection_code, detail::fam_bit(family::current_source))                                             \
    X(pre_vars, detail::fam_bit(family::weight_update) | detail::fam_bit(family::custom_connectivity_update)) \
    X(post_vars, detail::fam_bit(family::weight_update) | detail::fam_bit(family::custom_connectivity_update)) \
    X(pre_neuron_var_refs, detail::fam_bit(family::weight_update))                                         \
    X(post_neuron_var_refs, detail::fam_bit(family::weight_update))                                        \
    X(psm_var_refs, detail::fam_bit(family::weight_update))                                                \
    X(pre_spike_syn_code, detail::fam_bit(family::weight_update))                                          \
    X(pre_event_syn_code, detail::fam_bit(family::weight_update))                                          \
    X(post_event_syn_code, detail::fam_bit(family::weight_update))                                         \
    X(post_spike_syn_code, detail::fam_bit(family::weight_update))                                         \
    X(synapse_dynamics_code, detail::fam_bit(family::weight_update))                                       \
    X(pre_event_threshold_condition_code, detail::fam_bit(family::weight_update))                          \
    X(post_event_threshold_condition_code, detail::fam_bit(family::weight_update))                         \
    X(pre_spike_code, detail::fam_bit(family::weight_update))                                              \
    X(post_spike_code, detail::fam_bit(family::weight_update))                                             \
    X(pre_dynamics_code, detail::fam_bit(family::weight_update))                                           \
    X(post_dynamics_code, detail::fam_bit(family::weight_update))                                          \
    X(var_init_code, detail::fam_bit(family::var_init))                                                    \
    X(row_build_code, detail::fam_bit(family::sparse_init))                                                \
    X(col_build_code, detail::fam_bit(family::sparse_init))                                                \
    X(diagonal_build_code, detail::fam_bit(family::toeplitz_init))                                         \
    X(max_row_length, detail::fam_connect) X(max_col_length, detail::fam_bit(family::sparse_init))         \
    X(kernel_size, detail::fam_connect) X(check_shapes, detail::fam_connect)                               \
    X(host_row_lengths, detail::fam_bit(family::sparse_init))                                              \
    X(check_state, detail::fam_bit(family::neuron)) X(kernel_egp, detail::fam_bit(family::var_init))       \
    X(var_refs, detail::fam_bit(family::custom_update) | detail::fam_bit(family::custom_connectivity_update)) \
    X(update_code, detail::fam_bit(family::custom_update))                                                 \
    X(extra_global_param_refs, detail::fam_bit(family::custom_update))                                     \
    X(pre_var_refs, detail::fam_bit(family::custom_connectivity_update))                                   \
    X(post_var_refs, detail::fam_bit(family::custom_connectivity_update))                                  \
    X(row_update_code, detail::fam_bit(family::custom_connectivity_update))                                \
    X(host_update_code, detail::fam_bit(family::custom_connectivity_update))

// X(wrong, "meant"): names users bring from GeNN 4/5, PyGeNN or by habit; "" suggests the
// closest valid member of the model's family by edit distance.
#define CORTEXPR_MODEL_MISSPELLINGS(X)                                                                     \
    X(threshold_code, "threshold_condition_code") X(threshold_condition, "threshold_condition_code")       \
    X(thresholdConditionCode, "threshold_condition_code") X(simCode, "sim_code") X(resetCode, "reset_code") \
    X(param_names, "params") X(paramNames, "params") X(parameters, "params")           \
    X(var_name_types, "vars") X(varNameTypes, "vars") X(variables, "vars")                 \
    X(derived_params, "derived") X(derivedParams, "derived") X(extraGlobalParams, "extra_global_params")  \
    X(egps, "extra_global_params") X(extra_global_param_name_types, "extra_global_params")                \
    X(additional_input_vars_names, "additional_input_vars") X(additionalInputVars, "additional_input_vars") \
    X(syn_code, "pre_spike_syn_code") X(simCodeSyn, "pre_spike_syn_code")                     \
    X(event_code, "pre_event_syn_code") X(event_threshold_condition_code, "pre_event_threshold_condition_code") \
    X(learn_post_code, "post_spike_syn_code") X(learnPostCode, "post_spike_syn_code")                     \
    X(synapse_dynamics, "synapse_dynamics_code") X(synapseDynamicsCode, "synapse_dynamics_code")          \
    X(pre_var_name_types, "pre_vars") X(post_var_name_types, "post_vars")                                 \
    X(pre_spike_syn, "pre_spike_syn_code") X(post_spike_syn, "post_spike_syn_code")                       \
    X(apply_input_code, "sim_code") X(decay_code, "sim_code") X(injectionCode, "injection_code")          \
    X(varInitCode, "var_init_code") X(rowBuildCode, "row_build_code") X(colBuildCode, "col_build_code")   \
    X(calc_max_row_len_func, "max_row_length") X(calc_max_col_len_func, "max_col_length")                 \
    X(calc_kernel_size_func, "kernel_size") X(row_build_state_vars, "") X(support_code, "")               \
    X(is_auto_refractory_required, "") X(updateCode, "update_code") X(var_ref_name_types, "var_refs")     \
    X(egp_refs, "extra_global_param_refs") X(rowUpdateCode, "row_update_code")                            \
    X(hostUpdateCode, "host_update_code") X(pre_var_ref_name_types, "pre_var_refs")                      \
    X(post_var_ref_name_types, "post_var_refs")

namespace detail {
#define CORTEXPR_MEMBER_ROW(id, fams, ...) member_desc{#id, std::uint16_t(fams) __VA_OPT__(, ) __VA_ARGS__},
inline constexpr member_desc model_members[] = {CORTEXPR_MODEL_MEMBERS(CORTEXPR_MEMBER_ROW)};
#undef CORTEXPR_MEMBER_ROW
#define CORTEXPR_MISSPELLING_ROW(id, hint) misspelling{#id, hint},
inline constexpr misspelling model_misspellings[] = {CORTEXPR_MODEL_MISSPELLINGS(CORTEXPR_MISSPELLING_ROW)};
#undef CORTEXPR_MISSPELLING_ROW

// Which of the names above model type M has, in the order of the tables.
#define CORTEXPR_MEMBER_PRESENT(id, ...) requires { M::id; },
template <class M>
inline constexpr std::array<bool, std::size(model_members)> members_present{{CORTEXPR_MODEL_MEMBERS(CORTEXPR_MEMBER_PRESENT)}};
template <class M>
inline constexpr std::array<bool, std::size(model_misspellings)> misspellings_present{
    {CORTEXPR_MODEL_MISSPELLINGS(CORTEXPR_MEMBER_PRESENT)}};
#undef CORTEXPR_MEMBER_PRESENT

/// "neuron", "weight update", ... as in messages.
constexpr std::string_view family_title(family f) {
    constexpr std::string_view t[] = {"neuron", "postsynaptic", "weight update", "current source",
                                      "variable initialiser", "sparse connectivity", "toeplitz connectivity",
                                      "custom update", "custom connectivity update"};
    return t[std::size_t(f)];
}

constexpr char fold(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }
/// Edit distance from `a` (what the user wrote) to `b` (a member), ignoring case and
/// underscores (so simCode ~ sim_code). Adding a character costs 1, dropping or changing
/// one 2: an abbreviation (`threshold_code`) is close to the member it shortens.
constexpr std::size_t edit_distance(std::string_view a, std::string_view b) {
    char x[64]{}, y[64]{};
    std::size_t n = 0, m = 0;
    for (char c : a) if (c != '_' && n < 63) x[n++] = fold(c);
    for (char c : b) if (c != '_' && m < 63) y[m++] = fold(c);
    std::size_t row[64]{};
    for (std::size_t j = 0; j <= m; ++j) row[j] = j;  // add b's first j characters
    for (std::size_t i = 1; i <= n; ++i) {
        std::size_t diag = row[0];
        row[0] = 2 * i;  // drop a's first i characters
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t up = row[j];
            std::size_t best = diag + (x[i - 1] == y[j - 1] ? 0 : 2);
            if (up + 2 < best) best = up + 2;              // drop x[i-1]
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;  // add y[j-1]
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

constexpr bool has_member(family f, std::string_view name) {
    for (const auto& d : model_members) if (d.name == name) return (d.families & fam_bit(f)) != 0;
    return false;
}

/// The place of member `name` in model_members.
constexpr std::size_t member_index(std::string_view name) {
    for (std::size_t i = 0; i < std::size(model_members); ++i)
        if (model_members[i].name == name) return i;
    return 0;
}

/// The valid member of family f closest to `name` (the hint when it is one).
constexpr std::string_view closest_member(family f, std::string_view name, std::string_view hint = {}) {
    if (!hint.empty() && has_member(f, hint)) return hint;
    std::string_view best{};
    std::size_t dist = ~std::size_t(0);
    for (const auto& d : model_members) {
        if (!(d.families & fam_bit(f)) || !d.supported) continue;
        const std::size_t e = edit_distance(name, d.name);
        if (e < dist) { dist = e; best = d.name; }
    }
    return best;
}

/// The message for model type M used as family `f`: empty, or the first member it would
/// ignore (misspelt, of another family, or not supported yet).
template <class M>
constexpr message member_check(family f, std::string_view model) {
    message m;
    m.code = true;
    auto head = [&] { m.put(family_title(f)); m.put(" model '"); m.put(model); m.put("': "); };
    for (std::size_t i = 0; i < std::size(model_members) && !m.size; ++i) {
        if (!members_present<M>[i]) continue;
        const member_desc& d = model_members[i];
        if (!(d.families & fam_bit(f))) {
            head();
            m.put("'"); m.put(d.name); m.put("' is not a member of a "); m.put(family_title(f));
            m.put(" model (did you mean '"); m.put(closest_member(f, d.name, d.name == "sim_code" && f == family::weight_update ? "pre_spike_syn_code" : "")); m.put("'?)");
        } else if (!d.supported) {
            head();
            m.put("'"); m.put(d.name); m.put("' is not supported yet (no backend runs it; remove it)");
        }
    }
    for (std::size_t i = 0; i < std::size(model_misspellings) && !m.size; ++i) {
        if (!misspellings_present<M>[i]) continue;
        head();
        m.put("unknown member '"); m.put(model_misspellings[i].name); m.put("' (did you mean '");
        m.put(closest_member(f, model_misspellings[i].name, model_misspellings[i].hint)); m.put("'?)");
    }
    // postsynaptic spike-like events need both halves, as in GeNN: event code that no
    // condition triggers would never run, a condition without event code would do nothing
    if (!m.size && f == family::weight_update) {
        const bool code = members_present<M>[member_index("post_event_syn_code")];
        const bool cond = members_present<M>[member_index("post_event_threshold_condition_code")];
        if (code != cond) {
            head();
            m.put(code ? "'post_event_syn_code' needs a 'post_event_threshold_condition_code'"
                       : "'post_event_threshold_condition_code' needs a 'post_event_syn_code'");
            m.put(" (postsynaptic spike-like events)");
        }
    }
    return m;
}
}  // namespace detail

}  // namespace cortexpr
