// libFuzzer target: the checkpoint loader (runtime/checkpoint.hpp: header, hash, layout,
// sections, index checks, staging and commit) on a fixed set of sections shaped like a
// small network's: fixed-size parameters and variables, spike queues and counts whose
// entries must stay below the population size, 1-, 2- and 4-byte connectivity indices,
// row lengths at most the row capacity, and resizable arrays (an EGP, a recording) whose
// element counts set a count field. (The loader, not a whole simulation: clang 14, which
// libFuzzer needs, does not compile the engine; tests/unit/test_checkpoint.cpp covers
// loading into real simulations.)
//
// The input is a checkpoint *payload*: the target wraps it in a file header with the
// right hash so that the search explores the payload's checks instead of stopping at the
// hash; a first byte 'R' passes the rest through raw, header included. Checked on every
// input, beyond "no crash, no undefined behaviour" (ASan/UBSan): a failed load changes
// nothing; a successful one leaves every index in range and every count field equal to
// its array's entries; saving the loaded state gives back the same payload.
//
//   bash fuzz/run.sh checkpoint 600
//   CORTEXPR_FUZZ_SEED=fuzz/corpus/checkpoint/valid fuzz/build/fuzz_checkpoint -runs=0
//     (writes the seed: the payload of a consistent state)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <cortexpr/runtime/checkpoint.hpp>

namespace ck = cortexpr::detail::checkpoint;
using cortexpr::detail::buffer;

namespace {

constexpr std::uint32_t n_pop = 40, n_pre = 20, stride = 6;
const std::string layout = "population P LIF n=40 queue=3\nsynapses G StaticPulse/ExpCurr matrix=1 pre=20 post=40\nscalar=4 time=8 batch=2 dt=0.1\n";

/// The state the loader fills: one of each kind of section.
struct state {
    std::array<double, 3> params{1.0, 2.0, 3.0};
    buffer v, spikes, spike_count, rec, egp, ind8, ind16, ind32;
    std::vector<std::uint32_t> row_length = std::vector<std::uint32_t>(n_pre, 0);
    std::uint32_t rec_steps = 0, egp_size = 0;

    state() {
        v.allocate<float>(2 * n_pop, "P", "V");
        spikes.allocate<std::uint32_t>(2 * 3 * n_pop, "P", "spikes");
        spike_count.allocate<std::uint32_t>(2 * 3, "P", "spike_count");
        ind8.allocate(n_pre * stride, 1, "G", "ind8");
        ind16.allocate(n_pre * stride, 2, "G", "ind16");
        ind32.allocate(n_pre * stride, 4, "G", "ind32");
    }
    std::vector<ck::section> sections() {
        return {
            {.name = "P.params", .elem = 8, .data = params.data(), .bytes = sizeof params},
            {.name = "P.var.V", .buf = &v, .elem = 4},
            {.name = "P.spikes", .buf = &spikes, .elem = 4, .check = ck::check_below, .limit = n_pop},
            {.name = "P.spike_count", .buf = &spike_count, .elem = 4, .check = ck::check_at_most, .limit = n_pop},
            {.name = "P.recording", .buf = &rec, .elem = 4, .resizable = true, .count_field = &rec_steps, .per = 2 * 2},
            {.name = "P.egp.spikeTimes", .buf = &egp, .elem = 4, .resizable = true, .count_field = &egp_size},
            {.name = "G.row_length", .elem = 4, .data = row_length.data(), .bytes = row_length.size() * 4,
             .check = ck::check_at_most, .limit = stride},
            {.name = "G.ind8", .buf = &ind8, .elem = 1, .check = ck::check_below, .limit = n_pop},
            {.name = "G.ind16", .buf = &ind16, .elem = 2, .check = ck::check_below, .limit = n_pop},
            {.name = "G.ind32", .buf = &ind32, .elem = 4, .check = ck::check_below, .limit = n_pop},
        };
    }
    /// Everything that must hold after a successful load.
    void check_invariants() const {
        for (std::size_t k = 0; k < spikes.count(); ++k)
            if (spikes.data<std::uint32_t>()[k] >= n_pop) std::abort();
        for (std::size_t k = 0; k < spike_count.count(); ++k)
            if (spike_count.data<std::uint32_t>()[k] > n_pop) std::abort();
        for (auto l : row_length) if (l > stride) std::abort();
        for (std::size_t k = 0; k < n_pre * stride; ++k)
            if (ind8.data<std::uint8_t>()[k] >= n_pop || ind16.data<std::uint16_t>()[k] >= n_pop || ind32.data<std::uint32_t>()[k] >= n_pop)
                std::abort();
        if (rec.count() != std::size_t(rec_steps) * 4 || egp.count() != egp_size) std::abort();
    }
};

std::vector<unsigned char> read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

constexpr std::size_t header_bytes = sizeof ck::magic + 4 + 8 + 8;

std::vector<unsigned char> saved(state& s, const char* path) {
    ck::save(path, {layout, 7, 3, 3}, s.sections());
    return read_all(path);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* seed = std::getenv("CORTEXPR_FUZZ_SEED")) {
        state s;
        for (std::uint32_t k = 0; k < n_pre; ++k) s.row_length[k] = k % (stride + 1);
        s.rec.allocate<std::uint32_t>(8, "P", "recording");
        s.rec_steps = 2;
        s.egp.allocate<float>(3, "P", "spikeTimes");
        s.egp_size = 3;
        const auto bytes = saved(s, "fuzz_checkpoint_seed.tmp");
        std::remove("fuzz_checkpoint_seed.tmp");
        std::ofstream(seed, std::ios::binary).write((const char*)bytes.data() + header_bytes, std::streamsize(bytes.size() - header_bytes));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > (1u << 16)) return -1;
    std::vector<unsigned char> file;
    if (size > 0 && data[0] == 'R') {
        file.assign(data + 1, data + size);
    } else {
        file.assign(ck::magic, ck::magic + sizeof ck::magic);
        auto put = [&](const void* p, std::size_t k) { file.insert(file.end(), (const unsigned char*)p, (const unsigned char*)p + k); };
        const std::uint64_t n = size, hash = ck::fnv1a(data, size);
        put(&ck::format_version, 4);
        put(&n, 8);
        put(&hash, 8);
        put(data, size);
    }
    state s;
    const auto before = saved(s, "fuzz_checkpoint_a.tmp");
    auto sections = s.sections();
    try {
        ck::load_bytes(file.data(), file.size(), "fuzz input", layout, sections);
    } catch (const cortexpr::error&) {
        if (saved(s, "fuzz_checkpoint_a.tmp") != before) {
            std::fprintf(stderr, "a failed load changed the state\n");
            std::abort();
        }
        return 0;
    }
    s.check_invariants();
    // the loaded state saves back to as many bytes (the header's step and seeds aside, the same layout)
    const auto after = saved(s, "fuzz_checkpoint_a.tmp");
    if (after.size() != file.size()) {
        std::fprintf(stderr, "the loaded state saves to %zu bytes, the input had %zu\n", after.size(), file.size());
        std::abort();
    }
    return 0;
}
