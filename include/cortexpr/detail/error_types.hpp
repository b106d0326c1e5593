// The two types whose names carry compile-time error messages. Neither is ever defined:
// a rejected builder (population, wu, network, ...) returns one, so the compile error is
// "invalid use of incomplete type 'cortexpr::code_error<...{"MyLIF.sim_code:1:7: unknown
// name 'Vrst'"}>'" at the caller's line. Declared in a header of their own, included
// first by the umbrella header, so the compiler's note on the declaration adds only two
// "In file included from" lines.
#pragma once
#include "../dsl/fixed_string.hpp"

namespace cortexpr {

/// Invalid model code or model members; the template argument is the message, e.g.
/// `cortexpr::code_error<cortexpr::fixed_string<39>{"MyLIF.sim_code:1:7: unknown name \'Vrst\'"}>`.
template <fixed_string Message>
struct code_error;

/// An invalid network; the template argument is the message, e.g.
/// `cortexpr::network_error<"population 'Exc' (LIF): unknown parameter 'Tau' (parameters: ...)">`.
template <fixed_string Message>
struct network_error;

}  // namespace cortexpr
