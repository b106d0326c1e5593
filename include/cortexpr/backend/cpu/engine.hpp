// The CPU backend: the network in host memory (host/instance.hpp, built by
// host/builder.hpp), advanced in place one step at a time in this order (docs/api-quickref.md, "Semantics"):
//   1. every synapse group: synapse dynamics, spike-like events and spikes emitted D+1
//      steps ago (addToPost into inSyn), postsynaptic learning for spikes B+1 steps ago;
//   2. every population: postsynaptic models and current sources add to Isyn, neuron
//      code, per-neuron weight-update code, threshold, spike, reset.
// Loops over neurons and over postsynaptic ranges run on OpenMP threads; each target
// is owned by one thread and receives its inputs in spike order, so results do not
// depend on the number of threads. What each element does is the step code shared with
// the CUDA backend (step/neuron_update.hpp, step/synapse_update.hpp); this file holds
// the thread loops and the per-thread spike lists.
#pragma once
#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <limits>
#include <numeric>
#include <tuple>
#include <utility>
#include <vector>

#include "../../base/options.hpp"
#include "../../host/builder.hpp"
#include "../../host/instance.hpp"
#include "../../host/parallel.hpp"
#include "../../step/neuron_update.hpp"
#include "../../step/rows.hpp"
#include "../../step/synapse_update.hpp"
#include "../../host/lane_streams.hpp"

CORTEXPR_DIAG_BEGIN

#include "attributes.hpp"

#include "neuron_batch.hpp"

namespace cortexpr {

/// The CPU backend (single-threaded or OpenMP).
struct cpu {
    static constexpr std::string_view name = "cpu";
};

namespace detail {
/// The CPU's emission policy (step/neuron_update.hpp): a thread's spikes, each
/// outgoing group's spike-like events and each incoming group's postsynaptic ones go
/// to that thread's lists of this step.
template <std::size_t N, std::size_t M = 0>
struct cpu_emission {
    std::vector<std::uint32_t>* spikes;
    std::array<std::vector<std::uint32_t>*, N> events;
    std::array<std::vector<std::uint32_t>*, M> post_events{};
    void spike(std::uint32_t id) { spikes->push_back(id); }
    template <class J>
    void event(J, std::uint32_t id) {
        if constexpr (is_post_event<J>) post_events[J::value]->push_back(id);
        else events[J::value]->push_back(id);
    }
};

/// The neuron update of neurons [lo, hi) of one population. Keyed by the kinds of the
/// population and its neighbours (neuron_update.hpp's ports), not by the part: the
/// populations of one kind share it (not inlined into the per-population caller, so that
/// it is compiled once per kind). It runs on thread-local copies of its arguments, which
/// the loop's float stores cannot alias, so the views stay in registers.
template <class Unit, class S, class T, class MV, class Own, class Psm, class Post, class Pre, class Src, class Emit>
CORTEXPR_CPU_RANGE void neuron_range(const MV& mv_in, const spikes_view<T>& sp_in, std::uint32_t lo, std::uint32_t hi, T t, T dt,
                                     std::uint32_t b, const Own& own_in, const Psm& psm_in, const Post& post_in, const Pre& pre_in,
                                     const Src& src_in, const Emit& emit_in) {
    // populations whose update is their own go block by block, vectorised (neuron_batch.hpp)
    if constexpr (neuron_batch_fits<Unit, S, MV, Psm, Post, Pre, Src>) {
        neuron_range_batch<Unit, S, T>(mv_in, sp_in, lo, hi, t, dt, b, psm_in, src_in, emit_in);
        return;
    }
    const MV mv = mv_in;
    const spikes_view<T> sp = sp_in;
    Own own = own_in;
    Psm psm = psm_in;
    const Post post = post_in;
    const Pre pre = pre_in;
    Src src = src_in;
    Emit emit = emit_in;
    for (std::uint32_t id = lo; id < hi; ++id) neuron_update<Unit, S, T>(mv, sp, id, t, dt, b, own.at(id), psm, post, pre, src, emit);
}

template <class Net, class S, class T>
class cpu_engine {
public:
    using list = typename Net::list;
    using instance = network_instance<Net, S, T>;
    static constexpr auto pops = parts_of_kind<list, part_kind::population>();
    static constexpr auto sources = parts_of_kind<list, part_kind::current_source>();
    static constexpr auto groups = parts_of_kind<list, part_kind::synapses>();

