// The custom connectivity updates of a simulation, run on the host engine's storage: each
// update's own parameters, variables (per synapse, per pre- and postsynaptic neuron) and
// EGPs, and `run(group)`, which runs every custom connectivity update of an update group
// in declaration order: its host_update_code (a C++ callable), then row_update_code once
// per row (step/custom_connectivity_update.hpp), then the group's column lists are
// rebuilt (postsynaptic learning walks them). Rows run in an OpenMP loop unless the code
// can write per-postsynaptic state (post_vars, post_var_refs), which rows share: then one
// thread runs them in row order. Either way each row draws from its own random stream, so
// results do not depend on the thread count.
// A backend with device memory copies the network to the host before and back after
// (runtime/simulation.hpp); there a column list may not outgrow the capacity it was
// built with (the device twin keeps its size), which is an error naming the group.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "../base/options.hpp"
#include "../host/model_store.hpp"
#include "../host/parallel.hpp"
#include "../network/custom_connectivity_network.hpp"
#include "../step/custom_connectivity_update.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Column lists of a sparse group that learns from postsynaptic spikes, from its rows.
/// With `may_grow` false (device twins) the column capacity stays as built.
template <class Store>
void rebuild_columns(Store& g, bool may_grow) {
    if constexpr (Store::learns_post) {
        std::vector<std::uint32_t> len(g.n_post, 0u);
        for (std::uint32_t i = 0; i < g.n_pre; ++i)
            for (std::uint32_t k = 0; k < g.row_length[i]; ++k) ++len[post_index(g, std::size_t(i) * g.stride + k)];
        const std::uint32_t longest = len.empty() ? 0u : *std::max_element(len.begin(), len.end());
        if (longest > g.col_stride) {
            if (!may_grow)
                fail(g.name, "col_syn", "a custom connectivity update made a column of ", longest, " synapses, beyond the column capacity of ",
                     g.col_stride, " that the device arrays were built with");
            g.col_stride = longest;
            g.col_syn.assign(std::size_t(g.n_post) * g.col_stride, 0u);
        }
        std::fill(g.col_length.begin(), g.col_length.end(), 0u);
        for (std::uint32_t i = 0; i < g.n_pre; ++i)
            for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
                const std::size_t syn = std::size_t(i) * g.stride + k;
                const std::uint32_t j = post_index(g, syn);
                g.col_syn[std::size_t(j) * g.col_stride + g.col_length[j]++] = std::uint32_t(syn);
            }
    }
}

template <class List, class Conns, class S, class T>
class custom_connectivity_updates {
    static constexpr std::size_t count = std::tuple_size_v<Conns>;
    template <std::size_t U> using traits = custom_connectivity_traits<List, Conns, U>;

    template <std::size_t U>
    struct state {
        using CT = traits<U>;
        std::string name{std::string_view(CT::desc::name)};
        model_store<typename CT::holder> m;
        std::array<buffer, CT::npv> pre_vars;
        std::array<buffer, CT::nqv> post_vars;
        std::uint64_t calls = 0;
    };
    template <class Seq> struct states_of;
    template <std::size_t... U> struct states_of<std::index_sequence<U...>> { using type = std::tuple<state<U>...>; };

public:
    custom_connectivity_updates() = default;

    template <class Engine>
    custom_connectivity_updates(Engine& e, Conns& cs, const options& o) {
        if constexpr (count > 0) for_each_update([&]<std::size_t U>() { setup<U>(e, std::get<U>(cs), o); });
    }

    bool has_group(std::string_view group) const {
        bool any = false;
        for_each_update([&]<std::size_t U>() { any = any || std::string_view(traits<U>::desc::group) == group; });
        return any;
    }

    /// Runs every custom connectivity update of update group `group`. `extra(part, mover)`
    /// adds the per-synapse arrays that others own (custom updates on the group) to a mover.
    template <class Engine, class Extra>
    void run(Engine& e, std::string_view group, const options& o, bool device, Extra&& extra) {
        for_each_update([&]<std::size_t U>() {
            if (std::string_view(traits<U>::desc::group) == group) run_one<U>(e, o, device, extra);
        });
    }

    template <std::size_t U> auto& state_of() { return std::get<U>(states_); }

