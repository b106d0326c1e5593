// AvgPoolConv2D (toeplitz): average pooling followed by a stride-1 convolution, per
// kernel diagonal.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "../conv_shapes.hpp"
#include "../model_info.hpp"

namespace cortexpr::init_toeplitz {

/// The presynaptic population is the pooling input. A spiking neuron at (r, c, ch)
/// pools into (r / pool_sh, c / pool_sw) if it lies inside that pooling window; then the
/// Conv2D diagonal rule applies to the pooled position. The 1/(pool_kh·pool_kw) of the
/// average is not applied here: fold it into the kernel weights. As in GeNN, each input
/// belongs to at most the one window at (r / pool_sh, c / pool_sw), so overlapping
/// windows (pool_kh > pool_sh) are not supported, and the pooled position is not checked
/// against the pooled size (only the output position is).
struct AvgPoolConv2D {
    static constexpr std::string_view name = "AvgPoolConv2D";
    static constexpr auto params = cortexpr::params(
        cortexpr::param("conv_kh", "int"), cortexpr::param("conv_kw", "int"),  // kernel
        cortexpr::param("pool_kh", "int"), cortexpr::param("pool_kw", "int"),  // pooling window
        cortexpr::param("pool_sh", "int"), cortexpr::param("pool_sw", "int"),  // pooling stride
        cortexpr::param("pool_ih", "int"), cortexpr::param("pool_iw", "int"),  // input
        cortexpr::param("pool_ic", "int"),
        cortexpr::param("conv_oh", "int"), cortexpr::param("conv_ow", "int"),  // output
        cortexpr::param("conv_oc", "int"));
    static constexpr auto derived = cortexpr::derived_params(  // integer division after the ceil
        cortexpr::derive("conv_bw",
            "(((int)ceil((pool_iw - pool_kw + 1.0) / pool_sw) + conv_kw - 1) - conv_ow) / 2", "int"),
        cortexpr::derive("conv_bh",
            "(((int)ceil((pool_ih - pool_kh + 1.0) / pool_sh) + conv_kh - 1) - conv_oh) / 2", "int"));
    static constexpr cortexpr::code diagonal_build_code =
        "const int kernRow = (id_diag / conv_oc) / conv_kw;\n"
        "const int kernCol = (id_diag / conv_oc) % conv_kw;\n"
        "const int kernOutChan = id_diag % conv_oc;\n"
        "const int flipKernRow = conv_kh - kernRow - 1;\n"
        "const int flipKernCol = conv_kw - kernCol - 1;\n"
        "for_each_synapse {\n"
        "    const int poolInRow = (id_pre / pool_ic) / pool_iw;\n"
        "    const int poolInCol = (id_pre / pool_ic) % pool_iw;\n"
        "    const int poolInChan = id_pre % pool_ic;\n"
        "    const int poolOutRow = poolInRow / pool_sh;\n"
        "    const int poolStrideRow = poolOutRow * pool_sh;\n"
        "    const int poolOutCol = poolInCol / pool_sw;\n"
        "    const int poolStrideCol = poolOutCol * pool_sw;\n"
        "    if ((poolInRow < (poolStrideRow + pool_kh)) && (poolInCol < (poolStrideCol + pool_kw))) {\n"
        "        const int postRow = poolOutRow + kernRow - conv_bh;\n"
        "        if (postRow >= 0 && postRow < conv_oh) {\n"
        "            const int postCol = poolOutCol + kernCol - conv_bw;\n"
        "            if (postCol >= 0 && postCol < conv_ow) {\n"
        "                const int postInd = ((postRow * conv_ow * conv_oc) + (postCol * conv_oc) + kernOutChan);\n"
        "                addSynapse(postInd, flipKernRow, flipKernCol, poolInChan, kernOutChan);\n"
        "            }\n"
        "        }\n"
        "    }\n"
        "}\n";
    // params in order: conv_kh conv_kw pool_kh pool_kw pool_sh pool_sw pool_ih pool_iw pool_ic conv_oh conv_ow conv_oc
    /// conv_kh·conv_kw·conv_oc: one target per diagonal.
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> params) {
        return std::uint32_t(params[0]) * std::uint32_t(params[1]) * std::uint32_t(params[11]);
    }
    /// Sizes >= 1; input and output shapes match the populations (conv_shapes.hpp).
    static void check_shapes(const cortexpr::shape_context& c) { cortexpr::detail::check_conv_shapes(c, params, 0xfffu, 6, 9); }
    /// The kernel shape [conv_kh, conv_kw, pool_ic, conv_oc].
    static constexpr std::array<std::uint32_t, 4> kernel_size(std::span<const double> params) {
        return {std::uint32_t(params[0]), std::uint32_t(params[1]), std::uint32_t(params[8]), std::uint32_t(params[11])};
    }
};

}  // namespace cortexpr::init_toeplitz
