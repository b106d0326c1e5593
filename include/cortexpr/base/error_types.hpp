// The two types whose names carry compile-time error messages. Neither is ever defined:
// a rejected builder (population, wu, network, ...) returns one, so the compile error is
// "invalid use of incomplete type 'cortexpr::code_error<...{"MyLIF.sim_code:1:7: unknown
// name 'Vrst'"}>'" at the caller's line. Declared in a header of their own, included
// first by the umbrella header, so the compiler's note on the declaration adds only two
// "In file included from" lines.
#pragma once
#include <cstddef>
#include <utility>

#include "fixed_string.hpp"

namespace cortexpr {

/// Invalid model code or model members; the template argument is the message, e.g.
/// `cortexpr::code_error<cortexpr::fixed_string<39>{"MyLIF.sim_code:1:7: unknown name \'Vrst\'"}>`.
template <fixed_string Message>
struct code_error;

/// An invalid network; the template argument is the message, e.g.
/// `cortexpr::network_error<"population 'Exc' (LIF): unknown parameter 'Tau' (parameters: ...)">`.
template <fixed_string Message>
struct network_error;

/// The same, for clang++, which prints a class-type template argument as numbers
/// (`{{77, 121, ...}}`, cut after ten) but a char pack in full: `code_error_text<'M', 'y', ...>`.
template <char... Message>
struct code_error_text;
template <char... Message>
struct network_error_text;

namespace detail {
template <template <char...> class T, fixed_string M, class Seq = std::make_index_sequence<M.size()>>
struct chars_of;
template <template <char...> class T, fixed_string M, std::size_t... I>
struct chars_of<T, M, std::index_sequence<I...>> { using type = T<M.data_[I]...>; };
}  // namespace detail

}  // namespace cortexpr

// The rejection types the builders return (network/): code_error<message> and
// network_error<message>, or their char-pack forms under clang++.
#if defined(__clang__)
#  define CORTEXPR_CODE_ERROR(...) typename ::cortexpr::detail::chars_of<::cortexpr::code_error_text, __VA_ARGS__>::type
#  define CORTEXPR_NETWORK_ERROR(...) typename ::cortexpr::detail::chars_of<::cortexpr::network_error_text, __VA_ARGS__>::type
#else
#  define CORTEXPR_CODE_ERROR(...) cortexpr::code_error<__VA_ARGS__>
#  define CORTEXPR_NETWORK_ERROR(...) cortexpr::network_error<__VA_ARGS__>
#endif
