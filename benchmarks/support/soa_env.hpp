// A structure-of-arrays environment for benchmarks: one population of neurons whose
// state variables live in arrays (one per variable), parameters and derived parameters
// are scalars and Isyn comes from an input array. It follows the Env contract at the
// top of dsl/emit.hpp and finds each symbol's storage from `symbol::group/index`, the
// layout of models/families.hpp -- nothing in it is specific to one model.
//
// Like generated GeNN code, it copies a neuron's state into locals (`load`), lets the
// code work on those and writes them back (`store`): with the whole environment a local
// object, the optimiser keeps parameters and state in registers, which is what a
// hand-written update does too.
#pragma once
#include <array>
#include <cstdint>
#include <cstddef>

#include <cortexpr/models/model.hpp>

namespace cortexpr::bench {

template <class Unit, class Scalar>
struct soa_env {
    using scalar_type = Scalar;
    using time_type = Scalar;  // GeNN's default: time in the model's precision
    static constexpr const dsl::context& ctx = *Unit::source.fields[0].ctx;
    static constexpr model_info info = Unit::info;
    static constexpr std::size_t n_params = info.params.size();
    static constexpr std::size_t n_derived = info.derived.size();
    static constexpr std::size_t n_vars = info.vars.size();

    // ---- bound by the caller -------------------------------------------------------
    std::array<Scalar*, n_vars> var_arrays{};  // one array per state variable, [num_neurons]
    const Scalar* isyn = nullptr;              // [num_neurons], nA
    std::array<Scalar, n_params> params{};
    std::array<Scalar, n_derived> derived{};
    Scalar t = 0, dt = 0;                      // ms
    std::uint32_t num_neurons = 0;

    // ---- the neuron being updated ----------------------------------------------------
    std::uint32_t id = 0;
    std::array<Scalar, n_vars> vars{};

    void load(std::uint32_t i) {
        id = i;
        for (std::size_t k = 0; k < n_vars; ++k) vars[k] = var_arrays[k][i];
    }
    void store() const {
        for (std::size_t k = 0; k < n_vars; ++k) var_arrays[k][id] = vars[k];
    }

    /// Context symbol I: a reference for state, a value for everything read-only.
    template <int I>
    decltype(auto) sym() {
        constexpr dsl::symbol s = ctx.symbols[I];
        if constexpr (s.group == std::uint8_t(group::param)) return Scalar(params[s.index]);
        else if constexpr (s.group == std::uint8_t(group::derived)) return Scalar(derived[s.index]);
        else if constexpr (s.group == std::uint8_t(group::var)) return (vars[s.index]);
        else if constexpr (s.group == std::uint8_t(group::builtin)) {
            constexpr builtin b = builtin(s.index);
            if constexpr (b == builtin::t) return t;
            else if constexpr (b == builtin::dt) return dt;
            else if constexpr (b == builtin::id) return id;
            else if constexpr (b == builtin::num_neurons) return num_neurons;
            else if constexpr (b == builtin::batch) return std::uint32_t(0);
            else if constexpr (b == builtin::Isyn) return Scalar(isyn[id]);
            else static_assert(detail::dependent_false<Unit>, "soa_env: built-in not supported");
        } else {
            static_assert(detail::dependent_false<Unit>, "soa_env: symbol group not supported");
        }
    }
    // Neuron code calls no context functions and this benchmark draws no random
    // numbers, so `call` and `rng` are left out: using them fails to compile.
};

}  // namespace cortexpr::bench