    cpu_engine(Net net, const options& o) : host_(std::move(net), o) {
        build_on_host<S, T>(host_);
        threads_ = opts().threads > 0 ? opts().threads : default_threads();
        // the per-thread spike and event lists of a step
        const std::size_t lists = std::size_t(opts().batch) * std::size_t(threads_);
        for_each_index<pops>([&]<std::size_t P>() { with_memory_errors(store<P>().name, [&] { lists_[P].assign(lists, {}); }); });
        for_each_index<groups>([&]<std::size_t G>() { with_memory_errors(store<G>().name, [&] { lists_[G].assign(lists, {}); }); });
        for_each_index<groups>([&]<std::size_t G>() {
            if constexpr (sg_traits<list, G>::template has<field::post_event_syn_code>)
                with_memory_errors(store<G>().name, [&] { post_lists_[G].assign(lists, {}); });
        });
        // a team only where some loop of the step splits: members without a share would
        // just wait at the barriers (a network of small populations runs serially)
        for_each_index<pops>([&]<std::size_t P>() { team_ = std::max(team_, threads_for(threads_, store<P>().n, opts().min_per_thread)); });
        for_each_index<groups>([&]<std::size_t G>() { team_ = std::max(team_, threads_for(threads_, store<G>().n_post, opts().min_per_thread)); });
        assign_owners();
    }


