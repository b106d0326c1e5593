// Checkpoints: the whole state of a simulation in one file, restored into a freshly
// constructed simulation of the same network (sim.save_checkpoint / load_checkpoint).
//
// File: 16-byte magic, u32 format version, u64 payload size, u64 FNV-1a hash of the
// payload, payload. Payload: the layout (one line per part: kind, name, model, sizes;
// then precision, batch and dt), the time step and the two seeds, then sections
// (name, element count, element size, bytes) in a fixed order: every variable,
// parameter, derived parameter and extra global parameter, spike queues and spike
// times, the recording, inSyn, dendritic and reverse rings, spike-like event queues
// and the connectivity (row lengths, indices, bitmasks, column lists).
//
// Loading accepts regular files only, reads the fixed header first and then exactly the
// payload it announces (when the file has that size), checks magic, version, size and
// hash (truncated or corrupted: rejected), compares the layout line by line (another network, size or
// precision: rejected, naming the first difference), checks every section's name and
// size and the indices in it (spike ids, row lengths, postsynaptic indices, column
// entries in range), allocates the arrays whose size may change (recording, extra
// global parameters) — and only then copies, so a failed load leaves the simulation as
// it was. The RNG has no state besides (seed, time step): restoring those restores its
// position.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "../host/buffer.hpp"
#include "../base/error.hpp"

namespace cortexpr::detail::checkpoint {

inline constexpr char magic[16] = {'C', 'O', 'R', 'T', 'E', 'X', 'P', 'R', '-', 'C', 'K', 'P', 'T', 0, 0, 1};
inline constexpr std::uint32_t format_version = 1;

/// Size of the fixed file header: magic, format version, payload size, payload hash.
inline constexpr std::size_t header_bytes = sizeof magic + sizeof format_version + 2 * sizeof(std::uint64_t);

inline std::uint64_t fnv1a(const unsigned char* p, std::size_t n) {
    std::uint64_t h = 1469598103934665603ull;
    for (std::size_t k = 0; k < n; ++k) h = (h ^ p[k]) * 1099511628211ull;
    return h;
}

/// One piece of state. `buf` set: a buffer, which a load may reallocate when `resizable`
/// (then `count_field`, when set, becomes the element count / `per`). Otherwise
/// `data`/`bytes`: a fixed-size field. `check(data, count, elem, limit)` validates loaded
/// contents (indices in range) and returns an empty string or what is wrong.
struct section {
    std::string name;
    buffer* buf = nullptr;
    std::size_t elem = 1;
    bool resizable = false;
    std::uint32_t* count_field = nullptr;
    std::uint64_t per = 1;
    void* data = nullptr;
    std::size_t bytes = 0;
    std::string (*check)(const void* data, std::size_t count, std::size_t elem, std::uint64_t limit) = nullptr;
    std::uint64_t limit = 0;

    std::size_t count() const { return buf ? buf->count() : bytes / elem; }
    const void* ptr() const { return buf ? buf->raw() : data; }
};

/// Entry k of an array of 1-, 2- or 4-byte unsigned integers.
inline std::uint64_t entry(const void* data, std::size_t elem, std::size_t k) {
    const auto* b = static_cast<const unsigned char*>(data) + k * elem;
    if (elem == 1) return b[0];
    if (elem == 2) { std::uint16_t v; std::memcpy(&v, b, 2); return v; }
    std::uint32_t v;
    std::memcpy(&v, b, 4);
    return v;
}
/// Entries (spike ids, indices) below `limit`.
inline std::string check_below(const void* data, std::size_t count, std::size_t elem, std::uint64_t limit) {
    for (std::size_t k = 0; k < count; ++k)
        if (const auto v = entry(data, elem, k); v >= limit)
            return "entry " + std::to_string(k) + " is " + std::to_string(v) + ", not below " + std::to_string(limit);
    return {};
}
/// Entries (counts, row lengths) at most `limit`.
inline std::string check_at_most(const void* data, std::size_t count, std::size_t elem, std::uint64_t limit) {
    for (std::size_t k = 0; k < count; ++k)
        if (const auto v = entry(data, elem, k); v > limit)
            return "entry " + std::to_string(k) + " is " + std::to_string(v) + ", more than " + std::to_string(limit);
    return {};
}

class writer {
public:
    void raw(const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        out_.insert(out_.end(), b, b + n);
    }
    void u64(std::uint64_t v) { raw(&v, sizeof v); }
    void str(std::string_view s) { u64(s.size()); raw(s.data(), s.size()); }
    const std::vector<unsigned char>& bytes() const { return out_; }
    std::vector<unsigned char> take() { return std::move(out_); }

private:
    std::vector<unsigned char> out_;
};

class reader {
public:
    reader(const unsigned char* p, std::size_t n, std::string path) : p_(p), left_(n), path_(std::move(path)) {}
    const unsigned char* raw(std::size_t n, std::string_view what) {
        if (n > left_) fail("checkpoint", path_, "truncated: ", what, " needs ", n, " bytes, ", left_, " left");
        const unsigned char* r = p_;
        p_ += n;
        left_ -= n;
        return r;
    }
    std::uint64_t u64(std::string_view what) {
        std::uint64_t v;
        std::memcpy(&v, raw(sizeof v, what), sizeof v);
        return v;
    }
    std::string str(std::string_view what) {
        const std::uint64_t n = u64(what);
        const unsigned char* s = raw(n, what);
        return std::string(reinterpret_cast<const char*>(s), n);
    }
    std::size_t left() const { return left_; }

private:
    const unsigned char* p_;
    std::size_t left_;
    std::string path_;
};

struct header {
    std::string layout;
    std::uint64_t timestep = 0, seed = 0, connectivity_seed = 0;
};

/// A whole checkpoint in memory: the fixed header (magic, version, payload size, payload
/// hash), then the payload. save() writes these bytes to a file; an in-memory snapshot
/// (runtime/snapshot.hpp) keeps them.
inline std::vector<unsigned char> encode(const header& h, const std::vector<section>& sections);

inline void save(const std::string& path, const header& h, const std::vector<section>& sections) {
    const std::vector<unsigned char> bytes = encode(h, sections);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) fail("checkpoint", path, "cannot open for writing");
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    f.flush();
    if (!f) fail("checkpoint", path, "write failed (disk full?)");
}

