// Values: one given value per element ("V"_v = std::vector<double>{...} or a std::span).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

/// Element k takes values[k]. One index serves every context an initialiser runs in:
/// a population's (or current source's, pre/post or postsynaptic) variable has id and
/// zero synapse indices; a dense weight-update variable has id = 0 and row-major
/// id_pre * num_post + id_post; a kernel variable has only id_kernel. The builder checks
/// the array's size against the variable's element count (host/array_init.hpp) and
/// refuses sparse and bitmask weight-update variables, whose synapse order is not known
/// before the rows are built. The array is double, so integer and double variables keep
/// every value exactly.
struct Values {
    static constexpr std::string_view name = "Values";
    static constexpr auto extra_global_params = cortexpr::extra_global_params(cortexpr::egp("values", "double*"));
    static constexpr cortexpr::code var_init_code = "value = values[id + id_pre * num_post + id_post + id_kernel];\n";
};

}  // namespace cortexpr::init_var
