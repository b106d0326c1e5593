// A progress report for sim.run(ms, every, observer): simulated time, steps per second
// and the estimated time left.
//
//   cxdemo::progress bar(steps, sim.dt());       // style chosen from isatty(stdout)
//   sim.run(ms, 10, [&](auto& s) { bar.update(s.timestep() - t0); });
//   bar.finish(steps_run);
//
// On a terminal one line (under 80 columns) is redrawn in place with '\r' and the ANSI
// erase-to-end-of-line (at most 10 times per wall second); elsewhere (a log file, CI) a plain line is printed at every tenth of the run,
// so logs stay short and readable.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace cxdemo {

class progress {
public:
    enum class style { automatic, bar, lines, none };

    progress(std::uint64_t total_steps, double dt, style s = style::automatic, std::FILE* out = stdout)
        : total_(total_steps), dt_(dt), out_(out), style_(s) {
        if (style_ == style::automatic) style_ = isatty(fileno(out_)) ? style::bar : style::lines;
    }

    /// Reports that `done` of the total steps have been simulated.
    void update(std::uint64_t done) {
        const double wall = seconds();
        if (style_ == style::bar) {
            if (done < total_ && wall - last_draw_ < 0.1) return;
            last_draw_ = wall;
            std::fprintf(out_, "\r%s\033[K", line(done, wall).c_str());  // \033[K: clear the rest of the line
            std::fflush(out_);
        } else if (style_ == style::lines) {
            const std::uint64_t tenth = total_ ? done * 10 / total_ : 10;
            if (tenth <= last_tenth_ && done < total_) return;
            if (done == total_ && last_tenth_ == 10) return;
            last_tenth_ = tenth;
            std::fprintf(out_, "%s\n", line(done, wall).c_str());
            std::fflush(out_);
        }
    }
    /// Draws the final state (the run may have stopped early) and ends the bar's line.
    void finish(std::uint64_t done) {
        if (style_ == style::none) return;
        if (style_ == style::bar) {
            last_draw_ = -1.0;
            std::fprintf(out_, "\r%s\033[K\n", line(done, seconds()).c_str());
            std::fflush(out_);
        } else if (last_done_ != done) {
            std::fprintf(out_, "%s\n", line(done, seconds()).c_str());
        }
    }
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

private:
    std::string line(std::uint64_t done, double wall) {
        last_done_ = done;
        const double frac = total_ ? double(done) / double(total_) : 1.0;
        const double rate = wall > 0 ? double(done) / wall : 0.0;  // [steps/s]
        const double eta = rate > 0 ? double(total_ - std::min(done, total_)) / rate : 0.0;  // [s]
        char buf[192];
        if (style_ == style::bar) {
            // under 80 columns for runs up to 10^5 s, so the line never wraps
            constexpr int width = 20;
            const int fill = int(frac * width + 1e-9);
            std::string bar(std::size_t(fill), '#');
            bar.append(std::size_t(width - fill), '.');
            std::snprintf(buf, sizeof buf, "[%s] %3.0f%%  %.1f/%.1f ms  %.0f%s steps/s  ETA %.1f s", bar.c_str(),
                          100.0 * frac, double(done) * dt_, double(total_) * dt_, rate >= 1e6 ? rate * 1e-3 : rate,
                          rate >= 1e6 ? "k" : "", eta);
        } else {
            std::snprintf(buf, sizeof buf, "progress: %3.0f%%  %.1f / %.1f ms simulated  %.0f steps/s  %.2f s elapsed  ETA %.2f s",
                          100.0 * frac, double(done) * dt_, double(total_) * dt_, rate, wall, eta);
        }
        return buf;
    }

    std::uint64_t total_;
    double dt_;  // [ms]
    std::FILE* out_;
    style style_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    double last_draw_ = -1.0;             // [s] wall time of the last redraw (bar)
    std::uint64_t last_tenth_ = 0;        // tenths of the run already reported (lines)
    std::uint64_t last_done_ = ~0ull;     // steps shown in the last line
};

}  // namespace cxdemo
