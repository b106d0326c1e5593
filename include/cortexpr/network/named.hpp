// Named values: `"TauM"_p = 20.0` (a parameter), `"V"_v = -65.0` or
// `"V"_v = cx::init<cx::init_var::Uniform>("min"_p = -60.0, "max"_p = -50.0)` (a
// variable's initial value), `"kernel"_e = std::vector<double>{...}` (an extra global
// parameter's contents). The name is a compile-time string, so a misspelt name is a
// compile error; the value is run-time data, so a parameter sweep needs no rebuild.
#pragma once
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../dsl/errors.hpp"
#include "../base/error_types.hpp"
#include "../base/fixed_string.hpp"
#include "../models/init_var/constant.hpp"
#include "../models/init_var/values.hpp"
#include "../models/check.hpp"
#include "../models/model.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

namespace detail {
/// The verdict of a check: `Check::text()` returns a message, empty when all is well.
template <class Check>
struct verdict {
    static constexpr message buffer = Check::text();
    static constexpr fixed_string<buffer.size> text{buffer.view()};
    static constexpr bool ok = buffer.size == 0;
    static constexpr bool code = buffer.code;
};

/// Whether a check passed, for the `requires` clauses that pick between a builder and its
/// rejection. Deliberately a partial specialisation on a class-type template argument:
/// nvcc's front end (EDG, nvcc 12-13) never matches such a specialisation (it always
/// takes the primary template; tests/compile_fail/edg_probe_fail.cpp shows it), so under
/// nvcc every check "passes" in EDG and the host compiler (g++), which compiles the same
/// host code afterwards, reports the rejection -- with the message as text, where EDG
/// would print it as a list of characters. Rejection is certain either way: the checks
/// are host code that the host compiler always compiles.
template <bool Ok, fixed_string Message>
struct accepted { static constexpr bool value = true; };
template <fixed_string Message>
struct accepted<false, Message> { static constexpr bool value = false; };
template <class Check>
concept passes = accepted<verdict<Check>::ok, verdict<Check>::text>::value;
template <class Check>
concept rejected_code = !passes<Check> && verdict<Check>::code;
template <class Check>
concept rejected_network = !passes<Check> && !verdict<Check>::code;

template <bool Ok, fixed_string Message>
struct checked_type { using type = bool; };
template <fixed_string Message>
struct checked_type<false, Message> { using type = CORTEXPR_NETWORK_ERROR(Message); };
/// A complete type (bool) when the check passed, else the incomplete network_error<message>:
/// inside member functions, where there is no overload to pick,
/// `static_assert(sizeof(detail::checked<C>) != 0)` is the one compile error for a
/// failed check (passing the same way as `passes` under nvcc, see above).
template <class Check>
using checked = typename checked_type<verdict<Check>::ok, verdict<Check>::text>::type;
}  // namespace detail

// ---- named values -------------------------------------------------------------------
// Each states its kind (detail::arg_kind) as a member: nvcc's front end never matches a
// partial specialisation on a fixed_string argument, so a kind found that way would bind
// no variable initialiser there, and the kernel keys (which hold the initialisers' types)
// would differ between nvcc's device pass and the host compiler.
template <fixed_string Name>
struct param_value {
    static constexpr int named_kind = 1;
    static constexpr std::string_view name = Name;
    double value;
};
template <fixed_string Name, class Init>
struct var_value {
    static constexpr int named_kind = 2;
    static constexpr std::string_view name = Name;
    Init init;
};
template <fixed_string Name>
struct egp_value {
    static constexpr int named_kind = 3;
    static constexpr std::string_view name = Name;
    std::vector<double> values;
};

/// A variable initialiser: snippet S (family var_init) with its parameter values (in the
/// snippet's order) and the contents of its extra global parameters.
/// `Deferred` is void, or -- for an initialiser given a missing or unknown parameter --
/// detail::deferred_error<message>: the population or synapse group it initialises then
/// reports it, naming itself and the variable.
template <class S, class Deferred = void>
struct var_init {
    using snippet = S;
    static constexpr model_info info = info_of<S, family::var_init>();
    std::array<double, info.params.size()> params{};
    std::array<std::vector<double>, info.egps.size()> egps{};
};

/// A connectivity initialiser: sparse (S of family sparse_init) or toeplitz snippet.
template <class S, family Fam = family::sparse_init>
struct connect_init {
    using snippet = S;
    static constexpr model_info info = info_of<S, Fam>();
    std::array<double, info.params.size()> params{};
    std::array<std::vector<double>, info.egps.size()> egps{};
};

