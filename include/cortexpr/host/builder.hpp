// The builder of the network in host memory (host/instance.hpp): the build-time checks
// (host/validate.hpp), allocation, variable initialisation by the initialiser snippets
// (every element from its own random stream, split over the host threads) and
// connectivity (connection lists, row or column build code, sorted rows, column lists
// for postsynaptic learning). One builder for every backend: a backend whose device
// initialises what step/init_plan.hpp names passes `device_init`, and that work is
// skipped here (the arrays are allocated, zeroed and sized, the parameters checked).
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "../base/options.hpp"
#include "../step/init_plan.hpp"
#include "../step/rows.hpp"
#include "array_init.hpp"
#include "instance.hpp"
#include "lane_streams.hpp"
#include "parallel.hpp"
#include "validate.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

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
    host_builder(instance& h, bool device_init = false)
        : h_(h), opt_(h.opts()), times_(h.times()), device_init_(device_init) {
        threads_ = opt_.threads > 0 ? opt_.threads : default_threads();
    }

    /// Checks the options and every part, allocates and initialises them.
    void build() {
        if (!(opt_.dt > 0) || !std::isfinite(opt_.dt)) fail("simulation", "dt", "time step must be positive and finite, got ", opt_.dt);
        if (opt_.batch == 0) fail("simulation", "batch", "batch size must be at least 1, got 0");
        check_options(opt_);
        phase_timer timer(opt_.timing ? &times_.init : nullptr);
        for_each_index<groups>([&]<std::size_t G>() { check_synapse_delays(store<G>().name, desc<G>().options); });
        for_each_index<pops>([&]<std::size_t I>() { with_memory_errors(store<I>().name, [&] { allocate_population<I>(); }); });
        for_each_index<sources>([&]<std::size_t I>() { with_memory_errors(store<I>().name, [&] { allocate_source<I>(); }); });
        for_each_index<groups>([&]<std::size_t I>() { with_memory_errors(store<I>().name, [&] { allocate_synapses<I>(); }); });
        if (opt_.fuse_postsynaptic) for_each_index<pops>([&]<std::size_t P>() { fuse_inputs<P>(); });
    }

private:
    template <std::size_t I> auto& store() { return h_.template store<I>(); }
    template <std::size_t I> const auto& desc() const { return h_.template desc<I>(); }
    std::uint64_t seed_of(std::uint32_t b) const { return h_.seed_of(b); }
    std::uint64_t connectivity_seed() const { return h_.connectivity_seed(); }

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
                check_array_init<list, Part, Set, Sn>(sn, gname, vi.name, vi.mode == access::read_only_shared_neuron ? 1 : n);
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
        p.batches = opt_.batch;
        const std::size_t nb = std::size_t(opt_.batch) * p.n;
        p.st.template allocate<T>(nb * ring, p.name, "st");
        p.prev_st.template allocate<T>(nb * ring, p.name, "prev_st");
        std::fill_n(p.st.template data<T>(), nb * ring, -std::numeric_limits<T>::max());
        std::fill_n(p.prev_st.template data<T>(), nb * ring, -std::numeric_limits<T>::max());
        p.spk.template allocate<std::uint32_t>(nb * ring, p.name, "spikes");
        p.spk_cnt.template allocate<std::uint32_t>(std::size_t(opt_.batch) * ring, p.name, "spike_count");
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
        if (g.axonal > 0)  // delayed copies of referenced presynaptic variables (keep_pre_history)
            [&]<std::size_t... k>(std::index_sequence<k...>) {
                (g.pre_hist[k].template allocate<value_t<gt::pre_info.vars[gt::pre_refs[k]].type.base, S, T>>(
                     B * g.evt_ring * g.n_pre, g.name, "pre_history"), ...);
            }(std::make_index_sequence<gt::wu_info.pre_neuron_var_refs.size()>{});
        if constexpr (gt::event_times) {  // spike-like-event times start at -TIME_MAX, like spike times
            for (buffer* e : {&g.set, &g.prev_set}) {
                e->template allocate<T>(B * g.evt_ring * g.n_pre, g.name, e == &g.set ? "set" : "prev_set");
                std::fill_n(e->template data<T>(), B * g.evt_ring * g.n_pre, -std::numeric_limits<T>::max());
            }
        }

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


    /// Runs the row build code of row i (and column build code of column j) of group G,
    /// calling add(j, kernel...) for each synapse.
    template <std::size_t G, class Add>
    void build_row(std::uint32_t i, Add&& add, const void* view_ptr) {
        using C = typename sg_traits<list, G>::matrix::connect_type;
        using MV = model_view_for<C>;
        const auto& g = store<G>();
        detail::build_row<C, S, T>(connectivity_seed(), std::uint32_t(G), i, g.n_pre, g.n_post, T(opt_.dt), *static_cast<const MV*>(view_ptr), add);
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
            auto& cs = h_.template connect_store<G>();
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
            auto& cs = h_.template connect_store<G>();
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


    instance& h_;
    const options& opt_;
    phase_times& times_;
    bool device_init_ = false;
    int threads_ = 1;
};

/// A network instance built on the host (every backend's first step).
template <class S, class T, class Net>
void build_on_host(network_instance<Net, S, T>& h, bool device_init = false) {
    host_builder<Net, S, T>(h, device_init).build();
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
