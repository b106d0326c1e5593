// Custom updates: model code run on demand, by update-group name, over the elements of the
// variables it references (GeNN's add_custom_update; ml_genn's optimisers, weight
// normalisation, resets between trials).
//
//   cx::update<"ResetV", "Reset", ResetModel>("Vrest"_p = -65.0, "V"_r = cx::ref<"Exc", "V">)
//   cx::update<"Adam", "Optimise", Adam>("lr"_p = 1e-3, "m"_v = 0.0,
//                                               "gradient"_r = cx::ref<"Out", "dg">,
//                                               "weight"_r = cx::ref<"Hidden_Out", "g">)
//   cx::update<"T", "Transpose", cx::custom_update::Transpose>(
//       "variable"_r = cx::transpose_ref<"Fwd", "g", "Back", "g">)
//   sim.custom_update("Optimise");
//
// A reference names a part and one of its variables: a population's, a current source's,
// a synapse group's weight-update (per synapse), presynaptic, postsynaptic or
// postsynaptic-model variable, or another custom update's. All references of one custom
// update have one shape: per neuron (sizes are compared when the simulation is built) or
// per synapse of one synapse group. The network checks the names and shapes at compile time.
// (The builder is cx::update: cx::custom_update is the namespace of the built-in models.)
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <vector>

#include "named.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// Where a variable reference points: part and variable, and for a transposing reference
/// (custom_update::Transpose) the part and variable that receive the transpose.
struct ref_target_desc {
    std::string_view part, var, transpose_part, transpose_var;
};

template <fixed_string Part, fixed_string Var, fixed_string TPart = fixed_string<0>{}, fixed_string TVar = fixed_string<0>{}>
struct var_ref_to {
    static constexpr bool is_var_ref_target = true;
    static constexpr fixed_string part = Part;
    static constexpr fixed_string var = Var;
    static constexpr fixed_string tpart = TPart;
    static constexpr fixed_string tvar = TVar;
};
/// `cx::ref<"Exc", "V">`: variable V of part Exc, for a custom update's `"name"_r = ...`.
template <fixed_string Part, fixed_string Var>
inline constexpr var_ref_to<Part, Var> ref{};
/// `cx::transpose_ref<"Fwd", "g", "Back", "g">`: Fwd's g, whose transpose goes to Back's g
/// (both dense; Back connects Fwd's postsynaptic population to its presynaptic one).
template <fixed_string Part, fixed_string Var, fixed_string TPart, fixed_string TVar>
inline constexpr var_ref_to<Part, Var, TPart, TVar> transpose_ref{};

template <fixed_string Part, fixed_string Egp>
struct egp_ref_to {
    static constexpr bool is_egp_ref_target = true;
    static constexpr fixed_string part = Part;
    static constexpr fixed_string egp = Egp;
};
/// `cx::egp_target<"Stim", "rates">`: an extra global parameter of another part.
template <fixed_string Part, fixed_string Egp>
inline constexpr egp_ref_to<Part, Egp> egp_target{};

template <fixed_string Name, class Target>
struct ref_value {
    static constexpr int named_kind = 4;  // detail::arg_kind
    static constexpr std::string_view name = Name;
    using target = Target;
};
template <fixed_string Name, class Target>
struct egp_ref_value {
    static constexpr int named_kind = 5;
    static constexpr std::string_view name = Name;
    using target = Target;
};

namespace literals {
template <fixed_string Name>
struct ref_name {
    // a constrained template rather than var_ref_to<P, V, TP, TV>: nvcc's front end cannot
    // deduce class-type template arguments from a parameter
    template <class R>
        requires R::is_var_ref_target
    constexpr ref_value<Name, R> operator=(R) const { return {}; }
};
template <fixed_string Name>
struct egp_ref_name {
    template <class R>
        requires R::is_egp_ref_target
    constexpr egp_ref_value<Name, R> operator=(R) const { return {}; }
};
/// `"V"_r = cx::ref<"Exc", "V">`: a custom update's variable reference.
template <fixed_string Name> constexpr ref_name<Name> operator""_r() { return {}; }
/// `"rates"_er = cx::egp_target<"Stim", "rates">`: a custom update's EGP reference.
template <fixed_string Name> constexpr egp_ref_name<Name> operator""_er() { return {}; }
}  // namespace literals

namespace detail {

struct no_target {
    static constexpr fixed_string<0> part{}, var{}, tpart{}, tvar{}, egp{};
};
template <std::size_t I, class... Args>
constexpr auto target_type() {
    if constexpr (I < sizeof...(Args)) return std::type_identity<typename std::remove_cvref_t<std::tuple_element_t<I, std::tuple<Args...>>>::target>{};
    else return std::type_identity<no_target>{};
}

/// The reference targets in the model's order, as a tuple of var_ref_to / egp_ref_to types.
template <class Model, int Kind, class... Args>
constexpr auto bind_refs() {
    constexpr model_info i = info_of<Model, family::custom_update>();
    constexpr auto list = Kind == 4 ? i.var_refs.size() : i.egp_refs.size();
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return std::type_identity<std::tuple<typename decltype(target_type<find_arg<Args...>(Kind,
            Kind == 4 ? i.var_refs[K].name : i.egp_refs[K].name), Args...>())::type...>>{};
    }(std::make_index_sequence<list>{});
}

