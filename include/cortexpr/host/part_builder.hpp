// The host builder's work on one part (host/builder.hpp): checks, allocation, variable
// initialisation by the initialiser snippets (every element from its own random
// stream, split over the host threads) and connectivity (connection lists, row or
// column build code, sorted rows, column lists for postsynaptic learning).
//
// Everything here is keyed by the part's KIND -- its store type (model types, matrix
// kind) and its initialisers' types -- never by its name or place in the network: the
// part's index (which keys its random streams), sizes, delays and the work its backend's
// device does instead are run-time arguments. A network of 8 LIF populations and 64
// groups of a few kinds instantiates this code a few times, not 72 times.
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

/// Which variables of each set of a part its backend's device initialises (bit k:
/// variable k; step/init_plan.hpp decides), and whether it builds the part's rows.
struct device_work {
    std::uint64_t vars = 0, pre_vars = 0, post_vars = 0, psm_vars = 0;
    bool connectivity = false;
};

/// Where a synapse group sits: its index and its two populations' sizes and queues.
struct group_place {
    std::uint32_t part = 0, n_pre = 0, n_post = 0, pre_ring = 1, post_ring = 1;
};

template <class S, class T>
class part_builder {
public:
    /// `device_init`: the backend's device runs the initialisation that init_plan.hpp
    /// names (the CUDA backend without options::host_init).
    part_builder(const options& o, phase_times& times, bool device_init)
        : opt_(o), times_(times), device_init_(device_init) {
        threads_ = opt_.threads > 0 ? opt_.threads : default_threads();
    }