    /// Index of the update named `name` (count if none).
    static constexpr std::size_t find(std::string_view name) {
        std::size_t i = count;
        [&]<std::size_t... U>(std::index_sequence<U...>) {
            ((std::string_view(traits<U>::desc::name) == name && i == count ? void(i = U) : void()), ...);
        }(std::make_index_sequence<count>{});
        return i;
    }

    /// Where variable `var` of update U lives: 0 vars (per synapse slot), 1 pre_vars,
    /// 2 post_vars; and its index (-1 when it has none of that name).
    template <std::size_t U>
    static constexpr std::pair<int, int> locate(std::string_view var) {
        constexpr model_info i = traits<U>::info;
        for (std::size_t k = 0; k < i.vars.size(); ++k) if (i.vars[k].name == var) return {0, int(k)};
        for (std::size_t k = 0; k < i.pre_vars.size(); ++k) if (i.pre_vars[k].name == var) return {1, int(k)};
        for (std::size_t k = 0; k < i.post_vars.size(); ++k) if (i.post_vars[k].name == var) return {2, int(k)};
        return {-1, -1};
    }
    /// The buffer of variable (set, k) of update U.
    template <std::size_t U, int Set, int K>
    buffer& buffer_of() {
        auto& st = std::get<U>(states_);
        if constexpr (Set == 0) return st.m.vars[K];
        else if constexpr (Set == 1) return st.pre_vars[K];
        else return st.post_vars[K];
    }

    /// Adds the per-synapse variables of every update on synapse group `part` to `mv`.
    void add_own_arrays(std::size_t part, synapse_mover& mv) {
        for_each_update([&]<std::size_t U>() {
            if (traits<U>::syn_part != part) return;
            auto& st = std::get<U>(states_);
            for (auto& b : st.m.vars) mv.arrays.push_back({static_cast<std::byte*>(b.raw()), std::uint32_t(b.bytes() / b.count()), 0, 1});
        });
    }

private:
    template <class F>
    static void for_each_update(F&& f) {
        [&]<std::size_t... U>(std::index_sequence<U...>) { (f.template operator()<U>(), ...); }(std::make_index_sequence<count>{});
    }