namespace literals {
template <fixed_string Name>
struct param_name {
    constexpr param_value<Name> operator=(double v) const { return {v}; }
};
template <fixed_string Name>
struct var_name {
    constexpr var_value<Name, var_init<init_var::Constant>> operator=(double v) const { return {{{v}, {}}}; }
    template <class S, class D>
    var_value<Name, var_init<S, D>> operator=(var_init<S, D> v) const { return {std::move(v)}; }
    /// One value per element (init_var::Values): `"V"_v = std::vector<double>{...}` or a
    /// std::span of any arithmetic type. The builder checks the size (host/array_init.hpp).
    template <class E>
        requires std::is_arithmetic_v<E>
    var_value<Name, var_init<init_var::Values>> operator=(std::span<const E> v) const {
        var_value<Name, var_init<init_var::Values>> out{};
        out.init.egps[0].assign(v.begin(), v.end());
        return out;
    }
    template <class E>
        requires std::is_arithmetic_v<E>
    var_value<Name, var_init<init_var::Values>> operator=(std::span<E> v) const { return *this = std::span<const E>(v); }
    template <class E, class A>
        requires std::is_arithmetic_v<E>
    var_value<Name, var_init<init_var::Values>> operator=(const std::vector<E, A>& v) const { return *this = std::span<const E>(v); }
};
template <fixed_string Name>
struct egp_name {
    egp_value<Name> operator=(std::vector<double> v) const { return {std::move(v)}; }
};
/// `"TauM"_p = 20.0`: a parameter value.
template <fixed_string Name> constexpr param_name<Name> operator""_p() { return {}; }
/// `"V"_v = -65.0`: a variable's initial value (a number or a cx::init<...>).
template <fixed_string Name> constexpr var_name<Name> operator""_v() { return {}; }
/// `"spikeTimes"_e = {...}`: an extra global parameter's contents.
template <fixed_string Name> constexpr egp_name<Name> operator""_e() { return {}; }
}  // namespace literals

