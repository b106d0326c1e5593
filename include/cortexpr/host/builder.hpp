// The builder of the network in host memory (host/instance.hpp): the build-time checks
// (host/validate.hpp), then each part's allocation, variable initialisation and
// connectivity by host/part_builder.hpp, which is keyed by the part's kind. This file
// only walks the network's parts and hands each its run-time place (index, sizes,
// queues) and the work its backend's device does instead. One builder for every
// backend: a backend whose device initialises what step/init_plan.hpp names passes
// `device_init`, and that work is skipped here (the arrays are allocated, zeroed and
// sized, the parameters checked).
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <tuple>
#include <utility>

#include "../base/options.hpp"
#include "../step/init_plan.hpp"
#include "instance.hpp"
#include "part_builder.hpp"
#include "validate.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Bit k: variable k of set `Set` of part I is initialised on the device (init_plan.hpp).
template <class List, std::size_t I, var_set Set>
constexpr std::uint64_t device_var_mask() {
    return []<std::size_t... K>(std::index_sequence<K...>) {
        static_assert(sizeof...(K) <= 64, "cortexpr: more than 64 variables in one set");
        return (std::uint64_t(0) | ... | (std::uint64_t(device_var_init<List, I, Set, K>()) << K));
    }(std::make_index_sequence<std::tuple_size_v<inits_of_set_t<List, I, Set>>>{});
}

/// The device's share of part I's initialisation (see device_work).
template <class List, std::size_t I>
constexpr device_work device_work_of() {
    device_work w;
    if constexpr (List::kinds[I] == part_kind::population) {
        w.vars = device_var_mask<List, I, var_set::vars>();
    } else if constexpr (List::kinds[I] == part_kind::current_source) {
        w.vars = device_var_mask<List, I, var_set::cs_vars>();
    } else {
        w.vars = device_var_mask<List, I, var_set::vars>();
        w.pre_vars = device_var_mask<List, I, var_set::pre_vars>();
        w.post_vars = device_var_mask<List, I, var_set::post_vars>();
        w.psm_vars = device_var_mask<List, I, var_set::psm_vars>();
        w.connectivity = device_connectivity<List, I>();
    }
    return w;
}

template <class Net, class S, class T>
class host_builder {
public:
    using list = typename Net::list;
    using instance = network_instance<Net, S, T>;
    static constexpr auto pops = instance::pops;
    static constexpr auto sources = instance::sources;
    static constexpr auto groups = instance::groups;

    /// `device_init`: the backend's device runs the initialisation that init_plan.hpp
    /// names (the CUDA backend without options::host_init).
    host_builder(instance& h, bool device_init = false) : h_(h), opt_(h.opts()), parts_(h.opts(), h.times(), device_init) {}

    /// Checks the options and every part, allocates and initialises them.
    void build() {
        if (!(opt_.dt > 0) || !std::isfinite(opt_.dt)) fail("simulation", "dt", "time step must be positive and finite, got ", opt_.dt);
        if (opt_.batch == 0) fail("simulation", "batch", "batch size must be at least 1, got 0");
        check_options(opt_);
        phase_timer timer(opt_.timing ? &h_.times().init : nullptr);
        // spike queues: as many slots as the longest axonal delay of a population's
        // outgoing groups and back-propagation delay of its incoming ones need
        std::array<std::uint32_t, list::size> ring;
        ring.fill(1);
        for_each_index<groups>([&]<std::size_t G>() {
            using gt = sg_traits<list, G>;
            const synapse_options& o = desc<G>().options;
            check_synapse_delays(store<G>().name, o);
            ring[gt::pre] = std::max(ring[gt::pre], o.axonal_delay + 1);
            ring[gt::post] = std::max(ring[gt::post], o.back_prop_delay + 1);
        });
        for_each_index<pops>([&]<std::size_t I>() {
            static constexpr device_work dev = device_work_of<list, I>();
            auto& p = store<I>();
            const auto& d = desc<I>();
            with_memory_errors(p.name, [&] { parts_.population(p, d.size, d.params, d.vars, d.egps, std::uint32_t(I), ring[I], dev); });
        });
        for_each_index<sources>([&]<std::size_t I>() {
            static constexpr device_work dev = device_work_of<list, I>();
            auto& c = store<I>();
            const auto& d = desc<I>();
            const std::uint32_t n = desc<cs_traits<list, I>::target>().size;
            with_memory_errors(c.name, [&] { parts_.source(c, d.params, d.vars, d.egps, n, std::uint32_t(I), dev); });
        });
        for_each_index<groups>([&]<std::size_t G>() {
            using gt = sg_traits<list, G>;
            static constexpr device_work dev = device_work_of<list, G>();
            auto& g = store<G>();
            const auto& d = desc<G>();
            const group_place at{std::uint32_t(G), desc<gt::pre>().size, desc<gt::post>().size, store<gt::pre>().ring, store<gt::post>().ring};
            with_memory_errors(g.name, [&] { parts_.synapses(g, d.wu, d.psm, d.matrix, d.options, h_.template connect_store<G>(), at, dev); });
            // with an axonal delay, delayed copies of the referenced presynaptic variables
            // (keep_pre_history), typed by the presynaptic model's variables
            if (g.axonal > 0)
                with_memory_errors(g.name, [&] {
                    [&]<std::size_t... k>(std::index_sequence<k...>) {
                        (g.pre_hist[k].template allocate<value_t<gt::pre_info.vars[gt::pre_refs[k]].type.base, S, T>>(
                             std::size_t(opt_.batch) * g.evt_ring * g.n_pre, g.name, "pre_history"), ...);
                    }(std::make_index_sequence<gt::wu_info.pre_neuron_var_refs.size()>{});
                });
            // ... and of the weight update's pre_vars that synaptic code reads
            if constexpr (gt::pre_var_history > 0)
                if (g.axonal > 0)
                    with_memory_errors(g.name, [&] {
                        [&]<std::size_t... k>(std::index_sequence<k...>) {
                            ((syn_mentions(gt::wu_info, gt::wu_info.pre_vars[k].name, false)
                                  ? void(g.pre_var_hist[k].template allocate<value_t<gt::wu_info.pre_vars[k].type.base, S, T>>(
                                        std::size_t(opt_.batch) * g.evt_ring * g.n_pre, g.name, "pre_var_history"))
                                  : void()), ...);
                        }(std::make_index_sequence<gt::pre_var_history>{});
                    });
            // postsynaptic state that synaptic code reads delayed (x[d]): the values of the
            // last max_dendritic + 1 steps (keep_post_history)
            if constexpr (gt::post_history > 0) {
                if (g.max_dendritic == 0)
                    fail(g.name, "max_dendritic_delay",
                         "the weight update reads postsynaptic state with a delay (x[d]): set max_dendritic_delay to the "
                         "largest d + 1 (the steps of history kept)");
                with_memory_errors(g.name, [&] {
                    [&]<std::size_t... k>(std::index_sequence<k...>) {
                        ((gt::post_delayed_at[k]
                              ? void(g.post_hist[k].template allocate<typename post_state<gt, k, S, T>::type>(
                                    std::size_t(opt_.batch) * (g.max_dendritic + 1) * g.n_post, g.name, "post_history"))
                              : void()), ...);
                    }(std::make_index_sequence<gt::post_history>{});
                });
            }
        });
        if (opt_.fuse_postsynaptic) for_each_index<pops>([&]<std::size_t P>() { fuse_inputs<P>(); });
    }

private:
    template <std::size_t I> auto& store() { return h_.template store<I>(); }
    template <std::size_t I> const auto& desc() const { return h_.template desc<I>(); }