/// The first line where two layouts differ, for the error message.
inline std::string first_difference(const std::string& saved, const std::string& here) {
    std::size_t a = 0, b = 0;
    while (a < saved.size() || b < here.size()) {
        const std::size_t ea = std::min(saved.find('\n', a), saved.size()), eb = std::min(here.find('\n', b), here.size());
        const std::string_view la(saved.data() + a, ea - a), lb(here.data() + b, eb - b);
        if (la != lb)
            return "the checkpoint has '" + std::string(la.empty() ? "(nothing)" : la) + "' where this simulation has '" +
                   std::string(lb.empty() ? "(nothing)" : lb) + "'";
        a = ea + 1;
        b = eb + 1;
    }
    return "layouts differ";
}

/// Reads and checks a whole checkpoint against `expected` and `sections`, then (only if
/// everything is valid) copies it in and returns its header.
inline header load_bytes(const unsigned char* data, std::size_t n, const std::string& path, const std::string& expected_layout,
                         std::vector<section>& sections);


/// Reads a checkpoint file: a regular file only (a directory, a device such as
/// /dev/zero or a pipe is refused by name before anything is read), its fixed header
/// first, then exactly the payload the header announces if the file has that size —
/// never more, so a foreign file cannot make the load read or allocate without bound.
inline header load(const std::string& path, const std::string& expected_layout, std::vector<section>& sections) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) fail("checkpoint", path, "cannot open for reading (", ec ? ec.message() : "no such file", ")");
    if (fs::is_directory(st)) fail("checkpoint", path, "is a directory, not a checkpoint file");
    if (!fs::is_regular_file(st)) fail("checkpoint", path, "is not a regular file (a device, pipe or socket), not a checkpoint file");
    const std::uintmax_t file_size = fs::file_size(path, ec);
    if (ec) fail("checkpoint", path, "cannot read its size (", ec.message(), ")");
    std::ifstream f(path, std::ios::binary);
    if (!f) fail("checkpoint", path, "cannot open for reading");
    std::vector<unsigned char> bytes(header_bytes);
    if (file_size < header_bytes || !f.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(header_bytes)))
        fail("checkpoint", path, "truncated: ", file_size, " bytes, shorter than the ", header_bytes, "-byte header");
    if (std::memcmp(bytes.data(), magic, sizeof magic) != 0) fail("checkpoint", path, "not a cortexpr checkpoint (bad magic)");
    std::uint64_t size;
    std::memcpy(&size, bytes.data() + sizeof magic + sizeof format_version, sizeof size);
    // the header's payload size must be what the file holds: checked before the payload
    // is allocated or read
    if (size != file_size - header_bytes)
        fail("checkpoint", path, "truncated or padded: payload of ", file_size - header_bytes, " bytes, header says ", size);
    try {
        bytes.resize(header_bytes + std::size_t(size));
    } catch (const std::exception&) {
        fail("checkpoint", path, "out of host memory reading a payload of ", size, " bytes");
    }
    if (size && !f.read(reinterpret_cast<char*>(bytes.data() + header_bytes), std::streamsize(size)))
        fail("checkpoint", path, "read failed after ", f.gcount(), " of ", size, " payload bytes");
    return load_bytes(bytes.data(), bytes.size(), path, expected_layout, sections);
}

