// Transpose: writes back[j, i] = fwd[i, j] through a transposing variable reference.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::custom_update {

/// No code: the update group does the copy. Attach to a weight-update variable
/// reference with a transpose target; DENSE connectivity only, swapped sizes.
struct Transpose {
    static constexpr std::string_view name = "Transpose";
    static constexpr auto var_refs = cortexpr::var_refs(
        cortexpr::var_ref("variable", "scalar", access::read_only));
};

}  // namespace cortexpr::custom_update