    /// options::fuse_postsynaptic: groups into population P whose postsynaptic models can
    /// share one inSyn are pointed at the first such group's buffers. What the decision
    /// reads of each incoming group is gathered once (linear in the groups); the pairs are
    /// compared at run time (a compile-time double loop instantiated incoming^2 lambdas
    /// per population: 512 in the microcircuit).
    template <std::size_t P>
    void fuse_inputs() {
        static constexpr auto incoming = synapses_at<list, P, false>();
        std::array<fuse_candidate, incoming.size()> c{};
        std::size_t k = 0;
        for_each_index<incoming>([&]<std::size_t G>() {
            using gt = sg_traits<list, G>;
            auto& g = store<G>();
            // (a group with addToPre runs on one thread: sharing inSyn with a group split
            // over the threads would let two threads add to it at once; the kind carries the
            // target_var: groups whose inputs go to different targets keep their own inSyn)
            c[k++] = {&type_tag<typename gt::psm_kind_t>, gt::psm_info.vars.size() == 0 && gt::psm_info.egps.size() == 0 && !gt::adds_to_pre,
                      std::uint32_t(G), &g.fused, &g.in_syn_alias, &g.den_alias, g.in_syn.raw(), g.den.raw(), g.max_dendritic,
                      std::span<const double>(g.psm.params), std::span<const double>(g.psm.derived)};
        });
        for (auto& f : c) {
            for (auto& l : c) {
                if (!(l.part < f.part && f.psm == l.psm && f.can && l.can)) continue;
                if (*f.fused || *l.fused || f.max_dendritic != l.max_dendritic || !std::ranges::equal(f.params, l.params) ||
                    !std::ranges::equal(f.derived, l.derived))
                    continue;
                *f.fused = true;
                *f.in_syn_alias = l.in_syn;
                *f.den_alias = l.den;
            }
        }
    }
    /// One incoming group as fuse_inputs sees it.
    struct fuse_candidate {
        const void* psm = nullptr;  // the postsynaptic model's type (type_tag)
        bool can = false;           // no postsynaptic variables or EGPs, no addToPre
        std::uint32_t part = 0;
        bool* fused = nullptr;
        void** in_syn_alias = nullptr;
        void** den_alias = nullptr;
        void* in_syn = nullptr;
        void* den = nullptr;
        std::uint32_t max_dendritic = 0;
        std::span<const double> params, derived;
    };
    template <class M>
    static constexpr char type_tag = 0;

    instance& h_;
    const options& opt_;
    part_builder<S, T> parts_;
};

/// A network instance built on the host (every backend's first step).
template <class S, class T, class Net>
void build_on_host(network_instance<Net, S, T>& h, bool device_init = false) {
    host_builder<Net, S, T>(h, device_init).build();
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