template <fixed_string Name, class Model, class... Args>
struct custom_update_names_check {
    static constexpr message text() {
        constexpr model_info i = info_of<Model, family::custom_update>();
        message m = check_names<Args...>("custom update", Name, i, true);
        if (m.size) return m;
        constexpr std::string_view names[] = {arg_name<Args>()..., {}};
        constexpr int kinds[] = {arg_kind_v<Args>..., 0};
        auto in = [](auto list, std::string_view n) { for (const auto& x : list) if (x.name == n) return true; return false; };
        auto head = [&](std::string_view what, std::string_view n) {
            m.put("custom update '"); m.put(Name); m.put("' ("); m.put(i.name); m.put("): "); m.put(what); m.put(" '"); m.put(n); m.put("'");
        };
        for (std::size_t k = 0; k < sizeof...(Args) && !m.size; ++k) {
            if (kinds[k] == 4 && !in(i.var_refs, names[k])) { head("unknown variable reference", names[k]); put_names(m, "variable references", i.var_refs); }
            if (kinds[k] == 5 && !in(i.egp_refs, names[k])) { head("unknown extra global parameter reference", names[k]); put_names(m, "extra global parameter references", i.egp_refs); }
        }
        auto given = [&](int kind, std::string_view n) {
            for (std::size_t k = 0; k < sizeof...(Args); ++k) if (kinds[k] == kind && names[k] == n) return true;
            return false;
        };
        for (const auto& r : i.var_refs) if (!m.size && !given(4, r.name)) head("missing target for variable reference", r.name);
        for (const auto& r : i.egp_refs) if (!m.size && !given(5, r.name)) head("missing target for extra global parameter reference", r.name);
        return m;
    }
};
}  // namespace detail

template <fixed_string Name, fixed_string Group, class Model, class Vars, class Refs, class EgpRefs>
struct custom_update_desc {
    static constexpr bool is_custom_update = true;
    static constexpr fixed_string name = Name;
    static constexpr fixed_string group = Group;
    using model = Model;
    using vars_type = Vars;
    using refs = Refs;          // std::tuple<var_ref_to<...>...>, in the model's var_refs order
    using egp_refs = EgpRefs;   // std::tuple<egp_ref_to<...>...>
    static constexpr model_info info = info_of<Model, family::custom_update>();
    static constexpr auto ref_targets = []<std::size_t... K>(std::index_sequence<K...>) {
        return std::array<ref_target_desc, sizeof...(K)>{ref_target_desc{
            std::tuple_element_t<K, Refs>::part, std::tuple_element_t<K, Refs>::var,
            std::tuple_element_t<K, Refs>::tpart, std::tuple_element_t<K, Refs>::tvar}...};
    }(std::make_index_sequence<std::tuple_size_v<Refs>>{});
    static constexpr auto egp_targets = []<std::size_t... K>(std::index_sequence<K...>) {
        return std::array<ref_target_desc, sizeof...(K)>{ref_target_desc{
            std::tuple_element_t<K, EgpRefs>::part, std::tuple_element_t<K, EgpRefs>::egp, {}, {}}...};
    }(std::make_index_sequence<std::tuple_size_v<EgpRefs>>{});
    std::array<double, info.params.size()> params{};
    Vars vars;
    std::array<std::vector<double>, info.egps.size()> egps{};
};

template <class P>
concept custom_update_part = requires { P::is_custom_update; };
/// A custom connectivity update (cx::connectivity_update, custom_connectivity.hpp).
template <class P>
concept custom_connectivity_part = requires { P::is_custom_connectivity; };

/// `cx::update<"Name", "Group", Model>(params..., "v"_v = init..., "ref"_r = cx::ref<"Part", "Var">, ...)`.
/// Invalid model code or a wrong named value is a compile error at this call; a
/// reference to a part or variable the network lacks, at cx::network.
template <fixed_string Name, fixed_string Group, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::custom_update>> &&
             detail::passes<detail::custom_update_names_check<Name, Model, Args...>>
auto update(Args... args) {
    auto vars = detail::bind_vars<detail::vars_of<Model>>(args...);
    using refs = typename decltype(detail::bind_refs<Model, 4, Args...>())::type;
    using erefs = typename decltype(detail::bind_refs<Model, 5, Args...>())::type;
    return custom_update_desc<Name, Group, Model, decltype(vars), refs, erefs>{
        detail::bind_params<detail::params_span<Model, family::custom_update>>(args...), std::move(vars),
        detail::bind_egps<detail::egps_span<Model, family::custom_update>>(args...)};
}
template <fixed_string Name, fixed_string Group, class Model, class... Args>
    requires detail::rejected_code<detail::model_check<Model, family::custom_update>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<Model, family::custom_update>>::text) update(Args... args);
template <fixed_string Name, fixed_string Group, class Model, class... Args>
    requires detail::passes<detail::model_check<Model, family::custom_update>> &&
             detail::rejected_network<detail::custom_update_names_check<Name, Model, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::custom_update_names_check<Name, Model, Args...>>::text) update(Args... args);

}  // namespace cortexpr

CORTEXPR_DIAG_END
