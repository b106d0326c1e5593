// Capacity helpers with parameters by name (GeNN's calc_max_row_len_func /
// calc_max_col_len_func, called from user code): how many synapses per row (column) a
// sparse connectivity snippet reserves for a population pair, e.g. to size a
// structural-plasticity group or to check memory before building.
//
//   cx::max_row_length<cx::init_sparse::FixedProbability>(1000, 800, "prob"_p = 0.1)
//   cx::max_row_length(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1), 1000, 800)
//
// The parameters are named and checked exactly as cx::connect<S>(...) checks them (a
// missing or unknown name is the same compile error).
#pragma once
#include <cstdint>
#include <span>

#include "named.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr {

/// Row capacity of connectivity `c` between `n_pre` and `n_post` neurons: the snippet's
/// max_row_length, or n_post when it declares none (what the builder reserves; a
/// FixedNumberTotal group reserves no more than its longest drawn row).
template <class S>
std::uint32_t max_row_length(const connect_init<S>& c, std::uint32_t n_pre, std::uint32_t n_post) {
    if constexpr (requires { S::max_row_length(n_pre, n_post, std::span<const double>(c.params)); })
        return S::max_row_length(n_pre, n_post, std::span<const double>(c.params));
    else
        return n_post;
}
/// Column capacity of connectivity `c`: the snippet's max_col_length, or n_pre.
template <class S>
std::uint32_t max_col_length(const connect_init<S>& c, std::uint32_t n_pre, std::uint32_t n_post) {
    if constexpr (requires { S::max_col_length(n_pre, n_post, std::span<const double>(c.params)); })
        return S::max_col_length(n_pre, n_post, std::span<const double>(c.params));
    else
        return n_pre;
}
/// max_row_length(cx::connect<S>(params...), n_pre, n_post).
template <class S, class... Args>
std::uint32_t max_row_length(std::uint32_t n_pre, std::uint32_t n_post, Args... params) {
    return max_row_length(connect<S>(params...), n_pre, n_post);
}
/// max_col_length(cx::connect<S>(params...), n_pre, n_post).
template <class S, class... Args>
std::uint32_t max_col_length(std::uint32_t n_pre, std::uint32_t n_post, Args... params) {
    return max_col_length(connect<S>(params...), n_pre, n_post);
}

}  // namespace cortexpr

CORTEXPR_DIAG_END
