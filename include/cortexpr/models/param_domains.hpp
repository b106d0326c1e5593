// Parameter domains: the values a model's parameters may take, declared on the model
// type and checked whenever values are set (construction of the simulation and
// set_param), so that `C = 0` or a negative rate is a cx::error naming the group, the
// parameter, the value and the domain instead of a silent NaN or a runaway.
//
//   struct LIF {
//       static constexpr auto params = cx::params("C", "TauM", ...);
//       static constexpr auto param_domains = cx::domains(cx::positive("C"), cx::positive("TauM"),
//                                                         cx::at_least("TauRefrac", 0.0));
//   };
//
// A rule over several parameters (min <= max) is a static function of the model:
//
//   static constexpr cx::param_problem check_params(std::span<const double> p) {
//       if (!(p[0] <= p[1])) return {"min", "must not exceed max"};
//       return {};
//   }
//
// Every name in param_domains must be a parameter of the model (a compile error
// otherwise: detail::domain_names_message). Finiteness is checked for every parameter
// of every model whatever its domain.
#pragma once
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <string_view>

namespace cortexpr {

/// The set of values one parameter may take: an interval with open or closed ends,
/// optionally whole numbers only. `why` (optional) is shown with a violation.
struct param_domain {
    std::string_view name;
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool lo_open = true, hi_open = true;
    bool integer = false;
    std::string_view why{};

    constexpr bool contains(double v) const {
        if (!(lo_open ? v > lo : v >= lo)) return false;  // NaN fails here
        if (!(hi_open ? v < hi : v <= hi)) return false;
        if (integer && v != double(static_cast<long long>(v))) return false;
        return true;
    }
};

/// A violated rule over several parameters: the parameter to blame and what is wrong
/// ("must not exceed max"); an empty `param` means no problem.
struct param_problem {
    std::string_view param{};
    std::string_view what{};
    constexpr explicit operator bool() const { return !param.empty(); }
};

inline constexpr double unbounded = std::numeric_limits<double>::infinity();

/// value > 0
constexpr param_domain positive(std::string_view n, std::string_view why = {}) { return {n, 0.0, unbounded, true, true, false, why}; }
/// value >= lo
constexpr param_domain at_least(std::string_view n, double lo, std::string_view why = {}) { return {n, lo, unbounded, false, true, false, why}; }
/// value > lo
constexpr param_domain greater_than(std::string_view n, double lo, std::string_view why = {}) { return {n, lo, unbounded, true, true, false, why}; }
/// value <= hi
constexpr param_domain at_most(std::string_view n, double hi, std::string_view why = {}) { return {n, -unbounded, hi, true, false, false, why}; }
/// value < hi
constexpr param_domain less_than(std::string_view n, double hi, std::string_view why = {}) { return {n, -unbounded, hi, true, true, false, why}; }
/// lo <= value <= hi
constexpr param_domain closed(std::string_view n, double lo, double hi, std::string_view why = {}) { return {n, lo, hi, false, false, false, why}; }
/// lo < value < hi
constexpr param_domain open(std::string_view n, double lo, double hi, std::string_view why = {}) { return {n, lo, hi, true, true, false, why}; }
/// a whole number in [lo, hi]
constexpr param_domain integer_in(std::string_view n, double lo, double hi, std::string_view why = {}) { return {n, lo, hi, false, false, true, why}; }

template <class... D>
constexpr auto domains(D... d) { return std::array<param_domain, sizeof...(D)>{d...}; }

namespace detail {
template <class M>
constexpr std::span<const param_domain> param_domains_of() {
    if constexpr (requires { M::param_domains; }) return std::span<const param_domain>(M::param_domains);
    else return {};
}
/// "> 0", "in [0, 1]", "a whole number in [0, 255]": domain d in words.
inline std::string describe_domain(const param_domain& d) {
    std::ostringstream s;
    s.precision(15);  // the bounds are constants a model's author wrote: 1e-06, not 9.9999999999999995e-07
    const bool has_lo = std::isfinite(d.lo), has_hi = std::isfinite(d.hi);
    if (d.integer) s << "a whole number ";
    if (has_lo && has_hi) s << "in " << (d.lo_open ? "(" : "[") << d.lo << ", " << d.hi << (d.hi_open ? ")" : "]");
    else if (has_lo) s << (d.lo_open ? "> " : ">= ") << d.lo;
    else if (has_hi) s << (d.hi_open ? "< " : "<= ") << d.hi;
    else s << "finite";
    return s.str();
}

/// Calls M::check_params(p) where the model has one.
template <class M>
constexpr param_problem model_param_rule(std::span<const double> p) {
    if constexpr (requires { M::check_params(p); }) return M::check_params(p);
    else return {};
}
}  // namespace detail

}  // namespace cortexpr
