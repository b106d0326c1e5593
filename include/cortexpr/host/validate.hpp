// Run-time checks of the values a user passes (options, sizes, delays, initialiser and
// connectivity parameters, step counts), made where the value enters the simulation,
// each failing with a cortexpr::error that names the group, the field and the value.
// The backends call these before they size or fill anything, so a bad value never
// becomes an out-of-range access, a hang or a silently wrong network.
//
// Limits that are not the user's choice but the library's:
//   max_population_size  indices are 32-bit and some index arithmetic (recording words,
//                        id * 32 + bit) must not wrap; 2^31 - 1 also catches a negative
//                        size converted to unsigned
//   max_delay_steps      a spike queue has delay + 1 slots (must not wrap), and a delay of
//                        16.7 M steps (28 min at dt = 0.1 ms) is never meant: it is a
//                        negative value converted, or milliseconds given as steps ×1e6
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "../step/egp_bounds.hpp"
#include "../step/traits.hpp"
#include "../models/hooks.hpp"
#include "../network/groups.hpp"
#include "../base/error.hpp"
#include "memory.hpp"
#include "model_store.hpp"
#include "../base/options.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

inline constexpr std::uint32_t max_population_size = 0x7fffffffu;
inline constexpr std::uint32_t max_delay_steps = 1u << 24;

/// Options other than dt and batch (checked by the engine's constructor).
inline void check_options(const options& o) {
    if (o.threads < 0) fail("simulation", "threads", "number of threads must be >= 0 (0: OpenMP's default), got ", o.threads);
    if (o.check_egp_bounds && !egp_bounds_compiled)
        fail("simulation", "check_egp_bounds",
             "this program was compiled without the EGP bounds check: define CORTEXPR_CHECK_EGP_BOUNDS=1 for every translation unit "
             "(step/egp_bounds.hpp)");
}

/// An integer variable's initial value w outside its type V (CPU and CUDA initialisation
/// report it alike).
template <class V>
[[noreturn]] void fail_init_range(std::string_view group, std::string_view var, std::string_view type, double w, std::size_t element,
                                  std::uint32_t b) {
    fail(group, var, "initial value ", w, " (element ", element, ", batch entry ", b, ") is outside the range of ", type, " [",
         double(std::numeric_limits<V>::min()), ", ", double(std::numeric_limits<V>::max()), "]");
}

inline void check_population_size(std::string_view group, std::uint32_t n) {
    if (n > max_population_size)
        fail(group, "size", "population size ", n, " exceeds the maximum of ", max_population_size,
             " (a negative size converted to unsigned?)");
}

/// Delays of a synapse group (checked before any population is sized: the spike queues
/// have as many slots as the longest delay needs).
inline void check_synapse_delays(std::string_view group, const synapse_options& o) {
    auto delay = [&](std::uint32_t d, std::string_view field) {
        if (d > max_delay_steps)
            fail(group, field, "delay of ", d, " steps exceeds the maximum of ", max_delay_steps,
                 " steps (a negative value converted to unsigned?)");
    };
    delay(o.axonal_delay, "axonal_delay");
    delay(o.back_prop_delay, "back_prop_delay");
    delay(o.max_dendritic_delay, "max_dendritic_delay");
}

/// Memory of a bitmask, which is not a cortexpr buffer.
inline void check_bitmask_memory(std::string_view group, matrix_kind kind, std::uint32_t n_pre, std::uint32_t n_post) {
    if (kind == matrix_kind::bitmask)
        check_host_memory(std::size_t(n_pre) * ((std::size_t(n_post) + 31) / 32) * 4, group, "bitmask");
}

/// Runs f (allocation of one part), turning an allocation failure that did not come
/// from a cortexpr buffer (a std::vector of connectivity, say) into an error naming
/// the part.
template <class F>
void with_memory_errors(std::string_view group, F&& f) {
    try {
        f();
    } catch (const std::bad_alloc&) {
        fail(group, "memory", "out of host memory while allocating the group");
    } catch (const std::length_error& e) {
        fail(group, "memory", "size too large while allocating the group (", e.what(), ")");
    }
}

/// The number of steps of a run of `ms` at time step `dt`, refusing what cannot be counted.
inline std::uint64_t checked_steps(double ms, double dt) {
    if (!(ms >= 0) || !std::isfinite(ms)) fail("simulation", "run", "duration must be finite and >= 0 ms, got ", ms);
    const double steps = std::round(ms / dt);
    if (!(steps < 0x1p62)) fail("simulation", "run", "duration ", ms, " ms is more than 2^62 steps of ", dt, " ms");
    return std::uint64_t(steps);
}

