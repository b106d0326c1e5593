// Conv2D (sparse): explicit 2-D convolution connectivity, one row per input pixel and
// channel.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "../conv_shapes.hpp"
#include "../model_info.hpp"

namespace cortexpr::init_sparse {

/// Neurons are indexed (row, col, channel), channel fastest. Input (r, c, ic) feeds the
/// output positions whose kernel window covers it, every output channel; each synapse
/// carries its kernel indices (kernRow, kernCol, ic, oc) of a [kh, kw, ic, oc] kernel,
/// for Kernel initialisation or kernel weights. The lower output bounds use a floating
/// floor (the numerator may be negative), the upper ones integer division.
struct Conv2D {
    static constexpr std::string_view name = "Conv2D";
    static constexpr auto params = cortexpr::params(
        cortexpr::param("conv_kh", "int"), cortexpr::param("conv_kw", "int"),      // kernel
        cortexpr::param("conv_sh", "int"), cortexpr::param("conv_sw", "int"),      // stride
        cortexpr::param("conv_padh", "int"), cortexpr::param("conv_padw", "int"),  // padding
        cortexpr::param("conv_ih", "int"), cortexpr::param("conv_iw", "int"),      // input
        cortexpr::param("conv_ic", "int"),
        cortexpr::param("conv_oh", "int"), cortexpr::param("conv_ow", "int"),      // output
        cortexpr::param("conv_oc", "int"));
    static constexpr cortexpr::code row_build_code =
        "const int inRow = (id_pre / conv_ic) / conv_iw;\n"
        "const int inCol = (id_pre / conv_ic) % conv_iw;\n"
        "const int inChan = id_pre % conv_ic;\n"
        "const int minOutRow = min(conv_oh, max(0, 1 + (int)floor((inRow + conv_padh - conv_kh) / (scalar)conv_sh)));\n"
        "const int maxOutRow = min(conv_oh, max(0, 1 + ((inRow + conv_padh) / conv_sh)));\n"
        "const int minOutCol = min(conv_ow, max(0, 1 + (int)floor((inCol + conv_padw - conv_kw) / (scalar)conv_sw)));\n"
        "const int maxOutCol = min(conv_ow, max(0, 1 + ((inCol + conv_padw) / conv_sw)));\n"
        "for (int outRow = minOutRow; outRow < maxOutRow; outRow++) {\n"
        "    const int strideRow = (outRow * conv_sh) - conv_padh;\n"
        "    const int kernRow = inRow - strideRow;\n"
        "    for (int outCol = minOutCol; outCol < maxOutCol; outCol++) {\n"
        "        const int strideCol = (outCol * conv_sw) - conv_padw;\n"
        "        const int kernCol = inCol - strideCol;\n"
        "        for (int outChan = 0; outChan < conv_oc; outChan++) {\n"
        "            const int idPost = ((outRow * conv_ow * conv_oc) + (outCol * conv_oc) + outChan);\n"
        "            addSynapse(idPost, kernRow, kernCol, inChan, outChan);\n"
        "        }\n"
        "    }\n"
        "}\n";
    // params in order: kh kw sh sw padh padw ih iw ic oh ow oc
    /// ceil(kh/sh)·ceil(kw/sw)·oc (see binomial_quantile.hpp for the signature); there
    /// is no column bound, as in GeNN.
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> params) {
        auto ceil_div = [](std::uint32_t a, std::uint32_t b) { return (a + b - 1) / b; };
        const auto p = [&](int i) { return std::uint32_t(params[std::size_t(i)]); };
        return ceil_div(p(0), p(2)) * ceil_div(p(1), p(3)) * p(11);
    }
    /// Sizes >= 1 (paddings may be 0); input and output shapes match the populations (conv_shapes.hpp).
    static void check_shapes(const cortexpr::shape_context& c) { cortexpr::detail::check_conv_shapes(c, params, 0xfcfu, 6, 9); }
    /// The kernel shape [kh, kw, ic, oc].
    static constexpr std::array<std::uint32_t, 4> kernel_size(std::span<const double> params) {
        return {std::uint32_t(params[0]), std::uint32_t(params[1]), std::uint32_t(params[8]), std::uint32_t(params[11])};
    }
};

}  // namespace cortexpr::init_sparse
