// A network with custom updates: cx::network(parts..., cx::update<...>(...), ...) keeps the
// populations, sources and synapse groups as an ordinary network_t (which the engines
// run unchanged) and the custom updates beside it. Checked at compile time, each as one
// cortexpr::network_error naming the custom update and the reference: unknown parts and
// variables, mixed shapes, reduction and transpose targets that do not fit.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include "custom_update_shape.hpp"
#include "network.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// The network's parts (Base, a network_t) and its custom updates.
template <class Base, class... Updates>
struct network_with_updates : Base {
    using base_network = Base;
    using updates_type = std::tuple<Updates...>;
    std::tuple<Updates...> updates;
};

namespace detail {
template <class Net>
struct base_network_of { using type = Net; };
template <class Base, class... U>
struct base_network_of<network_with_updates<Base, U...>> { using type = Base; };
template <class Net>
struct updates_of { using type = std::tuple<>; };
template <class Base, class... U>
struct updates_of<network_with_updates<Base, U...>> { using type = std::tuple<U...>; };

/// Indices of the arguments that are (Want = true) or are not custom updates.
template <bool Want, class... A>
constexpr auto indices_where() {
    constexpr bool is[] = {custom_update_part<A>..., false};
    constexpr std::size_t n = [&] { std::size_t c = 0; for (std::size_t i = 0; i < sizeof...(A); ++i) c += is[i] == Want; return c; }();
    std::array<std::size_t, n> out{};
    std::size_t c = 0;
    for (std::size_t i = 0; i < sizeof...(A); ++i) if (is[i] == Want) out[c++] = i;
    return out;
}
template <class... A>
struct split_args {
    static constexpr auto parts = indices_where<false, A...>();
    static constexpr auto ups = indices_where<true, A...>();
    template <class Seq> struct base_of;
    template <std::size_t... K> struct base_of<std::index_sequence<K...>> {
        using type = network_t<std::tuple_element_t<parts[K], std::tuple<A...>>...>;
    };
    template <class Seq> struct net_of;
    template <std::size_t... K> struct net_of<std::index_sequence<K...>> {
        using type = network_with_updates<typename base_of<std::make_index_sequence<parts.size()>>::type,
                                          std::tuple_element_t<ups[K], std::tuple<A...>>...>;
    };
    using base = typename base_of<std::make_index_sequence<parts.size()>>::type;
    using net = typename net_of<std::make_index_sequence<ups.size()>>::type;
    using updates = typename updates_of<net>::type;
    using list = typename base::list;
};

/// The network-level rules of every custom update (see the file comment).
template <class List, class Updates>
struct custom_update_check {
    using F = update_facts<List, Updates>;
    static constexpr std::size_t count = std::tuple_size_v<Updates>;
    template <class Seq> struct names_of;
    template <std::size_t... V> struct names_of<std::index_sequence<V...>> {
        static constexpr std::string_view value[sizeof...(V) + 1] = {std::string_view(std::tuple_element_t<V, Updates>::name)..., {}};
    };
    using names = names_of<std::make_index_sequence<count>>;

    /// Whether some part has an extra global parameter `e` of type `type`.
    template <std::size_t I = 0>
    static constexpr bool has_egp(std::string_view part, std::string_view e, dsl::type_t type) {
        if constexpr (I >= List::size) return false;
        else {
            using P = typename List::template part<I>;
            if (std::string_view(P::name) == part) {
                auto has = [&](const model_info& i) { for (const auto& x : i.egps) if (x.name == e && x.type == type) return true; return false; };
                if constexpr (P::kind == part_kind::synapses)
                    return has(info_of<typename P::wu_type::model, family::weight_update>()) ||
                           has(info_of<typename P::psm_type::model, family::postsynaptic>());
                else return has(P::info);
            }
            return has_egp<I + 1>(part, e, type);
        }
    }

