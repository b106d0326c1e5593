// options::check_finite: after each step, every floating-point state variable of every
// part (population and current-source variables; a synapse group's weight-update
// variables, its pre and post variables, and its postsynaptic model's variables) is
// scanned, and the first NaN or infinity is reported as a cortexpr::error naming the
// group, the variable, the element, the batch entry and the time step in which it
// appeared. The engine calls it behind one branch on the option, so it costs nothing
// when off; when on it reads the whole state once per step (about as much memory
// traffic as a neuron update; synapse groups with per-synapse variables add theirs).
#pragma once
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../step/traits.hpp"
#include "../step/views.hpp"
#include "../host/buffer.hpp"
#include "../base/error.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Scans the floating-point variables `vars` stored in `bufs` ([batch][element], or
/// one shared copy); `where(e)` describes element e for the message.
template <class E, class = void>
struct has_pull_host : std::false_type {};
template <class E>
struct has_pull_host<E, std::void_t<decltype(std::declval<E&>().pull_host(static_cast<const void*>(nullptr)))>> : std::true_type {};

template <std::span<const var_info> (*Vars)(), class S, class T, class Engine, std::size_t N, class Where>
void check_finite_set(Engine& eng, std::array<buffer, N>& bufs, std::uint32_t batch, std::string_view group, std::uint64_t step,
                      double dt, Where&& where) {
    constexpr auto vars = Vars();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            constexpr var_info vi = vars[K];
            if constexpr (vi.type.is_floating()) {
                using V = value_t<vi.type.base, S, T>;
                buffer& buf = bufs[K];
                const std::size_t count = buf.count();
                if (count == 0) return;
                // a GPU backend keeps the state on the device: bring the host copy up to date
                // (a trait, not a requires-expression: nvcc 13 rejects the latter in
                // this nested generic lambda as a hard error for the CPU engine)
                if constexpr (has_pull_host<Engine>::value) eng.pull_host(buf.raw());
                const V* data = buf.template data<V>();
                const std::uint32_t nb = vi.mode == access::read_only ? 1u : batch;
                const std::size_t per = count / nb;
                for (std::size_t x = 0; x < count; ++x)
                    if (!std::isfinite(data[x])) [[unlikely]] {
                        const std::size_t b = x / per, e = x % per;
                        fail(group, vi.name, "non-finite value ", data[x], " at element ", e, where(e), " (batch entry ", b,
                             ") after time step ", step, " (t = ", double(step) * dt, " ms; options::check_finite)");
                    }
            }
        }(), ...);
    }(std::make_index_sequence<vars.size()>{});
}

/// Checks the whole state of engine `e` after time step `step` (see above).
template <class S, class T, class Engine>
void check_finite_state(Engine& e, std::uint64_t step) {
    using list = typename Engine::list;
    const std::uint32_t batch = e.opts().batch;
    const double dt = e.opts().dt;
    auto none = [](std::size_t) { return std::string(); };
    for_each_index<Engine::pops>([&]<std::size_t I>() {
        auto& p = e.template store<I>();
        check_finite_set<vars_of<typename pop_traits<list, I>::model>, S, T>(e, p.m.vars, batch, p.name, step, dt, none);
    });
    for_each_index<Engine::sources>([&]<std::size_t I>() {
        auto& c = e.template store<I>();
        check_finite_set<vars_of<typename cs_traits<list, I>::model>, S, T>(e, c.m.vars, batch, c.name, step, dt, none);
    });
    for_each_index<Engine::groups>([&]<std::size_t G>() {
        using gt = sg_traits<list, G>;
        auto& g = e.template store<G>();
        auto synapse = [&](std::size_t x) {
            if constexpr (gt::weights == weight_storage::individual && gt::kind == matrix_kind::dense)
                return " (pre " + std::to_string(x / g.n_post) + ", post " + std::to_string(x % g.n_post) + ")";
            else if constexpr (gt::weights == weight_storage::individual && gt::kind == matrix_kind::sparse)
                return " (pre " + std::to_string(x / g.stride) + ", post " + std::to_string(Engine::post_index(g, x)) + ")";
            else return std::string(" (kernel entry)");
        };
        check_finite_set<vars_of<typename gt::wu_model>, S, T>(e, g.wu.vars, batch, g.name, step, dt, synapse);
        check_finite_set<pre_vars_of<typename gt::wu_model>, S, T>(e, g.pre_vars, batch, g.name, step, dt, none);
        check_finite_set<post_vars_of<typename gt::wu_model>, S, T>(e, g.post_vars, batch, g.name, step, dt, none);
        check_finite_set<vars_of<typename gt::psm_model>, S, T>(e, g.psm.vars, batch, g.name, step, dt, none);
    });
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
