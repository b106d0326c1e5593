// The CPU backend: the network's parts in host memory, initialised by their snippets,
// advanced one step at a time in this order (docs/api-quickref.md, "Semantics"):
//   1. every synapse group: synapse dynamics, spike-like events and spikes emitted D+1
//      steps ago (addToPost into inSyn), postsynaptic learning for spikes B+1 steps ago;
//   2. every population: postsynaptic models and current sources add to Isyn, neuron
//      code, per-neuron weight-update code, threshold, spike, reset.
// Loops over neurons and over postsynaptic ranges run on OpenMP threads; each target
// is owned by one thread and receives its inputs in spike order, so results do not
// depend on the number of threads.
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
#include "../../host/validate.hpp"
#include "../../step/init_plan.hpp"
#include "lane_streams.hpp"
#include "../../host/parallel.hpp"
#include "../../host/stores.hpp"

CORTEXPR_DIAG_BEGIN

// The per-thread bodies of the step's loops (neurons, synaptic rows) are flattened: the
// environments, views and code-string programs they call then inline into one loop, so
// the compiler keeps the groups' views in registers instead of rebuilding them per
// neuron (g++ -O2 left the per-group lambdas out of line: Vogels–Abbott went from ~160
// to ~79 instructions per neuron update, callgrind). Not under nvcc, whose front end
// need not accept the attribute on a lambda.
#if defined(__GNUC__) && !defined(__CUDACC__)
#  define CORTEXPR_CPU_HOT __attribute__((flatten))
#else
#  define CORTEXPR_CPU_HOT
#endif

namespace cortexpr {

/// The CPU backend (single-threaded or OpenMP).
struct cpu {
    static constexpr std::string_view name = "cpu";
};

namespace detail {

template <class List, class S, class T, class Seq = std::make_index_sequence<List::size>>
struct stores_of;
template <class List, class S, class T, std::size_t... I>
struct stores_of<List, S, T, std::index_sequence<I...>> {
    using type = std::tuple<store_t<List, I, S, T>...>;
};

/// Calls f.template operator()<J, A[J]>() for each position J of the index array A (for
/// per-step state kept in a tuple parallel to A).
template <auto A, class F>
void for_each_position(F&& f) {
    [&]<std::size_t... J>(std::index_sequence<J...>) { (f.template operator()<J, A[J]>(), ...); }(std::make_index_sequence<A.size()>{});
}

/// A scoped timer adding to `acc` when timing is on.
struct phase_timer {
    double* acc;
    std::chrono::steady_clock::time_point start;
    // in a team, the first member times for all (the phases end at barriers)
    explicit phase_timer(double* a) : acc(current_team.rank == 0 ? a : nullptr) { if (acc) start = std::chrono::steady_clock::now(); }
    ~phase_timer() { if (acc) *acc += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
};

template <class Net, class S, class T>
class cpu_engine {
public:
    using list = typename Net::list;
    static constexpr auto pops = parts_of_kind<list, part_kind::population>();
    static constexpr auto sources = parts_of_kind<list, part_kind::current_source>();
    static constexpr auto groups = parts_of_kind<list, part_kind::synapses>();