    // ---- populations and current sources -------------------------------------------
    /// Population `part` of `size` neurons whose spike queue has `ring` slots.
    template <class Model, std::size_t NP, class Vars, std::size_t NE>
    void population(pop_store<Model, S, T>& p, std::uint32_t size, const std::array<double, NP>& params, const Vars& vars,
                    const std::array<std::vector<double>, NE>& egps, std::uint32_t part, std::uint32_t ring, const device_work& dev) {
        if (size == 0) fail(p.name, "size", "population size must be at least 1, got 0");
        check_population_size(p.name, size);
        p.n = size;
        check_params<info_holder<Model, family::neuron>>(params, p.name, opt_.dt);
        p.m.params = params;
        p.m.derived = compute_derived<Model>(params, opt_.dt);
        p.m.template set_egps<S, T>(egps, p.name);
        p.ring = ring;
        p.batches = opt_.batch;
        const std::size_t nb = std::size_t(opt_.batch) * p.n;
        p.st.template allocate<T>(nb * ring, p.name, "st");
        p.prev_st.template allocate<T>(nb * ring, p.name, "prev_st");
        std::fill_n(p.st.template data<T>(), nb * ring, -std::numeric_limits<T>::max());
        std::fill_n(p.prev_st.template data<T>(), nb * ring, -std::numeric_limits<T>::max());
        p.spk.template allocate<std::uint32_t>(nb * ring, p.name, "spikes");
        p.spk_cnt.template allocate<std::uint32_t>(std::size_t(opt_.batch) * ring, p.name, "spike_count");
        init_var_set<detail::vars_of<Model>, var_set::vars>(p.m.vars, vars, p.n, p.name, part, dev.vars, nullptr,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = p.n; return true; });
    }

    /// Current source `part` into a population of `n` neurons.
    template <class Model, std::size_t NP, class Vars, std::size_t NE>
    void source(cs_store<Model, S, T>& c, const std::array<double, NP>& params, const Vars& vars,
                const std::array<std::vector<double>, NE>& egps, std::uint32_t n, std::uint32_t part, const device_work& dev) {
        check_params<info_holder<Model, family::current_source>>(params, c.name, opt_.dt);
        c.m.params = params;
        c.m.derived = compute_derived<Model>(params, opt_.dt);
        c.m.template set_egps<S, T>(egps, c.name);
        init_var_set<detail::vars_of<Model>, var_set::cs_vars>(c.m.vars, vars, n, c.name, part, dev.vars, nullptr,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = n; return true; });
    }

    // ---- synapse groups: storage and connectivity -------------------------------------
    /// Synapse group `at.part` with weight update `wud`, postsynaptic model `psd` and
    /// matrix `md`; `cs` holds its connectivity snippet's parameters and EGPs (a
    /// std::monostate when it has none).
    template <class Store, class WU, class PSM, class Matrix, class CS>
    void synapses(Store& g, const WU& wud, const PSM& psd, const Matrix& md, const synapse_options& o, CS& cs, const group_place& at,
                  const device_work& dev) {
        using wu_model = typename Store::wu_model;
        using psm_model = typename Store::psm_model;
        constexpr matrix_kind kind = Store::kind;
        constexpr weight_storage weights = Store::weights;
        using Sn = typename Matrix::connect_type;
        phase_timer timer(opt_.timing ? &times_.init_sparse : nullptr);
        g.n_pre = at.n_pre;
        g.n_post = at.n_post;
        g.axonal = o.axonal_delay;
        g.back_prop = o.back_prop_delay;
        g.max_dendritic = o.max_dendritic_delay;
        check_bitmask_memory(g.name, kind, g.n_pre, g.n_post);
        check_params<typename Store::wu_h>(wud.params, g.name, opt_.dt);
        check_params<typename Store::psm_h>(psd.params, g.name + ".psm", opt_.dt);
        g.wu.params = wud.params;
        g.wu.derived = compute_derived<wu_model>(wud.params, opt_.dt);
        g.wu.template set_egps<S, T>(wud.egps, g.name);
        g.psm.params = psd.params;
        g.psm.derived = compute_derived<psm_model>(psd.params, opt_.dt);
        g.psm.template set_egps<S, T>(psd.egps, g.name);
        const std::size_t B = opt_.batch;
        g.in_syn.template allocate<S>(B * g.n_post, g.name, "inSyn");
        if (g.max_dendritic) g.den.template allocate<S>(B * g.max_dendritic * g.n_post, g.name, "dendritic_delay");
        g.rev.template allocate<S>(B * g.n_pre, g.name, "revInSyn");
        g.evt_ring = at.pre_ring;
        if constexpr (Store::has_events) {
            g.evt.template allocate<std::uint32_t>(B * g.evt_ring * g.n_pre, g.name, "events");
            g.evt_cnt.template allocate<std::uint32_t>(B * g.evt_ring, g.name, "event_count");
        }
        if constexpr (Store::event_times) {  // spike-like-event times start at -TIME_MAX, like spike times
            for (buffer* e : {&g.set, &g.prev_set}) {
                e->template allocate<T>(B * g.evt_ring * g.n_pre, g.name, e == &g.set ? "set" : "prev_set");
                std::fill_n(e->template data<T>(), B * g.evt_ring * g.n_pre, -std::numeric_limits<T>::max());
            }
        }
        g.post_evt_ring = at.post_ring;
        if constexpr (Store::has_post_events) {
            g.post_evt.template allocate<std::uint32_t>(B * g.post_evt_ring * g.n_post, g.name, "post_events");
            g.post_evt_cnt.template allocate<std::uint32_t>(B * g.post_evt_ring, g.name, "post_event_count");
        }
        if constexpr (Store::post_event_times) {  // likewise the postsynaptic ones
            for (buffer* e : {&g.post_set, &g.post_prev_set}) {
                e->template allocate<T>(B * g.post_evt_ring * g.n_post, g.name, e == &g.post_set ? "set_post" : "prev_set_post");
                std::fill_n(e->template data<T>(), B * g.post_evt_ring * g.n_post, -std::numeric_limits<T>::max());
            }
        }

        const synapse_layout layout{kind, weights};
        std::vector<std::uint32_t> kernel_of;  // kernel index per stored synapse, when the snippet gives one
        build_connectivity(g, md, cs, at.part, device_init_ && dev.connectivity, kernel_of);

        // weight-update variables
        const std::uint32_t np = g.n_pre, nq = g.n_post;
        if constexpr (weights == weight_storage::individual) {
            if constexpr (kind == matrix_kind::dense) g.syn_count = std::size_t(np) * nq;
            else g.syn_count = std::size_t(np) * g.stride;
            auto where = [&](std::size_t e, element& el) {
                std::uint32_t i, j, rep = 0;
                if constexpr (kind == matrix_kind::dense) { i = std::uint32_t(e / nq); j = std::uint32_t(e % nq); }
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
            };
            if constexpr (kind == matrix_kind::dense) {
                init_var_set<detail::vars_of<wu_model>, var_set::vars>(g.wu.vars, wud.vars, g.syn_count, g.name, at.part, dev.vars, &layout, where);
            } else {
                // rows walked in order: no division per slot, padding skipped, repeats counted as they come
                init_var_set<detail::vars_of<wu_model>, var_set::vars>(g.wu.vars, wud.vars, g.syn_count, g.name, at.part, dev.vars, &layout,
                    row_domain<Store, decltype(where)>{g, kernel_of, where});
            }
        } else if constexpr (weights == weight_storage::procedural) {
            // regenerated at every use: keep the initialisers' parameters, derived
            // parameters and EGPs ready
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                ([&] {
                    auto& sn = std::get<K>(g.proc_inits);
                    sn.params = std::get<K>(wud.vars).params;
                    sn.derived = compute_derived<typename std::remove_cvref_t<decltype(std::get<K>(wud.vars))>::snippet>(sn.params, opt_.dt);
                    sn.template set_egps<S, T>(std::get<K>(wud.vars).egps, g.name);
                    check_procedural_init(sn, std::get<K>(wud.vars).params, g.name + "." + std::string(Store::wu_info.vars[K].name));
                }(), ...);
            }(std::make_index_sequence<Store::wu_info.vars.size()>{});
        } else if constexpr (weights == weight_storage::kernel) {
            const auto ks = Sn::snippet::kernel_size(std::span<const double>(md.conn.params));
            g.kernel = ks;
            g.syn_count = std::size_t(ks[0]) * ks[1] * ks[2] * ks[3];
            init_var_set<detail::vars_of<wu_model>, var_set::vars>(g.wu.vars, wud.vars, g.syn_count, g.name, at.part, dev.vars, &layout,
                [&](std::size_t e, element& el) {
                    el.element = std::uint32_t(e); el.id_kernel = std::uint32_t(e); el.num_pre = np; el.num_post = nq;
                    return true;
                });
        }
        init_var_set<detail::pre_vars_of<wu_model>, var_set::pre_vars>(g.pre_vars, wud.pre_vars, np, g.name, at.part, dev.pre_vars, &layout,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = np; return true; });
        init_var_set<detail::post_vars_of<wu_model>, var_set::post_vars>(g.post_vars, wud.post_vars, nq, g.name, at.part, dev.post_vars, &layout,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = nq; return true; });
        init_var_set<detail::vars_of<psm_model>, var_set::psm_vars>(g.psm.vars, psd.vars, nq, g.name, at.part, dev.psm_vars, &layout,
            [&](std::size_t e, element& el) { el.element = std::uint32_t(e); el.id = std::uint32_t(e); el.n = nq; return true; });
    }

