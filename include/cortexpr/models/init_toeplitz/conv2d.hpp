// Conv2D (toeplitz): stride-1 convolution computed per kernel diagonal for kernel-weight
// matrices.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "../conv_shapes.hpp"
#include "../model_info.hpp"

namespace cortexpr::init_toeplitz {

/// Runs once per diagonal id_diag in [0, kh·kw·oc) and, inside `for_each_synapse`, once
/// per spiking presynaptic neuron id_pre, adding its one target on that diagonal with
/// the flipped kernel indices. conv_bh/conv_bw centre the output on the input: "valid"
/// when oh = ih − kh + 1, "same" when oh = ih. (Parser support for for_each_synapse
/// landed with dsl commit 1ad209f; the construct is tested in test_dsl_builtins.cpp.)
struct Conv2D {
    static constexpr std::string_view name = "Conv2D";
    static constexpr auto params = cortexpr::params(
        cortexpr::param("conv_kh", "int"), cortexpr::param("conv_kw", "int"),  // kernel
        cortexpr::param("conv_ih", "int"), cortexpr::param("conv_iw", "int"),  // input
        cortexpr::param("conv_ic", "int"),
        cortexpr::param("conv_oh", "int"), cortexpr::param("conv_ow", "int"),  // output
        cortexpr::param("conv_oc", "int"));
    static constexpr auto derived = cortexpr::derived_params(  // integer division
        cortexpr::derive("conv_bw", "((conv_iw + conv_kw - 1) - conv_ow) / 2", "int"),
        cortexpr::derive("conv_bh", "((conv_ih + conv_kh - 1) - conv_oh) / 2", "int"));
    static constexpr cortexpr::code diagonal_build_code =
        "const int kernRow = (id_diag / conv_oc) / conv_kw;\n"
        "const int kernCol = (id_diag / conv_oc) % conv_kw;\n"
        "const int kernOutChan = id_diag % conv_oc;\n"
        "const int flipKernRow = conv_kh - kernRow - 1;\n"
        "const int flipKernCol = conv_kw - kernCol - 1;\n"
        "for_each_synapse {\n"
        "    const int preRow = (id_pre / conv_ic) / conv_iw;\n"
        "    const int preCol = (id_pre / conv_ic) % conv_iw;\n"
        "    const int preChan = id_pre % conv_ic;\n"
        "    const int postRow = preRow + kernRow - conv_bh;\n"
        "    if (postRow >= 0 && postRow < conv_oh) {  // not off the output's edge\n"
        "        const int postCol = preCol + kernCol - conv_bw;\n"
        "        if (postCol >= 0 && postCol < conv_ow) {\n"
        "            const int postInd = ((postRow * conv_ow * conv_oc) + (postCol * conv_oc) + kernOutChan);\n"
        "            addSynapse(postInd, flipKernRow, flipKernCol, preChan, kernOutChan);\n"
        "        }\n"
        "    }\n"
        "}\n";
    // params in order: kh kw ih iw ic oh ow oc
    /// kh·kw·oc: one target per diagonal.
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> params) {
        return std::uint32_t(params[0]) * std::uint32_t(params[1]) * std::uint32_t(params[7]);
    }
    /// Sizes >= 1; input and output shapes match the populations (conv_shapes.hpp).
    static void check_shapes(const cortexpr::shape_context& c) { cortexpr::detail::check_conv_shapes(c, params, 0xffu, 2, 5); }
    /// The kernel shape [kh, kw, ic, oc].
    static constexpr std::array<std::uint32_t, 4> kernel_size(std::span<const double> params) {
        return {std::uint32_t(params[0]), std::uint32_t(params[1]), std::uint32_t(params[4]), std::uint32_t(params[7])};
    }
};

}  // namespace cortexpr::init_toeplitz
