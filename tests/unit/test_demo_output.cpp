// The demo's output helpers (examples/support/): the .npy v1.0 writer against the format
// (magic, version, header length, 64-byte alignment, dict, data), the CSV writer, and the
// progress report's plain lines (one per tenth of the run, none repeated).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include "../../examples/support/progress.hpp"
#include "../../examples/support/spike_files.hpp"

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("cortexpr_test_demo_output_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("npy: v1.0 header, aligned, little-endian data", "[examples][demo]") {
    for (std::size_t n : {0u, 1u, 7u, 123456u}) {
        const std::string h = cxdemo::npy_header<double>(n);
        INFO("n = " << n << ", header " << h);
        REQUIRE(h.size() % 64 == 0);
        CHECK(h.compare(0, 6, "\x93NUMPY") == 0);
        CHECK(h[6] == '\x01');
        CHECK(h[7] == '\x00');
        const std::size_t len = std::size_t(std::uint8_t(h[8])) | std::size_t(std::uint8_t(h[9])) << 8;
        CHECK(len + 10 == h.size());
        CHECK(h.back() == '\n');
        CHECK(h.find("'descr': '<f8'") != std::string::npos);
        CHECK(h.find("'fortran_order': False") != std::string::npos);
        CHECK(h.find("'shape': (" + std::to_string(n) + ",)") != std::string::npos);
    }
    CHECK(cxdemo::npy_header<std::uint32_t>(3).find("'<u4'") != std::string::npos);

    const auto dir = temp_dir();
    const std::vector<double> t{0.0, 1.5, 1999.0};
    const std::vector<std::uint32_t> ids{3, 0, 4000000000u};
    cxdemo::write_npy(dir / "t.npy", t);
    cxdemo::write_npy(dir / "i.npy", ids);
    const std::string ft = read_all(dir / "t.npy"), fi = read_all(dir / "i.npy");
    const std::size_t ht = cxdemo::npy_header<double>(3).size(), hi = cxdemo::npy_header<std::uint32_t>(3).size();
    REQUIRE(ft.size() == ht + 3 * 8);
    REQUIRE(fi.size() == hi + 3 * 4);
    CHECK(ft.compare(0, ht, cxdemo::npy_header<double>(3)) == 0);
    double back_t[3];
    std::uint32_t back_i[3];
    std::memcpy(back_t, ft.data() + ht, sizeof back_t);
    std::memcpy(back_i, fi.data() + hi, sizeof back_i);
    CHECK(back_t[1] == 1.5);
    CHECK(back_t[2] == 1999.0);
    CHECK(back_i[2] == 4000000000u);
    CHECK((unsigned char)fi[hi] == 3);  // little-endian

    cxdemo::write_spikes_csv(dir / "s.csv", t, ids);
    CHECK(read_all(dir / "s.csv") == "time_ms,id\n0.0000,3\n1.5000,0\n1999.0000,4000000000\n");
    CHECK_THROWS(cxdemo::write_npy(dir / "no_such_dir" / "x.npy", t));
    std::filesystem::remove_all(dir);
}

TEST_CASE("progress: plain lines at every tenth, the last one once", "[examples][demo]") {
    const auto dir = temp_dir();
    const auto file = dir / "progress.txt";
    std::FILE* f = std::fopen(file.c_str(), "w");
    REQUIRE(f);
    {
        cxdemo::progress report(1000, 0.1, cxdemo::progress::style::automatic, f);  // a file: lines
        for (std::uint64_t done = 10; done <= 1000; done += 10) report.update(done);
        report.finish(1000);
    }
    std::fclose(f);
    const std::string text = read_all(file);
    std::size_t lines = 0;
    for (char c : text) lines += c == '\n';
    CHECK(lines == 10);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find("progress: 100%  100.0 / 100.0 ms simulated") != std::string::npos);
    CHECK(text.find("progress:  50%  50.0 / 100.0 ms simulated") != std::string::npos);

    // An early stop still reports where the run ended.
    f = std::fopen(file.c_str(), "w");
    {
        cxdemo::progress report(1000, 0.1, cxdemo::progress::style::lines, f);
        for (std::uint64_t done = 10; done <= 250; done += 10) report.update(done);
        report.finish(250);
    }
    std::fclose(f);
    const std::string stopped = read_all(file);
    CHECK(stopped.find("progress:  25%  25.0 / 100.0 ms simulated") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("progress: the terminal bar redraws one line under 80 columns", "[examples][demo]") {
    const auto dir = temp_dir();
    const auto file = dir / "bar.txt";
    std::FILE* f = std::fopen(file.c_str(), "w");
    REQUIRE(f);
    {
        cxdemo::progress report(100000, 0.1, cxdemo::progress::style::bar, f);
        report.update(50000);   // the first update draws (no earlier draw to throttle against)
        report.finish(100000);
    }
    std::fclose(f);
    const std::string text = read_all(file);
    CHECK(text.find('\r') == 0);
    CHECK(text.find("\033[K") != std::string::npos);  // erase the rest of the line
    CHECK(text.find("[##########..........]  50%") != std::string::npos);
    CHECK(text.find("[####################] 100%  10000.0/10000.0 ms") != std::string::npos);
    CHECK(text.back() == '\n');
    std::string shown = text;  // what the terminal shows: without the escape sequences
    for (std::size_t at; (at = shown.find("\033[K")) != std::string::npos;) shown.erase(at, 3);
    std::size_t longest = 0, start = 0;
    for (std::size_t k = 0; k <= shown.size(); ++k)
        if (k == shown.size() || shown[k] == '\r' || shown[k] == '\n') longest = std::max(longest, k - start), start = k + 1;
    CHECK(longest < 80);  // 10^4 ms and (here) millions of steps per second
    std::filesystem::remove_all(dir);
}

TEST_CASE("append_format: printf into a growing string", "[examples][demo]") {
    std::string s = "a";
    cxdemo::append_format(s, "%s=%d;", "x", 42);
    cxdemo::append_format(s, "%.2f", 1.0 / 3.0);
    cxdemo::append_format(s, "%s", std::string(1000, 'z').c_str());  // longer than any fixed buffer
    CHECK(s.substr(0, 12) == "ax=42;0.33zz");
    CHECK(s.size() == 10 + 1000);
}