    /// Which team member runs the loops of a population too small to split (its neuron
    /// loop and the synapse loops into it, so its inputs have one writer): largest first
    /// to the least loaded member. By index parity, the microcircuit's four inhibitory
    /// populations all landed on one member (44k against 33k neurons per step).
    void assign_owners() {
        std::vector<std::uint64_t> load(std::size_t(team_), 0);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> whole;  // (n, population)
        for_each_index<pops>([&]<std::size_t P>() {
            const std::uint32_t n = store<P>().n;
            const int parts = std::min(team_, threads_for(threads_, n, opts().min_per_thread));
            if (parts > 1) {
                for (int k = 0; k < parts; ++k) load[std::size_t(k)] += n / std::uint32_t(parts);
            } else {
                whole.emplace_back(n, std::uint32_t(P));
            }
        });
        std::stable_sort(whole.begin(), whole.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (const auto& [n, P] : whole) {
            const auto k = std::size_t(std::min_element(load.begin(), load.end()) - load.begin());
            load[k] += n;
            owner_[P] = std::uint32_t(k);
        }
    }


    template <std::size_t I> auto& store() { return host_.template store<I>(); }
    template <std::size_t I> const auto& desc() const { return host_.template desc<I>(); }
    const options& opts() const { return host_.opts(); }
    std::uint64_t timestep() const { return host_.timestep(); }
    void set_timestep(std::uint64_t n) { host_.set_timestep(n); }
    phase_times& times() { return host_.times(); }
    int threads() const { return threads_; }
    std::uint64_t seed_of(std::uint32_t b) const { return host_.seed_of(b); }
    std::uint64_t connectivity_seed() const { return host_.connectivity_seed(); }
    /// The network in host memory (checkpoints read and write it).
    instance& host() { return host_; }
    template <class Store> static std::uint32_t post_index(Store& g, std::size_t syn) { return detail::post_index(g, syn); }


    /// One time step.
    void step() { run_steps(1); }

    /// `n` time steps. With several threads, one OpenMP region runs them all (a fork and
    /// join per step and group cost more than the work of small groups, and far more on
    /// a busy machine); its members meet at two barriers and one single section per step.
    void run_steps(std::uint64_t n) {
        try {
            reserve_step_lists();
        } catch (const std::bad_alloc&) {
            fail("simulation", "memory", "out of host memory reserving the per-thread spike lists");
        }
#if defined(_OPENMP)
        if (team_ > 1 && n > 0) {
            prepare_row_splits();
            bool stop = false;
#  pragma omp parallel num_threads(team_)
            {
                current_team = {omp_get_num_threads(), omp_get_thread_num()};
                for (std::uint64_t k = 0; k < n && !stop; ++k) {
                    const T t = T(double(host_.timestep()) * opts().dt);
                    for_each_index<groups>([&]<std::size_t G>() { update_synapses<G>(t); });
#  pragma omp barrier
                    for_each_index<pops>([&]<std::size_t P>() {
                        for (std::uint32_t b = 0; b < opts().batch; ++b) neuron_loop<P>(t, b);
                    });
#  pragma omp barrier
#  pragma omp single
                    {
                        end_step();
                        stop = any_bad_delay();
                    }
                }
                current_team = {};
            }
            check_delays();
            return;
        }
#endif
        for (std::uint64_t k = 0; k < n; ++k) {
            const T t = T(double(host_.timestep()) * opts().dt);
            for_each_index<groups>([&]<std::size_t G>() { update_synapses<G>(t); });
            for_each_index<pops>([&]<std::size_t P>() {
                for (std::uint32_t b = 0; b < opts().batch; ++b) neuron_loop<P>(t, b);
            });
            end_step();
            check_delays();
        }
    }

private:
    /// Sparse groups, for a team of `parts` members splitting n_post: where each member's
    /// postsynaptic range starts in each row ([n_pre][parts - 1]), so that no member
    /// searches every spiking row for its start (made on the first team run, again when
    /// a checkpoint replaced the connectivity).
    struct row_split {
        std::vector<std::uint32_t> at;
        std::uint32_t parts = 0;
        std::uint64_t epoch = 0;
    };
    /// The serial end of a step: spike lists in neuron order, recording, the time step.
    void end_step() {
        for_each_index<pops>([&]<std::size_t P>() {
            for (std::uint32_t b = 0; b < opts().batch; ++b) merge_spikes<P>(b);
        });
        host_.set_timestep(host_.timestep() + 1);
    }
    template <class F>
    void ranges(std::uint32_t owner, int threads, std::uint32_t n, F&& f) const {
        parallel_ranges(threads, n, std::forward<F>(f), opts().min_per_thread, owner);
    }
    /// Gives every per-thread spike and event list the capacity of the range its thread
    /// will update, before a run changes anything: a step then never allocates, so an
    /// allocation failure cannot stop it half-way (or, inside the OpenMP region,
    /// terminate). A no-op once the capacities are there.
    void reserve_step_lists() {
        const auto longest = [&](std::uint32_t owner, std::uint32_t n, int k) -> std::size_t {
            const int t = std::min(team_, threads_for(threads_, n, opts().min_per_thread));
            if (t <= 1) return (team_ <= 1 ? k == 0 : std::uint32_t(k) == owner % std::uint32_t(team_)) ? n : 0;
            return k < t ? std::size_t(std::uint64_t(n) * std::uint64_t(k + 1) / std::uint64_t(t) - std::uint64_t(n) * std::uint64_t(k) / std::uint64_t(t)) : 0;
        };
        for_each_index<pops>([&]<std::size_t P>() {
            auto& p = store<P>();
            for (std::size_t tk = 0; tk < lists_[P].size(); ++tk)
                lists_[P][tk].reserve(longest(owner_[P], p.n, int(tk % std::size_t(threads_))));
        });
        for_each_index<groups>([&]<std::size_t G>() {  // events are found in the presynaptic neuron loop
            constexpr std::size_t P = sg_traits<list, G>::pre;
            for (std::size_t tk = 0; tk < lists_[G].size(); ++tk)
                lists_[G][tk].reserve(longest(owner_[P], store<P>().n, int(tk % std::size_t(threads_))));
            constexpr std::size_t Q = sg_traits<list, G>::post;  // postsynaptic events: its neuron loop
            for (std::size_t tk = 0; tk < post_lists_[G].size(); ++tk)
                post_lists_[G][tk].reserve(longest(owner_[Q], store<Q>().n, int(tk % std::size_t(threads_))));
        });
    }
    bool any_bad_delay() {
        bool any = false;
        for_each_index<groups>([&]<std::size_t G>() { any = any || store<G>().bad_delay != 0; });
        return any;
    }
    /// Sparse groups: each row's start of every team member's postsynaptic range
    /// (row_split), for the split the team will use.
    void prepare_row_splits() {
        for_each_index<groups>([&]<std::size_t G>() {
            if constexpr (sg_traits<list, G>::kind == matrix_kind::sparse) split_rows(store<G>(), splits_[G]);
        });
    }
    /// One sparse group's row_split (keyed by the store type, not the group: the
    /// microcircuit's 64 groups instantiated it 54 times).
    template <class Store>
    void split_rows(Store& g, row_split& sp) {
        const std::uint32_t parts = std::uint32_t(std::min(team_, threads_for(threads_, g.n_post, opts().min_per_thread)));
        if (parts <= 1 || (sp.parts == parts && sp.epoch == host_.connectivity_epoch())) return;
        sp.at.assign(std::size_t(g.n_pre) * (parts - 1), 0u);
        for (std::uint32_t i = 0; i < g.n_pre; ++i) {
            const std::size_t base = std::size_t(i) * g.stride;
            std::uint32_t k = 0;
            for (std::uint32_t m = 1; m < parts; ++m) {
                const std::uint32_t lo = std::uint32_t(std::uint64_t(g.n_post) * m / parts);
                while (k < g.row_length[i] && post_index(g, base + k) < lo) ++k;
                sp.at[std::size_t(i) * (parts - 1) + (m - 1)] = k;
            }
        }
        sp.parts = parts;
        sp.epoch = host_.connectivity_epoch();
    }
    /// Reports a dendritic delay beyond the maximum, seen during the last step.
    void check_delays() {
        for_each_index<groups>([&]<std::size_t G>() {
            auto& g = store<G>();
            if (g.bad_delay) {
                const auto d = g.bad_delay - 1;
                g.bad_delay = 0;
                fail(g.name, "addToPostDelay", "dendritic delay ", d, " steps is not below max_dendritic_delay ", g.max_dendritic);
            }
        });
    }

    // ---- one step: synapse groups ------------------------------------------------------
    template <class Ind, class Store, class Visit>
    static void sparse_row(Store& g, const row_split& sp, std::uint32_t i, std::uint32_t lo, std::uint32_t hi, Visit&& visit) {
        const std::size_t base = std::size_t(i) * g.stride;
        const Ind* r = g.template indices<Ind>() + base;
        const std::uint32_t len = g.row_length[i];
        std::uint32_t k = 0, prev = ~0u, rep = 0;  // rep: repeats of the target so far (a range starts a run)
        if (lo > 0) {
            // the member's start in this row, from the table when it was made for this split
            const std::uint32_t parts = sp.parts;
            const std::uint32_t q = parts > 1 ? std::uint32_t(std::uint64_t(lo) * parts / g.n_post) : 0u;
            const auto start = [&](std::uint32_t m) { return std::uint32_t(std::uint64_t(g.n_post) * m / parts); };
            if (parts > 1 && q >= 1 && q < parts && start(q) == lo)
                k = sp.at[std::size_t(i) * (parts - 1) + (q - 1)];
            else if (parts > 1 && q + 1 < parts && start(q + 1) == lo)
                k = sp.at[std::size_t(i) * (parts - 1) + q];
            else
                k = std::uint32_t(std::lower_bound(r, r + len, lo, [](Ind a, std::uint32_t v) { return std::uint32_t(a) < v; }) - r);
        }
        if (hi >= g.n_post) {  // the range runs to the row's end: no bound to test per synapse
            for (; k < len; ++k) {
                const std::uint32_t j = r[k];
                rep = j == prev ? rep + 1 : 0;
                prev = j;
                visit(j, base + k, 0u, rep);
            }
            return;
        }
        for (; k < len; ++k) {
            const std::uint32_t j = r[k];
            if (j >= hi) break;
            rep = j == prev ? rep + 1 : 0;
            prev = j;
            visit(j, base + k, 0u, rep);
        }
    }

    /// Calls visit(j, synapse index, kernel index, repeat) for the synapses of row i whose
    /// target lies in [lo, hi), in increasing j (procedural rows: in build order); repeat
    /// counts the synapses to j before this one (streams::synapse).
    /// (Keyed by the group's kind K and store type: `part` is the group's index.)
    template <class K, class Store, class CV, class Visit>
    void for_row(Store& g, const row_split& split, std::uint32_t part, std::uint32_t i, std::uint32_t lo, std::uint32_t hi, const CV& cview,
                 Visit&& visit) {
        using gt = K;
        if constexpr (gt::kind == matrix_kind::dense) {
            const std::size_t base = std::size_t(i) * g.n_post;
            for (std::uint32_t j = lo; j < hi; ++j) visit(j, base + j, 0u, 0u);
        } else if constexpr (gt::kind == matrix_kind::sparse) {
            switch (g.index_bytes) {
                case 1: sparse_row<std::uint8_t>(g, split, i, lo, hi, visit); break;
                case 2: sparse_row<std::uint16_t>(g, split, i, lo, hi, visit); break;
                default: sparse_row<std::uint32_t>(g, split, i, lo, hi, visit);
            }
        } else if constexpr (gt::kind == matrix_kind::bitmask) {
            const std::uint32_t* w = g.bits.data() + std::size_t(i) * g.words_per_row;
            for (std::uint32_t q = lo / 32; q * 32 < hi; ++q) {
                std::uint32_t bits = w[q];
                while (bits) {
                    const std::uint32_t j = q * 32 + std::uint32_t(__builtin_ctz(bits));
                    bits &= bits - 1;
                    if (j >= lo && j < hi) visit(j, std::size_t(0), 0u, 0u);
                }
            }
        } else if constexpr (gt::kind == matrix_kind::procedural) {
            std::uint32_t prev = ~0u, rep = 0;  // every added synapse counts, in or out of [lo, hi)
            auto add = [&](std::uint32_t j, auto... k) {
                rep = j == prev ? rep + 1 : 0;
                prev = j;
                if (j >= lo && j < hi) visit(j, std::size_t(0), kernel_index(g, k...), rep);
            };
            build_row<typename gt::matrix::connect_type, S, T>(connectivity_seed(), part, i, g.n_pre, g.n_post, T(opts().dt), cview, add);
        }
    }

    /// The synapse update of group G: what identifies the group (its index, stores,
    /// owner, row splits, connectivity parameters) as run-time arguments of
    /// update_group, which is keyed by the group's kind (sg_kind) and store types, so
    /// that groups of one kind share one instantiation (the microcircuit's 64 groups
    /// are of a few kinds).
    template <std::size_t G>
    void update_synapses(T t) {
        using gt = sg_traits<list, G>;
        auto cview = [&] {
            // (a type test, not a requires-expression: nvcc 13 evaluates that one to false)
            if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(host_.template connect_store<G>())>, std::monostate>)
                return host_.template connect_store<G>().template view<S, T>();
            else return 0;
        }();
        std::span<const double> conn_params;
        if constexpr (gt::kind == matrix_kind::toeplitz) conn_params = std::span<const double>(desc<G>().matrix.conn.params);
        update_group<typename gt::kind_t>(t, std::uint32_t(G), store<G>(), store<gt::pre>(), store<gt::post>(), owner_[gt::post], splits_[G],
                                          cview, conn_params);
    }

