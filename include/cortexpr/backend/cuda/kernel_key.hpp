// The network type as a kernel template argument. nvcc's generated host stub spells a
// __global__ template's arguments, and it cannot spell class-type template arguments
// (fixed_string names) nested anywhere in them. A kernel is therefore templated on a
// *key*: the network type with every fixed_string name replaced by a pack of chars.
// Inside the kernel, `unkey<Key>::type` rebuilds the very same network type (the names
// compare equal member by member), so device code uses the ordinary traits.
#pragma once
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../../network/network.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

// cpack, pack_of and string_of: network/input_target.hpp (the input targets travel as
// cpacks too).

template <class Name, class Model, class Vars> struct key_pop {};
template <class Name, class Target, class Model, class Vars, class Input = cpack<>> struct key_src {};
template <class Name, class Pre, class Post, class Matrix, class WU, class PSM> struct key_syn {};
template <class... Parts> struct key_net {};

template <class P, part_kind K = P::kind>
struct key_part;
template <class P>
struct key_part<P, part_kind::population> {
    using type = key_pop<typename pack_of<P::name>::type, typename P::model, std::remove_cvref_t<decltype(P::vars)>>;
};
template <class P>
struct key_part<P, part_kind::current_source> {
    using type = key_src<typename pack_of<P::name>::type, typename pack_of<P::target>::type, typename P::model,
                         std::remove_cvref_t<decltype(P::vars)>, typename P::input_key>;
};
template <class P>
struct key_part<P, part_kind::synapses> {
    using type = key_syn<typename pack_of<P::name>::type, typename pack_of<P::pre>::type, typename pack_of<P::post>::type,
                         typename P::matrix_type, typename P::wu_type, typename P::psm_type>;
};

template <class Net>
struct key_of;
template <class... P>
struct key_of<network_t<P...>> {
    using type = key_net<typename key_part<P>::type...>;
};

template <class Key>
struct unkey;
template <char... N, class Model, class Vars>
struct unkey<key_pop<cpack<N...>, Model, Vars>> {
    using type = population_desc<string_of<N...>::value, Model, Vars>;
};
template <char... N, char... G, class Model, class Vars, class Input>
struct unkey<key_src<cpack<N...>, cpack<G...>, Model, Vars, Input>> {
    using type = source_desc<string_of<N...>::value, string_of<G...>::value, Model, Vars, Input>;
};
template <char... N, char... A, char... B, class Matrix, class WU, class PSM>
struct unkey<key_syn<cpack<N...>, cpack<A...>, cpack<B...>, Matrix, WU, PSM>> {
    using type = synapse_desc<string_of<N...>::value, string_of<A...>::value, string_of<B...>::value, Matrix, WU, PSM>;
};
template <class... P>
struct unkey<key_net<P...>> {
    using type = network_t<typename unkey<P>::type...>;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