    template <std::size_t U>
    static constexpr void check_one(message& m) {
        using C = std::tuple_element_t<U, Updates>;
        const std::string_view self = C::name;
        auto fail = [&](auto... s) { if (!m.size) (m.put(std::string_view(s)), ...); };
        auto put = [&](auto... s) { (m.put(std::string_view(s)), ...); };  // after fail: the rest of its message
        if (List::find(self) >= 0) fail("network: two parts are named '", self, "'");
        for (std::size_t v = 0; v < count; ++v)
            if (v != U && names::value[v] == self) fail("network: two custom updates are named '", self, "'");
        if (m.size) return;
        const update_shape s = F::shape(U);
        if (!s.error.empty()) {
            if (C::ref_targets.empty()) { fail("custom update '", self, "' ", s.error); return; }
            const ref_target_desc& t = C::ref_targets[s.error_ref];
            fail("custom update '", self, "': variable reference '", C::info.var_refs[s.error_ref].name, "' (", t.part, ".", t.var, "): ");
            if (s.error == "unknown part") put("no part or custom update is named '", s.error_name, "'");
            else if (s.error == "unknown variable") put("'", t.part, "' has no variable '", s.error_name, "'");
            else put("'", s.error_name, "' ", s.error);
            return;
        }
        for (std::size_t k = 0; k < C::ref_targets.size() && !m.size; ++k) {
            const ref_target_desc& t = C::ref_targets[k];
            const var_info& ri = C::info.var_refs[k];
            const ref_resolution r = F::resolve(t, 4);
            auto head = [&] { fail("custom update '", self, "': variable reference '", ri.name, "' (", t.part, ".", t.var, "): "); };
            if (!(r.type == ri.type)) { head(); put("type ", dsl::type_name(r.type.base), " differs from the reference's ", dsl::type_name(ri.type.base)); }
            else if (is_reduction(ri.mode) && has_batch_axis(r.layout) && has_element_axis(r.layout)) {
                head(); put("a reduction target needs a variable without a batch axis (access::read_only) or without an element axis (access::read_only_shared_neuron); this one has both");
            } else if (is_reduction(ri.mode) && !has_element_axis(r.layout) && s.synapse) {
                head(); put("per-synapse updates cannot reduce over elements");
            } else if (!t.transpose_part.empty()) {
                const ref_resolution tr = F::resolve_part(t.transpose_part, t.transpose_var);
                if (!r.synapse || r.matrix != matrix_kind::dense) { head(); put("only a dense synapse group's weight-update variable can be transposed"); }
                else if (!tr.error.empty() || !tr.synapse) { head(); put("transpose target '", t.transpose_part, ".", t.transpose_var, "' is no per-synapse weight-update variable of a synapse group"); }
                else if (tr.matrix != matrix_kind::dense) { head(); put("transpose target '", t.transpose_part, "' must have dense connectivity"); }
                else if (!(tr.type == r.type)) { head(); put("transpose target '", t.transpose_part, ".", t.transpose_var, "' has another type"); }
                else if (List::pre_names[std::size_t(tr.part)] != List::post_names[std::size_t(r.part)] ||
                         List::post_names[std::size_t(tr.part)] != List::pre_names[std::size_t(r.part)]) {
                    head(); put("transpose target '", t.transpose_part, "' must connect '", List::post_names[std::size_t(r.part)], "' to '",
                                List::pre_names[std::size_t(r.part)], "'");
                }
            }
        }
        for (std::size_t k = 0; k < C::info.vars.size() && !m.size; ++k) {
            const access a = C::info.vars[k].mode;
            if ((a == access::reduce_neuron_sum || a == access::reduce_neuron_max) && s.synapse)
                fail("custom update '", self, "': variable '", C::info.vars[k].name, "' reduces over neurons, but the update is per synapse of '", s.owner, "'");
        }
        for (std::size_t k = 0; k < C::egp_targets.size() && !m.size; ++k) {
            const ref_target_desc& t = C::egp_targets[k];
            if (!has_egp(t.part, t.var, C::info.egp_refs[k].type))
                fail("custom update '", self, "': extra global parameter reference '", C::info.egp_refs[k].name, "' (", t.part, ".", t.var,
                     "): no part has an extra global parameter of that name and type");
        }
    }

    template <std::size_t U = 0>
    static constexpr void check_from(message& m) {
        if constexpr (U < count) {
            check_one<U>(m);
            if (!m.size) check_from<U + 1>(m);
        }
    }
    static constexpr message text() {
        message m;
        check_from(m);
        return m;
    }
};

template <class Seq, class... A>
struct parts_check_of;
template <std::size_t... K, class... A>
struct parts_check_of<std::index_sequence<K...>, A...> {
    using type = network_check<std::tuple_element_t<split_args<A...>::parts[K], std::tuple<A...>>...>;
};
template <class... A>
struct network_with_updates_check {
    using sp = split_args<A...>;
    static constexpr message text() {
        // with custom connectivity updates another overload applies (clang++ and nvcc still
        // substitute this check into this overload's return type)
        if constexpr ((custom_connectivity_part<A> || ...)) {
            return message{};
        } else {
            message m = parts_check_of<std::make_index_sequence<sp::parts.size()>, A...>::type::text();
            if (m.size) return m;
            return custom_update_check<typename sp::list, typename sp::updates>::text();
        }
    }
};
}  // namespace detail

/// A network with custom updates (any argument made by cx::update): the other parts make
/// an ordinary network, the custom updates ride along.
template <class... Parts>
    requires (custom_update_part<Parts> || ...) && (!(custom_connectivity_part<Parts> || ...)) && detail::passes<detail::network_with_updates_check<Parts...>>
auto network(Parts... parts) {
    using sp = detail::split_args<Parts...>;
    auto all = std::forward_as_tuple(parts...);
    auto base = [&]<std::size_t... K>(std::index_sequence<K...>) {
        return typename sp::base{boost::hana::make_tuple(std::move(std::get<sp::parts[K]>(all))...)};
    }(std::make_index_sequence<sp::parts.size()>{});
    auto ups = [&]<std::size_t... K>(std::index_sequence<K...>) {
        return typename sp::updates{std::move(std::get<sp::ups[K]>(all))...};
    }(std::make_index_sequence<sp::ups.size()>{});
    return typename sp::net{std::move(base), std::move(ups)};
}
template <class... Parts>
    requires (custom_update_part<Parts> || ...) && (!(custom_connectivity_part<Parts> || ...)) && detail::rejected_network<detail::network_with_updates_check<Parts...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::network_with_updates_check<Parts...>>::text) network(Parts... parts);

}  // namespace cortexpr

CORTEXPR_DIAG_END
