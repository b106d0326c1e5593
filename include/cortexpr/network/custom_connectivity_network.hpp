// A network with custom connectivity updates: cx::network(parts..., cx::connectivity_update<...>(...))
// builds the network of the other arguments as it would without them (a network_t, or a
// network_with_updates when there are custom updates) and keeps the connectivity
// updates beside it, so the engines and the custom updates run unchanged. Checked at
// compile time, each rule one cortexpr::network_error naming the update: the target must
// be a SPARSE synapse group with individual weights; var_refs name its weight-update
// variables, pre_var_refs / post_var_refs variables of its pre- / postsynaptic
// population, each of the reference's type.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include "custom_connectivity.hpp"
#include "custom_update_network.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// Network `Inner` (network_t or network_with_updates) and its custom connectivity updates.
template <class Inner, class... Conns>
struct network_with_connectivity : Inner {
    using inner_network = Inner;
    using connectivity_type = std::tuple<Conns...>;
    std::tuple<Conns...> connectivity;
};

namespace detail {
template <class Inner, class... C>
struct base_network_of<network_with_connectivity<Inner, C...>> { using type = typename base_network_of<Inner>::type; };
template <class Inner, class... C>
struct updates_of<network_with_connectivity<Inner, C...>> { using type = typename updates_of<Inner>::type; };
template <class Net>
struct connectivity_of { using type = std::tuple<>; };
template <class Inner, class... C>
struct connectivity_of<network_with_connectivity<Inner, C...>> { using type = std::tuple<C...>; };

template <class... A>
struct split_connectivity {
    static constexpr auto pick(bool want) {
        constexpr bool is[] = {custom_connectivity_part<A>..., false};
        std::array<std::size_t, sizeof...(A)> out{};
        std::size_t c = 0;
        for (std::size_t i = 0; i < sizeof...(A); ++i) if (is[i] == want) out[c++] = i;
        return std::pair{out, c};
    }
    static constexpr auto others_ = pick(false);
    static constexpr auto conns_ = pick(true);
    template <class Seq> struct others_of;
    template <std::size_t... K> struct others_of<std::index_sequence<K...>> {
        using tuple = std::tuple<std::tuple_element_t<others_.first[K], std::tuple<A...>>...>;
        static constexpr bool any_update = (custom_update_part<std::tuple_element_t<others_.first[K], std::tuple<A...>>> || ...);
        using check = std::conditional_t<any_update, network_with_updates_check<std::tuple_element_t<others_.first[K], std::tuple<A...>>...>,
                                         network_check<std::tuple_element_t<others_.first[K], std::tuple<A...>>...>>;
        // the parts' list, without the custom updates among them
        using list = typename std::conditional_t<any_update, split_args<std::tuple_element_t<others_.first[K], std::tuple<A...>>...>,
                                                 network_t<std::tuple_element_t<others_.first[K], std::tuple<A...>>...>>::list;
    };
    template <class Seq> struct conns_of;
    template <std::size_t... K> struct conns_of<std::index_sequence<K...>> {
        using tuple = std::tuple<std::tuple_element_t<conns_.first[K], std::tuple<A...>>...>;
    };
    using others = others_of<std::make_index_sequence<others_.second>>;
    using conns = typename conns_of<std::make_index_sequence<conns_.second>>::tuple;
};

/// The network-level rules of every custom connectivity update (see the file comment).
template <class List, class Conns>
struct connectivity_check {
    using F = update_facts<List, std::tuple<>>;
    static constexpr std::size_t count = std::tuple_size_v<Conns>;

