// Where a part's input goes: `cx::target_var<"Iextra">` given to cx::psm(...) or
// cx::source(...) sends injectCurrent into the postsynaptic neuron's additional input
// variable `Iextra` instead of Isyn; `cx::pre_target_var<"Iback">` given to cx::wu(...)
// does the same for addToPre on the presynaptic side (GeNN 5's post_target_var,
// target_var and pre_target_var).
//
// The name travels in types as a pack of chars (cpack), never as a fixed_string: the
// descriptors that carry it are part of the CUDA kernels' keys, and nvcc's host stubs
// cannot spell class-type template arguments (backend/cuda/kernel_key.hpp).
#pragma once
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "../base/fixed_string.hpp"

namespace cortexpr {

namespace detail {
template <char... C>
struct cpack {};

/// fixed_string -> cpack, one character per instantiation (no decltype, whose
/// expression nvcc's stub would spell, and no partial specialisation on the
/// fixed_string, which nvcc rejects).
template <fixed_string S, std::size_t I, char... C>
struct pack_build {
    using type = typename std::conditional_t<(I >= S.size()), std::type_identity<cpack<C...>>,
                                             pack_build<S, (I < S.size() ? I + 1 : I), C..., S.data_[I < S.size() ? I : 0]>>::type;
};
template <fixed_string S>
struct pack_of {
    using type = typename pack_build<S, 0>::type;
};

/// cpack -> fixed_string.
template <char... C>
struct string_of {
    static constexpr char chars[sizeof...(C) + 1] = {C..., '\0'};
    static constexpr fixed_string<sizeof...(C)> value{chars};
};

/// cpack -> string_view (empty for cpack<>).
template <class P> struct pack_name;
template <char... C>
struct pack_name<cpack<C...>> {
    static constexpr std::string_view value{string_of<C...>::chars, sizeof...(C)};
};

/// The index of additional input `name` in `inputs` (a model_info's additional_inputs);
/// -1 for Isyn (an empty name or "Isyn") and for a name that is not there (which the
/// network check has already reported).
template <class Inputs>
constexpr int input_index(const Inputs& inputs, std::string_view name) {
    for (std::size_t k = 0; k < inputs.size(); ++k)
        if (inputs[k].name == name) return int(k);
    return -1;
}
}  // namespace detail

/// The tag of cx::target_var / cx::pre_target_var: a named value of kind 6 (post side:
/// postsynaptic model, current source) or 7 (pre side: weight update's addToPre).
template <class Pack, int Kind>
struct input_target {
    static constexpr int named_kind = Kind;  // detail::arg_kind
    static constexpr std::string_view name = detail::pack_name<Pack>::value;
    using pack = Pack;
};

/// `cx::psm<M>(..., cx::target_var<"Iextra">)`, `cx::source<...>(..., cx::target_var<"Iextra">)`:
/// injectCurrent adds to the target neuron's additional input variable `Iextra`
/// (reset to its initial value every step) instead of Isyn.
template <fixed_string Name>
inline constexpr input_target<typename detail::pack_of<Name>::type, 6> target_var{};
/// `cx::wu<M>(..., cx::pre_target_var<"Iback">)`: addToPre adds to the presynaptic
/// neuron's additional input variable `Iback` instead of Isyn.
template <fixed_string Name>
inline constexpr input_target<typename detail::pack_of<Name>::type, 7> pre_target_var{};

}  // namespace cortexpr
