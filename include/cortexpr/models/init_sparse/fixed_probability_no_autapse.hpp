// FixedProbabilityNoAutapse: FixedProbability without i -> i synapses.
#pragma once
#include <cstdint>
#include <span>

#include "../model_info.hpp"
#include "binomial_quantile.hpp"

namespace cortexpr::init_sparse {

/// A jump landing exactly on id_pre is redrawn from the same previous position, as in
/// GeNN: the positions between the previous synapse and id_pre get a second chance, a
/// bias of order prob^2 that we copy on purpose. Compares with the local id_pre, so it
/// is meant for recurrent groups (same pre and post population).
struct FixedProbabilityNoAutapse {
    static constexpr std::string_view name = "FixedProbabilityNoAutapse";
    static constexpr auto params = cortexpr::params("prob");
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::closed("prob", 1e-6, 1.0, "below 1e-6 the geometric jump overflows int; for no synapses leave the group out"));
    // a jump onto id_pre is redrawn; near prob = 1 every jump is one step, so the
    // redraws take about 1 / (1 - prob) draws per row (prob = 1 itself is built
    // directly: every j but id_pre)
    static constexpr cortexpr::param_problem check_params(std::span<const double> p) {
        if (p[0] > 0.9999 && p[0] < 1.0)
            return {"prob", "must be <= 0.9999 or exactly 1 (in between, its rows redraw about 1 / (1 - prob) times)"};
        return {};
    }
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("probLogRecip", "1.0 / log(1.0 - prob)"));  // negative
    // prob = 1: every jump is 1, so GeNN's redraw of a jump onto id_pre would repeat
    // forever; the row is then every j but id_pre, written out directly.
    static constexpr cortexpr::code row_build_code =
        "if (prob >= 1.0) {\n"
        "    for (int j = 0; j < (int)num_post; j++) {\n"
        "        if (j != (int)id_pre) {\n"
        "            addSynapse(j + id_post_begin);\n"
        "        }\n"
        "    }\n"
        "}\n"
        "else {\n"
        "    int prevJ = -1;\n"
        "    while (true) {\n"
        "        int nextJ;\n"
        "        do {\n"
        "            const scalar u = gennrand_uniform();\n"
        "            nextJ = prevJ + (1 + (int)(log(u) * probLogRecip));\n"
        "        } while (nextJ == id_pre);\n"
        "        prevJ = nextJ;\n"
        "        if (prevJ < num_post) {\n"
        "            addSynapse(prevJ + id_post_begin);\n"
        "        }\n"
        "        else {\n"
        "            break;\n"
        "        }\n"
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
