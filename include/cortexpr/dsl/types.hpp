// The value types of the code-string language, and the usual arithmetic conversions
// the checker needs to tell integer from floating operands.
#pragma once
#include <cstdint>
#include <string_view>

namespace cortexpr::dsl {

/// Base types; `scalar` and `timepoint` stay symbolic until emission, where they become
/// the simulation's model and time precision.
enum class base_type : std::uint8_t {
    void_, bool_, int8, uint8, int16, uint16, int32, uint32, int64, uint64,
    float_, double_, scalar, timepoint
};

struct type_t {
    base_type base = base_type::void_;
    bool pointer = false;   // extra global parameter arrays
    bool constant = false;  // const locals

    constexpr bool operator==(const type_t&) const = default;
    constexpr bool is_void() const { return base == base_type::void_ && !pointer; }
    constexpr bool is_floating() const {
        return !pointer && (base == base_type::float_ || base == base_type::double_ ||
                            base == base_type::scalar || base == base_type::timepoint);
    }
    constexpr bool is_integral() const {  // bool counts as integral, as in C
        return !pointer && base >= base_type::bool_ && base <= base_type::uint64;
    }
    constexpr bool is_arithmetic() const { return is_floating() || is_integral(); }
};

inline constexpr type_t t_void{}, t_bool{base_type::bool_}, t_int{base_type::int32},
    t_uint{base_type::uint32}, t_int64{base_type::int64}, t_uint64{base_type::uint64},
    t_float{base_type::float_}, t_double{base_type::double_}, t_scalar{base_type::scalar},
    t_time{base_type::timepoint};

constexpr type_t pointer_to(type_t t) { t.pointer = true; return t; }

namespace detail {
constexpr int rank(base_type b) {
    switch (b) {
        case base_type::bool_: case base_type::int8: case base_type::uint8:
        case base_type::int16: case base_type::uint16: case base_type::int32: return 1;
        case base_type::uint32: return 2;
        case base_type::int64: return 3;
        case base_type::uint64: return 4;
        case base_type::float_: return 5;
        case base_type::scalar: return 6;  // float or double: ranks between the two
        case base_type::timepoint: return 7;
        case base_type::double_: return 8;
        default: return 0;
    }
}
}  // namespace detail

/// C's usual arithmetic conversions, as far as the checker needs them: small integers
/// promote to int; the higher-ranked operand wins.
constexpr type_t common_type(type_t a, type_t b) {
    int ra = detail::rank(a.base), rb = detail::rank(b.base);
    type_t r = ra >= rb ? a : b;
    r.constant = false;
    if (detail::rank(r.base) == 1) r.base = base_type::int32;
    return r;
}

constexpr std::string_view type_name(base_type b) {
    switch (b) {
        case base_type::void_: return "void";
        case base_type::bool_: return "bool";
        case base_type::int8: return "int8_t";
        case base_type::uint8: return "uint8_t";
        case base_type::int16: return "int16_t";
        case base_type::uint16: return "uint16_t";
        case base_type::int32: return "int";
        case base_type::uint32: return "unsigned int";
        case base_type::int64: return "int64_t";
        case base_type::uint64: return "uint64_t";
        case base_type::float_: return "float";
        case base_type::double_: return "double";
        case base_type::scalar: return "scalar";
        case base_type::timepoint: return "timepoint";
    }
    return "?";
}

/// Parses a type spelled as in model descriptions ("scalar", "unsigned int", "uint8_t",
/// "scalar*"). Returns void for an unknown spelling.
constexpr type_t parse_type_name(std::string_view s) {
    auto trim = [](std::string_view v) {
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        return v;
    };
    s = trim(s);
    bool ptr = false;
    if (!s.empty() && s.back() == '*') { ptr = true; s = trim(s.substr(0, s.size() - 1)); }
    struct entry { std::string_view n; base_type b; };
    constexpr entry table[] = {
        {"bool", base_type::bool_}, {"int8_t", base_type::int8}, {"char", base_type::int8},
        {"signed char", base_type::int8}, {"uint8_t", base_type::uint8},
        {"unsigned char", base_type::uint8}, {"int16_t", base_type::int16},
        {"short", base_type::int16}, {"uint16_t", base_type::uint16},
        {"unsigned short", base_type::uint16}, {"int", base_type::int32},
        {"int32_t", base_type::int32}, {"signed int", base_type::int32},
        {"uint32_t", base_type::uint32}, {"unsigned int", base_type::uint32},
        {"unsigned", base_type::uint32}, {"int64_t", base_type::int64},
        {"long", base_type::int64}, {"long long", base_type::int64},
        {"uint64_t", base_type::uint64}, {"unsigned long", base_type::uint64},
        {"unsigned long long", base_type::uint64}, {"size_t", base_type::uint64},
        {"float", base_type::float_}, {"double", base_type::double_},
        {"scalar", base_type::scalar}, {"timepoint", base_type::timepoint},
    };
    for (const auto& e : table)
        if (e.n == s) return type_t{e.b, ptr, false};
    return t_void;
}

}  // namespace cortexpr::dsl
