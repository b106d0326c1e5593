// Kernel: value from a kernel array indexed by id_kernel.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

/// For kernel-indexed synapses (Conv2D connectivity, KERNELG weights); id_kernel is the
/// row-major flattening of the kernel indices over the kernel shape.
struct Kernel {
    static constexpr std::string_view name = "Kernel";
    static constexpr auto extra_global_params = cortexpr::extra_global_params(
        cortexpr::egp("kernel", "scalar*"));  // [product of the kernel shape]
    static constexpr std::string_view kernel_egp = "kernel";  // indexed by id_kernel: checked against its size
    static constexpr cortexpr::code var_init_code = "value = kernel[id_kernel];\n";
};

}  // namespace cortexpr::init_var
