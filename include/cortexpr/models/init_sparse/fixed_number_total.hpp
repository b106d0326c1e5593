// FixedNumberTotalWithReplacement: `num` synapses over the whole matrix, with
// replacement.
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>

#include "../hooks.hpp"
#include "../model_info.hpp"
#include "binomial_quantile.hpp"

namespace cortexpr::init_sparse {

/// The host draws the (sub-)row lengths as a multinomial by chained binomials and
/// stores them in the uint16 EGP preCalcRowLength (each < 65535); each row is then
/// filled like FixedNumberPostWithReplacement. The lengths are indexed
/// `id_pre * num_threads + id_thread`, GeNN's layout: one entry per sub-row when T
/// threads build a PROCEDURAL row, plainly `id_pre` for SPARSE (num_threads = 1).
struct FixedNumberTotalWithReplacement {
    static constexpr std::string_view name = "FixedNumberTotalWithReplacement";
    static constexpr auto params = cortexpr::params(cortexpr::param("num", "unsigned int"));  // synapses in all
    static constexpr auto extra_global_params = cortexpr::extra_global_params(
        cortexpr::egp("preCalcRowLength", "uint16_t*"));  // [num_pre * num_threads]
    static constexpr cortexpr::code row_build_code =
        "const unsigned int rowLength = preCalcRowLength[(id_pre * num_threads) + id_thread];\n"
        "scalar x = 0.0;\n"
        "for (unsigned int c = rowLength; c != 0; c--) {\n"
        "    const scalar u = gennrand_uniform();\n"
        "    x += (1.0 - x) * (1.0 - pow(u, 1.0 / (scalar)c));\n"
        "    unsigned int postIdx = (unsigned int)(x * num_post);\n"
        "    postIdx = (postIdx < num_post) ? postIdx : (num_post - 1);\n"
        "    addSynapse(postIdx + id_post_begin);\n"
        "}\n";
    /// The host pass: splits `num` over the rows (a multinomial, by chained binomials)
    /// into preCalcRowLength; the longest row bounds the rows' capacity.
    static std::uint32_t host_row_lengths(const cortexpr::row_length_context& c) {
        const cortexpr::host_array lengths = c.allocate_egp("preCalcRowLength", c.n_pre);
        const auto len = lengths.as<std::uint16_t>();
        std::uint64_t left = std::uint64_t(c.params[0]);
        for (std::uint32_t i = 0; i < c.n_pre; ++i) {
            const std::uint64_t k = i + 1 == c.n_pre ? left : (left == 0 ? 0 : c.rng->binomial(std::uint32_t(left), 1.0 / double(c.n_pre - i)));
            if (k > 65535) c.fail("num", "row ", i, " would get ", k, " synapses, more than the 65535 FixedNumberTotal supports per row");
            len[i] = std::uint16_t(k);
            left -= k;
        }
        return len.empty() ? 1u : std::max<std::uint32_t>(1, *std::max_element(len.begin(), len.end()));
    }
    // capacities: see binomial_quantile.hpp for the signature; params = {num}
    static constexpr std::uint32_t max_row_length(std::uint32_t num_pre, std::uint32_t, std::span<const double> params) {
        return binomial_capacity(num_pre, std::uint64_t(params[0]), 1.0 / double(num_pre));
    }
    static constexpr std::uint32_t max_col_length(std::uint32_t, std::uint32_t num_post, std::span<const double> params) {
        return binomial_capacity(num_post, std::uint64_t(params[0]), 1.0 / double(num_post));
    }
};

}  // namespace cortexpr::init_sparse
