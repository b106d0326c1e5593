// FixedNumberPreWithReplacement: exactly `num` synapses per column, sources uniform with
// replacement.
#pragma once
#include <cstdint>
#include <span>

#include "../model_info.hpp"
#include "binomial_quantile.hpp"

namespace cortexpr::init_sparse {

/// Column build: GeNN 5 draws `gennrand() % num_pre` (32-bit modulo, a tiny bias);
/// GeNN 4 drew ceil(u·num_pre) − 1. Rows are filled by atomics, so their order is not
/// deterministic on GPUs.
struct FixedNumberPreWithReplacement {
    static constexpr std::string_view name = "FixedNumberPreWithReplacement";
    static constexpr auto params = cortexpr::params(cortexpr::param("num", "unsigned int"));  // synapses per column
    static constexpr cortexpr::code col_build_code =
        "for (unsigned int c = num; c != 0; c--) {\n"
        "    const unsigned int idPre = gennrand() % num_pre;\n"
        "    addSynapse(idPre + id_pre_begin);\n"
        "}\n";
    // capacities: see binomial_quantile.hpp for the signature; params = {num}
    static constexpr std::uint32_t max_row_length(std::uint32_t num_pre, std::uint32_t num_post, std::span<const double> params) {
        return binomial_capacity(num_pre, std::uint64_t(params[0]) * num_post, 1.0 / double(num_pre));
    }
    static constexpr std::uint32_t max_col_length(std::uint32_t, std::uint32_t, std::span<const double> params) {
        return std::uint32_t(params[0]);
    }
};

}  // namespace cortexpr::init_sparse
