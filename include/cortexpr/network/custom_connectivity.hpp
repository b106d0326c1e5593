// Custom connectivity updates: model code run on demand, by update-group name, once per
// row of one SPARSE synapse group, that may remove synapses and add new ones (GeNN 5's
// add_custom_connectivity_update; structural plasticity such as Deep R).
//
//   cx::connectivity_update<"Prune", "Plasticity", "EE", Prune>(
//       "threshold"_p = 0.1, "age"_v = 0.0,
//       "g"_r = cx::ref<"EE", "g">,            // var_refs: the group's weight-update variables
//       "V"_r = cx::ref<"Exc", "V">)           // pre_var_refs / post_var_refs: neuron variables
//   sim.custom_update("Plasticity");
//
// `var_refs` name weight-update variables of the target synapse group; `pre_var_refs` and
// `post_var_refs` variables of its presynaptic and postsynaptic populations. The update's
// own `vars` are per synapse (they move with their synapses, as the group's weight-update
// variables do), `pre_vars` per presynaptic and `post_vars` per postsynaptic neuron; all
// take constant initial values. The network checks targets and types at compile time
// (custom_connectivity_network.hpp).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "../base/error.hpp"
#include "custom_update.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

namespace detail {

/// The reference targets of the names in `list` (a model's var_refs, pre_var_refs or
/// post_var_refs), in that order, as a tuple of var_ref_to types.
template <std::span<const var_info> (*List)(), class... Args>
constexpr auto bind_ccu_refs() {
    constexpr auto list = List();
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return std::type_identity<std::tuple<typename decltype(target_type<find_arg<Args...>(4, list[K].name), Args...>())::type...>>{};
    }(std::make_index_sequence<list.size()>{});
}
template <class M> constexpr std::span<const var_info> ccu_var_refs() { return info_of<M, family::custom_connectivity_update>().var_refs; }
template <class M> constexpr std::span<const var_info> ccu_pre_refs() { return info_of<M, family::custom_connectivity_update>().pre_neuron_var_refs; }
template <class M> constexpr std::span<const var_info> ccu_post_refs() { return info_of<M, family::custom_connectivity_update>().post_neuron_var_refs; }
template <class M> constexpr std::span<const var_info> ccu_vars() { return info_of<M, family::custom_connectivity_update>().vars; }
template <class M> constexpr std::span<const var_info> ccu_pre_vars() { return info_of<M, family::custom_connectivity_update>().pre_vars; }
template <class M> constexpr std::span<const var_info> ccu_post_vars() { return info_of<M, family::custom_connectivity_update>().post_vars; }

template <fixed_string Name, class Model, class... Args>
struct ccu_names_check {
    static constexpr message text() {
        constexpr model_info i = info_of<Model, family::custom_connectivity_update>();
        message m = check_names<Args...>("custom connectivity update", Name, i, true, i.pre_vars, i.post_vars);
        if (m.size) return m;
        constexpr std::string_view names[] = {arg_name<Args>()..., {}};
        constexpr int kinds[] = {arg_kind_v<Args>..., 0};
        auto in = [](auto list, std::string_view n) { for (const auto& x : list) if (x.name == n) return true; return false; };
        auto head = [&](std::string_view what, std::string_view n) {
            m.put("custom connectivity update '"); m.put(Name); m.put("' ("); m.put(i.name); m.put("): "); m.put(what); m.put(" '"); m.put(n); m.put("'");
        };
        for (std::size_t k = 0; k < sizeof...(Args) && !m.size; ++k) {
            if (kinds[k] == 4 && !in(i.var_refs, names[k]) && !in(i.pre_neuron_var_refs, names[k]) && !in(i.post_neuron_var_refs, names[k])) {
                head("unknown variable reference", names[k]);
                put_names(m, "var_refs", i.var_refs); put_names(m, "pre_var_refs", i.pre_neuron_var_refs); put_names(m, "post_var_refs", i.post_neuron_var_refs);
            }
            if (kinds[k] == 5) head("extra global parameter references are not supported by custom connectivity updates", names[k]);
        }
        auto given = [&](std::string_view n) {
            for (std::size_t k = 0; k < sizeof...(Args); ++k) if (kinds[k] == 4 && names[k] == n) return true;
            return false;
        };
        for (const auto& r : i.var_refs) if (!m.size && !given(r.name)) head("missing target for variable reference", r.name);
        for (const auto& r : i.pre_neuron_var_refs) if (!m.size && !given(r.name)) head("missing target for presynaptic variable reference", r.name);
        for (const auto& r : i.post_neuron_var_refs) if (!m.size && !given(r.name)) head("missing target for postsynaptic variable reference", r.name);
        return m;
    }
};

template <class Refs>
constexpr auto ref_descs() {
    return []<std::size_t... K>(std::index_sequence<K...>) {
        return std::array<ref_target_desc, sizeof...(K)>{ref_target_desc{
            std::tuple_element_t<K, Refs>::part, std::tuple_element_t<K, Refs>::var, {}, {}}...};
    }(std::make_index_sequence<std::tuple_size_v<Refs>>{});
}
}  // namespace detail

