// Which initialisation work the CUDA backend does on the device (docs/cuda.md, "What
// lives where"). Both engines read this plan: the CUDA engine runs the device kernels for
// what it names, and the CPU engine, as the CUDA engine's host mirror, skips exactly that
// work (it still allocates, checks parameters and computes sizes). Everything else stays
// on the host and is uploaded.
#pragma once
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include "environments.hpp"
#include "traits.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// The initialisers (a tuple of var_init) of variable set `Set` of part I.
template <class List, std::size_t I, var_set Set>
constexpr auto inits_of_set() {
    using D = typename List::template part<I>;
    if constexpr (List::kinds[I] != part_kind::synapses) return std::type_identity<std::remove_cvref_t<decltype(std::declval<D>().vars)>>{};
    else if constexpr (Set == var_set::vars) return std::type_identity<std::remove_cvref_t<decltype(std::declval<D>().wu.vars)>>{};
    else if constexpr (Set == var_set::pre_vars) return std::type_identity<std::remove_cvref_t<decltype(std::declval<D>().wu.pre_vars)>>{};
    else if constexpr (Set == var_set::post_vars) return std::type_identity<std::remove_cvref_t<decltype(std::declval<D>().wu.post_vars)>>{};
    else return std::type_identity<std::remove_cvref_t<decltype(std::declval<D>().psm.vars)>>{};
}
template <class List, std::size_t I, var_set Set>
using inits_of_set_t = typename decltype(inits_of_set<List, I, Set>())::type;

/// An initialiser runs on the device unless it has extra global parameters (Kernel's
/// "kernel" array, a user's tables): those would need device copies and size checks of
/// their own during construction, so they stay on the host.
template <class Init>
inline constexpr bool device_init_snippet = Init::info.egps.size() == 0;

template <class Tuple>
struct all_device_init;
template <class... X>
struct all_device_init<std::tuple<X...>> : std::bool_constant<(device_init_snippet<X> && ...)> {};

/// Sparse connectivity whose build code gives kernel indices (Conv2D).
template <class C>
constexpr bool connect_has_kernel() {
    if constexpr (requires { C::snippet::kernel_size(std::span<const double>()); }) return true;
    else return false;
}

/// Sparse rows or a bitmask of matrix type Matrix (matrix_desc) with weight-update
/// variable initialisers WuInits are built on the device: a connectivity snippet (not a
/// user's connection list) with row build code, or with column build code and no kernel
/// indices (the device's column order within a row is only fixed up to equal targets,
/// which differ in nothing else then); and every per-synapse variable is initialised on
/// the device too (a host initialiser would need the rows on the host first). Keyed by
/// types only, so that groups of one kind share it (device_init.hpp).
template <class Matrix, class WuInits>
constexpr bool device_connectivity_of() {
    if constexpr (Matrix::kind != matrix_kind::sparse && Matrix::kind != matrix_kind::bitmask) {
        return false;
    } else {
        using C = typename Matrix::connect_type;
        if constexpr (std::is_same_v<C, connection_list>) {
            return false;
        } else {
            constexpr bool rows = !C::info.code[std::size_t(field::row_build_code)].empty();
            constexpr bool cols = !C::info.code[std::size_t(field::col_build_code)].empty();
            if constexpr (Matrix::kind == matrix_kind::bitmask) return rows;
            else return (rows || (cols && !connect_has_kernel<C>())) && all_device_init<WuInits>::value;
        }
    }
}

/// Synapse group G's connectivity is built on the device (device_connectivity_of).
template <class List, std::size_t G>
constexpr bool device_connectivity() {
    using gt = sg_traits<List, G>;
    return device_connectivity_of<typename gt::matrix, inits_of_set_t<List, G, var_set::vars>>();
}

/// A variable with initialiser Init is initialised on the device. Matrix: the group's
/// matrix type for the per-synapse variables of a synapse group (WuInits their
/// initialisers), void for every other variable set.
template <class Init, class Matrix, class WuInits>
constexpr bool device_var_init_of() {
    if constexpr (!device_init_snippet<Init>) {
        return false;
    } else if constexpr (!std::is_void_v<Matrix>) {
        if constexpr (Matrix::weights == weight_storage::kernel) return true;
        else if constexpr (Matrix::weights != weight_storage::individual) return false;
        else if constexpr (Matrix::kind == matrix_kind::dense) return true;
        else if constexpr (Matrix::kind == matrix_kind::sparse) {
            // rows built on the host (a connection list) are uploaded first; kernel
            // indices of host-built rows are not kept, so those variables stay there
            using C = typename Matrix::connect_type;
            if constexpr (device_connectivity_of<Matrix, WuInits>()) return true;
            else if constexpr (std::is_same_v<C, connection_list>) return true;
            else return !connect_has_kernel<C>();
        } else {
            return false;
        }
    } else {
        return true;
    }
}

/// The matrix type that device_var_init_of reads for variable set `Set` of part I: the
/// group's for its per-synapse variables, void otherwise.
template <class List, std::size_t I, var_set Set>
constexpr auto set_matrix() {
    if constexpr (List::kinds[I] == part_kind::synapses && Set == var_set::vars) return std::type_identity<typename sg_traits<List, I>::matrix>{};
    else return std::type_identity<void>{};
}

/// Variable K of set `Set` of part I is initialised on the device.
template <class List, std::size_t I, var_set Set, std::size_t K>
constexpr bool device_var_init() {
    using Init = std::tuple_element_t<K, inits_of_set_t<List, I, Set>>;
    using M = typename decltype(set_matrix<List, I, Set>())::type;
    return device_var_init_of<Init, M, inits_of_set_t<List, I, var_set::vars>>();
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
