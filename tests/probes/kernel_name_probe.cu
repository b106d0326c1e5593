// Probe for scripts/check_kernel_names.sh (ctest check_kernel_names_self_test): a kernel
// keyed by a type that nvcc's front end (EDG) and the host compiler compute differently,
// the way cortexpr's kernel keys once held `init_var::Constant` for EDG and `Uniform` for
// g++. EDG never matches a partial specialisation on a class-type argument
// (edg_class_nttp_probe.cpp), so with KERNEL_NAME_PROBE_MISMATCH it registers
// probe_kernel<int> while g++ launches probe_kernel<float> (whose host code, inlined,
// leaves only its null launch): the check must fail. Without the macro both compute int
// and the check must pass. Compiled, never run.
#include <cortexpr/base/fixed_string.hpp>

namespace kernel_name_probe {
template <cortexpr::fixed_string Name> struct named {};
template <class A> struct kind_of { static constexpr int value = 0; };
#if defined(KERNEL_NAME_PROBE_MISMATCH)
template <cortexpr::fixed_string Name> struct kind_of<named<Name>> { static constexpr int value = 2; };
#endif
// like detail::bind_vars: the key is a deduced return type, which the host compiler deduces
template <class A>
auto make_key() {
    if constexpr (kind_of<A>::value == 2) return float{};
    else return int{};
}

template <class K>
__global__ void probe_kernel(void* out) { *static_cast<K*>(out) = K{}; }

// As a cortexpr network: `auto net = cx::network(...)` is host code that nvcc hands to the
// host compiler as written, so each compiler deduces the type (the key) itself.
template <class K>
void launch(K, void* out) { probe_kernel<K><<<1, 1>>>(out); }
void launch_v(void* out) {
    auto key = make_key<named<"V">>();
    launch(key, out);
}
}  // namespace kernel_name_probe
