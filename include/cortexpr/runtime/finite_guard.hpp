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
#include "../host/fields.hpp"
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

/// The variable sets of host/fields.hpp, scanned one by one.
template <class S, class T, class Engine>
struct finite_scan {
    using list = typename Engine::list;
    Engine& e;
    std::uint32_t batch;
    std::uint64_t step;
    double dt;
    static std::string none(std::size_t) { return std::string(); }

    template <store_role R, class M, class Part>
    void model(const std::string& group, std::string_view, M& m, Part& g) {
        if constexpr (R == store_role::neuron || R == store_role::current_source) {
            check_finite_set<vars_of<typename Part::model>, S, T>(e, m.vars, batch, group, step, dt, none);
        } else if constexpr (R == store_role::weight_update) {
            auto synapse = [&](std::size_t x) {
                if constexpr (Part::weights == weight_storage::individual && Part::kind == matrix_kind::dense)
                    return " (pre " + std::to_string(x / g.n_post) + ", post " + std::to_string(x % g.n_post) + ")";
                else if constexpr (Part::weights == weight_storage::individual && Part::kind == matrix_kind::sparse)
                    return " (pre " + std::to_string(x / g.stride) + ", post " + std::to_string(post_index(g, x)) + ")";
                else return std::string(" (kernel entry)");
            };
            check_finite_set<vars_of<typename Part::wu_model>, S, T>(e, m.vars, batch, group, step, dt, synapse);
        }
        // (connectivity and procedural initialisers hold no state; a postsynaptic model's
        // variables are scanned after the weight update's post variables, below)
    }
    template <std::span<const var_info> (*Vars)(), std::size_t N, class Part>
    void var_set(const std::string& group, std::string_view set, std::array<buffer, N>& bufs, Part& g) {
        check_finite_set<Vars, S, T>(e, bufs, batch, group, step, dt, none);
        // a group's sets in the order weight update, pre, post, postsynaptic model (the
        // first non-finite value reported is the first in this order)
        if (set == "post_var") check_finite_set<vars_of<typename Part::psm_model>, S, T>(e, g.psm.vars, batch, group, step, dt, none);
    }
    void array(const std::string&, std::string_view, buffer&, std::size_t, field_bound) {}
    void table(const std::string&, std::string_view, std::vector<std::uint32_t>&, field_bound) {}
    template <class Pop>
    void recording(const std::string&, Pop&) {}
};

/// Checks the whole state of engine `e` after time step `step` (see above).
template <class S, class T, class Engine>
void check_finite_state(Engine& e, std::uint64_t step) {
    for_each_field<S, T>(e.host(), finite_scan<S, T, Engine>{e, e.opts().batch, step, e.opts().dt});
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
