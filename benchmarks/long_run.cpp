// Long-run check (issue 6, part 7): Vogels–Abbott runs for 10^6 steps and neither its
// memory nor its time per step may drift.
//
//   long_run [N=1000] [steps=1000000] [threads=1] [--seed S]
//
// Every 10^4 steps (an observer of sim.run) it prints one JSON line: the chunk, steps
// done, biological time, microseconds per step in this chunk, current and peak RSS,
// and the excitatory rate over the chunk (decoded from a 10^4-step circular spike
// recording, so the recording is exercised too). The last line is the verdict:
//   memory   RSS after the last chunk minus RSS after the first chunk < 4 MiB (the
//            network's state is allocated before the first chunk; nothing may grow)
//   time     median CPU µs/step of the last tenth of the chunks / that of the first
//            tenth within [0.8, 1.25] (CPU time and medians: the machine may be shared;
//            the wall-clock ratio is printed too)
//   activity the rate of the last tenth within a factor 2 of the first tenth's
// Exit status 0 when all three hold.
#include <cortexpr/cortexpr.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../examples/networks/vogels_abbott.hpp"

namespace {

double rss_mb() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}
double peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;  // Linux: kB
}
/// CPU seconds of this process: unlike wall time, not stretched when the machine is shared.
double cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::uint32_t n = 1000;
    std::uint64_t steps = 1000000;
    int threads = 1;
    std::uint64_t seed = 1;
    int pos = 0;
    for (int k = 1; k < argc; ++k) {
        if (!std::strcmp(argv[k], "--seed") && k + 1 < argc) { seed = std::strtoull(argv[++k], nullptr, 10); continue; }
        if (pos == 0) n = std::uint32_t(std::strtoul(argv[k], nullptr, 10));
        else if (pos == 1) steps = std::strtoull(argv[k], nullptr, 10);
        else if (pos == 2) threads = std::atoi(argv[k]);
        ++pos;
    }
    const std::uint64_t every = 10000;
    const double dt = cxnet::vogels_abbott::dt;
    const std::uint32_t n_exc = std::uint32_t(std::uint64_t(n) * 4 / 5);

    const auto t_init = std::chrono::steady_clock::now();
    auto sim = cx::simulate<cx::cpu>(cxnet::make_vogels_abbott(n), {.dt = dt, .seed = seed, .threads = threads});
    sim.record_spikes<"E">(std::uint32_t(every));
    const double init_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_init).count();
    std::printf("{\"bench\":\"long_run\",\"network\":\"vogels_abbott\",\"n\":%u,\"steps\":%llu,\"threads\":%d,\"dt_ms\":%g,"
                "\"seed\":%llu,\"init_s\":%.3f,\"rss_mb\":%.2f}\n",
                n, (unsigned long long)steps, threads, dt, (unsigned long long)seed, init_s, rss_mb());

    std::vector<double> us, cpu_us, rss, rate;
    auto last = std::chrono::steady_clock::now();
    double last_cpu = cpu_s();
    sim.run(double(steps) * dt, every, [&](auto& s) {
        const auto now = std::chrono::steady_clock::now();
        const double chunk_us = std::chrono::duration<double, std::micro>(now - last).count() / double(every);
        const double chunk_cpu_us = (cpu_s() - last_cpu) * 1e6 / double(every);
        const auto tr = s.template spikes<"E">();
        const double hz = double(tr.ids.size()) / double(n_exc) / (double(every) * dt * 1e-3);
        us.push_back(chunk_us);
        cpu_us.push_back(chunk_cpu_us);
        rss.push_back(rss_mb());
        rate.push_back(hz);
        std::printf("{\"chunk\":%zu,\"steps_done\":%llu,\"t_s\":%.1f,\"us_per_step\":%.3f,\"cpu_us_per_step\":%.3f,\"rss_mb\":%.2f,\"peak_rss_mb\":%.2f,"
                    "\"rate_e_hz\":%.3f}\n",
                    us.size(), (unsigned long long)s.timestep(), double(s.timestep()) * dt * 1e-3, chunk_us, chunk_cpu_us, rss.back(),
                    peak_rss_mb(), hz);
        std::fflush(stdout);
        last = std::chrono::steady_clock::now();  // the decode above is not the step's time
        last_cpu = cpu_s();
    });

    const std::size_t tenth = std::max<std::size_t>(1, us.size() / 10);
    auto slice = [&](const std::vector<double>& v, bool first) {
        return first ? std::vector<double>(v.begin(), v.begin() + std::ptrdiff_t(tenth))
                     : std::vector<double>(v.end() - std::ptrdiff_t(tenth), v.end());
    };
    const double growth_mb = rss.empty() ? 0.0 : rss.back() - rss.front();
    const double time_ratio = median(slice(cpu_us, false)) / median(slice(cpu_us, true));
    const double wall_ratio = median(slice(us, false)) / median(slice(us, true));
    const double rate_ratio = median(slice(rate, false)) / median(slice(rate, true));
    const bool mem_ok = growth_mb < 4.0, time_ok = time_ratio >= 0.8 && time_ratio <= 1.25,
               act_ok = rate_ratio >= 0.5 && rate_ratio <= 2.0;
    std::printf("{\"verdict\":\"%s\",\"rss_growth_mb\":%.3f,\"rss_bound_mb\":4,\"peak_rss_mb\":%.2f,"
                "\"cpu_time_ratio_last_first_decile\":%.3f,\"time_bounds\":[0.8,1.25],\"median_cpu_us_per_step_first\":%.3f,"
                "\"median_cpu_us_per_step_last\":%.3f,\"wall_time_ratio_last_first_decile\":%.3f,\"rate_ratio_last_first_decile\":%.3f,\"memory_ok\":%s,\"time_ok\":%s,"
                "\"activity_ok\":%s}\n",
                mem_ok && time_ok && act_ok ? "pass" : "fail", growth_mb, peak_rss_mb(), time_ratio, median(slice(cpu_us, true)),
                median(slice(cpu_us, false)), wall_ratio, rate_ratio, mem_ok ? "true" : "false", time_ok ? "true" : "false",
                act_ok ? "true" : "false");
    return mem_ok && time_ok && act_ok ? 0 : 1;
}
