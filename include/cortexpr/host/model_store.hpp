// Host storage of one model instance (parameters, derived parameters, variables, extra
// global parameters) and the view of it that element code reads.
#pragma once
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <span>
#include <sstream>
#include <type_traits>
#include <string>
#include <vector>

#include "../step/views.hpp"
#include "../network/named.hpp"
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

/// Element `index` of an array the user gives (an EGP's contents) converted to the
/// array's element type E, after checking that E holds it: a value outside an integer
/// type's range (or a NaN) would be wrapped or undefined, so it is an error naming the
/// user's value.
template <class E, class V>
E checked_element(V v, std::string_view group, std::string_view field, std::size_t index) {
    if constexpr (std::is_integral_v<E> && !std::is_same_v<E, bool>) {
        bool ok;
        if constexpr (std::is_floating_point_v<V>)
            ok = v > double(std::numeric_limits<E>::min()) - 1.0 && v < double(std::numeric_limits<E>::max()) + 1.0;
        else if constexpr (std::is_integral_v<V>)
            ok = std::in_range<E>(v);
        else
            ok = true;
        if (!ok)
            fail(group, field, "element ", index, " is ", v, ", outside the range [", +std::numeric_limits<E>::min(), ", ",
                 +std::numeric_limits<E>::max(), "] of the array's integer type");
    }
    return E(v);
}

/// Parameters, derived parameters, variables and EGPs of one model instance.
template <class H>
struct model_store {
    using handle = H;
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
        if (count > 0xffffffffu)
            fail(group, I.egps[K].name, "extra global parameter of ", count, " elements: at most 2^32 - 1",
                 count > (std::size_t(1) << 63) ? " (a negative count converted to unsigned?)" : "");
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
                for (std::size_t e = 0; e < values[K].size(); ++e) (void)checked_element<E>(values[K][e], group, I.egps[K].name, e);
                allocate_egp<S, T, K>(values[K].size(), group);
                for (std::size_t e = 0; e < values[K].size(); ++e) egps[K].template data<E>()[e] = E(values[K][e]);
            }(), ...);
        }(std::make_index_sequence<I.egps.size()>{});
    }
};

struct int_range { bool integral = false; double lo = 0, hi = 0; };
constexpr int_range integer_range(dsl::base_type b) {
    using bt = dsl::base_type;
    switch (b) {
        case bt::int8: return {true, -128.0, 127.0};
        case bt::uint8: return {true, 0.0, 255.0};
        case bt::int16: return {true, -32768.0, 32767.0};
        case bt::uint16: return {true, 0.0, 65535.0};
        case bt::int32: return {true, -2147483648.0, 2147483647.0};
        case bt::uint32: return {true, 0.0, 4294967295.0};
        case bt::int64: return {true, -0x1p63, 0x1p63 - 1024.0};
        case bt::uint64: return {true, 0.0, 0x1p64 - 2048.0};
        default: return {};
    }
}

/// Value k of a parameter list against model M's domains: finite always, and inside
/// the domain that names it (if any).
inline void check_param_value(const model_info& info, std::size_t k, double v, std::string_view group) {
    const std::string_view name = info.params[k].name;
    if (!std::isfinite(v)) fail(group, name, "parameter value must be finite, got ", v);
    // an integer parameter is converted to its type in model code: a fraction or a
    // value outside the type's range would change silently (or be undefined)
    if (const auto r = integer_range(info.params[k].type.base); r.integral && !(v >= r.lo && v <= r.hi && v == std::floor(v)))
        fail(group, name, "parameter of type ", dsl::type_name(info.params[k].type.base), " must be a whole number in [", r.lo, ", ", r.hi,
             "], got ", v);
    for (const param_domain& d : info.domains)
        if (d.name == name && !d.contains(v))
            fail(group, name, info.name, " parameter '", name, "' must be ", describe_domain(d), d.why.empty() ? "" : " (", d.why,
                 d.why.empty() ? "" : ")", ", got ", v);
}

/// The first name in a model's param_domains that is none of its parameters (empty:
/// all are parameters).
constexpr std::string_view unknown_domain_name(const model_info& info) {
    for (const param_domain& d : info.domains) {
        bool found = false;
        for (const param_info& p : info.params) found = found || p.name == d.name;
        if (!found) return d.name;
    }
    return {};
}

/// The model type behind a handle (a population's, a synapse group's or an
/// initialiser's description).
template <class H>
constexpr auto handle_model() {
    if constexpr (requires { typename H::model; }) return std::type_identity<typename H::model>{};
    else return std::type_identity<typename H::snippet>{};
}
template <class H>
using model_of_handle = typename decltype(handle_model<H>())::type;

template <class H>
struct domain_names_check {
    static constexpr message text() {
        message m;
        constexpr model_info I = H::info;
        constexpr std::string_view bad = unknown_domain_name(I);
        if (!bad.empty()) { m.put("model '"); m.put(I.name); m.put("': param_domains names '"); m.put(bad); m.put("', which is not one of its params"); }
        return m;
    }
};

/// Checks parameter values against the model's domains (and finiteness), then its
/// cross-parameter rule (M::check_params), naming the group, parameter and values.
/// Given the time step `dt`, also the derived parameters: a NaN (0/0, inf - inf from a
/// parameter the formula divides by) is an error naming the derived parameter, its
/// expression and the parameters; an infinity may be meant (Poisson's isi at rate 0).
template <class H>
void check_params(std::span<const double> p, std::string_view group, double dt = 0) {
    static_assert(sizeof(checked<domain_names_check<H>>) != 0);
    constexpr model_info I = H::info;
    for (std::size_t k = 0; k < I.params.size(); ++k) check_param_value(I, k, p[k], group);
    if constexpr (I.params.size() > 0) {
        if (const param_problem e = model_param_rule<model_of_handle<H>>(p)) {
            std::ostringstream vals;
            vals.precision(17);
            for (std::size_t k = 0; k < I.params.size(); ++k) vals << (k ? ", " : "") << I.params[k].name << " = " << p[k];
            fail(group, e.param, I.name, ": '", e.param, "' ", e.what, " (", vals.str(), ")");
        }
    }
    if constexpr (I.derived.size() > 0) {
        if (dt > 0) {
            const auto d = compute_derived<model_of_handle<H>>(p, dt);
            for (std::size_t k = 0; k < I.derived.size(); ++k)
                if (std::isnan(d[k])) {
                    std::ostringstream vals;
                    vals.precision(17);
                    for (std::size_t j = 0; j < I.params.size(); ++j) vals << (j ? ", " : "") << I.params[j].name << " = " << p[j];
                    fail(group, I.derived[k].name, I.name, ": derived parameter '", I.derived[k].name, "' = ", I.derived[k].expression,
                         " is NaN for ", vals.str(), ", dt = ", dt);
                }
        }
    }
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