    template <class K, class Store, class PreStore, class PostStore, class CV>
    void update_group(T t, const std::uint32_t G, Store& g, PreStore& pre, PostStore& post, const std::uint32_t owner, const row_split& split,
                      const CV& cview, std::span<const double> conn_params) {
        using gt = K;
        const std::uint64_t n = host_.timestep();
        const std::uint32_t den_ptr = g.max_dendritic ? std::uint32_t(n % g.max_dendritic) : 0u;
        const auto sv = g.template view<S, T>(den_ptr);
        const auto pv = pre.m.template view<S, T>();
        const auto qv = post.m.template view<S, T>();
        // spike times as of the spikes that have arrived: emitted up to n-1-D (pre) and
        // n-1-B (post)
        auto arrived = [&](auto& side, std::uint32_t delay) {
            return side.spikes(n >= 1 + std::uint64_t(delay) ? std::uint32_t((n - 1 - delay) % side.ring) : 0u);
        };
        const auto psp = arrived(pre, g.axonal);
        const auto qsp = arrived(post, g.back_prop);
        const int threads = gt::adds_to_pre ? 1 : threads_;
        const T dt = T(opts().dt);
        auto proc_views = [&] {
            if constexpr (gt::weights == weight_storage::procedural)
                return std::apply([](auto&... s) { return std::make_tuple(s.template view<S, T>()...); }, g.proc_inits);
            else return 0;
        }();

        // runs weight-update field F on the synapses of the given presynaptic ids
        auto propagate = [&]<field F>(std::uint32_t b, std::span<const std::uint32_t> ids, double* timer) {
            using unit = typename gt::template wu_unit<F>;
            using prog = dsl::program<unit>;
            using env_t = synapse_env<unit, gt, S, T>;
            constexpr streams::synapse_code code = F == field::pre_spike_syn_code   ? streams::synapse_code::pre_spike
                                                 : F == field::pre_event_syn_code ? streams::synapse_code::pre_event
                                                                                  : streams::synapse_code::dynamics;
            const synapse_streams ks{seed_of(b), connectivity_seed(), G, n, code};
            phase_timer pt(timer);
            ranges(owner, threads, g.n_post, [&](int, std::uint32_t lo, std::uint32_t hi) CORTEXPR_CPU_HOT {
                // Thread-local copies of the views: the code's stores (inSyn, weights) cannot
                // reach them, so their fields stay in registers across the row loop instead
                // of being reloaded from the captured originals after every addToPost.
                const auto svl = sv; const auto pvl = pv; const auto qvl = qv; const auto pspl = psp; const auto qspl = qsp;
                env_t env(svl, pvl, qvl, pspl, qspl, t, dt, b, streams::unused<S>());
                if constexpr (gt::kind == matrix_kind::toeplitz) {
                    using C = typename gt::matrix::connect_type;
                    using tunit = model_unit<typename C::snippet, family::toeplitz_init, field::diagonal_build_code>;
                    using tprog = dsl::program<tunit>;
                    const std::uint32_t n_diag = C::snippet::max_row_length(g.n_pre, g.n_post, conn_params);
                    std::uint32_t cur = 0;
                    auto add = [&](std::uint32_t j, auto... k) {
                        if (j < lo || j >= hi) return;
                        synapse_update<prog, gt, S, T>(env, ks, proc_views, cur, j, std::size_t(0), kernel_index(g, k...), 0u);
                    };
                    auto each = [&](auto& tenv, auto&& body) {
                        for (std::uint32_t i : ids) {
                            tenv.id_pre = i;
                            cur = i;
                            if (body() == dsl::flow::break_) break;
                        }
                    };
                    for (std::uint32_t d = 0; d < n_diag; ++d) {
                        toeplitz_env<tunit, S, T, decltype(cview), decltype(each), decltype(add)> tenv(
                            cview, each, add, t, dt, b, streams::toeplitz_diagonal<S>(seed_of(b), G, d, n));
                        tenv.id_diag = d; tenv.num_pre = g.n_pre; tenv.num_post = g.n_post;
                        dsl::frame<tprog, decltype(tenv)> f;
                        dsl::run<tprog, 0>(tenv, f);
                    }
                } else {
                    for (std::uint32_t i : ids) {
                        for_row<K>(g, split, G, i, lo, hi, cview, [&](std::uint32_t j, std::size_t syn, std::uint32_t k, std::uint32_t rep) {
                            synapse_update<prog, gt, S, T>(env, ks, proc_views, i, j, syn, k, rep);
                        });
                    }
                }
            });
        };

        double* t_pre = opts().timing ? &times().presynaptic_update : nullptr;
        for (std::uint32_t b = 0; b < opts().batch; ++b) {
            // (other matrix kinds with these codes are rejected by the network check)
            if constexpr (gt::template has<field::synapse_dynamics_code> && gt::stores_synapses) {
                thread_local std::vector<std::uint32_t> all;
                all.resize(g.n_pre);
                std::iota(all.begin(), all.end(), 0u);
                propagate.template operator()<field::synapse_dynamics_code>(b, all, opts().timing ? &times().synapse_dynamics : nullptr);
            }
            if (n >= 1 + std::uint64_t(g.axonal)) {
                const std::uint32_t slot = std::uint32_t((n - 1 - g.axonal) % pre.ring);
                if constexpr (gt::template has<field::pre_event_syn_code>) {
                    const std::size_t k = std::size_t(b) * g.evt_ring + slot;
                    std::span<const std::uint32_t> ev(g.evt.template data<std::uint32_t>() + k * g.n_pre,
                                                      g.evt_cnt.template data<std::uint32_t>()[k]);
                    propagate.template operator()<field::pre_event_syn_code>(b, ev, t_pre);
                }
                if constexpr (gt::template has<field::pre_spike_syn_code>)
                    propagate.template operator()<field::pre_spike_syn_code>(b, pre.slot(b, slot), t_pre);
            }
            if constexpr (gt::learns_post && gt::stores_synapses) {
                // postsynaptic learning: field F on the columns of the given postsynaptic ids
                auto learn = [&]<field F>(std::span<const std::uint32_t> ids, streams::synapse_code code) {
                    using unit = typename gt::template wu_unit<F>;
                    using prog = dsl::program<unit>;
                    using env_t = synapse_env<unit, gt, S, T>;
                    phase_timer pt(opts().timing ? &times().postsynaptic_update : nullptr);
                    ranges(owner, threads, g.n_post, [&](int, std::uint32_t lo, std::uint32_t hi) CORTEXPR_CPU_HOT {
                        env_t env(sv, pv, qv, psp, qsp, t, dt, b, streams::unused<S>());
                        const synapse_streams ks{seed_of(b), connectivity_seed(), G, n, code};
                        for (std::uint32_t j : ids) {
                            if (j < lo || j >= hi) continue;
                            for_column<gt::kind == matrix_kind::dense>(j, g.n_pre, g.n_post, g.stride, g.col_length, g.col_syn, g.col_stride,
                                                                       [&](std::uint32_t i, std::size_t syn) {
                                // the repeat keys the stream only: made where the code draws
                                const std::uint32_t rep = prog::uses_rng && gt::kind != matrix_kind::dense
                                                              ? repeat_of(g, std::size_t(i) * g.stride, syn, j) : 0u;
                                synapse_update<prog, gt, S, T>(env, ks, 0, i, j, syn, 0u, rep);
                            });
                        }
                    });
                };
                if (n >= 1 + std::uint64_t(g.back_prop)) {
                    // spike-like events first, then spikes (GeNN's order)
                    const std::uint32_t qslot = std::uint32_t((n - 1 - g.back_prop) % post.ring);
                    if constexpr (gt::template has<field::post_event_syn_code>) {
                        const std::size_t k = std::size_t(b) * g.post_evt_ring + qslot;
                        std::span<const std::uint32_t> ev(g.post_evt.template data<std::uint32_t>() + k * g.n_post,
                                                          g.post_evt_cnt.template data<std::uint32_t>()[k]);
                        learn.template operator()<field::post_event_syn_code>(ev, streams::synapse_code::post_event);
                    }
                    if constexpr (gt::template has<field::post_spike_syn_code>)
                        learn.template operator()<field::post_spike_syn_code>(post.slot(b, qslot), streams::synapse_code::post_spike);
                }
            }
        }
    }

