// Tokens of the code-string language.
#pragma once
#include <cstdint>
#include <string_view>

#include "types.hpp"

namespace cortexpr::dsl {

enum class tk : std::uint8_t {
    end, identifier, int_literal, float_literal, kw_true, kw_false,
    // punctuation
    lparen, rparen, lbrace, rbrace, lbracket, rbracket, semicolon, comma, question, colon,
    assign, plus_assign, minus_assign, star_assign, slash_assign, percent_assign,
    amp_assign, pipe_assign, caret_assign, shl_assign, shr_assign,
    plus_plus, minus_minus, plus, minus, star, slash, percent, amp, pipe, caret, tilde,
    bang, less, greater, less_equal, greater_equal, equal, not_equal, amp_amp, pipe_pipe,
    shl, shr, dot,
    // statements
    kw_if, kw_else, kw_while, kw_do, kw_for, kw_break, kw_continue, kw_const,
    kw_switch, kw_case, kw_default, kw_return, kw_goto, kw_struct, kw_typedef,
    kw_for_each_synapse,  // toeplitz connectivity: `for_each_synapse { ... }`
    // type words; combined by the parser ("unsigned int")
    kw_type,
    // not a token: an error while scanning
    error
};

struct token {
    tk kind = tk::end;
    std::uint8_t field = 0;   // which code field of the unit
    std::uint32_t pos = 0;    // offset in that field's source
    std::uint32_t len = 0;
    std::uint64_t ival = 0;   // integer literal value
    double fval = 0;          // floating literal value
    type_t type{};            // literal type, or the base type of a type word
};

constexpr std::string_view spelling(tk k) {
    switch (k) {
        case tk::end: return "end of code";
        case tk::lparen: return "("; case tk::rparen: return ")";
        case tk::lbrace: return "{"; case tk::rbrace: return "}";
        case tk::lbracket: return "["; case tk::rbracket: return "]";
        case tk::semicolon: return ";"; case tk::comma: return ",";
        case tk::question: return "?"; case tk::colon: return ":";
        case tk::assign: return "="; case tk::plus_assign: return "+=";
        case tk::minus_assign: return "-="; case tk::star_assign: return "*=";
        case tk::slash_assign: return "/="; case tk::percent_assign: return "%=";
        case tk::amp_assign: return "&="; case tk::pipe_assign: return "|=";
        case tk::caret_assign: return "^="; case tk::shl_assign: return "<<=";
        case tk::shr_assign: return ">>="; case tk::plus_plus: return "++";
        case tk::minus_minus: return "--"; case tk::plus: return "+";
        case tk::minus: return "-"; case tk::star: return "*"; case tk::slash: return "/";
        case tk::percent: return "%"; case tk::amp: return "&"; case tk::pipe: return "|";
        case tk::caret: return "^"; case tk::tilde: return "~"; case tk::bang: return "!";
        case tk::less: return "<"; case tk::greater: return ">";
        case tk::less_equal: return "<="; case tk::greater_equal: return ">=";
        case tk::equal: return "=="; case tk::not_equal: return "!=";
        case tk::amp_amp: return "&&"; case tk::pipe_pipe: return "||";
        case tk::shl: return "<<"; case tk::shr: return ">>"; case tk::dot: return ".";
        case tk::kw_while: return "while";
        default: return "token";
    }
}

constexpr bool is_assign_op(tk k) { return k >= tk::assign && k <= tk::shr_assign; }

/// The binary operator a compound assignment applies (`+=` -> `+`).
constexpr tk compound_base(tk k) {
    switch (k) {
        case tk::plus_assign: return tk::plus; case tk::minus_assign: return tk::minus;
        case tk::star_assign: return tk::star; case tk::slash_assign: return tk::slash;
        case tk::percent_assign: return tk::percent; case tk::amp_assign: return tk::amp;
        case tk::pipe_assign: return tk::pipe; case tk::caret_assign: return tk::caret;
        case tk::shl_assign: return tk::shl; case tk::shr_assign: return tk::shr;
        default: return tk::end;
    }
}

/// Operators that C allows on integers only.
constexpr bool integer_only(tk op) {
    return op == tk::percent || op == tk::amp || op == tk::pipe || op == tk::caret ||
           op == tk::shl || op == tk::shr || op == tk::tilde;
}

}  // namespace cortexpr::dsl