    /// `device_init`: this engine is the CUDA engine's host mirror, whose device runs the
    /// initialisation that init_plan.hpp names; that work is skipped here (the arrays are
    /// allocated, zeroed and sized, the parameters checked) and copied back afterwards.
    cpu_engine(Net net, const options& o, bool device_init = false) : net_(std::move(net)), opt_(o), device_init_(device_init) {
        if (!(opt_.dt > 0) || !std::isfinite(opt_.dt)) fail("simulation", "dt", "time step must be positive and finite, got ", opt_.dt);
        if (opt_.batch == 0) fail("simulation", "batch", "batch size must be at least 1, got 0");
        check_options(opt_);
        threads_ = opt_.threads > 0 ? opt_.threads : default_threads();
        phase_timer timer(opt_.timing ? &times_.init : nullptr);
        for_each_index<groups>([&]<std::size_t G>() { check_synapse_delays(store<G>().name, desc<G>().options); });
        for_each_index<pops>([&]<std::size_t I>() { with_memory_errors(store<I>().name, [&] { allocate_population<I>(); }); });
        for_each_index<sources>([&]<std::size_t I>() { with_memory_errors(store<I>().name, [&] { allocate_source<I>(); }); });
        for_each_index<groups>([&]<std::size_t I>() { with_memory_errors(store<I>().name, [&] { allocate_synapses<I>(); }); });
        if (opt_.fuse_postsynaptic) for_each_index<pops>([&]<std::size_t P>() { fuse_inputs<P>(); });
        // a team only where some loop of the step splits: members without a share would
        // just wait at the barriers (a network of small populations runs serially)
        for_each_index<pops>([&]<std::size_t P>() { team_ = std::max(team_, threads_for(threads_, store<P>().n, opt_.min_per_thread)); });
        for_each_index<groups>([&]<std::size_t G>() { team_ = std::max(team_, threads_for(threads_, store<G>().n_post, opt_.min_per_thread)); });
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
            const int parts = std::min(team_, threads_for(threads_, n, opt_.min_per_thread));
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

    template <std::size_t I> auto& store() { return std::get<I>(stores_); }
    template <std::size_t I> auto& connect_store() { return std::get<I>(connect_stores_); }
    /// A checkpoint's seeds (the random streams' position is (seed, time step)); its
    /// connectivity replaced ours, so tables derived from the rows are made again.
    void restore_seeds(std::uint64_t seed, std::uint64_t connectivity_seed) {
        opt_.seed = seed;
        opt_.connectivity_seed = connectivity_seed;
        for_each_index<groups>([&]<std::size_t G>() { store<G>().split_parts = 0; });
    }
    template <std::size_t I> const auto& desc() const { return net_.template part<I>(); }
    const options& opts() const { return opt_; }
    std::uint64_t timestep() const { return timestep_; }
    void set_timestep(std::uint64_t n) { timestep_ = n; }
    phase_times& times() { return times_; }
    int threads() const { return threads_; }

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
                    const T t = T(double(timestep_) * opt_.dt);
                    for_each_index<groups>([&]<std::size_t G>() { update_synapses<G>(t); });
#  pragma omp barrier
                    for_each_index<pops>([&]<std::size_t P>() {
                        for (std::uint32_t b = 0; b < opt_.batch; ++b) neuron_loop<P>(t, b);
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
            const T t = T(double(timestep_) * opt_.dt);
            for_each_index<groups>([&]<std::size_t G>() { update_synapses<G>(t); });
            for_each_index<pops>([&]<std::size_t P>() {
                for (std::uint32_t b = 0; b < opt_.batch; ++b) neuron_loop<P>(t, b);
            });
            end_step();
            check_delays();
        }
    }

    std::uint64_t seed_of(std::uint32_t b) const { return opt_.seed + b; }
    std::uint64_t connectivity_seed() const { return opt_.connectivity_seed.value_or(opt_.seed); }

private:
    /// The serial end of a step: spike lists in neuron order, recording, the time step.
    void end_step() {
        for_each_index<pops>([&]<std::size_t P>() {
            for (std::uint32_t b = 0; b < opt_.batch; ++b) merge_spikes<P>(b);
        });
        ++timestep_;
    }
    template <class F>
    void ranges(std::uint32_t owner, int threads, std::uint32_t n, F&& f) const {
        parallel_ranges(threads, n, std::forward<F>(f), opt_.min_per_thread, owner);
    }
    /// Initialisation work over [0, n) items (rows, blocks of 1024 elements) split over
    /// the threads, at least min_per_thread / 256 items per thread (16 by default: an
    /// item costs hundreds of times a neuron update); exceptions reach the caller as from
    /// a serial loop (parallel_ranges_rethrow).
    template <class F>
    void init_ranges(std::size_t n, F&& f) const {
        const std::uint32_t min_items = std::max<std::uint32_t>(1, opt_.min_per_thread / 256);
        if (n > 0xffffffffu) {  // beyond 2^32 items: serially (never met by rows or blocks)
            f(std::size_t(0), n);
            return;
        }
        parallel_ranges_rethrow(threads_, std::uint32_t(n), [&](int, std::uint32_t lo, std::uint32_t hi) { f(std::size_t(lo), std::size_t(hi)); },
                                min_items);
    }
    /// Gives every per-thread spike and event list the capacity of the range its thread
    /// will update, before a run changes anything: a step then never allocates, so an
    /// allocation failure cannot stop it half-way (or, inside the OpenMP region,
    /// terminate). A no-op once the capacities are there.
    void reserve_step_lists() {
        const auto longest = [&](std::uint32_t owner, std::uint32_t n, int k) -> std::size_t {
            const int t = std::min(team_, threads_for(threads_, n, opt_.min_per_thread));
            if (t <= 1) return (team_ <= 1 ? k == 0 : std::uint32_t(k) == owner % std::uint32_t(team_)) ? n : 0;
            return k < t ? std::size_t(std::uint64_t(n) * std::uint64_t(k + 1) / std::uint64_t(t) - std::uint64_t(n) * std::uint64_t(k) / std::uint64_t(t)) : 0;
        };
        for_each_index<pops>([&]<std::size_t P>() {
            auto& p = store<P>();
            for (std::size_t tk = 0; tk < p.thread_spikes.size(); ++tk)
                p.thread_spikes[tk].reserve(longest(owner_[P], p.n, int(tk % std::size_t(threads_))));
        });
        for_each_index<groups>([&]<std::size_t G>() {  // events are found in the presynaptic neuron loop
            constexpr std::size_t P = sg_traits<list, G>::pre;
            auto& g = store<G>();
            for (std::size_t tk = 0; tk < g.thread_events.size(); ++tk)
                g.thread_events[tk].reserve(longest(owner_[P], store<P>().n, int(tk % std::size_t(threads_))));
        });
    }
    bool any_bad_delay() {
        bool any = false;
        for_each_index<groups>([&]<std::size_t G>() { any = any || store<G>().bad_delay != 0; });
        return any;
    }
    /// Sparse groups: each row's start of every team member's postsynaptic range
    /// (store::row_split), for the split the team will use.
    void prepare_row_splits() {
        for_each_index<groups>([&]<std::size_t G>() {
            if constexpr (sg_traits<list, G>::kind == matrix_kind::sparse) {
                auto& g = store<G>();
                const std::uint32_t parts = std::uint32_t(std::min(team_, threads_for(threads_, g.n_post, opt_.min_per_thread)));
                if (parts <= 1 || g.split_parts == parts) return;
                g.row_split.assign(std::size_t(g.n_pre) * (parts - 1), 0u);
                for (std::uint32_t i = 0; i < g.n_pre; ++i) {
                    const std::size_t base = std::size_t(i) * g.stride;
                    std::uint32_t k = 0;
                    for (std::uint32_t m = 1; m < parts; ++m) {
                        const std::uint32_t lo = std::uint32_t(std::uint64_t(g.n_post) * m / parts);
                        while (k < g.row_length[i] && post_index(g, base + k) < lo) ++k;
                        g.row_split[std::size_t(i) * (parts - 1) + (m - 1)] = k;
                    }
                }
                g.split_parts = parts;
            }
        });
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

    // ---- variable initialisation --------------------------------------------------
    /// `synapse`: a synapse of row `row` (streams::synapse_var_init), else element `element`.
    struct element { std::uint32_t element = 0, row = 0, repeat = 0; bool synapse = false; std::uint32_t id = 0, n = 0, id_pre = 0, id_post = 0, num_pre = 0, num_post = 0, id_kernel = 0; };

    /// Initialises the variables `Vars()` (one of a model's variable lists) stored in
    /// `bufs`, `n` elements per batch; `where(e, el)` fills the indices of element e
    /// and returns false for unused slots (sparse rows' padding).
    template <std::span<const var_info> (*Vars)(), std::size_t Part, var_set Set, class Inits, std::size_t N, class Where>
    void init_var_set(std::array<buffer, N>& bufs, const Inits& inits, std::size_t n, std::string_view gname, Where&& where) {
        constexpr auto vars = Vars();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                constexpr var_info vi = vars[K];
                using V = value_t<vi.type.base, S, T>;
                using init_t = std::tuple_element_t<K, Inits>;
                using Sn = typename init_t::snippet;
                const auto& vinit = std::get<K>(inits);
                const std::size_t count = var_count(vi.mode, opt_.batch, n);
                bufs[K].template allocate<V>(count, gname, vi.name);
                check_params<init_t>(vinit.params, std::string(gname) + "." + std::string(vi.name), opt_.dt);
                model_store<init_t> sn;
                sn.params = vinit.params;
                sn.derived = compute_derived<Sn>(vinit.params, opt_.dt);
                sn.template set_egps<S, T>(vinit.egps, gname);
                check_init_egps<Sn>(sn, std::string(gname) + "." + std::string(vi.name));
                if (device_init_ && device_var_init<list, Part, Set, K>()) return;  // the CUDA engine's device does it
                const auto sv = sn.template view<S, T>();
                const bool shared = vi.mode == access::read_only;
                const std::uint32_t nb = shared ? 1 : opt_.batch;
                const std::size_t per = vi.mode == access::read_only_shared_neuron ? 1 : n;
                V* data = bufs[K].template data<V>();
                for (std::uint32_t b = 0; b < nb; ++b) {
                    const std::uint64_t seed = shared ? connectivity_seed() : seed_of(b);
                    // every element draws from its own stream: split over the threads in
                    // blocks, the values do not depend on the split
                    constexpr std::size_t block = 1024;
                    using iprog = dsl::program<model_unit<Sn, family::var_init, field::var_init_code>>;
                    init_ranges((per + block - 1) / block, [&](std::size_t blo, std::size_t bhi) {
                    // 16 elements at a time: their streams' first words made together where drawn
                    stream_chunk<S, iprog::draws_normal> chunk;
                    element els[stream_chunk<S, false>::lanes];
                    std::size_t at[stream_chunk<S, false>::lanes];
                    const auto stream_of = [&](std::uint32_t l) {
                        if (Set == var_set::vars && els[l].synapse)
                            return streams::synapse_var_init<S>(seed, std::uint32_t(Part), K, els[l].row, els[l].element, els[l].repeat);
                        return streams::var_init<S>(seed, std::uint32_t(Part), Set, K, els[l].element);
                    };
                    const std::size_t end = std::min(per, bhi * block);
                    for (std::size_t e = blo * block; e < end;) {
                        std::uint32_t count = 0;
                        for (; e < end && count < std::size(els); ++e) {
                            els[count] = element{};
                            if (where(e, els[count])) at[count++] = e;
                        }
                        if (count == 0) continue;
                        if constexpr (iprog::uses_rng) chunk.fill(stream_of, count);
                        for (std::uint32_t l = 0; l < count; ++l) {
                            const element& el = els[l];
                            check_kernel_index<Sn>(sn, el.id_kernel, gname, vi.name);
                            random::stream<S> r = stream_of(l);
                            if constexpr (iprog::uses_rng) r = chunk.prepared(r, l);
                            const auto w = init_value_wide<Sn, V, S, T>(sv, T(opt_.dt), b, r, [&](auto& env) {
                                env.id = el.id; env.n = el.n; env.id_pre = el.id_pre; env.id_post = el.id_post;
                                env.num_pre = el.num_pre; env.num_post = el.num_post; env.id_kernel = el.id_kernel;
                            });
                            // an integer variable (a dendritic delay in uint8_t) gets the
                            // user's value or an error naming it, never a wrapped one
                            if (!init_in_range<V>(w)) [[unlikely]]
                                fail_init_range<V>(gname, vi.name, dsl::type_name(vi.type.base), double(w), at[l], b);
                            data[std::size_t(b) * per + at[l]] = V(w);
                        }
                    }
                    });
                }
            }(), ...);
        }(std::make_index_sequence<vars.size()>{});
    }

