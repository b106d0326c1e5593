// Per-element initial values from an array ("V"_v = std::vector<double>{...}, the
// init_var::Values initialiser): the checks the builder makes before it runs one.
#pragma once
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "../base/error.hpp"
#include "../models/init_var/values.hpp"
#include "../step/streams.hpp"
#include "../step/traits.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// When variable `var` of part `Part` (set `Set`) is initialised from an array: refuses
/// sparse and bitmask weight-update variables (their synapse order exists only once the
/// rows are built; set them through sim.var() in the order of sim.connections()), and an
/// array whose size is not `elements`, the variable's count per batch entry. The error
/// names the group, the variable and both sizes.
template <class List, std::size_t Part, var_set Set, class Sn, class Store>
void check_array_init(const Store& sn, std::string_view group, std::string_view var, std::size_t elements) {
    if constexpr (std::is_same_v<Sn, init_var::Values>) {
        if constexpr (List::kinds[Part] == part_kind::synapses && Set == var_set::vars) {
            using gt = sg_traits<List, Part>;
            if constexpr (gt::weights == weight_storage::individual && gt::kind != matrix_kind::dense)
                fail(group, var, "an array of initial values initialises a dense or kernel weight-update variable only: the order of ",
                     matrix_name(gt::kind), " synapses is known once the rows are built (write them through sim.var() after building, in the order of sim.connections())");
        }
        const std::size_t given = sn.egps[0].count();
        if (given != elements)
            fail(group, var, "array of initial values has ", given, " elements, the variable has ", elements,
                 Set == var_set::vars && List::kinds[Part] == part_kind::synapses ? " (synapses, row-major [pre][post] for a dense matrix)" : "");
    }
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