    // ---- one step: populations ---------------------------------------------------------
    /// The neuron update of population P, batch entry b: this thread's share (all of it
    /// outside a team) of step/neuron_update.hpp's per-neuron update. Each share first
    /// carries its neurons' spike times into this step's slot, so no other thread's work
    /// is waited for.
    template <std::size_t P>
    void neuron_loop(T t, std::uint32_t b) {
        using tr = pop_traits<list, P>;
        using unit = typename tr::unit;
        using prog = typename tr::prog;
        using MV = scalar_view<S, model_view_for<typename tr::desc>>;  // parameters converted once (views.hpp)
        static constexpr auto incoming = synapses_at<list, P, false>();
        static constexpr auto outgoing = synapses_at<list, P, true>();
        static constexpr auto inputs = sources_at<list, P>();
        auto& p = store<P>();
        const std::uint64_t n = host_.timestep();
        const T dt = T(opts().dt);
        const MV mv = with_scalars<S>(p.m.template view<S, T>());
        const std::uint32_t slot = std::uint32_t(n % p.ring);
        const auto sp = p.spikes(slot);
        phase_timer pt(opts().timing ? &times().neuron_update : nullptr);
        ranges(owner_[P], threads_, p.n, [&](int k, std::uint32_t lo, std::uint32_t hi) {
            const std::size_t tk = std::size_t(b) * std::size_t(threads_) + std::size_t(k);
            auto& spikes = lists_[P][tk];
            spikes.clear();
            for_each_index<outgoing>([&]<std::size_t G>() { lists_[G][tk].clear(); });
            for_each_index<incoming>([&]<std::size_t G>() {
                if constexpr (sg_traits<list, G>::template has<field::post_event_syn_code>) post_lists_[G][tk].clear();
            });
            if (p.ring > 1 && n > 0) {
                // this step's slot starts from the spike times of the previous step's slot
                const std::size_t from = (std::size_t(b) * p.ring + (n - 1) % p.ring) * p.n + lo;
                const std::size_t to = (std::size_t(b) * p.ring + slot) * p.n + lo;
                std::copy_n(p.st.template data<T>() + from, hi - lo, p.st.template data<T>() + to);
                std::copy_n(p.prev_st.template data<T>() + from, hi - lo, p.prev_st.template data<T>() + to);
            }
            // What the neuron update reads of each group, gathered once per step into
            // ports: the views, inSyn of batch b, and the dendritic-delay row due this
            // step (n % max_dendritic was a 64-bit division per neuron and incoming
            // group: most of the microcircuit's neuron update).
            const std::uint64_t seed = seed_of(b);
            // every element's streams, with block 0 made 16 neurons at a time where drawn
            lane_streams<S, prog::uses_rng, prog::draws_normal> own_rng(streams::neurons(seed, P, n));
            auto psm = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple([&] {
                    using gt = sg_traits<list, incoming[J]>;
                    auto& g = store<incoming[J]>();
                    S* due = g.max_dendritic
                                 ? g.den.template data<S>() + (std::size_t(b) * g.max_dendritic + n % g.max_dendritic) * p.n
                                 : nullptr;
                    using R = lane_streams<S, gt::psm_prog::uses_rng, gt::psm_prog::draws_normal>;
                    auto pv = with_scalars<S>(g.psm.template view<S, T>());
                    return psm_port<typename gt::psm_kind_t, decltype(pv), S, R>{pv, g.in_syn.template data<S>() + std::size_t(b) * p.n, due, g.fused,
                                                            R(streams::postsynaptic(seed, std::uint32_t(incoming[J]), n))};
                }()...);
            }(std::make_index_sequence<incoming.size()>{});
            // the synapse groups whose per-neuron code runs on this population
            const auto pre_sides = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple(wu_side<outgoing[J], true>(b)...);
            }(std::make_index_sequence<outgoing.size()>{});
            const auto post_sides = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple(wu_side<incoming[J], false>(b)...);
            }(std::make_index_sequence<incoming.size()>{});
            auto cs = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple([&] {
                    using ct = cs_traits<list, inputs[J]>;
                    using R = lane_streams<S, ct::prog::uses_rng, ct::prog::draws_normal>;
                    auto cv = with_scalars<S>(store<inputs[J]>().m.template view<S, T>());
                    return source_port<typename ct::kind_t, decltype(cv), R>{cv, R(streams::current_source(seed, std::uint32_t(inputs[J]), n))};
                }()...);
            }(std::make_index_sequence<inputs.size()>{});
            // spikes and events go to this thread's lists, merged in range order at the end
            cpu_emission<outgoing.size(), incoming.size()> emit{&spikes, {}};
            [&]<std::size_t... J>(std::index_sequence<J...>) {
                ((emit.events[J] = &lists_[outgoing[J]][tk]), ...);
            }(std::make_index_sequence<outgoing.size()>{});
            [&]<std::size_t... J>(std::index_sequence<J...>) {  // (null where no condition)
                ((emit.post_events[J] = sg_traits<list, incoming[J]>::template has<field::post_event_syn_code> ? &post_lists_[incoming[J]][tk] : nullptr), ...);
            }(std::make_index_sequence<incoming.size()>{});
            neuron_range<unit, S, T>(mv, sp, lo, hi, t, dt, b, own_rng, psm, post_sides, pre_sides, cs, emit);
        });
    }

    /// Appends the per-thread lists of batch entry b to `out` in thread (= range) order
    /// and empties them (members that had no share this step leave nothing behind).
    template <class Lists>
    std::uint32_t concat_lists(Lists& lists, std::uint32_t b, std::uint32_t* out) const {
        const std::size_t th = std::size_t(threads_);
        std::uint32_t count = 0;
        for (std::size_t q = 0; q < th; ++q) {
            auto& ts = lists[std::size_t(b) * th + q];
            for (auto id : ts) out[count++] = id;
            ts.clear();
        }
        return count;
    }

    /// Writes step n's row of a spike-like-event recording of `steps` steps over n_ids ids
    /// (batch entry b): the bits of the `count` ids in `ids`.
    static void record_row(buffer& rec, std::uint32_t steps, std::uint32_t n_ids, std::uint32_t b, std::uint64_t n,
                           const std::uint32_t* ids, std::uint32_t count) {
        const std::uint32_t words = (n_ids + 31) / 32;
        std::uint32_t* row = rec.template data<std::uint32_t>() + (std::size_t(b) * steps + n % steps) * words;
        std::fill_n(row, words, 0u);
        for (std::uint32_t c = 0; c < count; ++c) row[ids[c] / 32] |= 1u << (ids[c] % 32);
    }

    /// The step's spikes (and spike-like events) of population P, batch entry b, in
    /// neuron order whatever the number of threads; the recording.
    template <std::size_t P>
    void merge_spikes(std::uint32_t b) {
        static constexpr auto outgoing = synapses_at<list, P, true>();
        static constexpr auto incoming = synapses_at<list, P, false>();
        auto& p = store<P>();
        const std::uint64_t n = host_.timestep();
        const std::uint32_t slot = std::uint32_t(n % p.ring);
        const std::size_t k = std::size_t(b) * p.ring + slot;
        std::uint32_t* out = p.spk.template data<std::uint32_t>() + k * p.n;
        const std::uint32_t count = concat_lists(lists_[P], b, out);
        p.spk_cnt.template data<std::uint32_t>()[k] = count;
        if (p.rec_steps) {
            std::uint32_t* row = p.rec.template data<std::uint32_t>() +
                                 (std::size_t(b) * p.rec_steps + n % p.rec_steps) * p.rec_words;
            std::fill_n(row, p.rec_words, 0u);
            for (std::uint32_t c = 0; c < count; ++c) row[out[c] / 32] |= 1u << (out[c] % 32);
        }
        for_each_index<outgoing>([&]<std::size_t G>() {
            if constexpr (sg_traits<list, G>::template has<field::pre_event_syn_code>) {
                auto& g = store<G>();
                const std::size_t e = std::size_t(b) * g.evt_ring + slot;
                std::uint32_t* evt = g.evt.template data<std::uint32_t>() + e * g.n_pre;
                const std::uint32_t count = concat_lists(lists_[G], b, evt);
                g.evt_cnt.template data<std::uint32_t>()[e] = count;
                if (g.evt_rec_steps) record_row(g.evt_rec, g.evt_rec_steps, g.n_pre, b, n, evt, count);
            }
        });
        for_each_index<incoming>([&]<std::size_t G>() {
            if constexpr (sg_traits<list, G>::template has<field::post_event_syn_code>) {
                auto& g = store<G>();
                const std::size_t e = std::size_t(b) * g.post_evt_ring + slot;
                std::uint32_t* evt = g.post_evt.template data<std::uint32_t>() + e * g.n_post;
                const std::uint32_t count = concat_lists(post_lists_[G], b, evt);
                g.post_evt_cnt.template data<std::uint32_t>()[e] = count;
                if (g.post_evt_rec_steps) record_row(g.post_evt_rec, g.post_evt_rec_steps, g.n_post, b, n, evt, count);
            }
        });
    }

    /// What per-neuron weight-update code of group G reads on its pre (Pre) or post side,
    /// batch entry b: built once per step by the neuron update of that side's population.
    template <std::size_t G, bool Pre>
    wu_side_port<typename sg_traits<list, G>::wu_kind_t, Pre, S, T> wu_side(std::uint32_t b) {
        using gt = sg_traits<list, G>;
        auto& side = store<Pre ? gt::pre : gt::post>();
        auto& g = store<G>();
        S* rev = nullptr;
        if constexpr (Pre && gt::adds_to_pre) rev = g.rev.template data<S>() + std::size_t(b) * side.n;
        return {g.template view<S, T>(0), side.m.template view<S, T>(), side.spikes(std::uint32_t(host_.timestep() % side.ring)),
                streams::wu_neurons(seed_of(b), G, host_.timestep(), Pre), rev};
    }

    instance host_;
    int threads_ = 1;
    int team_ = 1;  // threads that have a share of some loop of the step (1: run serially)
    std::array<std::uint32_t, list::size> owner_{};  // per population: assign_owners()
    // per population its spikes, per synapse group its spike-like events: per batch entry
    // and thread, this step
    std::array<std::vector<std::vector<std::uint32_t>>, list::size> lists_;
    // per synapse group with postsynaptic spike-like events: those, likewise
    std::array<std::vector<std::vector<std::uint32_t>>, list::size> post_lists_;
    std::array<row_split, list::size> splits_;
};

}  // namespace detail
}  // namespace cortexpr

CORTEXPR_DIAG_END
