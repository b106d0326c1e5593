// OneToOne: presynaptic neuron i connects to postsynaptic neuron i.
#pragma once
#include <cstdint>
#include <span>

#include "../model_info.hpp"

namespace cortexpr::init_sparse {

struct OneToOne {
    static constexpr std::string_view name = "OneToOne";
    static constexpr cortexpr::code row_build_code = "addSynapse(id_pre);\n";
    // capacities: see binomial_quantile.hpp for the signature
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 1; }
    static constexpr std::uint32_t max_col_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 1; }
};

}  // namespace cortexpr::init_sparse