namespace detail {
template <class A> struct arg_kind { static constexpr int value = 0; };
/// Every named value states its kind (`static constexpr int named_kind`: 1 parameter,
/// 2 variable, 3 extra global parameter, 4/5 custom-update references): nvcc's front end
/// reads a member where it never matches a partial specialisation on fixed_string
/// arguments (see `accepted`), so values bind the same way in EDG and in the host compiler
/// -- variable initialisers and references end up in the types that key the CUDA kernels
/// (scripts/check_kernel_names.sh compares the two compilers' kernels).
template <class A>
    requires requires { A::named_kind; }
struct arg_kind<A> { static constexpr int value = A::named_kind; };
template <class A> inline constexpr int arg_kind_v = arg_kind<std::remove_cvref_t<A>>::value;

template <class A> constexpr std::string_view arg_name() {
    if constexpr (arg_kind_v<A> != 0) return std::remove_cvref_t<A>::name; else return {};
}

template <fixed_string Message>
struct deferred_error {};
/// The message a variable's initialiser carries (empty if none).
template <class Init> struct deferred_of { static constexpr std::string_view value{}; };
template <class S, fixed_string M> struct deferred_of<var_init<S, deferred_error<M>>> { static constexpr std::string_view value = M; };
/// The deferred messages of a tuple of initialisers, in order.
template <class Tuple> struct tuple_deferred;
template <class... I> struct tuple_deferred<std::tuple<I...>> {
    static constexpr std::string_view value[sizeof...(I) + 1] = {deferred_of<I>::value..., {}};
};
template <class A> constexpr std::string_view arg_deferred() {
    if constexpr (arg_kind_v<A> == 2) return deferred_of<decltype(std::remove_cvref_t<A>::init)>::value;
    else return {};
}

/// `: a, b, c` -- the valid names, for messages about a name that is not one of them.
template <class List>
constexpr void put_names(message& m, std::string_view what, const List& list) {
    m.put(" ("); m.put(what); m.put(":");
    bool any = false;
    for (const auto& x : list) { m.put(any ? ", " : " "); m.put(x.name); any = true; }
    if (!any) m.put(" none");
    m.put(")");
}

/// The message for the named values `Args` given to `owner` (a model of `info`): unknown
/// names (with the valid ones), duplicates, missing values (variables only when
/// `check_vars`), errors deferred from variable initialisers, and input targets
/// (cx::target_var, kind 6; cx::pre_target_var, kind 7) given where they do not belong
/// (`input_kind`: the one this owner takes, 0 for none) or given twice.
template <class... Args>
constexpr message check_names(std::string_view kind, std::string_view owner, const model_info& info,
                              bool check_vars, std::span<const var_info> extra_vars = {},
                              std::span<const var_info> extra_vars2 = {}, bool report_deferred = true,
                              int input_kind = 0) {
    message m;
    constexpr std::string_view names[] = {arg_name<Args>()..., {}};
    constexpr int kinds[] = {arg_kind_v<Args>..., 0};
    constexpr std::string_view deferred[] = {arg_deferred<Args>()..., {}};
    auto head = [&] {
        m.put(kind); m.put(" '"); m.put(owner); m.put("'");
        if (owner != info.name) { m.put(" ("); m.put(info.name); m.put(")"); }
        m.put(": ");
    };
    auto fail = [&](std::string_view what, std::string_view name) {
        if (m.size) return false;
        head(); m.put(what); m.put(" '"); m.put(name); m.put("'");
        return true;
    };
    auto in = [](auto list, std::string_view n) { for (const auto& x : list) if (x.name == n) return true; return false; };
    for (std::size_t i = 0; i < sizeof...(Args); ++i) {
        for (std::size_t j = 0; j < i; ++j)
            if (kinds[j] == kinds[i] && names[j] == names[i]) fail("value given twice for", names[i]);
        if (kinds[i] == 1 && !in(info.params, names[i]) && fail("unknown parameter", names[i]))
            put_names(m, "parameters", info.params);
        if (kinds[i] == 2 && !in(info.vars, names[i]) && !in(extra_vars, names[i]) && !in(extra_vars2, names[i]) &&
            fail("unknown variable", names[i])) {
            put_names(m, "variables", info.vars);
            if (!extra_vars.empty()) put_names(m, "presynaptic variables", extra_vars);
            if (!extra_vars2.empty()) put_names(m, "postsynaptic variables", extra_vars2);
        }
        if (kinds[i] == 3 && !in(info.egps, names[i]) && fail("unknown extra global parameter", names[i]))
            put_names(m, "extra global parameters", info.egps);
        if ((kinds[i] == 6 || kinds[i] == 7) && !m.size) {
            const bool post = kinds[i] == 6;
            if (kinds[i] != input_kind) {
                head(); m.put(post ? "target_var '" : "pre_target_var '"); m.put(names[i]);
                m.put(post ? "' is given to cx::psm or cx::source (addToPre's target: cx::pre_target_var in cx::wu)"
                           : "' is given to cx::wu (a postsynaptic model's or current source's target: cx::target_var)");
            }
            for (std::size_t j = 0; j < i && !m.size; ++j)
                if (kinds[j] == kinds[i] && names[j] != names[i]) {
                    head(); m.put(post ? "two target variables, '" : "two presynaptic target variables, '"); m.put(names[j]);
                    m.put("' and '"); m.put(names[i]); m.put("'");
                }
        }
        if (report_deferred && !deferred[i].empty() && !m.size) {
            head(); m.put("variable '"); m.put(names[i]); m.put("': "); m.put(deferred[i]);
        }
    }
    auto given = [&](int kind, std::string_view n) {
        for (std::size_t i = 0; i < sizeof...(Args); ++i) if (kinds[i] == kind && names[i] == n) return true;
        return false;
    };
    for (const auto& p : info.params) if (!given(1, p.name)) fail("missing value for parameter", p.name);
    if (check_vars) {
        for (const auto& v : info.vars) if (!given(2, v.name)) fail("missing initial value for variable", v.name);
        for (const auto& v : extra_vars) if (!given(2, v.name)) fail("missing initial value for variable", v.name);
        for (const auto& v : extra_vars2) if (!given(2, v.name)) fail("missing initial value for variable", v.name);
    }
    return m;
}

/// The named values given to a snippet (initialiser or connectivity) S of family Fam.
template <class S, family Fam, class... Args>
struct snippet_names_check {
    static constexpr message text() {
        return check_names<Args...>(family_title(Fam), model_name<S>(), info_of<S, Fam>(), false);
    }
};
/// Index in Args of the value of kind `kind` named `name`; sizeof...(Args) if none.
template <class... Args>
constexpr std::size_t find_arg(int kind, std::string_view name) {
    constexpr std::string_view names[] = {arg_name<Args>()..., {}};
    constexpr int kinds[] = {arg_kind_v<Args>..., 0};
    for (std::size_t i = 0; i < sizeof...(Args); ++i) if (kinds[i] == kind && names[i] == name) return i;
    return sizeof...(Args);
}

template <std::size_t I, class... Args>
constexpr decltype(auto) arg_at(Args&&... args) {
    return std::get<I>(std::forward_as_tuple(std::forward<Args>(args)...));
}

/// Parameter values in the model's order.
template <std::span<const param_info> (*Params)(), class... Args>
constexpr auto bind_params(const Args&... args) {
    constexpr auto ps = Params();
    std::array<double, ps.size()> out{};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((out[K] = [&] {
             constexpr std::size_t i = find_arg<Args...>(1, ps[K].name);
             if constexpr (i < sizeof...(Args)) return double(arg_at<i>(args...).value);
             else return 0.0;
         }()), ...);
    }(std::make_index_sequence<ps.size()>{});
    return out;
}