/// Every extra global parameter of an initialiser must be given ("x"_e = ...): its code
/// reads it for every element. `needed`: the smallest size that covers every index the
/// code uses (Kernel: the kernel's size), or 0 when unknown.
template <class Sn, class Store>
void check_init_egps(const Store& sn, std::string_view group, std::size_t needed = 0) {
    constexpr auto& egps = Store::I.egps;
    for (std::size_t k = 0; k < egps.size(); ++k) {
        if (sn.egps[k].count() == 0)
            fail(group, egps[k].name, "extra global parameter of the ", Sn::name, " initialiser used before it was allocated (give \"",
                 egps[k].name, "\"_e = {...})");
        if (needed && sn.egps[k].count() < needed)
            fail(group, egps[k].name, "extra global parameter of the ", Sn::name, " initialiser has ", sn.egps[k].count(),
                 " elements, the connectivity needs ", needed);
    }
}

/// The index of the EGP called `name` in `info`, or info.egps.size().
constexpr std::size_t egp_index(const model_info& info, std::string_view name) {
    for (std::size_t k = 0; k < info.egps.size(); ++k) if (info.egps[k].name == name) return k;
    return info.egps.size();
}

/// An initialiser that names its kernel_egp (Kernel: "kernel"): id_kernel must index
/// inside that EGP.
template <class Sn, class Store>
void check_kernel_index(const Store& sn, std::uint32_t id_kernel, std::string_view group, std::string_view var) {
    if constexpr (requires { Sn::kernel_egp; }) {
        constexpr std::size_t k = egp_index(Store::I, Sn::kernel_egp);
        static_assert(k < Store::I.egps.size(), "kernel_egp must name one of the initialiser's extra_global_params");
        if (id_kernel >= sn.egps[k].count())
            fail(std::string(group) + "." + std::string(var), Sn::kernel_egp, "extra global parameter has ", sn.egps[k].count(),
                 " elements, the connectivity uses kernel entry ", id_kernel);
    }
}

/// The initialiser of a procedural weight (regenerated at every use): the same checks
/// as for stored variables.
template <class H, class P>
void check_procedural_init(const model_store<H>& sn, const P& params, const std::string& group) {
    using init_t = H;
    if constexpr (std::is_same_v<typename init_t::snippet, init_var::Values>)
        fail(group, "values", "an array of initial values cannot initialise a procedural weight (regenerated at every use, it has no storage)");
    check_params<init_t>(params, group);
    check_init_egps<typename init_t::snippet>(sn, group);
}

/// Throws the cortexpr::error a hook asks for (hook_context::fail).
inline void raise_hook_error(std::string_view group, std::string_view field, const std::string& what) { fail(group, field, what); }

/// The host_array of a store's variable or EGP, its element type resolved for (S, T).
template <class S, class T, class Store>
host_array store_array(Store& m, std::string_view name, bool egp) {
    constexpr model_info I = Store::I;
    host_array a;
    auto pick = [&](const auto& list, auto& bufs) {
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (list[k].name != name) continue;
            a.data = bufs[k].raw();
            a.size = bufs[k].count();
            a.type = list[k].type.base == dsl::base_type::scalar      ? host_array::base_of<S>()
                     : list[k].type.base == dsl::base_type::timepoint ? host_array::base_of<T>()
                                                                       : list[k].type.base;
            return true;
        }
        return false;
    };
    if (!(egp ? pick(I.egps, m.egps) : pick(I.vars, m.vars)))
        throw std::logic_error(std::string("cortexpr: model ") + std::string(I.name) + " has no " + (egp ? "extra global parameter '" : "variable '") +
                               std::string(name) + "' (asked for by one of its hooks)");
    return a;
}

/// Runs each neuron model's check_state hook (SpikeSourceArray: its spikes lie inside
/// spikeTimes, sorted) when a run or step starts after a change (simulation::step says
/// which changes count): the models check the arrays the user fills through views.
/// Nothing for networks without such a model.
template <class S, class T, class Engine>
void check_model_states(Engine& e) {
    for_each_index<Engine::pops>([&]<std::size_t I>() {
        using model = typename pop_traits<typename Engine::list, I>::model;
        if constexpr (requires { model::check_state; }) {
            auto& p = e.template store<I>();
            using Store = std::remove_cvref_t<decltype(p.m)>;
            state_context c;
            c.group = p.name;
            c.raise = raise_hook_error;
            c.n = p.n;
            c.batch = e.opts().batch;
            c.store = &p.m;
            c.find = [](void* m, std::string_view name, bool egp) { return store_array<S, T>(*static_cast<Store*>(m), name, egp); };
            model::check_state(c);
        }
    });
}