private:
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

    /// The stored synapses of a sparse group's rows, for init_var_set: walk(lo, hi, emit)
    /// calls emit(e, el) for each synapse e of rows [lo, hi) in increasing order, reading
    /// each row once (a slot's repeat is its predecessor's + 1 when both have the same
    /// target: rows are sorted), where `where(e, el)` (the fallback, for a variable that
    /// is not per synapse) divides and rescans for every slot.
    template <class Store, class Where>
    struct row_domain;
    /// (a type test: nvcc 13 took a population's lambda to satisfy `requires { w.items(); }`)
    template <class>
    struct is_row_domain : std::false_type {};
    template <class Store, class Where>
    struct is_row_domain<row_domain<Store, Where>> : std::true_type {};

    template <class Store, class Where>
    struct row_domain {
        Store& g;  // (not const: buffer::raw() is not)
        const std::vector<std::uint32_t>& kernel_of;
        Where& where;
        bool operator()(std::size_t e, element& el) const { return where(e, el); }
        std::size_t items() const { return g.n_pre; }
        template <class Emit>
        void walk(std::size_t lo, std::size_t hi, Emit&& emit) const {
            switch (g.index_bytes) {
                case 1: walk_typed<std::uint8_t>(lo, hi, emit); break;
                case 2: walk_typed<std::uint16_t>(lo, hi, emit); break;
                default: walk_typed<std::uint32_t>(lo, hi, emit);
            }
        }
        template <class Ind, class Emit>
        void walk_typed(std::size_t lo, std::size_t hi, Emit& emit) const {
            const Ind* ind = static_cast<const Ind*>(static_cast<const void*>(g.ind.raw()));
            element el;
            el.synapse = true;
            el.num_pre = g.n_pre;
            el.num_post = g.n_post;
            for (std::size_t i = lo; i < hi; ++i) {
                const std::size_t base = i * g.stride;
                const std::uint32_t len = g.row_length[i];
                el.row = el.id_pre = std::uint32_t(i);
                el.repeat = 0;
                for (std::uint32_t k = 0; k < len; ++k) {
                    const std::uint32_t j = ind[base + k];
                    el.repeat = (k > 0 && j == el.element) ? el.repeat + 1 : 0;
                    el.element = el.id_post = j;
                    el.id_kernel = kernel_of.empty() ? 0 : kernel_of[base + k];
                    emit(base + k, el);
                }
            }
        }
    };

    /// Initialises the variables `Vars()` (one of a model's variable lists) stored in
    /// `bufs`, `n` elements per batch; `where(e, el)` fills the indices of element e
    /// and returns false for unused slots (sparse rows' padding).
    template <std::span<const var_info> (*Vars)(), var_set Set, class Inits, std::size_t N, class Where>
    void init_var_set(std::array<buffer, N>& bufs, const Inits& inits, std::size_t n, std::string_view gname, std::uint32_t part,
                      std::uint64_t device_mask, const synapse_layout* syn, Where&& where) {
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
                check_array_init<Set, Sn>(sn, gname, vi.name, vi.mode == access::read_only_shared_neuron ? 1 : n, syn);
                check_init_egps<Sn>(sn, std::string(gname) + "." + std::string(vi.name));
                if (device_init_ && (device_mask >> K & 1u)) return;  // the CUDA engine's device does it
                const auto sv = sn.template view<S, T>();
                const bool shared = vi.mode == access::read_only;
                const std::uint32_t nb = shared ? 1 : opt_.batch;
                const std::size_t per = vi.mode == access::read_only_shared_neuron ? 1 : n;
                V* data = bufs[K].template data<V>();
                for (std::uint32_t b = 0; b < nb; ++b) {
                    const std::uint64_t seed = shared ? connectivity_seed(opt_) : seed_of(opt_, b);
                    // every element draws from its own stream: split over the threads in
                    // blocks (or rows), the values do not depend on the split
                    constexpr std::size_t block = 1024;
                    using iprog = dsl::program<model_unit<Sn, family::var_init, field::var_init_code>>;
                    constexpr bool by_rows = is_row_domain<std::remove_cvref_t<Where>>::value;
                    std::size_t items = (per + block - 1) / block;
                    if constexpr (by_rows) if (per == n) items = where.items();
                    init_ranges(items, [&](std::size_t blo, std::size_t bhi) {
                    // 16 elements at a time: their streams' first words made together where drawn
                    stream_chunk<S, iprog::draws_normal> chunk;
                    element els[stream_chunk<S, false>::lanes];
                    std::size_t at[stream_chunk<S, false>::lanes];
                    std::uint32_t count = 0;
                    const auto stream_of = [&](std::uint32_t l) {
                        if (Set == var_set::vars && els[l].synapse)
                            return streams::synapse_var_init<S>(seed, part, K, els[l].row, els[l].element, els[l].repeat);
                        return streams::var_init<S>(seed, part, Set, K, els[l].element);
                    };
                    const auto flush = [&] {
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
                        count = 0;
                    };
                    const auto emit = [&](std::size_t e, const element& el) {
                        els[count] = el;
                        at[count] = e;
                        if (++count == std::size(els)) flush();
                    };
                    bool walked = false;
                    if constexpr (by_rows) if (per == n) { where.walk(blo, bhi, emit); walked = true; }
                    if (!walked) {
                        const std::size_t end = std::min(per, bhi * block);
                        for (std::size_t e = blo * block; e < end; ++e) {
                            element el{};
                            if (where(e, el)) emit(e, el);
                        }
                    }
                    if (count > 0) flush();
                    });
                }
            }(), ...);
        }(std::make_index_sequence<vars.size()>{});
    }

    /// Runs the row build code of row i of group `part` (connectivity snippet C, its view
    /// `mv`), calling add(j, kernel...) for each synapse.
    template <class C, class Store, class Add>
    void build_row(const Store& g, std::uint32_t part, std::uint32_t i, Add&& add, const model_view_for<C>& mv) {
        detail::build_row<C, S, T>(connectivity_seed(opt_), part, i, g.n_pre, g.n_post, T(opt_.dt), mv, add);
    }

    template <class Store, class Matrix, class CS>
    void build_connectivity(Store& g, const Matrix& md, CS& cs, std::uint32_t part, bool on_device, std::vector<std::uint32_t>& kernel_of) {
        constexpr matrix_kind kind = Store::kind;
        using C = typename Matrix::connect_type;
        const std::uint32_t np = g.n_pre, nq = g.n_post;
        if constexpr (kind == matrix_kind::dense) {
            return;
        } else if constexpr (kind == matrix_kind::toeplitz) {
            // nothing is built, but the diagonal build code reads the snippet's parameters
            // and derived parameters from the connectivity store at every spike
            const auto& conn = md.conn;
            check_params<C>(conn.params, g.name + ".connectivity", opt_.dt);
            check_connect_shapes<C>(conn.params, np, nq, g.name);
            cs.params = conn.params;
            cs.derived = compute_derived<typename C::snippet>(conn.params, opt_.dt);
            cs.template set_egps<S, T>(conn.egps, g.name);
            return;
        } else if constexpr (std::is_same_v<C, connection_list>) {
            const auto& cl = md.conn;
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
            build_columns(g);
        } else {
            using Snip = typename C::snippet;
            const auto& conn = md.conn;
            const std::span<const double> cp(conn.params);
            check_params<C>(conn.params, g.name + ".connectivity", opt_.dt);
            check_connect_shapes<C>(conn.params, np, nq, g.name);
            cs.params = conn.params;
            cs.derived = compute_derived<Snip>(conn.params, opt_.dt);
            cs.template set_egps<S, T>(conn.egps, g.name);
            const std::uint32_t precalc_max = prepare_row_lengths<Snip>(g, cs, part);
            if constexpr (kind == matrix_kind::procedural) {
                if constexpr (requires { Snip::kernel_size(cp); }) g.kernel = Snip::kernel_size(cp);
                return;
            } else {
                const auto view = cs.template view<S, T>();
                const bool rows = !C::info.code[std::size_t(field::row_build_code)].empty();
                // (on_device: the CUDA engine's device builds these rows; sizes and
                // capacities are ours)
                if constexpr (kind == matrix_kind::bitmask) {
                    g.words_per_row = (nq + 31) / 32;
                    g.bits.assign(std::size_t(np) * g.words_per_row, 0u);
                    for (std::uint32_t i = 0; i < np && !on_device; ++i) {
                        auto add = [&](std::uint32_t j, auto...) {
                            if (j >= nq) fail(g.name, "connectivity", "row ", i, ": postsynaptic index ", j, " out of range [0, ", nq, ")");
                            g.bits[std::size_t(i) * g.words_per_row + j / 32] |= 1u << (j % 32);
                        };
                        build_row<C>(g, part, i, add, view);
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
                        // (the row's length counted in a local, stored once: not a load and
                        // store of row_length[i] per synapse)
                        init_ranges(np, [&](std::size_t lo, std::size_t hi) {
                            for (std::uint32_t i = std::uint32_t(lo); i < hi; ++i) {
                                const std::size_t base = std::size_t(i) * g.stride;
                                std::uint32_t len = 0;
                                auto add = [&](std::uint32_t j, auto... k) {
                                    if (j >= nq) fail(g.name, "connectivity", "row ", i, ": postsynaptic index ", j, " out of range [0, ", nq, ")");
                                    if (len >= g.stride)
                                        fail(g.name, "connectivity", "row ", i, " exceeds its capacity of ", g.stride, " synapses (max_row_length)");
                                    set_post_index(g, base + len, j);
                                    if constexpr (kernel) kernel_of[base + len] = kernel_index(g, k...);
                                    ++len;
                                };
                                build_row<C>(g, part, i, add, view);
                                g.row_length[i] = len;
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
                            random::stream<S> r = streams::connect_col<S>(connectivity_seed(opt_), part, j);
                            build_env<unit, S, T, MV, decltype(add)> env(view, add, T(opt_.dt), r);
                            env.id_post = j; env.num_pre = np; env.num_post = nq;
                            dsl::frame<prog, decltype(env)> f;
                            dsl::run<prog, 0>(env, f);
                        }
                    }
                    sort_rows(g, kernel_of);
                    build_columns(g);
                }
            }
        }
    }

    /// A sparse snippet's host_row_lengths hook (FixedNumberTotal: the host splits the
    /// total over rows into an EGP) before the rows are built, drawing from the group's
    /// host stream. Returns the longest row (0 when the snippet has no such hook).
    template <class Snip, class Store, class CS>
    std::uint32_t prepare_row_lengths(Store& g, CS& cs, std::uint32_t part) {
        if constexpr (requires { Snip::host_row_lengths; }) {
            random::stream<double> r = streams::host_pass<double>(connectivity_seed(opt_), part);
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
    template <class Store>
    void build_columns(Store& g) {
        if constexpr (Store::learns_post) {
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

    const options& opt_;
    phase_times& times_;
    bool device_init_ = false;
    int threads_ = 1;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
