// The network: a value whose type is the list of its parts (a boost::hana::tuple), so
// every cross-reference by name is resolved -- and checked -- by the compiler.
//
//   auto net = cx::network(cx::population<"Exc", ...>(...), cx::synapses<"EE", "Exc", "Exc">(...));
//
// Checked at compile time, each as one cortexpr::network_error<"..."> naming the part:
// duplicate names, unknown populations, variable references a target does not have, and
// weight-update models whose per-synapse state a matrix kind cannot store.
#pragma once
#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>
#include <cstddef>
#include <string_view>
#include <tuple>

#include "custom_update.hpp"
#include "groups.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

namespace detail {
/// The target variable of a reference named `ref` on side `suffix` ("_pre", "_post" or
/// ""): `V_pre` binds the presynaptic neuron's `V`, `V` binds `V`. -1 if none.
constexpr int ref_target(const model_info& target, std::string_view ref, std::string_view suffix) {
    std::string_view n = ref;
    if (!suffix.empty() && n.size() > suffix.size() && n.substr(n.size() - suffix.size()) == suffix)
        n = n.substr(0, n.size() - suffix.size());
    for (std::size_t i = 0; i < target.vars.size(); ++i)
        if (target.vars[i].name == n) return int(i);
    return -1;
}

constexpr std::string_view matrix_name(matrix_kind k) {
    constexpr std::string_view n[] = {"dense", "sparse", "bitmask", "procedural", "toeplitz"};
    return n[std::size_t(k)];
}

/// Compile-time facts about the list of parts: names, kinds, lookups.
template <class... Parts>
struct part_list {
    using types = std::tuple<Parts...>;
    static constexpr std::size_t size = sizeof...(Parts);
    static constexpr std::string_view names[sizeof...(Parts) + 1] = {std::string_view(Parts::name)..., {}};
    static constexpr part_kind kinds[sizeof...(Parts) + 1] = {Parts::kind..., part_kind::population};
    template <class P> static constexpr std::string_view pre_of() { if constexpr (requires { P::pre; }) return P::pre; else return {}; }
    template <class P> static constexpr std::string_view post_of() { if constexpr (requires { P::post; }) return P::post; else return {}; }
    template <class P> static constexpr std::string_view target_of() { if constexpr (requires { P::target; }) return P::target; else return {}; }
    static constexpr std::string_view pre_names[sizeof...(Parts) + 1] = {pre_of<Parts>()..., {}};
    static constexpr std::string_view post_names[sizeof...(Parts) + 1] = {post_of<Parts>()..., {}};
    static constexpr std::string_view targets[sizeof...(Parts) + 1] = {target_of<Parts>()..., {}};