/// Whether identifier `name` occurs in any code field of a model (as a whole word).
constexpr bool is_ident_char(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
constexpr bool mentions_word(const std::string_view& code, std::string_view name) {  // by reference: GCC 12 refuses copies of the empty string_views of a constexpr model_info
    std::size_t at = code.find(name);
    while (at != std::string_view::npos) {
        const std::size_t end = at + name.size();
        if ((at == 0 || !is_ident_char(code[at - 1])) && (end == code.size() || !is_ident_char(code[end]))) return true;
        at = code.find(name, at + 1);
    }
    return false;
}
constexpr bool code_mentions(const model_info& info, std::string_view name) {
    bool found = false;
    for (std::size_t f = 0; f < std::size(info.code); ++f) found = found || mentions_word(info.code[f], name);
    return found;
}

/// A model store's extra global parameters that its code reads must be allocated before
/// a step runs (model code indexes them unchecked: an unallocated one is a null pointer).
template <class Store>
void check_store_egps(const Store& m, std::string_view group) {
    constexpr model_info I = Store::I;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (code_mentions(Store::handle::info, Store::handle::info.egps[K].name))
                if (m.egps[K].count() == 0) [[unlikely]]
                    fail(group, I.egps[K].name, "extra global parameter of ", I.name, " is read by its code but was never allocated (egp_allocate, set_egp or \"",
                         I.egps[K].name, "\"_e = {...})");
        }(), ...);
    }(std::make_index_sequence<I.egps.size()>{});
}

/// Every part's EGPs (check_store_egps) when a run or step starts. A model with a
/// check_state hook checks its own (SpikeSourceArray: spikeTimes may stay unallocated
/// while no neuron has spikes).
template <class Engine>
void check_egps_allocated(Engine& e) {
    for_each_index<Engine::pops>([&]<std::size_t I>() {
        using model = typename pop_traits<typename Engine::list, I>::model;
        if constexpr (!requires { model::check_state; }) check_store_egps(e.template store<I>().m, e.template store<I>().name);
    });
    for_each_index<Engine::sources>([&]<std::size_t I>() { check_store_egps(e.template store<I>().m, e.template store<I>().name); });
    for_each_index<Engine::groups>([&]<std::size_t I>() {
        check_store_egps(e.template store<I>().wu, e.template store<I>().name);
        check_store_egps(e.template store<I>().psm, e.template store<I>().name);
    });
}

/// options::check_egp_bounds: reports the first EGP access outside its array recorded
/// during step `step` (step/egp_bounds.hpp), naming the part and EGP that own
/// the array.
template <class Engine>
void report_egp_fault(Engine& e, std::uint64_t step) {
    const void* array = egp_fault_slot.array.load();
    if (!array) return;
    egp_fault_slot.array.store(nullptr);
    const long long index = egp_fault_slot.index.load();
    const std::uint32_t size = egp_fault_slot.size.load();
    auto look = [&](auto& m, std::string_view group) {
        using Store = std::remove_cvref_t<decltype(m)>;
        for (std::size_t k = 0; k < m.egps.size(); ++k)
            if (m.egps[k].raw() == array)
                fail(group, Store::I.egps[k].name, "extra global parameter of ", Store::I.name, " indexed at ", index, " but it has ", size,
                     " elements (time step ", step, "; options::check_egp_bounds)");
    };
    for_each_index<Engine::pops>([&]<std::size_t I>() { look(e.template store<I>().m, e.template store<I>().name); });
    for_each_index<Engine::sources>([&]<std::size_t I>() { look(e.template store<I>().m, e.template store<I>().name); });
    for_each_index<Engine::groups>([&]<std::size_t I>() {
        look(e.template store<I>().wu, e.template store<I>().name);
        look(e.template store<I>().psm, e.template store<I>().name);
    });
    fail("simulation", "extra global parameter", "an extra global parameter indexed at ", index, " but it has ", size,
         " elements (time step ", step, "; options::check_egp_bounds)");
}

/// A connectivity snippet's check_shapes hook (Conv2D: shapes against the populations'
/// sizes), after check_params.
template <class C>
void check_connect_shapes(std::span<const double> p, std::uint32_t n_pre, std::uint32_t n_post, std::string_view group) {
    using Snip = typename C::snippet;
    if constexpr (requires { Snip::check_shapes; }) {
        shape_context c;
        c.group = group;
        c.raise = raise_hook_error;
        c.params = p;
        c.n_pre = n_pre;
        c.n_post = n_post;
        Snip::check_shapes(c);
    }
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
