// Host storage of one model instance (parameters, derived parameters, variables, extra
// global parameters) and the view of it that element code reads.
#pragma once
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "../backend/common/views.hpp"
#include "buffer.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// The environment of a derived parameter's expression: parameters, earlier derived
/// parameters and dt, all in double.
template <class M, std::size_t I>
struct derived_env {
    using scalar_type = double;
    using time_type = double;
    std::span<const double> p;
    const double* d;
    double dt;
    template <int K>
    auto sym() {
        constexpr dsl::symbol s = derived_unit<M, I>::symbols::table[K];
        using V = value_t<s.type.base, double, double>;
        if constexpr (group(s.group) == group::param) return V(p[s.index]);
        else if constexpr (group(s.group) == group::derived) return V(d[s.index]);
        else return dt;
    }
};

/// Evaluates model M's derived parameters (in double, once, from the parameters and dt).
template <class M>
std::array<double, detail::derived_of<M>().size()> compute_derived(std::span<const double> params, double dt) {
    constexpr std::size_t nd = detail::derived_of<M>().size();
    std::array<double, nd> out{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ([&] {
            using prog = dsl::program<derived_unit<M, I>>;
            derived_env<M, I> e{params, out.data(), dt};
            dsl::frame<prog, derived_env<M, I>> f;
            if constexpr (prog::ok) out[I] = double(dsl::eval<prog, prog::root(0)>(e, f));
        }(), ...);
    }(std::make_index_sequence<nd>{});
    return out;
}

/// Parameters, derived parameters, variables and EGPs of one model instance.
template <class H>
struct model_store {
    static constexpr model_info I = H::info;
    static constexpr dsl::base_type info_egp_base(std::size_t k) { return I.egps[k].type.base; }
    std::array<double, I.params.size()> params{};
    std::array<double, I.derived.size()> derived{};
    std::array<buffer, I.vars.size()> vars;
    std::array<buffer, I.egps.size()> egps;
    std::array<std::uint32_t, I.egps.size()> egp_size{};

    template <class S, class T>
    model_view_for<H> view() {
        model_view_for<H> v{};
        if constexpr (I.params.size() > 0) for (std::size_t k = 0; k < I.params.size(); ++k) v.params[k] = params[k];
        if constexpr (I.derived.size() > 0) for (std::size_t k = 0; k < I.derived.size(); ++k) v.derived[k] = derived[k];
        if constexpr (I.vars.size() > 0) for (std::size_t k = 0; k < I.vars.size(); ++k) v.vars[k] = vars[k].raw();
        if constexpr (I.egps.size() > 0)
            for (std::size_t k = 0; k < I.egps.size(); ++k) { v.egps[k] = egps[k].raw(); v.egp_size[k] = egp_size[k]; }
        return v;
    }

    /// Allocates EGP k with `count` elements of its type (zeroed).
    template <class S, class T, std::size_t K>
    void allocate_egp(std::size_t count, std::string_view group) {
        using E = value_t<I.egps[K].type.base, S, T>;
        if (count > 0xffffffffu) fail(group, I.egps[K].name, "extra global parameter of ", count, " elements: at most 2^32 - 1");
        egps[K].template allocate<E>(count, group, std::string(I.egps[K].name));
        egp_size[K] = std::uint32_t(count);
    }
    /// Sets EGP k from doubles (converted to its element type).
    template <class S, class T>
    void set_egps(const std::array<std::vector<double>, I.egps.size()>& values, std::string_view group) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                if (values[K].empty()) return;
                using E = value_t<I.egps[K].type.base, S, T>;
                allocate_egp<S, T, K>(values[K].size(), group);
                for (std::size_t e = 0; e < values[K].size(); ++e) egps[K].template data<E>()[e] = E(values[K][e]);
            }(), ...);
        }(std::make_index_sequence<I.egps.size()>{});
    }
};

/// Rejects NaN and infinite parameter values with the group, parameter and value.
template <class H>
void check_params(std::span<const double> p, std::string_view group) {
    constexpr model_info I = H::info;
    for (std::size_t k = 0; k < I.params.size(); ++k)
        if (!std::isfinite(p[k])) fail(group, I.params[k].name, "parameter value must be finite, got ", p[k]);
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