    template <std::size_t I>
    void allocate_population() {
        using tr = pop_traits<list, I>;
        auto& p = store<I>();
        const auto& d = desc<I>();
        if (d.size == 0) fail(p.name, "size", "population size must be at least 1, got 0");
        check_population_size(p.name, d.size);
        p.n = d.size;
        check_params<typename tr::desc>(d.params, p.name, opt_.dt);
        p.m.params = d.params;
        p.m.derived = compute_derived<typename tr::model>(d.params, opt_.dt);
        p.m.template set_egps<S, T>(d.egps, p.name);
        // spike queue: as many slots as the longest axonal delay of the outgoing groups
        // and back-propagation delay of the incoming ones need
        std::uint32_t ring = 1;
        for_each_index<groups>([&]<std::size_t G>() {
            using gt = sg_traits<list, G>;
            if (gt::pre == I) ring = std::max(ring, desc<G>().options.axonal_delay + 1);
            if (gt::post == I) ring = std::max(ring, desc<G>().options.back_prop_delay + 1);
        });
        p.ring = ring;
        const std::size_t nb = std::size_t(opt_.batch) * p.n;
        p.st.template allocate<T>(nb * ring, p.name, "st");
        p.prev_st.template allocate<T>(nb * ring, p.name, "prev_st");
        std::fill_n(p.st.template data<T>(), nb * ring, -std::numeric_limits<T>::max());
        std::fill_n(p.prev_st.template data<T>(), nb * ring, -std::numeric_limits<T>::max());
        p.spk.template allocate<std::uint32_t>(nb * ring, p.name, "spikes");
        p.spk_cnt.template allocate<std::uint32_t>(std::size_t(opt_.batch) * ring, p.name, "spike_count");
        p.thread_spikes.assign(std::size_t(opt_.batch) * std::size_t(threads_), {});
        init_var_set<detail::vars_of<typename tr::model>, I, var_set::vars>(p.m.vars, d.vars, p.n, p.name,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = p.n; return true; });
    }

    template <std::size_t I>
    void allocate_source() {
        using tr = cs_traits<list, I>;
        auto& c = store<I>();
        const auto& d = desc<I>();
        const std::uint32_t n = desc<tr::target>().size;
        check_params<typename tr::desc>(d.params, c.name, opt_.dt);
        c.m.params = d.params;
        c.m.derived = compute_derived<typename tr::model>(d.params, opt_.dt);
        c.m.template set_egps<S, T>(d.egps, c.name);
        init_var_set<detail::vars_of<typename tr::model>, I, var_set::cs_vars>(c.m.vars, d.vars, n, c.name,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = n; return true; });
    }

    // ---- synapse groups: storage and connectivity -------------------------------------
    template <std::size_t G>
    void allocate_synapses() {
        using gt = sg_traits<list, G>;
        using Sn = typename gt::matrix::connect_type;
        auto& g = store<G>();
        const auto& d = desc<G>();
        phase_timer timer(opt_.timing ? &times_.init_sparse : nullptr);
        g.n_pre = desc<gt::pre>().size;
        g.n_post = desc<gt::post>().size;
        g.axonal = d.options.axonal_delay;
        g.back_prop = d.options.back_prop_delay;
        g.max_dendritic = d.options.max_dendritic_delay;
        check_bitmask_memory(g.name, gt::kind, g.n_pre, g.n_post);
        check_params<typename gt::wu_h>(d.wu.params, g.name, opt_.dt);
        check_params<typename gt::psm_h>(d.psm.params, g.name + ".psm", opt_.dt);
        g.wu.params = d.wu.params;
        g.wu.derived = compute_derived<typename gt::wu_model>(d.wu.params, opt_.dt);
        g.wu.template set_egps<S, T>(d.wu.egps, g.name);
        g.psm.params = d.psm.params;
        g.psm.derived = compute_derived<typename gt::psm_model>(d.psm.params, opt_.dt);
        g.psm.template set_egps<S, T>(d.psm.egps, g.name);
        const std::size_t B = opt_.batch;
        g.in_syn.template allocate<S>(B * g.n_post, g.name, "inSyn");
        if (g.max_dendritic) g.den.template allocate<S>(B * g.max_dendritic * g.n_post, g.name, "dendritic_delay");
        g.rev.template allocate<S>(B * g.n_pre, g.name, "revInSyn");
        g.evt_ring = store<gt::pre>().ring;
        if constexpr (gt::template has<field::pre_event_syn_code>) {
            g.evt.template allocate<std::uint32_t>(B * g.evt_ring * g.n_pre, g.name, "events");
            g.evt_cnt.template allocate<std::uint32_t>(B * g.evt_ring, g.name, "event_count");
        }
        g.thread_events.assign(std::size_t(opt_.batch) * std::size_t(threads_), {});

        std::vector<std::uint32_t> kernel_of;  // kernel index per stored synapse, when the snippet gives one
        build_connectivity<G>(kernel_of);

        // weight-update variables
        const std::uint32_t np = g.n_pre, nq = g.n_post;
        if constexpr (gt::weights == weight_storage::individual) {
            if constexpr (gt::kind == matrix_kind::dense) g.syn_count = std::size_t(np) * nq;
            else g.syn_count = std::size_t(np) * g.stride;
            init_var_set<detail::vars_of<typename gt::wu_model>, G, var_set::vars>(g.wu.vars, d.wu.vars, g.syn_count, g.name,
                [&](std::size_t e, element& el) {
                    std::uint32_t i, j, rep = 0;
                    if constexpr (gt::kind == matrix_kind::dense) { i = std::uint32_t(e / nq); j = std::uint32_t(e % nq); }
                    else {
                        i = std::uint32_t(e / g.stride);
                        const std::uint32_t k = std::uint32_t(e % g.stride);
                        if (k >= g.row_length[i]) return false;
                        j = post_index(g, e);
                        rep = repeat_of(g, std::size_t(i) * g.stride, e, j);
                    }
                    el.element = j; el.row = i; el.repeat = rep; el.synapse = true; el.id_pre = i; el.id_post = j; el.num_pre = np; el.num_post = nq;
                    el.id_kernel = kernel_of.empty() ? 0 : kernel_of[e];
                    return true;
                });
        } else if constexpr (gt::weights == weight_storage::procedural) {
            // regenerated at every use: keep the initialisers' parameters, derived
            // parameters and EGPs ready
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                ([&] {
                    auto& sn = std::get<K>(g.proc_inits);
                    sn.params = std::get<K>(d.wu.vars).params;
                    sn.derived = compute_derived<typename std::remove_cvref_t<decltype(std::get<K>(d.wu.vars))>::snippet>(sn.params, opt_.dt);
                    sn.template set_egps<S, T>(std::get<K>(d.wu.vars).egps, g.name);
                    check_procedural_init(sn, std::get<K>(d.wu.vars).params, g.name + "." + std::string(gt::wu_info.vars[K].name));
                }(), ...);
            }(std::make_index_sequence<gt::wu_info.vars.size()>{});
        } else if constexpr (gt::weights == weight_storage::kernel) {
            const auto ks = Sn::snippet::kernel_size(std::span<const double>(d.matrix.conn.params));
            g.kernel = ks;
            g.syn_count = std::size_t(ks[0]) * ks[1] * ks[2] * ks[3];
            init_var_set<detail::vars_of<typename gt::wu_model>, G, var_set::vars>(g.wu.vars, d.wu.vars, g.syn_count, g.name,
                [&](std::size_t e, element& el) {
                    el.element = std::uint32_t(e); el.id_kernel = std::uint32_t(e); el.num_pre = np; el.num_post = nq;
                    return true;
                });
        }
        init_var_set<detail::pre_vars_of<typename gt::wu_model>, G, var_set::pre_vars>(g.pre_vars, d.wu.pre_vars, np, g.name,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = np; return true; });
        init_var_set<detail::post_vars_of<typename gt::wu_model>, G, var_set::post_vars>(g.post_vars, d.wu.post_vars, nq, g.name,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = nq; return true; });
        init_var_set<detail::vars_of<typename gt::psm_model>, G, var_set::psm_vars>(g.psm.vars, d.psm.vars, nq, g.name,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = nq; return true; });
    }

