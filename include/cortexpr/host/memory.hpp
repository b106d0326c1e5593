// Host memory a large allocation may take, checked before the allocation is made.
//
// Linux overcommits: a request larger than what is left can succeed, and the process is
// then killed while the zero-fill touches the pages (no std::bad_alloc to catch). Under
// AddressSanitizer a failed operator new aborts instead of throwing. So a request of
// `check_threshold` bytes or more is compared with what the system says is available
// (MemAvailable + SwapFree of /proc/meminfo, and the cgroup v2 limit when there is one)
// and refused as a cortexpr::error naming the group and the array. Smaller requests are
// not checked (no cost for ordinary groups); where /proc is not readable nothing is.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "../base/error.hpp"

namespace cortexpr::detail {

/// Bytes of host memory that a new allocation can still get, or SIZE_MAX when unknown.
inline std::size_t available_host_bytes() {
    std::size_t avail = SIZE_MAX;
#if defined(__linux__)
    if (std::FILE* f = std::fopen("/proc/meminfo", "r")) {
        char line[256];
        unsigned long long mem = 0, swap = 0;
        bool have_mem = false;
        while (std::fgets(line, sizeof line, f)) {
            unsigned long long kb = 0;
            if (std::sscanf(line, "MemAvailable: %llu kB", &kb) == 1) { mem = kb; have_mem = true; }
            else if (std::sscanf(line, "SwapFree: %llu kB", &kb) == 1) swap = kb;
        }
        std::fclose(f);
        if (have_mem) avail = std::size_t((mem + swap) * 1024ull);
    }
    // cgroup v2: a container's limit may be far below the host's free memory
    auto read_u64 = [](const char* path, unsigned long long& v) {
        std::FILE* f = std::fopen(path, "r");
        if (!f) return false;
        const bool ok = std::fscanf(f, "%llu", &v) == 1;  // "max" (no limit) does not parse
        std::fclose(f);
        return ok;
    };
    unsigned long long limit = 0, used = 0;
    if (read_u64("/sys/fs/cgroup/memory.max", limit) && read_u64("/sys/fs/cgroup/memory.current", used))
        avail = std::min<std::size_t>(avail, limit > used ? std::size_t(limit - used) : 0);
#endif
    return avail;
}

/// Allocations from this size on are compared with the available memory.
inline constexpr std::size_t check_threshold = std::size_t(256) << 20;  // [bytes]

/// Throws cortexpr::error(group, field) when `bytes` cannot be had.
inline void check_host_memory(std::size_t bytes, std::string_view group, std::string_view field) {
    if (bytes < check_threshold) return;
    const std::size_t avail = available_host_bytes();
    if (bytes > avail)
        fail(group, field, "out of host memory allocating ", bytes, " bytes (", avail, " bytes available)");
}

}  // namespace cortexpr::detail