/// Extra global parameter contents in the model's order (empty when not given).
template <std::span<const egp_info> (*Egps)(), class... Args>
auto bind_egps(const Args&... args) {
    constexpr auto es = Egps();
    std::array<std::vector<double>, es.size()> out{};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((out[K] = [&] {
             constexpr std::size_t i = find_arg<Args...>(3, es[K].name);
             if constexpr (i < sizeof...(Args)) return arg_at<i>(args...).values;
             else return std::vector<double>{};
         }()), ...);
    }(std::make_index_sequence<es.size()>{});
    return out;
}

template <class M, family Fam> constexpr std::span<const param_info> params_span() { return info_of<M, Fam>().params; }
template <class M, family Fam> constexpr std::span<const egp_info> egps_span() { return info_of<M, Fam>().egps; }

/// The initialisers of the variables `Vars()` (a model's), in that order, as a tuple.
template <std::span<const var_info> (*Vars)(), class... Args>
auto bind_vars(const Args&... args) {
    constexpr auto vs = Vars();
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return std::make_tuple([&] {
            constexpr std::size_t i = find_arg<Args...>(2, vs[K].name);
            if constexpr (i < sizeof...(Args)) return arg_at<i>(args...).init;
            else return var_init<init_var::Constant>{};
        }()...);
    }(std::make_index_sequence<vs.size()>{});
}
}  // namespace detail

// Every builder below comes in three overloads, picked by its checks (detail::passes):
// the builder itself; its rejection for invalid model code or members, declared only, whose
// return type cortexpr::code_error<message> is incomplete, so the compile error is at the
// caller's line and names the message; and the case of invalid named values.

/// `cx::init<cx::init_var::Normal>("mean"_p = 0.0, "sd"_p = 1.0)`. A missing or unknown
/// parameter is reported by the population or synapse group the initialiser is given to.
template <class S, class... Args>
    requires detail::passes<detail::model_check<S, family::var_init>> &&
             detail::passes<detail::snippet_names_check<S, family::var_init, Args...>>
var_init<S> init(Args... args) {
    return {detail::bind_params<detail::params_span<S, family::var_init>>(args...),
            detail::bind_egps<detail::egps_span<S, family::var_init>>(args...)};
}
template <class S, class... Args>
    requires detail::rejected_code<detail::model_check<S, family::var_init>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<S, family::var_init>>::text) init(Args... args);
template <class S, class... Args>
    requires detail::passes<detail::model_check<S, family::var_init>> &&
             (!detail::passes<detail::snippet_names_check<S, family::var_init, Args...>>)
var_init<S, detail::deferred_error<detail::verdict<detail::snippet_names_check<S, family::var_init, Args...>>::text>>
init(Args...) {
    return {};
}

/// `cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)`.
template <class S, class... Args>
    requires detail::passes<detail::model_check<S, family::sparse_init>> &&
             detail::passes<detail::snippet_names_check<S, family::sparse_init, Args...>>
connect_init<S> connect(Args... args) {
    return {detail::bind_params<detail::params_span<S, family::sparse_init>>(args...),
            detail::bind_egps<detail::egps_span<S, family::sparse_init>>(args...)};
}
template <class S, class... Args>
    requires detail::rejected_code<detail::model_check<S, family::sparse_init>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<S, family::sparse_init>>::text) connect(Args... args);
template <class S, class... Args>
    requires detail::passes<detail::model_check<S, family::sparse_init>> &&
             detail::rejected_network<detail::snippet_names_check<S, family::sparse_init, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::snippet_names_check<S, family::sparse_init, Args...>>::text) connect(Args... args);

/// `cx::connect_toeplitz<cx::init_toeplitz::Conv2D>("conv_kh"_p = 3, ...)`.
template <class S, class... Args>
    requires detail::passes<detail::model_check<S, family::toeplitz_init>> &&
             detail::passes<detail::snippet_names_check<S, family::toeplitz_init, Args...>>
connect_init<S, family::toeplitz_init> connect_toeplitz(Args... args) {
    return {detail::bind_params<detail::params_span<S, family::toeplitz_init>>(args...),
            detail::bind_egps<detail::egps_span<S, family::toeplitz_init>>(args...)};
}
template <class S, class... Args>
    requires detail::rejected_code<detail::model_check<S, family::toeplitz_init>>
CORTEXPR_CODE_ERROR(detail::verdict<detail::model_check<S, family::toeplitz_init>>::text) connect_toeplitz(Args... args);
template <class S, class... Args>
    requires detail::passes<detail::model_check<S, family::toeplitz_init>> &&
             detail::rejected_network<detail::snippet_names_check<S, family::toeplitz_init, Args...>>
CORTEXPR_NETWORK_ERROR(detail::verdict<detail::snippet_names_check<S, family::toeplitz_init, Args...>>::text)
connect_toeplitz(Args... args);

}  // namespace cortexpr

CORTEXPR_DIAG_END
