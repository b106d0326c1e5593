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

/// A synapse group's matrix kind and weight storage (for check_array_init).
struct synapse_layout {
    matrix_kind kind;
    weight_storage weights;
};

/// When variable `var` (of set `Set`; `syn`: its synapse group's layout, null for a
/// population or current source) is initialised from an array: refuses sparse and
/// bitmask weight-update variables (their synapse order exists only once the rows are
/// built; set them through sim.var() in the order of sim.connections()), and an array
/// whose size is not `elements`, the variable's count per batch entry. The error names
/// the group, the variable and both sizes. Keyed by kind, not by part (host/part_builder.hpp).
template <var_set Set, class Sn, class Store>
void check_array_init(const Store& sn, std::string_view group, std::string_view var, std::size_t elements, const synapse_layout* syn) {
    if constexpr (std::is_same_v<Sn, init_var::Values>) {
        const bool synapse_vars = syn != nullptr && Set == var_set::vars;
        if (synapse_vars && syn->weights == weight_storage::individual && syn->kind != matrix_kind::dense)
            fail(group, var, "an array of initial values initialises a dense or kernel weight-update variable only: the order of ",
                 matrix_name(syn->kind), " synapses is known once the rows are built (write them through sim.var() after building, in the order of sim.connections())");
        const std::size_t given = sn.egps[0].count();
        if (given != elements)
            fail(group, var, "array of initial values has ", given, " elements, the variable has ", elements,
                 synapse_vars ? " (synapses, row-major [pre][post] for a dense matrix)" : "");
    }
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
