// The shape check of the convolution snippets (Conv2D, sparse and toeplitz, and
// AvgPoolConv2D), their check_shapes hook: every size is >= 1 (a stride of 0 divides by
// zero, an empty kernel builds nothing) and the input and output shapes (h·w·c) match the
// populations' sizes (a mismatch would index outside them). Integer parameters are
// whole numbers in their type's range already (check_params runs first).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "hooks.hpp"
#include "model_info.hpp"

namespace cortexpr::detail {

/// `sizes`: bit k set when parameter k is a size (>= 1; paddings may be 0). `in`, `out`:
/// the indices of the input's and the output's h (w and c follow).
inline void check_conv_shapes(const shape_context& c, std::span<const param_info> names, std::uint32_t sizes, std::size_t in,
                              std::size_t out) {
    const auto& p = c.params;
    for (std::size_t k = 0; k < names.size(); ++k)
        if ((sizes >> k & 1u) && !(p[k] >= 1)) c.fail(names[k].name, "convolution size must be >= 1, got ", p[k]);
    const double n_in = p[in] * p[in + 1] * p[in + 2], n_out = p[out] * p[out + 1] * p[out + 2];
    if (n_in != double(c.n_pre))
        c.fail(names[in].name, "input shape (h·w·c = ", n_in, ") does not match the presynaptic population's size ", c.n_pre);
    if (n_out != double(c.n_post))
        c.fail(names[out].name, "output shape (h·w·c = ", n_out, ") does not match the postsynaptic population's size ", c.n_post);
}

}  // namespace cortexpr::detail
