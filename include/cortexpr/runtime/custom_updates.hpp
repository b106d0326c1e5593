// The custom updates of a simulation, run on the host engine's storage: each update's
// own parameters and variables, the sizes of what it references (checked when the
// simulation is built), and `run(group)`, which runs every custom update of an update
// group in declaration order, per element in an OpenMP loop (step/custom_update.hpp),
// then the neuron reductions. Results do not depend on the thread count: every element
// is computed whole by one thread and reductions combine in element order.
// A backend with device memory runs the same per-element code in its own kernels: its
// `custom_update_exec_for` specialisation (cx::cuda: backend/cuda/custom_update_kernels.hpp)
// receives each update's view of host pointers and translates them to device twins.
// The updates' own state (parameters, variables, EGPs, the count of runs that positions
// their random streams) goes into checkpoints and snapshots through `sections`.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "../host/parallel.hpp"
#include "../step/custom_update.hpp"
#include "../step/traits.hpp"
#include "../host/model_store.hpp"
#include "../base/options.hpp"
#include "checkpoint_state.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Runs custom updates on the host engine's storage (every backend without its own).
struct host_custom_update_exec {
    static constexpr bool device = false;
    template <class Engine>
    explicit host_custom_update_exec(Engine&) {}
};
/// The executor of backend `Backend`'s custom updates; a backend with device memory
/// specialises it (cx::cuda in cortexpr/cuda.cuh).
template <class Backend, class Net, class Updates, class S, class T>
struct custom_update_exec_for {
    using type = host_custom_update_exec;
};

template <class List, class Updates, class S, class T>
class custom_updates {
    static constexpr std::size_t count = std::tuple_size_v<Updates>;
    template <std::size_t U> using traits = custom_update_traits<List, Updates, U>;

    template <std::size_t U>
    struct state {
        using CT = traits<U>;
        std::string name{std::string_view(CT::desc::name)};
        model_store<info_holder<typename CT::model, family::custom_update>> m;
        std::size_t n = 0;
        std::uint32_t batches = 1, num_pre = 0, num_post = 0;
        std::array<std::vector<double>, CT::nv> var_scratch;
        std::array<std::vector<double>, CT::nr> ref_scratch;
        std::uint64_t calls = 0;
    };
    template <class Seq> struct states_of;
    template <std::size_t... U> struct states_of<std::index_sequence<U...>> { using type = std::tuple<state<U>...>; };

public:
    custom_updates() = default;

    template <class Engine>
    custom_updates(Engine& e, Updates& ups, const options& o) {
        if constexpr (count > 0) {
            for_each_update([&]<std::size_t U>() { setup<U>(e, std::get<U>(ups), o); });
            for_each_update([&]<std::size_t U>() { check_sizes<U>(e, o); });
        }
    }