    static constexpr int find(std::string_view name) {
        for (std::size_t i = 0; i < size; ++i) if (names[i] == name) return int(i);
        return -1;
    }
    template <std::size_t I> using part = std::tuple_element_t<I, types>;
    /// The population named `name`; after a network_error for a missing one, the first
    /// population, so that instantiation goes on without knock-on errors.
    static constexpr std::size_t population_or_first(std::string_view name) {
        const int i = find(name);
        if (i >= 0 && kinds[i] == part_kind::population) return std::size_t(i);
        for (std::size_t k = 0; k < size; ++k) if (kinds[k] == part_kind::population) return k;
        return 0;
    }
};

template <class List, class P>
struct part_check {
    static constexpr message text() {
        message m;
        auto fail = [&](auto... s) { if (!m.size) (m.put(std::string_view(s)), ...); };
        const std::string_view self = P::name;
        int dup = 0;
        for (std::size_t i = 0; i < List::size; ++i) dup += List::names[i] == self;
        if (dup > 1) fail("network: two parts are named '", self, "'");
        auto population_index = [&](std::string_view what, std::string_view target) {
            const int i = List::find(target);
            if (i < 0 && !m.size) {
                fail(what, " '", self, "': unknown population '", target, "' (populations:");
                const char* sep = " ";
                for (std::size_t k = 0; k < List::size; ++k)
                    if (List::kinds[k] == part_kind::population) { m.put(sep); m.put(List::names[k]); sep = ", "; }
                m.put(")");
            }
            else if (List::kinds[i] != part_kind::population) fail(what, " '", self, "': '", target, "' is not a population");
            return i;
        };
        auto refs = [&](std::string_view what, std::span<const var_info> rs, const model_info& target,
                        std::string_view tname, std::string_view suffix) {
            for (const auto& r : rs)
                if (ref_target(target, r.name, suffix) < 0)
                    fail(what, " '", self, "': variable reference '", r.name, "' has no target: population '",
                         tname, "' has no such variable");
        };
        // an input target (cx::target_var, cx::pre_target_var) must be Isyn or one of the
        // population's additional input variables
        auto input = [&](std::string_view what, std::string_view tag, std::string_view name, const model_info& target,
                         std::string_view tname) {
            if (name.empty() || name == "Isyn" || input_index(target.additional_inputs, name) >= 0 || m.size) return;
            fail(what, " '", self, "': ", tag, " '", name, "' is not an input of population '", tname, "' (", target.name,
                 "); its inputs: Isyn");
            for (const auto& a : target.additional_inputs) { m.put(", "); m.put(a.name); }
            if (target.additional_inputs.empty()) m.put(" (the model declares no additional_input_vars)");
        };
        if constexpr (P::kind == part_kind::current_source) {
            constexpr int t = List::find(P::target);
            population_index("current source", P::target);
            if constexpr (t >= 0 && List::kinds[t == -1 ? 0 : t] == part_kind::population) {
                refs("current source", P::info.neuron_var_refs, List::template part<t>::info, P::target, "");
                input("current source", "target_var", P::input, List::template part<t>::info, P::target);
            }
        } else if constexpr (P::kind == part_kind::synapses) {
            constexpr int pre = List::find(P::pre), post = List::find(P::post);
            population_index("synapse group", P::pre);
            population_index("synapse group", P::post);
            using WU = typename P::wu_type::model;
            using PSM = typename P::psm_type::model;
            constexpr model_info wu = info_of<WU, family::weight_update>();
            constexpr model_info ps = info_of<PSM, family::postsynaptic>();
            if constexpr (pre >= 0 && List::kinds[pre < 0 ? 0 : pre] == part_kind::population) {
                refs("synapse group", wu.pre_neuron_var_refs, List::template part<pre>::info, P::pre, "_pre");
                input("synapse group", "pre_target_var", P::wu_type::pre_input, List::template part<pre>::info, P::pre);
            }
            if constexpr (post >= 0 && List::kinds[post < 0 ? 0 : post] == part_kind::population) {
                refs("synapse group", wu.post_neuron_var_refs, List::template part<post>::info, P::post, "_post");
                refs("synapse group", ps.neuron_var_refs, List::template part<post>::info, P::post, "");
                input("synapse group", "target_var", P::psm_type::input, List::template part<post>::info, P::post);
            }
            for (const auto& r : wu.psm_var_refs)
                if (ref_target(ps, r.name, "_psm") < 0)
                    fail("synapse group '", self, "': variable reference '", r.name, "' has no target: postsynaptic model '",
                         ps.name, "' has no such variable");
            using M = typename P::matrix_type;
            if constexpr (M::weights != weight_storage::individual) {
                for (const auto& v : wu.vars)
                    if (v.mode != access::read_only)
                        fail("synapse group '", self, "': ", matrix_name(M::kind),
                             " connectivity cannot store per-synapse state, but weight update '", wu.name,
                             "' has the writable variable '", v.name, "' (declare it access::read_only or use sparse/dense)");
                if (!wu.code[std::size_t(field::post_spike_syn_code)].empty() ||
                    !wu.code[std::size_t(field::post_event_syn_code)].empty() ||
                    !wu.code[std::size_t(field::synapse_dynamics_code)].empty())
                    fail("synapse group '", self, "': ", matrix_name(M::kind), " connectivity cannot run the learning or synapse dynamics code of weight update '", wu.name, "'");
            }
            if constexpr (M::weights == weight_storage::kernel) {
                using C = typename M::connect_type::snippet;
                if constexpr (!requires { C::kernel_size(std::span<const double>{}); })
                    fail("synapse group '", self, "': kernel weights need a connectivity snippet with a kernel_size (", detail::model_name<C>(), " has none)");
            }
        }
        return m;
    }
};
}  // namespace detail

/// A network: its parts in a boost::hana::tuple, in the order given.
template <class... Parts>
struct network_t {
    using list = detail::part_list<Parts...>;
    boost::hana::tuple<Parts...> parts;

    template <fixed_string Name>
    static constexpr int index_of = list::find(Name);

    template <std::size_t I> auto& part() { return boost::hana::at_c<I>(parts); }
    template <std::size_t I> const auto& part() const { return boost::hana::at_c<I>(parts); }
};

namespace detail {
/// The first message of the parts' checks.
template <class... Parts>
struct network_check {
    static constexpr message text() {
        message m;
        // with custom (connectivity) updates another overload of cx::network applies;
        // clang++ and nvcc still substitute this check into this overload's return type
        if constexpr (!(custom_update_part<Parts> || ...) && !(custom_connectivity_part<Parts> || ...)) {
            using list = part_list<Parts...>;
            ((m.size ? void() : void(m = part_check<list, Parts>::text())), ...);
        }
        return m;
    }
};
}  // namespace detail

/// Builds a network from populations, current sources and synapse groups. A network
/// error (duplicate or unknown names, references without a target, state a matrix kind
/// cannot store) is a compile error at this call that names cortexpr::network_error<message>.
template <class... Parts>
    requires (!(custom_update_part<Parts> || ...)) && (!(custom_connectivity_part<Parts> || ...)) && detail::passes<detail::network_check<Parts...>>
network_t<Parts...> network(Parts... parts) {
    return {boost::hana::make_tuple(std::move(parts)...)};
}
template <class... Parts>
    requires (!(custom_update_part<Parts> || ...)) && (!(custom_connectivity_part<Parts> || ...)) && detail::rejected_network<detail::network_check<Parts...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::network_check<Parts...>>::text) network(Parts... parts);

}  // namespace cortexpr

CORTEXPR_DIAG_END
