// FixedNumberTotalWithReplacement: `num` synapses over the whole matrix, with
// replacement (builtin-models.md §7.3).
#pragma once
#include <cstdint>
#include <span>

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
    // capacities: see binomial_quantile.hpp for the signature; params = {num}
    static constexpr std::uint32_t max_row_length(std::uint32_t num_pre, std::uint32_t, std::span<const double> params) {
        return binomial_capacity(num_pre, std::uint64_t(params[0]), 1.0 / double(num_pre));
    }
    static constexpr std::uint32_t max_col_length(std::uint32_t, std::uint32_t num_post, std::span<const double> params) {
        return binomial_capacity(num_post, std::uint64_t(params[0]), 1.0 / double(num_post));
    }
};

}  // namespace cortexpr::init_sparse
