// tests/compile_fail/canary_fail.cpp     variants: 0:1
// every-path: 0
//
// Canary for the compile-fail machinery itself (cmake/CortexprTesting.cmake): variant 0
// must fail with the message carried in the error type's name, variant 1 (its passing
// twin) must compile. The message is built from two pieces so that it only appears,
// whole, in the compiler's spelling of the type: a match cannot come from an echoed
// source line. The ' in it checks the quote escaping (g++ prints \', nvcc '\'').
#include <cortexpr/base/error_types.hpp>
#include <cortexpr/base/fixed_string.hpp>

namespace canary {
// as the library's own rejections: an incomplete type whose template argument is the
// message, so that the message is on the error line
template <cortexpr::fixed_string M>
struct code_error;
template <cortexpr::fixed_string M>
struct code_ok {};
// clang++ prints a class-type template argument as numbers, a char pack in full
template <char... C>
struct code_error_text;
}  // namespace canary

#if CORTEXPR_VARIANT == 0
// expected-error-0 {{Canary.sim_code:1:7: unknown name 'Vrst'}}
#if defined(__clang__)
constexpr std::size_t canary_size = sizeof(cortexpr::detail::chars_of<canary::code_error_text, cortexpr::fixed_string{"Canary.sim_code:1:7: "} +
                                                                    cortexpr::fixed_string{"unknown name 'Vrst'"}>::type);
#else
constexpr std::size_t canary_size = sizeof(canary::code_error<cortexpr::fixed_string{"Canary.sim_code:1:7: "} +
                                                              cortexpr::fixed_string{"unknown name 'Vrst'"}>);
#endif
#elif CORTEXPR_VARIANT == 1
constexpr std::size_t canary_size = sizeof(canary::code_ok<cortexpr::fixed_string{"Canary.sim_code:1:7: "} +
                                                           cortexpr::fixed_string{"unknown name 'Vrest'"}>);
#endif
