// Writing spike trains for other tools: NumPy's .npy format (version 1.0) and CSV.
//
//   cxdemo::write_npy("out/E_times.npy", times);   // std::vector<double> -> float64 [n]
//   cxdemo::write_npy("out/E_ids.npy", ids);       // std::vector<std::uint32_t> -> uint32 [n]
//   cxdemo::write_spikes_csv("out/E_spikes.csv", times, ids);   // "time_ms,id" per spike
//
// An .npy v1.0 file is the 6-byte magic "\x93NUMPY", the version bytes 1 and 0, a
// little-endian uint16 header length, and a Python dict literal (descr, fortran_order,
// shape) padded with spaces and ended by '\n' so that the data starts at a multiple of
// 64 bytes; then the raw little-endian elements. numpy.load reads it; so does anything
// that reads NumPy files (Julia's NPZ, MATLAB's readNPY, ...).
#pragma once
#include <bit>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace cxdemo {

static_assert(std::endian::native == std::endian::little, "write_npy writes the host's bytes and labels them little-endian");

/// NumPy's type string of T ("<f8", "<u4", ...).
template <class T>
constexpr const char* npy_descr() {
    if constexpr (std::is_same_v<T, double>) return "<f8";
    else if constexpr (std::is_same_v<T, float>) return "<f4";
    else if constexpr (std::is_same_v<T, std::uint32_t>) return "<u4";
    else if constexpr (std::is_same_v<T, std::int32_t>) return "<i4";
    else if constexpr (std::is_same_v<T, std::uint64_t>) return "<u8";
    else if constexpr (std::is_same_v<T, std::int64_t>) return "<i8";
    else static_assert(!sizeof(T), "npy_descr: unsupported element type");
}

/// The complete .npy v1.0 header (magic, version, length, dict) of a 1-d array of n T.
template <class T>
std::string npy_header(std::size_t n) {
    std::string dict = std::string("{'descr': '") + npy_descr<T>() + "', 'fortran_order': False, 'shape': (" +
                       std::to_string(n) + ",), }";
    const std::size_t unpadded = 10 + dict.size() + 1;  // magic 6 + version 2 + length 2, dict, '\n'
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict.push_back('\n');
    if (dict.size() > 0xffff) throw std::length_error("npy_header: header too long for format 1.0");
    std::string h = "\x93NUMPY";
    h.push_back('\x01');
    h.push_back('\x00');
    h.push_back(char(dict.size() & 0xff));
    h.push_back(char(dict.size() >> 8));
    return h + dict;
}

/// Writes `values` as a 1-d .npy array; throws std::runtime_error naming the file on failure.
template <class T>
void write_npy(const std::filesystem::path& file, const std::vector<T>& values) {
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + file.string());
    const std::string h = npy_header<T>(values.size());
    bool ok = std::fwrite(h.data(), 1, h.size(), f) == h.size();
    if (!values.empty()) ok = ok && std::fwrite(values.data(), sizeof(T), values.size(), f) == values.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) throw std::runtime_error("error while writing " + file.string());
}

/// Appends printf-style formatted text to `out` (format checked by the compiler).
[[gnu::format(printf, 2, 3)]] inline void append_format(std::string& out, const char* format, ...) {
    std::va_list args, again;
    va_start(args, format);
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, format, args);
    va_end(args);
    if (n > 0) {
        const std::size_t at = out.size();
        out.resize(at + std::size_t(n) + 1);
        std::vsnprintf(out.data() + at, std::size_t(n) + 1, format, again);
        out.resize(at + std::size_t(n));
    }
    va_end(again);
}

/// Writes spikes as CSV with a header line "time_ms,id", one spike per line.
inline void write_spikes_csv(const std::filesystem::path& file, const std::vector<double>& times,
                             const std::vector<std::uint32_t>& ids) {
    std::FILE* f = std::fopen(file.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + file.string());
    bool ok = std::fputs("time_ms,id\n", f) >= 0;
    for (std::size_t k = 0; k < times.size() && ok; ++k) ok = std::fprintf(f, "%.4f,%u\n", times[k], unsigned(ids[k])) > 0;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) throw std::runtime_error("error while writing " + file.string());
}

}  // namespace cxdemo