template <fixed_string Name, fixed_string Group, fixed_string Syn, class Model, class Vars, class PreVars, class PostVars,
          class Refs, class PreRefs, class PostRefs>
struct custom_connectivity_desc {
    static constexpr bool is_custom_connectivity = true;
    static constexpr fixed_string name = Name;
    static constexpr fixed_string group = Group;
    static constexpr fixed_string syn = Syn;   // the SPARSE synapse group whose rows it updates
    using model = Model;
    static constexpr model_info info = info_of<Model, family::custom_connectivity_update>();
    static constexpr auto ref_targets = detail::ref_descs<Refs>();          // var_refs, in the model's order
    static constexpr auto pre_ref_targets = detail::ref_descs<PreRefs>();   // pre_var_refs
    static constexpr auto post_ref_targets = detail::ref_descs<PostRefs>(); // post_var_refs
    std::array<double, info.params.size()> params{};
    Vars vars;
    PreVars pre_vars;
    PostVars post_vars;
    std::array<std::vector<double>, info.egps.size()> egps{};
};

/// `cx::connectivity_update<"Name", "Group", "SynapseGroup", Model>(params..., "v"_v = c...,
/// "ref"_r = cx::ref<"Part", "Var">...)`. Invalid model code or a wrong named value is a
/// compile error at this call; a target the network lacks, or one that does not fit, at
/// cx::network.
template <fixed_string Name, fixed_string Group, fixed_string Syn, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::custom_connectivity_update>> &&
             detail::passes<detail::ccu_names_check<Name, Model, Args...>>
auto connectivity_update(Args... args) {
    auto vars = detail::bind_vars<detail::ccu_vars<Model>>(args...);
    auto pre = detail::bind_vars<detail::ccu_pre_vars<Model>>(args...);
    auto post = detail::bind_vars<detail::ccu_post_vars<Model>>(args...);
    using refs = typename decltype(detail::bind_ccu_refs<detail::ccu_var_refs<Model>, Args...>())::type;
    using pre_refs = typename decltype(detail::bind_ccu_refs<detail::ccu_pre_refs<Model>, Args...>())::type;
    using post_refs = typename decltype(detail::bind_ccu_refs<detail::ccu_post_refs<Model>, Args...>())::type;
    return custom_connectivity_desc<Name, Group, Syn, Model, decltype(vars), decltype(pre), decltype(post), refs, pre_refs, post_refs>{
        detail::bind_params<detail::params_span<Model, family::custom_connectivity_update>>(args...), std::move(vars), std::move(pre),
        std::move(post), detail::bind_egps<detail::egps_span<Model, family::custom_connectivity_update>>(args...)};
}
template <fixed_string Name, fixed_string Group, fixed_string Syn, class Model, class... Args>
    requires detail::rejected_code<detail::model_check<Model, family::custom_connectivity_update>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<Model, family::custom_connectivity_update>>::text) connectivity_update(Args... args);
template <fixed_string Name, fixed_string Group, fixed_string Syn, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::custom_connectivity_update>> &&
             detail::rejected_network<detail::ccu_names_check<Name, Model, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::ccu_names_check<Name, Model, Args...>>::text) connectivity_update(Args... args);

/// What a custom connectivity update's `host_update_code` sees: a C++ callable
/// `static void host_update_code(cx::connectivity_host& h)` runs on the host before the
/// rows are updated (GeNN's host_update_code), with the update's parameters, its own
/// per-presynaptic and per-postsynaptic variables and EGPs by name, and the group's row
/// lengths (read only). Arrays are typed by the caller: `h.pre_var<float>("x")` (an element
/// size other than the variable's is an error).
struct connectivity_host {
    struct array { std::string_view name; void* data; std::size_t count; std::size_t elem_bytes; };
    std::string_view update;                 // the custom connectivity update's name
    std::uint32_t num_pre = 0, num_post = 0, row_stride = 0;
    std::span<const std::uint32_t> row_length;
    std::vector<std::pair<std::string_view, double>> params;
    std::vector<array> pre_vars, post_vars, egps;

    double param(std::string_view n) const {
        for (const auto& [k, v] : params) if (k == n) return v;
        detail::fail(update, n, "host_update_code: no parameter of that name");
        return 0;
    }
    template <class V> std::span<V> pre_var(std::string_view n) const { return find<V>(pre_vars, n, "presynaptic variable"); }
    template <class V> std::span<V> post_var(std::string_view n) const { return find<V>(post_vars, n, "postsynaptic variable"); }
    template <class V> std::span<V> egp(std::string_view n) const { return find<V>(egps, n, "extra global parameter"); }

private:
    template <class V>
    std::span<V> find(const std::vector<array>& list, std::string_view n, std::string_view what) const {
        for (const auto& a : list) {
            if (a.name != n) continue;
            if (a.elem_bytes != sizeof(V))
                detail::fail(update, n, "host_update_code: ", what, " '", n, "' has elements of ", a.elem_bytes, " bytes, not ", sizeof(V));
            return {static_cast<V*>(a.data), a.count};
        }
        detail::fail(update, n, "host_update_code: no ", what, " of that name");
        return {};
    }
};

}  // namespace cortexpr

CORTEXPR_DIAG_END