    template <std::size_t U>
    static constexpr void check_one(message& m) {
        using C = std::tuple_element_t<U, Conns>;
        const std::string_view self = C::name;
        auto fail = [&](auto... s) { if (!m.size) (m.put(std::string_view(s)), ...); };
        if (List::find(self) >= 0) fail("network: two parts are named '", self, "'");
        [&]<std::size_t... V>(std::index_sequence<V...>) {
            ((V != U && std::string_view(std::tuple_element_t<V, Conns>::name) == self
                  ? fail("network: two custom connectivity updates are named '", self, "'") : void()), ...);
        }(std::make_index_sequence<count>{});
        const int sp = List::find(C::syn);
        if (sp < 0 || List::kinds[std::size_t(sp)] != part_kind::synapses) {
            fail("custom connectivity update '", self, "': no synapse group is named '", std::string_view(C::syn), "'");
            return;
        }
        if (m.size) return;
        const std::size_t s = std::size_t(sp);
        bool sparse_individual = false;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ([&] {
                using P = typename List::template part<I>;
                if constexpr (P::kind == part_kind::synapses)
                    if (I == s) sparse_individual = P::matrix_type::kind == matrix_kind::sparse && P::matrix_type::weights == weight_storage::individual;
            }(), ...);
        }(std::make_index_sequence<List::size>{});
        if (!sparse_individual)
            fail("custom connectivity update '", self, "': synapse group '", std::string_view(C::syn),
                 "' must have SPARSE connectivity with individual weights (cx::sparse(...)) to be updated");
        auto refs = [&](const auto& targets, std::span<const var_info> decl, std::string_view kind, std::string_view owner, bool wu) {
            for (std::size_t k = 0; k < targets.size() && !m.size; ++k) {
                const ref_target_desc& t = targets[k];
                auto head = [&] { fail("custom connectivity update '", self, "': ", kind, " '", decl[k].name, "' (", t.part, ".", t.var, "): "); };
                if (t.part != owner) {
                    head();
                    m.put(wu ? "must name a weight-update variable of the target synapse group '" : "must name a variable of the population '");
                    m.put(owner); m.put("'");
                    continue;
                }
                const ref_resolution r = F::resolve_part(t.part, t.var);
                if (!r.error.empty() || r.set != 0) { head(); m.put("'"); m.put(t.part); m.put("' has no such variable"); }
                else if (!(r.type == decl[k].type)) { head(); m.put("type "); m.put(dsl::type_name(r.type.base)); m.put(" differs from the reference's "); m.put(dsl::type_name(decl[k].type.base)); }
            }
        };
        refs(C::ref_targets, C::info.var_refs, "variable reference", std::string_view(C::syn), true);
        refs(C::pre_ref_targets, C::info.pre_neuron_var_refs, "presynaptic variable reference", List::pre_names[s], false);
        refs(C::post_ref_targets, C::info.post_neuron_var_refs, "postsynaptic variable reference", List::post_names[s], false);
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

template <class... A>
struct network_with_connectivity_check {
    using sp = split_connectivity<A...>;
    static constexpr message text() {
        message m = sp::others::check::text();
        if (m.size) return m;
        return connectivity_check<typename sp::others::list, typename sp::conns>::text();
    }
};
}  // namespace detail

/// A network with custom connectivity updates (any argument made by cx::connectivity_update).
template <class... Parts>
    requires (custom_connectivity_part<Parts> || ...) && detail::passes<detail::network_with_connectivity_check<Parts...>>
auto network(Parts... parts) {
    using sp = detail::split_connectivity<Parts...>;
    auto all = std::forward_as_tuple(parts...);
    auto inner = [&]<std::size_t... K>(std::index_sequence<K...>) {
        return cortexpr::network(std::move(std::get<sp::others_.first[K]>(all))...);
    }(std::make_index_sequence<sp::others_.second>{});
    auto conns = [&]<std::size_t... K>(std::index_sequence<K...>) {
        return typename sp::conns{std::move(std::get<sp::conns_.first[K]>(all))...};
    }(std::make_index_sequence<sp::conns_.second>{});
    return [&]<class... C>(std::type_identity<std::tuple<C...>>) {
        return network_with_connectivity<decltype(inner), C...>{std::move(inner), std::move(conns)};
    }(std::type_identity<typename sp::conns>{});
}
template <class... Parts>
    requires (custom_connectivity_part<Parts> || ...) && detail::rejected_network<detail::network_with_connectivity_check<Parts...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::network_with_connectivity_check<Parts...>>::text) network(Parts... parts);

}  // namespace cortexpr

CORTEXPR_DIAG_END
