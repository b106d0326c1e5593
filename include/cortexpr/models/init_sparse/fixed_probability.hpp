// FixedProbability: each pair connected independently with probability prob, by
// geometric skipping.
#pragma once
#include <cstdint>
#include <span>

#include "../model_info.hpp"
#include "binomial_quantile.hpp"

namespace cortexpr::init_sparse {

/// The jump 1 + trunc(log(u)·probLogRecip) is geometric on {1, 2, ...} with success
/// probability prob (Devroye 1986), so rows are Binomial(num_post, prob) long and
/// sorted. Needs 0 < prob < 1. As in GeNN the jump is converted to int unchecked: with
/// u in (0, 1] it stays below 2^31 for prob >= ~2e-8 (double) / 1e-8 (float).
struct FixedProbability {
    static constexpr std::string_view name = "FixedProbability";
    static constexpr auto params = cortexpr::params("prob");
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::closed("prob", 1e-6, 1.0, "below 1e-6 the geometric jump overflows int; for no synapses leave the group out"));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("probLogRecip", "1.0 / log(1.0 - prob)"));  // negative
    static constexpr cortexpr::code row_build_code =
        "int prevJ = -1;\n"
        "while (true) {\n"
        "    const scalar u = gennrand_uniform();\n"
        "    prevJ += (1 + (int)(log(u) * probLogRecip));\n"
        "    if (prevJ < num_post) {\n"
        "        addSynapse(prevJ + id_post_begin);\n"
        "    }\n"
        "    else {\n"
        "        break;\n"
        "    }\n"
        "}\n";
    // capacities: see binomial_quantile.hpp for the signature; params = {prob}
    static constexpr std::uint32_t max_row_length(std::uint32_t num_pre, std::uint32_t num_post, std::span<const double> params) {
        return binomial_capacity(num_pre, num_post, params[0]);
    }
    static constexpr std::uint32_t max_col_length(std::uint32_t num_pre, std::uint32_t num_post, std::span<const double> params) {
        return binomial_capacity(num_post, num_pre, params[0]);
    }
};

}  // namespace cortexpr::init_sparse
