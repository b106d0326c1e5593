// Probe of the nvcc front-end behaviour that the network checks account for
// (include/cortexpr/network/named.hpp, detail::accepted): EDG, the front end of nvcc
// 12-13 in both passes, never matches a partial specialisation whose argument is of class
// type (a fixed_string message); it takes the primary template. So under nvcc the checks
// "pass" in EDG, and the host compiler, which compiles the same host code afterwards,
// reports the rejection with the message as text. Compiled as CUDA only; the device pass
// is EDG alone, so the assertion below runs there. When it fails, nvcc has changed:
// rejections then come from EDG, with the message printed as a list of characters --
// still errors, but revisit named.hpp and docs/decisions.md ("compile errors under nvcc").
#include <cortexpr/base/fixed_string.hpp>

namespace edg_probe {
template <bool Ok, cortexpr::fixed_string Message>
struct pick { static constexpr int value = 1; };
template <cortexpr::fixed_string Message>
struct pick<false, Message> { static constexpr int value = 2; };
template <bool Ok, int N>
struct pick_int { static constexpr int value = 1; };
template <int N>
struct pick_int<false, N> { static constexpr int value = 2; };

#if defined(__CUDA_ARCH__)
static_assert(pick<false, cortexpr::fixed_string<3>{"msg"}>::value == 1,
              "nvcc's front end now matches partial specialisations on class-type arguments: see the comment above");
static_assert(pick_int<false, 3>::value == 2, "EDG matches partial specialisations on int arguments");
#elif !defined(__CUDACC__)
static_assert(pick<false, cortexpr::fixed_string<3>{"msg"}>::value == 2, "a C++ compiler matches the partial specialisation");
#endif
}  // namespace edg_probe
