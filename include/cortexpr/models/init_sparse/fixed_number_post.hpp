// FixedNumberPostWithReplacement: exactly `num` synapses per row, targets uniform with
// replacement, sorted.
#pragma once
#include <cstdint>
#include <span>

#include "../model_info.hpp"
#include "binomial_quantile.hpp"

namespace cortexpr::init_sparse {

/// x steps through the order statistics of `num` uniforms on [0, 1): the minimum of c
/// uniforms on [x, 1) is x + (1 − x)(1 − u^(1/c)). Duplicates are possible.
struct FixedNumberPostWithReplacement {
    static constexpr std::string_view name = "FixedNumberPostWithReplacement";
    static constexpr auto params = cortexpr::params(cortexpr::param("num", "unsigned int"));  // synapses per row
    static constexpr cortexpr::code row_build_code =
        "scalar x = 0.0;\n"
        "for (unsigned int c = num; c != 0; c--) {\n"
        "    const scalar u = gennrand_uniform();\n"
        "    x += (1.0 - x) * (1.0 - pow(u, 1.0 / (scalar)c));\n"
        "    unsigned int postIdx = (unsigned int)(x * num_post);\n"
        "    postIdx = (postIdx < num_post) ? postIdx : (num_post - 1);\n"
        "    addSynapse(postIdx + id_post_begin);\n"
        "}\n";
    // capacities: see binomial_quantile.hpp for the signature; params = {num}
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double> params) {
        return std::uint32_t(params[0]);
    }
    static constexpr std::uint32_t max_col_length(std::uint32_t num_pre, std::uint32_t num_post, std::span<const double> params) {
        return binomial_capacity(num_post, std::uint64_t(params[0]) * num_pre, 1.0 / double(num_post));
    }
};

}  // namespace cortexpr::init_sparse