    template <std::size_t U, class Engine, class Desc>
    void setup(Engine& e, Desc& d, const options& o) {
        using CT = traits<U>;
        auto& st = std::get<U>(states_);
        auto& g = e.template store<CT::syn_part>();
        check_params<typename CT::holder>(d.params, st.name, o.dt);
        st.m.params = d.params;
        st.m.derived = compute_derived<typename CT::model>(d.params, o.dt);
        st.m.template set_egps<S, T>(d.egps, st.name);
        const std::size_t slots = std::size_t(g.n_pre) * g.stride;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                using V = value_t<CT::info.vars[K].type.base, S, T>;
                st.m.vars[K].template allocate<V>(slots, st.name, std::string(CT::info.vars[K].name));
                set_all<V>(st.m.vars[K], std::get<K>(d.vars), st.name, CT::info.vars[K].name);
            }(), ...);
        }(std::make_index_sequence<CT::nv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                using V = value_t<CT::info.pre_vars[K].type.base, S, T>;
                st.pre_vars[K].template allocate<V>(g.n_pre, st.name, std::string(CT::info.pre_vars[K].name));
                set_all<V>(st.pre_vars[K], std::get<K>(d.pre_vars), st.name, CT::info.pre_vars[K].name);
            }(), ...);
        }(std::make_index_sequence<CT::npv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                using V = value_t<CT::info.post_vars[K].type.base, S, T>;
                st.post_vars[K].template allocate<V>(g.n_post, st.name, std::string(CT::info.post_vars[K].name));
                set_all<V>(st.post_vars[K], std::get<K>(d.post_vars), st.name, CT::info.post_vars[K].name);
            }(), ...);
        }(std::make_index_sequence<CT::nqv>{});
    }

    template <class V, class Init>
    static void set_all(buffer& b, const Init& init, std::string_view name, std::string_view var) {
        if constexpr (!std::is_same_v<typename Init::snippet, init_var::Constant>)
            fail(name, var, "a custom connectivity update's variable takes a constant initial value (\"", var, "\"_v = number)");
        const V c = checked_element<V>(init.params[0], name, var, 0);
        std::fill_n(b.template data<V>(), b.count(), c);
    }

    template <std::size_t U, class Engine, class Extra>
    void run_one(Engine& e, const options& o, bool device, Extra& extra) {
        using CT = traits<U>;
        auto& st = std::get<U>(states_);
        auto& g = e.template store<CT::syn_part>();
        if constexpr (requires { CT::model::host_update_code; }) {
            connectivity_host h;
            h.update = st.name;
            h.num_pre = g.n_pre; h.num_post = g.n_post; h.row_stride = g.stride;
            h.row_length = std::span<const std::uint32_t>(g.row_length.data(), g.row_length.size());
            for (std::size_t k = 0; k < CT::info.params.size(); ++k) h.params.emplace_back(CT::info.params[k].name, st.m.params[k]);
            auto arr = [](std::string_view n, buffer& b) { return connectivity_host::array{n, b.raw(), b.count(), b.count() ? b.bytes() / b.count() : 0}; };
            for (std::size_t k = 0; k < CT::npv; ++k) h.pre_vars.push_back(arr(CT::info.pre_vars[k].name, st.pre_vars[k]));
            for (std::size_t k = 0; k < CT::nqv; ++k) h.post_vars.push_back(arr(CT::info.post_vars[k].name, st.post_vars[k]));
            for (std::size_t k = 0; k < CT::info.egps.size(); ++k) h.egps.push_back(arr(CT::info.egps[k].name, st.m.egps[k]));
            CT::model::host_update_code(h);
        }
        synapse_mover mv;
        mv.arrays.push_back({static_cast<std::byte*>(g.ind.raw()), g.index_bytes, 0, 1});
        const std::size_t per_copy = g.syn_count ? g.syn_count : 1;
        for (auto& b : g.wu.vars)
            if (b.count()) mv.arrays.push_back({static_cast<std::byte*>(b.raw()), std::uint32_t(b.bytes() / b.count()), per_copy, std::uint32_t(b.count() / per_copy)});
        add_own_arrays(CT::syn_part, mv);
        extra(CT::syn_part, mv);

        custom_connectivity_view<CT> v{};
        v.m = st.m.template view<S, T>();
        for (std::size_t k = 0; k < CT::npv; ++k) v.pre_vars[k] = st.pre_vars[k].raw();
        for (std::size_t k = 0; k < CT::nqv; ++k) v.post_vars[k] = st.post_vars[k].raw();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                buffer& b = g.wu.vars[std::size_t(CT::ref_index[K])];
                v.refs[K] = b.raw();
                v.ref_copy_stride[K] = per_copy;
                v.ref_copies[K] = std::uint32_t(b.count() / per_copy);
            }(), ...);
        }(std::make_index_sequence<CT::nr>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((v.pre_refs[K] = e.template store<CT::pre_part>().m.vars[std::size_t(CT::pre_ref_index[K])].raw()), ...);
        }(std::make_index_sequence<CT::npr>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((v.post_refs[K] = e.template store<CT::post_part>().m.vars[std::size_t(CT::post_ref_index[K])].raw()), ...);
        }(std::make_index_sequence<CT::nqr>{});
        v.num_pre = g.n_pre; v.num_post = g.n_post; v.stride = g.stride;
        v.row_length = g.row_length.data();
        v.mover = &mv;
        v.name = st.name;
        v.group = g.name;

        const T t = T(double(e.timestep()) * o.dt), dt = T(o.dt);
        const std::uint64_t seed = o.seed, call = st.calls++;
        // rows share per-postsynaptic state: where the code may write it, one thread, in row order
        constexpr bool shares_post = [] {
            for (const auto& x : CT::info.post_vars) if (x.mode == access::read_write) return true;
            for (const auto& x : CT::info.post_neuron_var_refs) if (x.mode == access::read_write) return true;
            return false;
        }();
        parallel_ranges_rethrow(shares_post ? 1 : o.threads, g.n_pre, [&](int, std::uint32_t lo, std::uint32_t hi) {
            for (std::uint32_t i = lo; i < hi; ++i) custom_connectivity_row<CT, S, T>(v, i, t, dt, seed, std::uint32_t(U), call);
        }, o.min_per_thread);
        rebuild_columns(g, !device);
    }

    typename states_of<std::make_index_sequence<count>>::type states_;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
