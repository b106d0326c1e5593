// The scanner: code string -> tokens. constexpr, so it runs inside the compiler and
// also at run time (cortexpr-check, fuzzing).
#pragma once
#include <cstdint>
#include <string_view>

#include "errors.hpp"
#include "token.hpp"

namespace cortexpr::dsl {

namespace detail {
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// Decimal mantissa and exponent to double. Exact (correctly rounded) whenever the
/// mantissa has at most 15 digits and |exponent| <= 22, which covers model constants;
/// otherwise within an ulp or so.
constexpr double decimal_to_double(std::uint64_t mantissa, int exp10) {
    constexpr double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                              1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double m = double(mantissa);
    if (exp10 >= 0 && exp10 <= 22) return m * p10[exp10];
    if (exp10 < 0 && exp10 >= -22) return m / p10[-exp10];
    long double r = (long double)mantissa;
    while (exp10 > 0) { r *= 10.0L; --exp10; }
    while (exp10 < 0) { r /= 10.0L; ++exp10; }
    return double(r);
}

/// Bytes of the character at src[i]: a UTF-8 lead byte and the continuation bytes after
/// it, so that a message shows 'µ' whole rather than half of it; 1 for anything else.
constexpr std::uint32_t char_length(std::string_view src, std::uint32_t i) {
    const unsigned char lead = static_cast<unsigned char>(src[i]);
    const std::uint32_t want = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
    std::uint32_t n = 1;
    while (n < want && i + n < src.size() && (static_cast<unsigned char>(src[i + n]) & 0xC0) == 0x80) ++n;
    return n;
}

struct keyword { std::string_view text; tk kind; base_type type; };
inline constexpr keyword keywords[] = {
    {"if", tk::kw_if, {}}, {"else", tk::kw_else, {}}, {"while", tk::kw_while, {}},
    {"do", tk::kw_do, {}}, {"for", tk::kw_for, {}}, {"break", tk::kw_break, {}},
    {"continue", tk::kw_continue, {}}, {"const", tk::kw_const, {}},
    {"switch", tk::kw_switch, {}}, {"case", tk::kw_case, {}}, {"default", tk::kw_default, {}},
    {"return", tk::kw_return, {}}, {"goto", tk::kw_goto, {}}, {"struct", tk::kw_struct, {}},
    {"typedef", tk::kw_typedef, {}}, {"for_each_synapse", tk::kw_for_each_synapse, {}}, {"true", tk::kw_true, {}}, {"false", tk::kw_false, {}},
    // type words: "unsigned", "signed", "long", "short" are modifiers the parser combines
    {"bool", tk::kw_type, base_type::bool_}, {"char", tk::kw_type, base_type::int8},
    {"short", tk::kw_type, base_type::int16}, {"int", tk::kw_type, base_type::int32},
    {"long", tk::kw_type, base_type::int64}, {"signed", tk::kw_type, base_type::void_},
    {"unsigned", tk::kw_type, base_type::void_}, {"float", tk::kw_type, base_type::float_},
    {"double", tk::kw_type, base_type::double_}, {"scalar", tk::kw_type, base_type::scalar},
    {"timepoint", tk::kw_type, base_type::timepoint}, {"int8_t", tk::kw_type, base_type::int8},
    {"uint8_t", tk::kw_type, base_type::uint8}, {"int16_t", tk::kw_type, base_type::int16},
    {"uint16_t", tk::kw_type, base_type::uint16}, {"int32_t", tk::kw_type, base_type::int32},
    {"uint32_t", tk::kw_type, base_type::uint32}, {"int64_t", tk::kw_type, base_type::int64},
    {"uint64_t", tk::kw_type, base_type::uint64}, {"size_t", tk::kw_type, base_type::uint64},
};
/// Punctuators, longest first. Held as characters, not string_views: in g++ every
/// string_view call during constant evaluation (substr, ==) is a memoised call, and
/// matching each token against this table that way was most of a model's compile-time
/// lexing, parsing and checking (benchmarks/results/compile_cost_*).
struct punct {
    char c[3]{};
    std::uint32_t len = 0;
    tk k = tk::end;
    template <std::size_t N>
    constexpr punct(const char (&s)[N], tk kind) : len(N - 1), k(kind) {
        for (std::size_t j = 0; j + 1 < N; ++j) c[j] = s[j];
    }
};
inline constexpr punct puncts[] = {
    {"<<=", tk::shl_assign}, {">>=", tk::shr_assign}, {"+=", tk::plus_assign},
    {"-=", tk::minus_assign}, {"*=", tk::star_assign}, {"/=", tk::slash_assign},
    {"%=", tk::percent_assign}, {"&=", tk::amp_assign}, {"|=", tk::pipe_assign},
    {"^=", tk::caret_assign}, {"++", tk::plus_plus}, {"--", tk::minus_minus},
    {"<=", tk::less_equal}, {">=", tk::greater_equal}, {"==", tk::equal},
    {"!=", tk::not_equal}, {"&&", tk::amp_amp}, {"||", tk::pipe_pipe},
    {"<<", tk::shl}, {">>", tk::shr}, {"(", tk::lparen}, {")", tk::rparen},
    {"{", tk::lbrace}, {"}", tk::rbrace}, {"[", tk::lbracket}, {"]", tk::rbracket},
    {";", tk::semicolon}, {",", tk::comma}, {"?", tk::question}, {":", tk::colon},
    {"=", tk::assign}, {"+", tk::plus}, {"-", tk::minus}, {"*", tk::star},
    {"/", tk::slash}, {"%", tk::percent}, {"&", tk::amp}, {"|", tk::pipe},
    {"^", tk::caret}, {"~", tk::tilde}, {"!", tk::bang}, {"<", tk::less},
    {">", tk::greater}, {".", tk::dot},
};
}  // namespace detail

/// Scans `src` (code field number `field`) and appends tokens to `out[0..cap)`, ending
/// with one `tk::end` token. Returns the number of tokens written, or sets `err`.
constexpr std::uint32_t lex(std::string_view src, std::uint8_t field, token* out,
                            std::uint32_t cap, error& err) {
    using namespace detail;
    std::uint32_t n = 0, i = 0;
    const std::uint32_t size = std::uint32_t(src.size());
    auto fail = [&](error_kind k, std::uint32_t pos, std::uint32_t len) {
        err = error{k, field, pos, len};
        return n;
    };
    auto emit = [&](tk kind, std::uint32_t pos, std::uint32_t len) -> token& {
        token& t = out[n++];
        t = token{};
        t.kind = kind; t.field = field; t.pos = pos; t.len = len;
        return t;
    };
    while (true) {
        if (n + 1 >= cap) return fail(error_kind::too_complex, i, 1);
        // whitespace and comments
        while (i < size) {
            if (is_space(src[i])) { ++i; continue; }
            if (src[i] == '/' && i + 1 < size && src[i + 1] == '/') {
                while (i < size && src[i] != '\n') ++i;
                continue;
            }
            if (src[i] == '/' && i + 1 < size && src[i + 1] == '*') {
                std::uint32_t start = i;
                i += 2;
                while (i + 1 < size && !(src[i] == '*' && src[i + 1] == '/')) ++i;
                if (i + 1 >= size) return fail(error_kind::unterminated_comment, start, 2);
                i += 2;
                continue;
            }
            break;
        }
        if (i >= size) { emit(tk::end, size, 0); return n; }
        const std::uint32_t start = i;
        const char c = src[i];
        if (is_alpha(c)) {
            while (i < size && (is_alpha(src[i]) || is_digit(src[i]))) ++i;
            std::string_view word = src.substr(start, i - start);
            tk kind = tk::identifier;
            base_type bt{};
            for (const auto& kw : keywords)
                // size and first character first: cheap rejections (see `punct`)
                if (kw.text.size() == word.size() && kw.text[0] == c && kw.text == word) {
                    kind = kw.kind; bt = kw.type; break;
                }
            emit(kind, start, i - start).type = type_t{bt};
            continue;
        }
        if (is_digit(c) || (c == '.' && i + 1 < size && is_digit(src[i + 1]))) {
            // hexadecimal integer
            if (c == '0' && i + 1 < size && (src[i + 1] == 'x' || src[i + 1] == 'X')) {
                i += 2;
                std::uint64_t v = 0;
                std::uint32_t digits = 0;
                while (i < size && is_hex(src[i])) {
                    char h = src[i++];
                    int d = is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10;
                    if (v >> 60) return fail(error_kind::malformed_number, start, i - start);
                    v = v * 16 + std::uint64_t(d);
                    ++digits;
                }
                bool is_unsigned = false, is_long = false;
                while (i < size && (src[i] == 'u' || src[i] == 'U' || src[i] == 'l' || src[i] == 'L')) {
                    if (src[i] == 'u' || src[i] == 'U') is_unsigned = true;
                    else is_long = true;
                    ++i;
                }
                // the span takes in the offending character, if any: "0x" at the end of
                // the code has none, and a span past the field would not be in its text
                if (digits == 0 || (i < size && (is_alpha(src[i]) || is_digit(src[i]) || src[i] == '.')))
                    return fail(error_kind::malformed_number, start, i - start + (i < size ? char_length(src, i) : 0));
                token& t = emit(tk::int_literal, start, i - start);
                t.ival = v;
                // C 6.4.4.1: the first of int, unsigned int, long, unsigned long that fits
                t.type = (v <= 0x7fffffffu && !is_unsigned && !is_long) ? t_int
                         : (v <= 0xffffffffu && !is_long) ? t_uint
                         : (v <= 0x7fffffffffffffffu && !is_unsigned) ? t_int64 : t_uint64;
                continue;
            }
            std::uint64_t mant = 0;
            int exp10 = 0, sig = 0;
            bool floating = false;
            auto digit = [&](char d, bool after_point) {
                if (sig < 19) { mant = mant * 10 + std::uint64_t(d - '0'); if (mant) ++sig; if (after_point) --exp10; }
                else if (!after_point) ++exp10;
            };
            while (i < size && is_digit(src[i])) digit(src[i++], false);
            if (i < size && src[i] == '.') {
                floating = true;
                ++i;
                while (i < size && is_digit(src[i])) digit(src[i++], true);
            }
            if (i < size && (src[i] == 'e' || src[i] == 'E')) {
                floating = true;
                ++i;
                int sign = 1, e = 0;
                if (i < size && (src[i] == '+' || src[i] == '-')) { sign = src[i] == '-' ? -1 : 1; ++i; }
                if (i >= size || !is_digit(src[i])) return fail(error_kind::malformed_number, start, i - start);
                while (i < size && is_digit(src[i])) { if (e < 10000) e = e * 10 + (src[i] - '0'); ++i; }
                exp10 += sign * e;
            }
            type_t type = floating ? t_scalar : t_int;
            bool is_unsigned = false, is_long = false;
            while (i < size && (is_alpha(src[i]) || is_digit(src[i]))) {
                char s = src[i] | 0x20;
                if (floating && s == 'f') type = t_float;
                else if (floating && s == 'd') type = t_double;
                else if (!floating && s == 'u') is_unsigned = true;
                else if (!floating && s == 'l') is_long = true;
                else if (!floating && s == 'f') { floating = true; type = t_float; }
                else return fail(error_kind::malformed_number, start, i - start + 1);
                ++i;
            }
            if (i < size && src[i] == '.') return fail(error_kind::malformed_number, start, i - start + 1);
            if (floating) {
                token& t = emit(tk::float_literal, start, i - start);
                t.fval = decimal_to_double(mant, exp10);
                t.type = type;
            } else {
                if (exp10 != 0) return fail(error_kind::malformed_number, start, i - start);
                // no octal: C would read 017 as 15, GeNN rejects it, and so do we
                if (c == '0' && start + 1 < size && is_digit(src[start + 1]))
                    return fail(error_kind::malformed_number, start, i - start);
                token& t = emit(tk::int_literal, start, i - start);
                t.ival = mant;
                // beyond long: unsigned long, as g++ does (C gives such a literal no type)
                if (is_unsigned) t.type = (mant <= 0xffffffffu && !is_long) ? t_uint : t_uint64;
                else t.type = (mant <= 0x7fffffffu && !is_long) ? t_int
                              : mant <= 0x7fffffffffffffffu ? t_int64 : t_uint64;
            }
            continue;
        }
        // punctuation: longest match first
        const char c1 = i + 1 < size ? src[i + 1] : '\0', c2 = i + 2 < size ? src[i + 2] : '\0';
        bool matched = false;
        for (const punct& p : puncts) {
            if (p.c[0] != c || (p.len > 1 && p.c[1] != c1) || (p.len > 2 && p.c[2] != c2)) continue;
            emit(p.k, i, p.len);
            i += p.len;
            matched = true;
            break;
        }
        if (!matched) return fail(error_kind::unexpected_character, i, char_length(src, i));
    }
}

}  // namespace cortexpr::dsl