    /// Runs every custom update of update group `group`; a group no update belongs to is
    /// an error that lists the groups.
    template <class Engine>
    void run(Engine& e, std::string_view group, const options& o) {
        host_custom_update_exec x(e);
        run(e, group, o, x);
    }
    /// The same through executor `x` (a backend's kernels, see custom_update_exec_for).
    template <class Engine, class Exec>
    void run(Engine& e, std::string_view group, const options& o, Exec& x) {
        bool any = false;
        const auto start = std::chrono::steady_clock::now();
        if constexpr (std::remove_cvref_t<Exec>::device) {
            x.arrays_to_device();
            for_each_buffer([&](const void* p, std::size_t bytes, std::string_view g, std::string_view f) { x.twin(p, bytes, g, f); });
        }
        for_each_update([&]<std::size_t U>() {
            if (std::string_view(traits<U>::desc::group) != group) return;
            any = true;
            run_one<U>(e, o, x);
        });
        if constexpr (std::remove_cvref_t<Exec>::device) if (any) x.finish(group);
        if (!any) {
            std::string groups;
            std::vector<std::string_view> seen;
            for_each_update([&]<std::size_t U>() {
                const std::string_view g = traits<U>::desc::group;
                for (std::string_view x : seen) if (x == g) return;
                seen.push_back(g);
                groups.append(groups.empty() ? "'" : ", '").append(g).append("'");
            });
            fail("simulation", "custom_update", "no custom update is in update group '", group, "' (groups: ",
                 groups.empty() ? std::string("none") : groups, ")");
        }
        if (o.timing) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            for (auto& [g, acc] : times_) if (g == group) { acc += s; return; }
            times_.emplace_back(std::string(group), s);
        }
    }
    /// Whether some custom update is in update group `group`.
    bool has_group(std::string_view group) const {
        bool any = false;
        for_each_update([&]<std::size_t U>() { any = any || std::string_view(traits<U>::desc::group) == group; });
        return any;
    }
    /// Cumulative seconds spent in update group `group` (0 unless options::timing).
    double time(std::string_view group) const {
        for (const auto& [g, acc] : times_) if (g == group) return acc;
        return 0;
    }
    template <std::size_t U> auto& state_of() { return std::get<U>(states_); }

    /// `f(host pointer, bytes, update name, field)` for every array the updates own: their
    /// variables, EGPs and neuron-reduction scratch (a device backend keeps twins of them).
    template <class F>
    void for_each_buffer(F&& f) {
        for_each_update([&]<std::size_t U>() {
            auto& st = std::get<U>(states_);
            for (std::size_t k = 0; k < st.m.vars.size(); ++k) f(st.m.vars[k].raw(), st.m.vars[k].bytes(), st.name, traits<U>::info.vars[k].name);
            for (std::size_t k = 0; k < st.m.egps.size(); ++k) f(st.m.egps[k].raw(), st.m.egps[k].bytes(), st.name, traits<U>::info.egps[k].name);
            for (auto& v : st.var_scratch) f(v.data(), v.size() * sizeof(double), st.name, "reduction scratch");
            for (auto& v : st.ref_scratch) f(v.data(), v.size() * sizeof(double), st.name, "reduction scratch");
        });
    }
    /// `f(host pointer, bytes)` for the arrays a checkpoint holds (for_each_buffer less the scratch).
    template <class F>
    void for_each_state_buffer(F&& f) {
        for_each_update([&]<std::size_t U>() {
            auto& st = std::get<U>(states_);
            for (auto& b : st.m.vars) f(b.raw(), b.bytes());
            for (auto& b : st.m.egps) f(b.raw(), b.bytes());
        });
    }

    /// Appends each update's layout line to `layout` and its state to `out`: parameters,
    /// derived parameters, variables, EGPs (checkpoint_state.hpp's model_sections) and
    /// the count of its runs, which positions its random streams.
    template <class S2, class T2>
    void sections(std::string& layout, std::vector<checkpoint::section>& out) {
        for_each_update([&]<std::size_t U>() {
            auto& st = std::get<U>(states_);
            layout += "custom_update " + st.name + " " + std::string(traits<U>::info.name) + " n=" + std::to_string(st.n) +
                      " batches=" + std::to_string(st.batches) + "\n";
            checkpoint::model_sections<S2, T2>(out, "update." + st.name, st.m);
            out.push_back({.name = "update." + st.name + ".calls", .elem = 8, .data = &st.calls, .bytes = sizeof st.calls});
        });
    }

    /// Sets parameter `param` of custom update `name` (checked as a whole, as set_param
    /// checks a part's, before anything changes). Derived parameters are not recomputed
    /// (as in GeNN). False when no custom update has that name.
    bool set_param(std::string_view name, std::string_view param, double value, const options& o) {
        bool found = false;
        for_each_update([&]<std::size_t U>() {
            auto& st = std::get<U>(states_);
            if (found || st.name != name) return;
            found = true;
            using CT = traits<U>;
            for (std::size_t k = 0; k < CT::info.params.size(); ++k)
                if (CT::info.params[k].name == param) {
                    auto candidate = st.m.params;
                    candidate[k] = value;
                    check_params<info_holder<typename CT::model, family::custom_update>>(candidate, st.name, o.dt);
                    st.m.params[k] = value;
                    return;
                }
            std::string names;
            for (const auto& p : CT::info.params) names.append(names.empty() ? "" : ", ").append(p.name);
            fail(st.name, param, "no such parameter (parameters: ", names.empty() ? std::string("none") : names, ")");
        });
        return found;
    }
    /// Index of the custom update named `name` (count if none).
    static constexpr std::size_t find(std::string_view name) {
        std::size_t i = count;
        [&]<std::size_t... U>(std::index_sequence<U...>) {
            ((std::string_view(traits<U>::desc::name) == name && i == count ? void(i = U) : void()), ...);
        }(std::make_index_sequence<count>{});
        return i;
    }