inline std::vector<unsigned char> encode(const header& h, const std::vector<section>& sections) {
    writer w;
    // the fixed header first, its size and hash filled in once the payload is written:
    // one buffer, no second copy of the payload
    w.raw(magic, sizeof magic);
    w.raw(&format_version, sizeof format_version);
    w.u64(0);
    w.u64(0);
    w.str(h.layout);
    w.u64(h.timestep);
    w.u64(h.seed);
    w.u64(h.connectivity_seed);
    w.u64(sections.size());
    for (const auto& s : sections) {
        w.str(s.name);
        w.u64(s.count());
        w.u64(s.elem);
        w.raw(s.ptr(), s.count() * s.elem);
    }
    std::vector<unsigned char> out = w.take();
    const std::uint64_t size = out.size() - header_bytes, hash = fnv1a(out.data() + header_bytes, size);
    std::memcpy(out.data() + sizeof magic + sizeof format_version, &size, sizeof size);
    std::memcpy(out.data() + sizeof magic + sizeof format_version + sizeof size, &hash, sizeof hash);
    return out;
}

/// load() on bytes in memory (`path` names them in messages): the checkpoint fuzzer's
/// entry, and the restore of an in-memory snapshot.
inline header load_bytes(const unsigned char* data, std::size_t n_bytes, const std::string& path, const std::string& expected_layout,
                         std::vector<section>& sections) {
    reader top(data, n_bytes, path);
    const unsigned char* m = top.raw(sizeof magic, "the file header");
    if (std::memcmp(m, magic, sizeof magic) != 0) fail("checkpoint", path, "not a cortexpr checkpoint (bad magic)");
    std::uint32_t version;
    std::memcpy(&version, top.raw(sizeof version, "the format version"), sizeof version);
    if (version != format_version) fail("checkpoint", path, "format version ", version, ", this build reads ", format_version);
    const std::uint64_t size = top.u64("the payload size"), hash = top.u64("the payload hash");
    if (size != top.left()) fail("checkpoint", path, "truncated or padded: payload of ", top.left(), " bytes, header says ", size);
    const unsigned char* payload = top.raw(size, "the payload");
    if (fnv1a(payload, size) != hash) fail("checkpoint", path, "corrupted: the payload's hash does not match");

    reader r(payload, size, path);
    header h;
    h.layout = r.str("the layout");
    if (h.layout != expected_layout)
        fail("checkpoint", path, "saved from another network, size, precision or connectivity (connectivity_seed): ", first_difference(h.layout, expected_layout));
    h.timestep = r.u64("the time step");
    h.seed = r.u64("the seed");
    h.connectivity_seed = r.u64("the connectivity seed");
    const std::uint64_t n = r.u64("the section count");
    if (n != sections.size()) fail("checkpoint", path, n, " sections, this simulation has ", sections.size());

    struct staged { const unsigned char* bytes; std::size_t count; buffer fresh; };
    std::vector<staged> stage(sections.size());
    for (std::size_t k = 0; k < sections.size(); ++k) {
        auto& s = sections[k];
        const std::string name = r.str("a section name");
        if (name != s.name) fail("checkpoint", path, "section ", k, " is '", name, "', expected '", s.name, "'");
        const std::uint64_t count = r.u64(s.name), elem = r.u64(s.name);
        if (elem != s.elem) fail("checkpoint", path, s.name, ": elements of ", elem, " bytes, expected ", s.elem);
        if (count > size / (elem ? elem : 1)) fail("checkpoint", path, s.name, ": ", count, " elements cannot fit in the file");
        if (!s.resizable && count != s.count())
            fail("checkpoint", path, s.name, ": ", count, " elements in the checkpoint, ", s.count(),
                 " here (connectivity differs: construct with the checkpoint's connectivity_seed)");
        if (s.count_field && s.per == 0) fail("checkpoint", path, s.name, ": no elements per entry");
        if (s.count_field && (count % s.per != 0 || count / s.per > 0xffffffffu))
            fail("checkpoint", path, s.name, ": ", count, " elements is not a whole number (< 2^32) of ", s.per);
        const unsigned char* bytes = r.raw(count * elem, s.name);
        if (s.check)
            if (std::string what = s.check(bytes, count, elem, s.limit); !what.empty()) fail("checkpoint", path, s.name, ": ", what);
        stage[k].bytes = bytes;
        stage[k].count = count;
    }
    if (r.left() != 0) fail("checkpoint", path, r.left(), " bytes after the last section");
    // allocations that may fail, before anything is changed
    for (std::size_t k = 0; k < sections.size(); ++k)
        if (sections[k].resizable && stage[k].count != sections[k].count())
            stage[k].fresh.allocate(stage[k].count, sections[k].elem, "checkpoint", sections[k].name);
    // commit: nothing below throws
    for (std::size_t k = 0; k < sections.size(); ++k) {
        auto& s = sections[k];
        if (s.resizable && stage[k].count != s.count()) *s.buf = std::move(stage[k].fresh);
        if (s.count_field) *s.count_field = std::uint32_t(stage[k].count / s.per);
        void* dst = s.buf ? s.buf->raw() : s.data;
        if (stage[k].count) std::memcpy(dst, stage[k].bytes, stage[k].count * s.elem);
    }
    return h;
}

}  // namespace cortexpr::detail::checkpoint
