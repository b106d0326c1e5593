// Errors are values: every stage returns an error record (kind, position, name); the
// front ends turn it into one line `Model.field:line:col: <what> '<name>'`, as a
// compile error (compile.hpp) or as text (cortexpr-check).
#pragma once
#include <cstdint>
#include <string_view>

namespace cortexpr::dsl {

enum class error_kind : std::uint8_t {
    none,
    // scanning
    unexpected_character, malformed_number, unterminated_comment,
    // syntax
    expected_token, expected_expression, unbalanced, unexpected_token, unsupported_keyword,
    not_assignable, expected_identifier, too_complex,
    // names and types
    unknown_name, unknown_function, wrong_argument_count, function_not_in_context,
    not_a_function, assign_to_parameter, assign_to_derived_parameter,
    assign_to_read_only_variable, assign_to_builtin, assign_to_constant,
    assign_to_extra_global_parameter, redeclaration, used_before_declaration,
    integer_operator_on_floating, break_outside_loop, continue_outside_loop,
    not_an_array, non_integer_index, invalid_operand, unknown_type,
    used_outside_scope, read_of_reduction_target, outside_for_each_synapse, assign_to_delayed_read,
};

struct error {
    error_kind kind = error_kind::none;
    std::uint8_t field = 0;
    std::uint32_t pos = 0;       // offset of the offending text in its field
    std::uint32_t len = 0;       // length of the offending text (the "name")
    std::string_view detail{};   // replaces the source text as the name, if set
    std::uint8_t expected = 0;   // tk of an expected token, or an expected arity
    constexpr explicit operator bool() const { return kind != error_kind::none; }
};

/// The "<what>" part of the message.
constexpr std::string_view describe(error_kind k) {
    switch (k) {
        case error_kind::none: return "no error";
        case error_kind::unexpected_character: return "unexpected character";
        case error_kind::malformed_number: return "malformed number";
        case error_kind::unterminated_comment: return "unterminated comment";
        case error_kind::expected_token: return "expected";  // + "'x' before"
        case error_kind::expected_expression: return "expected an expression before";
        case error_kind::unbalanced: return "unbalanced";
        case error_kind::unexpected_token: return "unexpected token";
        case error_kind::unsupported_keyword: return "unsupported keyword";
        case error_kind::not_assignable: return "cannot assign to expression";
        case error_kind::expected_identifier: return "expected a name before";
        case error_kind::too_complex: return "code too deeply nested at";
        case error_kind::unknown_name: return "unknown name";
        case error_kind::unknown_function: return "unknown function";
        case error_kind::wrong_argument_count: return "wrong number of arguments";  // + " (N expected) to"
        case error_kind::function_not_in_context: return "function not available in this code";
        case error_kind::not_a_function: return "called object is not a function";
        case error_kind::assign_to_parameter: return "assignment to parameter";
        case error_kind::assign_to_derived_parameter: return "assignment to derived parameter";
        case error_kind::assign_to_read_only_variable: return "assignment to read-only variable";
        case error_kind::assign_to_builtin: return "assignment to read-only built-in";
        case error_kind::assign_to_constant: return "assignment to const local";
        case error_kind::assign_to_extra_global_parameter: return "assignment to extra global parameter";
        case error_kind::redeclaration: return "redeclaration of";
        case error_kind::used_before_declaration: return "local used before its declaration";
        case error_kind::integer_operator_on_floating: return "integer-only operator on floating-point operand";
        case error_kind::break_outside_loop: return "break outside a loop";
        case error_kind::continue_outside_loop: return "continue outside a loop";
        case error_kind::not_an_array: return "subscript of a name that is not an array";
        case error_kind::non_integer_index: return "array index is not an integer";
        case error_kind::invalid_operand: return "invalid operand of";
        case error_kind::unknown_type: return "unknown type";
        case error_kind::used_outside_scope: return "local used outside the block that declares it";
        case error_kind::read_of_reduction_target: return "read of reduction target";
        case error_kind::outside_for_each_synapse: return "only available inside for_each_synapse:";
        case error_kind::assign_to_delayed_read: return "assignment to a delayed read of";
    }
    return "error";
}

/// A tiny constexpr text buffer, used to format messages at compile and run time.
template <std::size_t Cap>
struct text_buffer {
    char data[Cap]{};
    std::size_t size = 0;
    constexpr void put(char c) { if (size + 1 < Cap) data[size++] = c; }
    constexpr void put(std::string_view s) { for (char c : s) put(c); }
    constexpr void put_uint(std::uint64_t v) {
        char tmp[24]{}; int n = 0;
        do { tmp[n++] = char('0' + v % 10); v /= 10; } while (v);
        while (n) put(tmp[--n]);
    }
    constexpr std::string_view view() const { return {data, size}; }
};

struct line_col { std::uint32_t line = 1, col = 1; };
constexpr line_col locate(std::string_view src, std::uint32_t pos) {
    line_col lc;
    for (std::uint32_t i = 0; i < pos && i < src.size(); ++i) {
        if (src[i] == '\n') { ++lc.line; lc.col = 1; }
        else ++lc.col;
    }
    return lc;
}

}  // namespace cortexpr::dsl