public:
    /// How many synapses of the sorted row starting at `base` before slot `syn` have the
    /// same target j: 0 but for repeated pairs (streams::synapse).
    template <class Store>
    static std::uint32_t repeat_of(Store& g, std::size_t base, std::size_t syn, std::uint32_t j) {
        std::uint32_t c = 0;
        while (syn - c > base && post_index(g, syn - c - 1) == j) ++c;
        return c;
    }
    /// Postsynaptic index of stored synapse `syn` of a sparse group.
    template <class Store>
    static std::uint32_t post_index(Store& g, std::size_t syn) {
        switch (g.index_bytes) {
            case 1: return g.template indices<std::uint8_t>()[syn];
            case 2: return g.template indices<std::uint16_t>()[syn];
            default: return g.template indices<std::uint32_t>()[syn];
        }
    }
    template <class Store>
    static void set_post_index(Store& g, std::size_t syn, std::uint32_t j) {
        switch (g.index_bytes) {
            case 1: g.template indices<std::uint8_t>()[syn] = std::uint8_t(j); break;
            case 2: g.template indices<std::uint16_t>()[syn] = std::uint16_t(j); break;
            default: g.template indices<std::uint32_t>()[syn] = j;
        }
    }

private:
    /// Flattened kernel index of addSynapse's extra arguments (row-major over the shape).
    template <class Store, class... K>
    static std::uint32_t kernel_index(const Store& g, K... k) {
        if constexpr (sizeof...(K) == 0) return 0;
        else {
            const std::uint32_t idx[] = {std::uint32_t(k)...};
            std::uint32_t r = 0;
            for (std::size_t a = 0; a < sizeof...(K); ++a) r = r * g.kernel[a] + idx[a];
            return r;
        }
    }

    /// Runs the row build code of row i (and column build code of column j) of group G,
    /// calling add(j, kernel...) for each synapse.
    template <std::size_t G, class Add>
    void build_row(std::uint32_t i, Add&& add, const void* view_ptr) {
        using gt = sg_traits<list, G>;
        using C = typename gt::matrix::connect_type;
        using unit = model_unit<typename C::snippet, family::sparse_init, field::row_build_code>;
        using prog = dsl::program<unit>;
        using MV = model_view_for<C>;
        const MV& mv = *static_cast<const MV*>(view_ptr);
        auto& g = store<G>();
        random::stream<S> r = streams::connect_row<S>(connectivity_seed(), G, i);
        build_env<unit, S, T, MV, Add> env(mv, add, T(opt_.dt), r);
        env.id_pre = i; env.num_pre = g.n_pre; env.num_post = g.n_post;
        dsl::frame<prog, decltype(env)> f;
        dsl::run<prog, 0>(env, f);
    }

    template <std::size_t G>
    void build_connectivity(std::vector<std::uint32_t>& kernel_of) {
        using gt = sg_traits<list, G>;
        auto& g = store<G>();
        const auto& d = desc<G>();
        const std::uint32_t np = g.n_pre, nq = g.n_post;
        if constexpr (gt::kind == matrix_kind::dense) {
            return;
        } else if constexpr (gt::kind == matrix_kind::toeplitz) {
            // nothing is built, but the diagonal build code reads the snippet's parameters
            // and derived parameters from the connectivity store at every spike
            using C = typename gt::matrix::connect_type;
            const auto& conn = d.matrix.conn;
            check_params<C>(conn.params, g.name + ".connectivity", opt_.dt);
            check_connect_shapes<C>(conn.params, np, nq, g.name);
            auto& cs = std::get<G>(connect_stores_);
            cs.params = conn.params;
            cs.derived = compute_derived<typename C::snippet>(conn.params, opt_.dt);
            cs.template set_egps<S, T>(conn.egps, g.name);
            return;
        } else if constexpr (std::is_same_v<typename gt::matrix::connect_type, connection_list>) {
            const auto& cl = d.matrix.conn;
            if (cl.pre.size() != cl.post.size())
                fail(g.name, "connections", "pre and post lists differ in length: ", cl.pre.size(), " vs ", cl.post.size());
            g.row_length.assign(np, 0);
            for (std::size_t k = 0; k < cl.pre.size(); ++k) {
                if (cl.pre[k] >= np) fail(g.name, "connections", "presynaptic index ", cl.pre[k], " out of range [0, ", np, ")");
                if (cl.post[k] >= nq) fail(g.name, "connections", "postsynaptic index ", cl.post[k], " out of range [0, ", nq, ")");
                ++g.row_length[cl.pre[k]];
            }
            g.stride = std::max<std::uint32_t>(1, *std::max_element(g.row_length.begin(), g.row_length.end()));
            allocate_rows(g);
            std::fill(g.row_length.begin(), g.row_length.end(), 0u);
            for (std::size_t k = 0; k < cl.pre.size(); ++k) {
                const std::uint32_t i = cl.pre[k];
                set_post_index(g, std::size_t(i) * g.stride + g.row_length[i]++, cl.post[k]);
            }
            sort_rows(g, kernel_of);
            build_columns<G>();
        } else {
            using C = typename gt::matrix::connect_type;
            using Snip = typename C::snippet;
            const auto& conn = d.matrix.conn;
            const std::span<const double> cp(conn.params);
            check_params<C>(conn.params, g.name + ".connectivity", opt_.dt);
            check_connect_shapes<C>(conn.params, np, nq, g.name);
            auto& cs = std::get<G>(connect_stores_);
            cs.params = conn.params;
            cs.derived = compute_derived<Snip>(conn.params, opt_.dt);
            cs.template set_egps<S, T>(conn.egps, g.name);
            const std::uint32_t precalc_max = prepare_row_lengths<G>(cs);
            if constexpr (gt::kind == matrix_kind::procedural) {
                if constexpr (requires { Snip::kernel_size(cp); }) g.kernel = Snip::kernel_size(cp);
                return;
            } else {
                const auto view = cs.template view<S, T>();
                const bool rows = !C::info.code[std::size_t(field::row_build_code)].empty();
                // the CUDA engine's device builds these rows (sizes and capacities are ours)
                const bool on_device = device_init_ && device_connectivity<list, G>();
                if constexpr (gt::kind == matrix_kind::bitmask) {
                    g.words_per_row = (nq + 31) / 32;
                    g.bits.assign(std::size_t(np) * g.words_per_row, 0u);
                    for (std::uint32_t i = 0; i < np && !on_device; ++i) {
                        auto add = [&](std::uint32_t j, auto...) {
                            if (j >= nq) fail(g.name, "connectivity", "row ", i, ": postsynaptic index ", j, " out of range [0, ", nq, ")");
                            g.bits[std::size_t(i) * g.words_per_row + j / 32] |= 1u << (j % 32);
                        };
                        build_row<G>(i, add, &view);
                    }
                    if (!rows) fail(g.name, "connectivity", "bitmask connectivity needs a row build code");
                    return;
                } else {
                    std::uint32_t cap = nq;
                    if constexpr (requires { Snip::max_row_length(np, nq, cp); }) cap = Snip::max_row_length(np, nq, cp);
                    // rows whose lengths the host drew already need no more room than the longest
                    if (precalc_max > 0) cap = std::min(cap, precalc_max);
                    g.stride = std::max<std::uint32_t>(cap, 1);
                    g.row_length.assign(np, 0);
                    allocate_rows(g);
                    constexpr bool kernel = requires { Snip::kernel_size(cp); };
                    if constexpr (kernel) g.kernel = Snip::kernel_size(cp);
                    if (on_device) return;
                    if constexpr (kernel) kernel_of.assign(std::size_t(np) * g.stride, 0u);
                    auto push = [&](std::uint32_t i, std::uint32_t j, auto... k) {
                        if (j >= nq) fail(g.name, "connectivity", "row ", i, ": postsynaptic index ", j, " out of range [0, ", nq, ")");
                        if (g.row_length[i] >= g.stride)
                            fail(g.name, "connectivity", "row ", i, " exceeds its capacity of ", g.stride, " synapses (max_row_length)");
                        const std::size_t syn = std::size_t(i) * g.stride + g.row_length[i]++;
                        set_post_index(g, syn, j);
                        if constexpr (kernel) kernel_of[syn] = kernel_index(g, k...);
                    };
                    if (rows) {
                        // rows draw from their own streams and write only themselves
                        init_ranges(np, [&](std::size_t lo, std::size_t hi) {
                            for (std::uint32_t i = std::uint32_t(lo); i < hi; ++i) {
                                auto add = [&](std::uint32_t j, auto... k) { push(i, j, k...); };
                                build_row<G>(i, add, &view);
                            }
                        });
                    } else {
                        using unit = model_unit<Snip, family::sparse_init, field::col_build_code>;
                        using prog = dsl::program<unit>;
                        using MV = model_view_for<C>;
                        for (std::uint32_t j = 0; j < nq; ++j) {
                            auto add = [&](std::uint32_t i, auto... k) {
                                if (i >= np) fail(g.name, "connectivity", "column ", j, ": presynaptic index ", i, " out of range [0, ", np, ")");
                                push(i, j, k...);
                            };
                            random::stream<S> r = streams::connect_col<S>(connectivity_seed(), G, j);
                            build_env<unit, S, T, MV, decltype(add)> env(view, add, T(opt_.dt), r);
                            env.id_post = j; env.num_pre = np; env.num_post = nq;
                            dsl::frame<prog, decltype(env)> f;
                            dsl::run<prog, 0>(env, f);
                        }
                    }
                    sort_rows(g, kernel_of);
                    build_columns<G>();
                }
            }
        }
    }

    /// A sparse snippet's host_row_lengths hook (FixedNumberTotal: the host splits the
    /// total over rows into an EGP) before the rows are built, drawing from the group's
    /// host stream. Returns the longest row (0 when the snippet has no such hook).
    template <std::size_t G, class CS>
    std::uint32_t prepare_row_lengths(CS& cs) {
        using Snip = typename sg_traits<list, G>::matrix::connect_type::snippet;
        if constexpr (requires { Snip::host_row_lengths; }) {
            auto& g = store<G>();
            random::stream<double> r = streams::host_pass<double>(connectivity_seed(), G);
            struct target { CS* cs; std::string_view group; } t{&cs, g.name};
            row_length_context c;
            c.group = g.name;
            c.raise = raise_hook_error;
            c.params = cs.params;
            c.n_pre = g.n_pre;
            c.n_post = g.n_post;
            c.rng = &r;
            c.store = &t;
            c.allocate = [](void* tp, std::string_view name, std::size_t count) {
                const target& t = *static_cast<target*>(tp);
                constexpr model_info I = CS::I;
                [&]<std::size_t... K>(std::index_sequence<K...>) {
                    (void)((I.egps[K].name == name ? (t.cs->template allocate_egp<S, T, K>(count, t.group), true) : false) || ...);
                }(std::make_index_sequence<I.egps.size()>{});
                return store_array<S, T>(*t.cs, name, true);
            };
            return Snip::host_row_lengths(c);
        }
        return 0;
    }

    template <class Store>
    void allocate_rows(Store& g) {
        g.index_bytes = g.n_post <= 256 ? 1 : g.n_post <= 65536 ? 2 : 4;
        g.ind.allocate(std::size_t(g.n_pre) * g.stride, g.index_bytes, g.name, "ind");
    }

    /// Sorts each row by postsynaptic index (stable, kernel indices alongside).
    template <class Store>
    void sort_rows(Store& g, std::vector<std::uint32_t>& kernel_of) {
        init_ranges(g.n_pre, [&](std::size_t lo, std::size_t hi) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> tmp;
        for (std::uint32_t i = std::uint32_t(lo); i < hi; ++i) {
            const std::size_t base = std::size_t(i) * g.stride;
            // Most snippets (FixedProbability, FixedNumberTotal...) emit rows in increasing
            // order: a stable sort would leave them as they are, so skip it (init -30% on
            // Vogels–Abbott).
            bool sorted = true;
            for (std::uint32_t k = 1; k < g.row_length[i] && sorted; ++k)
                sorted = post_index(g, base + k - 1) <= post_index(g, base + k);
            if (sorted) continue;
            tmp.clear();
            for (std::uint32_t k = 0; k < g.row_length[i]; ++k)
                tmp.emplace_back(post_index(g, base + k), kernel_of.empty() ? 0u : kernel_of[base + k]);
            std::stable_sort(tmp.begin(), tmp.end(), [](auto& a, auto& b) { return a.first < b.first; });
            for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
                set_post_index(g, base + k, tmp[k].first);
                if (!kernel_of.empty()) kernel_of[base + k] = tmp[k].second;
            }
        }
        });
    }

    /// Column lists (synapse indices per postsynaptic neuron) for postsynaptic learning.
    template <std::size_t G>
    void build_columns() {
        using gt = sg_traits<list, G>;
        if constexpr (gt::learns_post) {
            auto& g = store<G>();
            g.col_length.assign(g.n_post, 0);
            for (std::uint32_t i = 0; i < g.n_pre; ++i)
                for (std::uint32_t k = 0; k < g.row_length[i]; ++k) ++g.col_length[post_index(g, std::size_t(i) * g.stride + k)];
            g.col_stride = std::max<std::uint32_t>(1, *std::max_element(g.col_length.begin(), g.col_length.end()));
            g.col_syn.assign(std::size_t(g.n_post) * g.col_stride, 0);
            std::fill(g.col_length.begin(), g.col_length.end(), 0u);
            for (std::uint32_t i = 0; i < g.n_pre; ++i)
                for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
                    const std::size_t syn = std::size_t(i) * g.stride + k;
                    const std::uint32_t j = post_index(g, syn);
                    g.col_syn[std::size_t(j) * g.col_stride + g.col_length[j]++] = std::uint32_t(syn);
                }
        }
    }
    // ---- one step: synapse groups ------------------------------------------------------
    /// Regenerates the procedural weight-update variables of synapse (i, j), the
    /// `rep`-th of that pair in its row, into env.proc.
    template <std::size_t G, class Views, class Env>
    void regenerate(const Views& views, Env& env, std::uint32_t i, std::uint32_t j, std::uint32_t rep) {
        using gt = sg_traits<list, G>;
        if constexpr (gt::wu_info.vars.size() > 0) {  // (nvcc rejects the empty case's body)
        const auto& inits = desc<G>().wu.vars;
        const auto& g = store<G>();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                using init_t = std::tuple_element_t<K, std::remove_cvref_t<decltype(inits)>>;
                using V = value_t<gt::wu_info.vars[K].type.base, S, T>;
                random::stream<S> r = streams::synapse_var_init<S>(connectivity_seed(), G, K, i, j, rep);
                env.proc[K] = double(init_value<typename init_t::snippet, V, S, T>(std::get<K>(views), T(opt_.dt), 0, r, [&](auto& e) {
                    e.id_pre = i; e.id_post = j; e.num_pre = g.n_pre; e.num_post = g.n_post;
                }));
            }(), ...);
        }(std::make_index_sequence<gt::wu_info.vars.size()>{});
        } else {
            (void)views, (void)env, (void)i, (void)j, (void)rep;
        }
    }

    template <class Ind, class Store, class Visit>
    static void sparse_row(Store& g, std::uint32_t i, std::uint32_t lo, std::uint32_t hi, Visit&& visit) {
        const std::size_t base = std::size_t(i) * g.stride;
        const Ind* r = g.template indices<Ind>() + base;
        const std::uint32_t len = g.row_length[i];
        std::uint32_t k = 0, prev = ~0u, rep = 0;  // rep: repeats of the target so far (a range starts a run)
        if (lo > 0) {
            // the member's start in this row, from the table when it was made for this split
            const std::uint32_t parts = g.split_parts;
            const std::uint32_t q = parts > 1 ? std::uint32_t(std::uint64_t(lo) * parts / g.n_post) : 0u;
            const auto start = [&](std::uint32_t m) { return std::uint32_t(std::uint64_t(g.n_post) * m / parts); };
            if (parts > 1 && q >= 1 && q < parts && start(q) == lo)
                k = g.row_split[std::size_t(i) * (parts - 1) + (q - 1)];
            else if (parts > 1 && q + 1 < parts && start(q + 1) == lo)
                k = g.row_split[std::size_t(i) * (parts - 1) + q];
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
    template <std::size_t G, class CV, class Visit>
    void for_row(std::uint32_t i, std::uint32_t lo, std::uint32_t hi, const CV& cview, Visit&& visit) {
        using gt = sg_traits<list, G>;
        auto& g = store<G>();
        if constexpr (gt::kind == matrix_kind::dense) {
            const std::size_t base = std::size_t(i) * g.n_post;
            for (std::uint32_t j = lo; j < hi; ++j) visit(j, base + j, 0u, 0u);
        } else if constexpr (gt::kind == matrix_kind::sparse) {
            switch (g.index_bytes) {
                case 1: sparse_row<std::uint8_t>(g, i, lo, hi, visit); break;
                case 2: sparse_row<std::uint16_t>(g, i, lo, hi, visit); break;
                default: sparse_row<std::uint32_t>(g, i, lo, hi, visit);
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
            build_row<G>(i, add, &cview);
        }
    }

    template <std::size_t G>
    void update_synapses(T t) {
        using gt = sg_traits<list, G>;
        auto& g = store<G>();
        auto& pre = store<gt::pre>();
        auto& post = store<gt::post>();
        const std::uint64_t n = timestep_;
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
        const T dt = T(opt_.dt);
        auto cview = [&] {
            // (a type test, not a requires-expression: nvcc 13 evaluates that one to false)
            if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(std::get<G>(connect_stores_))>, std::monostate>)
                return std::get<G>(connect_stores_).template view<S, T>();
            else return 0;
        }();
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
            const std::uint64_t seed = seed_of(b);
            phase_timer pt(timer);
            ranges(owner_[gt::post], threads, g.n_post, [&](int, std::uint32_t lo, std::uint32_t hi) CORTEXPR_CPU_HOT {
                // Thread-local copies of the views: the code's stores (inSyn, weights) cannot
                // reach them, so their fields stay in registers across the row loop instead
                // of being reloaded from the captured originals after every addToPost.
                const auto svl = sv; const auto pvl = pv; const auto qvl = qv; const auto pspl = psp; const auto qspl = qsp;
                env_t env(svl, pvl, qvl, pspl, qspl, t, dt, b, streams::unused<S>());
                if constexpr (gt::kind == matrix_kind::toeplitz) {
                    using C = typename gt::matrix::connect_type;
                    using tunit = model_unit<typename C::snippet, family::toeplitz_init, field::diagonal_build_code>;
                    using tprog = dsl::program<tunit>;
                    const std::uint32_t n_diag = C::snippet::max_row_length(g.n_pre, g.n_post, std::span<const double>(desc<G>().matrix.conn.params));
                    std::uint32_t cur = 0;
                    auto add = [&](std::uint32_t j, auto... k) {
                        if (j < lo || j >= hi) return;
                        env.id_pre = cur; env.id_post = j; env.id_kernel = kernel_index(g, k...);
                        if constexpr (prog::uses_rng) env.rng_ = streams::synapse<S>(seed, G, cur, j, 0u, n, code);
                        dsl::frame<prog, env_t> f;
                        dsl::run<prog, 0>(env, f);
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
                        env.id_pre = i;
                        for_row<G>(i, lo, hi, cview, [&](std::uint32_t j, std::size_t syn, std::uint32_t k, std::uint32_t rep) {
                            env.id_post = j; env.id_syn = syn; env.id_kernel = k;
                            if constexpr (prog::uses_rng) env.rng_ = streams::synapse<S>(seed, G, i, j, rep, n, code);
                            if constexpr (gt::weights == weight_storage::procedural) regenerate<G>(proc_views, env, i, j, rep);
                            dsl::frame<prog, env_t> f;
                            dsl::run<prog, 0>(env, f);
                        });
                    }
                }
            });
        };

        double* t_pre = opt_.timing ? &times_.presynaptic_update : nullptr;
        for (std::uint32_t b = 0; b < opt_.batch; ++b) {
            // (other matrix kinds with these codes are rejected by the network check)
            if constexpr (gt::template has<field::synapse_dynamics_code> && gt::stores_synapses) {
                thread_local std::vector<std::uint32_t> all;
                all.resize(g.n_pre);
                std::iota(all.begin(), all.end(), 0u);
                propagate.template operator()<field::synapse_dynamics_code>(b, all, opt_.timing ? &times_.synapse_dynamics : nullptr);
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
                if (n >= 1 + std::uint64_t(g.back_prop)) {
                    using unit = typename gt::template wu_unit<field::post_spike_syn_code>;
                    using prog = dsl::program<unit>;
                    using env_t = synapse_env<unit, gt, S, T>;
                    const auto ids = post.slot(b, std::uint32_t((n - 1 - g.back_prop) % post.ring));
                    phase_timer pt(opt_.timing ? &times_.postsynaptic_update : nullptr);
                    ranges(owner_[gt::post], threads, g.n_post, [&](int, std::uint32_t lo, std::uint32_t hi) CORTEXPR_CPU_HOT {
                        env_t env(sv, pv, qv, psp, qsp, t, dt, b, streams::unused<S>());
                        for (std::uint32_t j : ids) {
                            if (j < lo || j >= hi) continue;
                            env.id_post = j;
                            auto visit = [&](std::uint32_t i, std::size_t syn) {
                                env.id_pre = i; env.id_syn = syn;
                                if constexpr (prog::uses_rng) {
                                    const std::uint32_t rep = gt::kind == matrix_kind::dense ? 0u : repeat_of(g, std::size_t(i) * g.stride, syn, j);
                                    env.rng_ = streams::synapse<S>(seed_of(b), G, i, j, rep, n, streams::synapse_code::post_spike);
                                }
                                dsl::frame<prog, env_t> f;
                                dsl::run<prog, 0>(env, f);
                            };
                            if constexpr (gt::kind == matrix_kind::dense) {
                                for (std::uint32_t i = 0; i < g.n_pre; ++i) visit(i, std::size_t(i) * g.n_post + j);
                            } else {
                                for (std::uint32_t c = 0; c < g.col_length[j]; ++c) {
                                    const std::uint32_t syn = g.col_syn[std::size_t(j) * g.col_stride + c];
                                    visit(syn / g.stride, syn);
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    // ---- one step: populations ---------------------------------------------------------
    /// The neuron update of population P, batch entry b: this thread's share (all of it
    /// outside a team). Each share first carries its neurons' spike times into this
    /// step's slot, so no other thread's work is waited for.
    template <std::size_t P>
    void neuron_loop(T t, std::uint32_t b) {
        using tr = pop_traits<list, P>;
        using unit = typename tr::unit;
        using prog = typename tr::prog;
        using MV = model_view_for<typename tr::desc>;
        using env_t = neuron_env<unit, S, T, MV>;
        static constexpr auto incoming = synapses_at<list, P, false>();
        static constexpr auto outgoing = synapses_at<list, P, true>();
        static constexpr auto inputs = sources_at<list, P>();
        auto& p = store<P>();
        const std::uint64_t n = timestep_;
        const T dt = T(opt_.dt);
        const MV mv = p.m.template view<S, T>();
        const std::uint32_t slot = std::uint32_t(n % p.ring);
        const auto sp = p.spikes(slot);
        phase_timer pt(opt_.timing ? &times_.neuron_update : nullptr);
        ranges(owner_[P], threads_, p.n, [&](int k, std::uint32_t lo, std::uint32_t hi) CORTEXPR_CPU_HOT {
            const std::size_t tk = std::size_t(b) * std::size_t(threads_) + std::size_t(k);
            auto& spikes = p.thread_spikes[tk];
            spikes.clear();
            for_each_index<outgoing>([&]<std::size_t G>() { store<G>().thread_events[tk].clear(); });
            if (p.ring > 1 && n > 0) {
                // this step's slot starts from the spike times of the previous step's slot
                const std::size_t from = (std::size_t(b) * p.ring + (n - 1) % p.ring) * p.n + lo;
                const std::size_t to = (std::size_t(b) * p.ring + slot) * p.n + lo;
                std::copy_n(p.st.template data<T>() + from, hi - lo, p.st.template data<T>() + to);
                std::copy_n(p.prev_st.template data<T>() + from, hi - lo, p.prev_st.template data<T>() + to);
            }
            // What the neuron loop reads of each group, computed once per step: the
            // views (thread-local copies, which the loop's float stores cannot alias,
            // so they stay in registers), inSyn of batch b, and the dendritic-delay row
            // due this step (n % max_dendritic was a 64-bit division per neuron and
            // incoming group: most of the microcircuit's neuron update).
            const MV mvl = mv;
            const std::uint64_t seed = seed_of(b);
            const auto psm_steps = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return std::make_tuple([&] {
                    auto& g = store<incoming[J]>();
                    S* due = g.max_dendritic
                                 ? g.den.template data<S>() + (std::size_t(b) * g.max_dendritic + n % g.max_dendritic) * p.n
                                 : nullptr;
                    return std::make_tuple(g.psm.template view<S, T>(), g.in_syn.template data<S>() + std::size_t(b) * p.n, due, g.fused);
                }()...);
            }(std::make_index_sequence<incoming.size()>{});
            // views of the synapse groups whose per-neuron code runs on this population
            const auto pre_sides = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return std::make_tuple(wu_side_views<outgoing[J], true>()...);
            }(std::make_index_sequence<outgoing.size()>{});
            const auto post_sides = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return std::make_tuple(wu_side_views<incoming[J], false>()...);
            }(std::make_index_sequence<incoming.size()>{});
            const auto cs_views = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return std::make_tuple(store<inputs[J]>().m.template view<S, T>()...);
            }(std::make_index_sequence<inputs.size()>{});
            // every element's streams, with block 0 made 16 neurons at a time where drawn
            lane_streams<S, prog::uses_rng, prog::draws_normal> own_rng(streams::neurons(seed, P, n));
            auto psm_rng = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return std::make_tuple(lane_streams<S, sg_traits<list, incoming[J]>::psm_prog::uses_rng,
                                                    sg_traits<list, incoming[J]>::psm_prog::draws_normal>(
                    streams::postsynaptic(seed, std::uint32_t(incoming[J]), n))...);
            }(std::make_index_sequence<incoming.size()>{});
            auto cs_rng = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return std::make_tuple(lane_streams<S, cs_traits<list, inputs[J]>::prog::uses_rng,
                                                    cs_traits<list, inputs[J]>::prog::draws_normal>(
                    streams::current_source(seed, std::uint32_t(inputs[J]), n))...);
            }(std::make_index_sequence<inputs.size()>{});
            for (std::uint32_t id = lo; id < hi; ++id) {
                env_t env(mvl, sp, id, t, dt, b, own_rng.at(id));
                const std::size_t at = std::size_t(b) * p.n + id;
                // postsynaptic models add their input to Isyn (and decay inSyn)
                for_each_position<incoming>([&]<std::size_t J, std::size_t G>() {
                    using gt = sg_traits<list, G>;
                    using punit = typename gt::psm_unit;
                    using pprog = typename gt::psm_prog;
                    const auto& ps = std::get<J>(psm_steps);
                    if (std::get<3>(ps)) return;  // fused into an earlier group's inSyn
                    const auto& psv = std::get<0>(ps);
                    input_env<punit, typename gt::post_h, typename gt::psm_refs, S, T, std::remove_cvref_t<decltype(psv)>, MV> ie(
                        psv, mvl, id, p.n, &env.Isyn, t, dt, b, std::get<J>(psm_rng).at(id));
                    S& in = std::get<1>(ps)[id];
                    ie.in_syn = in;
                    if (S* due_row = std::get<2>(ps)) {
                        S& due = due_row[id];
                        ie.in_syn += due;
                        due = S(0);
                    }
                    dsl::frame<pprog, decltype(ie)> f;
                    dsl::run<pprog, 0>(ie, f);
                    in = ie.in_syn;
                });
                // reverse input of addToPre
                for_each_index<outgoing>([&]<std::size_t G>() {
                    if constexpr (sg_traits<list, G>::adds_to_pre) {
                        S& r = store<G>().rev.template data<S>()[at];
                        env.Isyn += r;
                        r = S(0);
                    }
                });
                // current sources
                for_each_position<inputs>([&]<std::size_t J, std::size_t C>() {
                    using ct = cs_traits<list, C>;
                    using cunit = typename ct::unit;
                    using cprog = typename ct::prog;
                    const auto& csv = std::get<J>(cs_views);
                    input_env<cunit, typename ct::target_h, typename ct::refs, S, T, std::remove_cvref_t<decltype(csv)>, MV> ie(
                        csv, mvl, id, p.n, &env.Isyn, t, dt, b, std::get<J>(cs_rng).at(id));
                    dsl::frame<cprog, decltype(ie)> f;
                    dsl::run<cprog, 0>(ie, f);
                });
                dsl::frame<prog, env_t> f;
                dsl::run<prog, 0>(env, f);
                // per-neuron weight-update code: dynamics, then spike-like event conditions
                for_each_position<outgoing>([&]<std::size_t J, std::size_t G>() {
                    using gt = sg_traits<list, G>;
                    run_wu_neuron<G, field::pre_dynamics_code, true>(std::get<J>(pre_sides), id, t, b);
                    if constexpr (gt::template has<field::pre_event_threshold_condition_code>)
                        if (wu_neuron_code<G, field::pre_event_threshold_condition_code, true>(std::get<J>(pre_sides), id, t, b))
                            store<G>().thread_events[tk].push_back(id);
                });
                for_each_position<incoming>([&]<std::size_t J, std::size_t G>() {
                    run_wu_neuron<G, field::post_dynamics_code, false>(std::get<J>(post_sides), id, t, b);
                });
                if (dsl::test<prog, 1>(env, f)) {
                    spikes.push_back(id);
                    dsl::run<prog, 2>(env, f);
                    for_each_position<outgoing>([&]<std::size_t J, std::size_t G>() {
                        run_wu_neuron<G, field::pre_spike_code, true>(std::get<J>(pre_sides), id, t, b);
                    });
                    for_each_position<incoming>([&]<std::size_t J, std::size_t G>() {
                        run_wu_neuron<G, field::post_spike_code, false>(std::get<J>(post_sides), id, t, b);
                    });
                    T* st = p.st.template data<T>();
                    const std::size_t ts = sp.st_at(b, id);
                    p.prev_st.template data<T>()[ts] = st[ts];
                    st[ts] = t;
                }
            }
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

    /// The step's spikes (and spike-like events) of population P, batch entry b, in
    /// neuron order whatever the number of threads; the recording.
    template <std::size_t P>
    void merge_spikes(std::uint32_t b) {
        static constexpr auto outgoing = synapses_at<list, P, true>();
        auto& p = store<P>();
        const std::uint64_t n = timestep_;
        const std::uint32_t slot = std::uint32_t(n % p.ring);
        const std::size_t k = std::size_t(b) * p.ring + slot;
        std::uint32_t* out = p.spk.template data<std::uint32_t>() + k * p.n;
        const std::uint32_t count = concat_lists(p.thread_spikes, b, out);
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
                g.evt_cnt.template data<std::uint32_t>()[e] = concat_lists(g.thread_events, b, evt);
            }
        });
    }

    /// options::fuse_postsynaptic: groups into population P whose postsynaptic models can
    /// share one inSyn are pointed at the first such group's buffers.
    template <std::size_t P>
    void fuse_inputs() {
        static constexpr auto incoming = synapses_at<list, P, false>();
        for_each_index<incoming>([&]<std::size_t F>() {
            using ft = sg_traits<list, F>;
            auto& f = store<F>();
            for_each_index<incoming>([&]<std::size_t L>() {
                using lt = sg_traits<list, L>;
                // (a group with addToPre runs on one thread: sharing inSyn with a group
                // split over the threads would let two threads add to it at once)
                if constexpr (L < F && std::is_same_v<typename ft::psm_model, typename lt::psm_model> &&
                              ft::psm_info.vars.size() == 0 && ft::psm_info.egps.size() == 0 &&
                              !ft::adds_to_pre && !lt::adds_to_pre) {
                    auto& l = store<L>();
                    if (f.fused || l.fused || f.max_dendritic != l.max_dendritic || f.psm.params != l.psm.params ||
                        f.psm.derived != l.psm.derived)
                        return;
                    f.fused = true;
                    f.in_syn_alias = l.in_syn.raw();
                    f.den_alias = l.den.raw();
                }
            });
        });
    }

    /// What per-neuron weight-update code of group G reads on its pre (Pre) or post side:
    /// built once per step by the neuron update of that side's population.
    template <std::size_t G, bool Pre>
    struct side_views {
        using gt = sg_traits<list, G>;
        typename gt::template syn_view<S, T> sv;
        std::conditional_t<Pre, typename gt::template pre_view<S, T>, typename gt::template post_view<S, T>> nv;
        spikes_view<T> sp;
    };
    template <std::size_t G, bool Pre>
    side_views<G, Pre> wu_side_views() {
        using gt = sg_traits<list, G>;
        auto& side = store<Pre ? gt::pre : gt::post>();
        return {store<G>().template view<S, T>(0), side.m.template view<S, T>(), side.spikes(std::uint32_t(timestep_ % side.ring))};
    }

    /// Runs (or, for a condition, evaluates) per-neuron weight-update field F of group G
    /// for neuron `id` of its pre (Pre) or post side.
    template <std::size_t G, field F, bool Pre>
    bool wu_neuron_code(const side_views<G, Pre>& h, std::uint32_t id, T t, std::uint32_t b) {
        using gt = sg_traits<list, G>;
        using unit = typename gt::template wu_unit<F>;
        using prog = dsl::program<unit>;
        wu_neuron_env<unit, gt, Pre, S, T> env(h.sv, h.nv, h.sp, id, t, T(opt_.dt), b,
            streams::wu_neurons(seed_of(b), G, timestep_, Pre).template at<S>(id));
        dsl::frame<prog, decltype(env)> f;
        if constexpr (is_condition(F)) return dsl::test<prog, 0>(env, f);
        else { dsl::run<prog, 0>(env, f); return false; }
    }
    template <std::size_t G, field F, bool Pre>
    void run_wu_neuron(const side_views<G, Pre>& h, std::uint32_t id, T t, std::uint32_t b) {
        if constexpr (sg_traits<list, G>::template has<F>) wu_neuron_code<G, F, Pre>(h, id, t, b);
    }


    Net net_;
    options opt_;
    bool device_init_ = false;  // the CUDA engine's host mirror: init_plan.hpp's work is the device's
    int threads_ = 1;
    int team_ = 1;  // threads that have a share of some loop of the step (1: run serially)
    std::array<std::uint32_t, list::size> owner_{};  // per population: assign_owners()
    std::uint64_t timestep_ = 0;
    phase_times times_;
    typename stores_of<list, S, T>::type stores_;
    typename connect_stores_of<list>::type connect_stores_;
};

}  // namespace detail
}  // namespace cortexpr

CORTEXPR_DIAG_END