private:
    template <class F>
    static void for_each_update(F&& f) {
        [&]<std::size_t... U>(std::index_sequence<U...>) { (f.template operator()<U>(), ...); }(std::make_index_sequence<count>{});
    }

    /// Pointer to element 0 of reference target r, and its elements per batch entry.
    template <std::size_t U, std::size_t K, bool Transpose = false, class Engine>
    std::pair<void*, std::size_t> target(Engine& e) {
        constexpr ref_resolution r = Transpose ? traits<U>::transposes[K] : traits<U>::refs[K];
        // unresolved only where the network check reported it (under nvcc, whose front end
        // passes every check for the host compiler to report; see named.hpp)
        if constexpr ((r.update < 0 && r.part < 0) || r.index < 0) {
            return {nullptr, 0};
        } else if constexpr (r.update >= 0) {
            auto& st = std::get<std::size_t(r.update)>(states_);
            return {st.m.vars[std::size_t(r.index)].raw(), st.n};
        } else {
            constexpr std::size_t P = std::size_t(r.part);
            auto& g = e.template store<P>();
            constexpr std::size_t k = std::size_t(r.index);
            if constexpr (List::kinds[P] == part_kind::population) return {g.m.vars[k].raw(), g.n};
            else if constexpr (List::kinds[P] == part_kind::current_source)
                return {g.m.vars[k].raw(), e.template store<std::size_t(List::find(List::targets[P]))>().n};
            else if constexpr (r.set == 0) return {g.wu.vars[k].raw(), g.syn_count};
            else if constexpr (r.set == 1) return {g.pre_vars[k].raw(), g.n_pre};
            else if constexpr (r.set == 2) return {g.post_vars[k].raw(), g.n_post};
            else return {g.psm.vars[k].raw(), g.n_post};
        }
    }

    /// Elements per batch entry of custom update U: those of its first reference.
    template <std::size_t U, class Engine>
    std::size_t size_of(Engine& e) {
        constexpr int up = traits<U>::refs[0].update;
        if constexpr (up >= 0) return size_of<std::size_t(up)>(e);
        else return target<U, 0>(e).second;
    }

    template <std::size_t U, class Engine, class Desc>
    void setup(Engine& e, Desc& d, const options& o) {
        using CT = traits<U>;
        auto& st = std::get<U>(states_);
        check_params<info_holder<typename CT::model, family::custom_update>>(d.params, st.name, o.dt);
        st.m.params = d.params;
        st.m.derived = compute_derived<typename CT::model>(d.params, o.dt);
        st.m.template set_egps<S, T>(d.egps, st.name);
        st.batches = CT::batched ? o.batch : 1;
        st.n = size_of<U>(e);  // a custom update it references may come later in the list
        if constexpr (CT::synapse && CT::owner_part >= 0) {
            auto& g = e.template store<std::size_t(CT::owner_part)>();
            st.num_pre = g.n_pre;
            st.num_post = g.n_post;
        }
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                using V = value_t<CT::info.vars[K].type.base, S, T>;
                auto& init = std::get<K>(d.vars);
                using I = std::remove_cvref_t<decltype(init)>;
                if constexpr (!std::is_same_v<typename I::snippet, init_var::Constant>)
                    fail(st.name, CT::info.vars[K].name, "a custom update's variable takes a constant initial value (\"",
                         CT::info.vars[K].name, "\"_v = number), not ", info_of<typename I::snippet, family::var_init>().name);
                const double v = init.params[0];
                const std::size_t c = layout_count(CT::var_layout_of(K), st.batches, st.n);
                st.m.vars[K].template allocate<V>(c, st.name, std::string(CT::info.vars[K].name));
                for (std::size_t i = 0; i < c; ++i) st.m.vars[K].template data<V>()[i] = checked_element<V>(v, st.name, CT::info.vars[K].name, i);
                if constexpr (CT::var_reduction(K) == reduction_axis::neuron) st.var_scratch[K].assign(std::size_t(st.batches) * st.n, 0.0);
            }(), ...);
        }(std::make_index_sequence<CT::nv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                if constexpr (CT::ref_reduction(K) == reduction_axis::neuron) st.ref_scratch[K].assign(std::size_t(st.batches) * st.n, 0.0);
            }(), ...);
        }(std::make_index_sequence<CT::nr>{});
    }

    template <std::size_t U, class Engine>
    void check_sizes(Engine& e, const options& o) {
        using CT = traits<U>;
        auto& st = std::get<U>(states_);
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                const std::size_t n = target<U, K>(e).second;
                const ref_target_desc& t = CT::desc::ref_targets[K];
                const ref_target_desc& t0 = CT::desc::ref_targets[0];
                if (n != st.n)
                    fail(st.name, CT::info.var_refs[K].name, "variable reference '", CT::info.var_refs[K].name, "' (", t.part, ".", t.var,
                         ") has ", n, " elements, but '", CT::info.var_refs[0].name, "' (", t0.part, ".", t0.var, ") has ", st.n,
                         ": all references of a custom update have the same size");
                if (o.batch > 1 && CT::batched && CT::info.var_refs[K].mode == access::read_write && !has_batch_axis(CT::refs[K].layout))
                    fail(st.name, CT::info.var_refs[K].name, "variable reference '", CT::info.var_refs[K].name, "' (", t.part, ".", t.var,
                         ") writes a variable that the ", o.batch, " batch entries share, from an update that runs per batch entry "
                         "(reduce into it with access::reduce_sum or access::reduce_max, or make it read-only)");
            }(), ...);
        }(std::make_index_sequence<CT::nr>{});
    }

    template <std::size_t U, class Engine>
    custom_update_view<traits<U>> view(Engine& e, const options& o) {
        using CT = traits<U>;
        auto& st = std::get<U>(states_);
        custom_update_view<CT> v{};
        v.m = st.m.template view<S, T>();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                v.ref[K] = target<U, K>(e).first;
                if constexpr (CT::transposed(K)) v.transpose[K] = target<U, K, true>(e).first;
                if constexpr (CT::ref_reduction(K) == reduction_axis::neuron) v.ref_scratch[K] = st.ref_scratch[K].data();
            }(), ...);
        }(std::make_index_sequence<CT::nr>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                if constexpr (CT::var_reduction(K) == reduction_axis::neuron) v.var_scratch[K] = st.var_scratch[K].data();
            }(), ...);
        }(std::make_index_sequence<CT::nv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (egp_target<K, CT>(e, v), ...);
        }(std::make_index_sequence<CT::ne>{});
        v.n = st.n;
        v.num_batch = o.batch;
        v.batches = st.batches;
        v.num_pre = st.num_pre;
        v.num_post = st.num_post;
        v.num_neurons = CT::synapse ? 0u : std::uint32_t(st.n);
        return v;
    }

    template <std::size_t K, class CT, class Engine>
    void egp_target(Engine& e, custom_update_view<CT>& v) {
        const ref_target_desc& t = CT::desc::egp_targets[K];
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ([&] {
                if (std::string_view(List::names[I]) != t.part) return;
                auto& g = e.template store<I>();
                auto take = [&](auto& m, const model_info& info) {
                    for (std::size_t j = 0; j < info.egps.size(); ++j)
                        if (info.egps[j].name == t.var) { v.egp[K] = m.egps[j].raw(); v.egp_size[K] = m.egp_size[j]; return true; }
                    return false;
                };
                if constexpr (List::kinds[I] == part_kind::synapses) {
                    using gt = sg_traits<List, I>;
                    if (!take(g.wu, gt::wu_info)) take(g.psm, gt::psm_info);
                } else {
                    take(g.m, List::template part<I>::info);
                }
            }(), ...);
        }(std::make_index_sequence<List::size>{});
        if (!v.egp[K] && v.egp_size[K] == 0)
            fail(std::string_view(CT::desc::name), CT::info.egp_refs[K].name,
                 "extra global parameter reference to '", t.part, ".", t.var, "', which was not allocated (egp_allocate or set_egp)");
    }

    template <std::size_t U, class Engine, class Exec>
    void run_one(Engine& e, const options& o, Exec& x) {
        using CT = traits<U>;
        auto& st = std::get<U>(states_);
        const auto v = view<U>(e, o);
        const T t = T(double(e.timestep()) * o.dt), dt = T(o.dt);
        const std::uint64_t seed = o.seed, call = st.calls++;
        if constexpr (std::remove_cvref_t<Exec>::device) {
            x.template run<CT, S, T>(v, t, dt, seed, std::uint32_t(U), call);
            return;
        }
        const std::uint32_t mpt = o.min_per_thread;
        if constexpr (!CT::synapse) {
            parallel_ranges(o.threads, std::uint32_t(st.n), [&](int, std::uint32_t lo, std::uint32_t hi) {
                for (std::uint32_t i = lo; i < hi; ++i) custom_update_element<CT, S, T>(v, i, 0, 0, t, dt, seed, std::uint32_t(U), call);
            }, mpt);
        } else if constexpr (CT::shape.matrix == matrix_kind::dense) {
            const std::uint32_t np = st.num_post;
            parallel_ranges(o.threads, st.num_pre, [&](int, std::uint32_t lo, std::uint32_t hi) {
                for (std::uint32_t i = lo; i < hi; ++i)
                    for (std::uint32_t j = 0; j < np; ++j)
                        custom_update_element<CT, S, T>(v, std::size_t(i) * np + j, i, j, t, dt, seed, std::uint32_t(U), call);
            }, mpt);
        } else if constexpr (CT::owner_part >= 0) {
            auto& g = e.template store<std::size_t(CT::owner_part)>();
            parallel_ranges(o.threads, st.num_pre, [&](int, std::uint32_t lo, std::uint32_t hi) {
                for (std::uint32_t i = lo; i < hi; ++i)
                    for (std::uint32_t k = 0; k < g.row_length[i]; ++k) {
                        const std::size_t syn = std::size_t(i) * g.stride + k;
                        custom_update_element<CT, S, T>(v, syn, i, Engine::post_index(g, syn), t, dt, seed, std::uint32_t(U), call);
                    }
            }, mpt);
        }
        if constexpr (CT::has_neuron_reduction)
            for (std::uint32_t b = 0; b < st.batches; ++b) custom_update_reduce_neurons<CT, S, T>(v, b);
    }

    typename states_of<std::make_index_sequence<count>>::type states_;
    std::vector<std::pair<std::string, double>> times_;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
