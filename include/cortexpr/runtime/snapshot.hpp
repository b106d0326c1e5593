// In-memory snapshots: the whole state of a simulation kept in memory, for a restore
// into the same simulation (or another of the same network) without a file.
//
//   auto s = sim.snapshot();   // the state now (variables, connectivity, queues, recordings,
//   sim.run(100.0);            //   time step and seeds)
//   sim.restore(s);            // back to it; the run continues as it did after snapshot()
//
// A snapshot holds exactly the bytes a checkpoint file would (runtime/checkpoint.hpp),
// so restore() checks it the same way: a snapshot of another network, size, precision
// or batch is refused with a message naming the first difference, and a refused
// restore leaves the simulation unchanged. Brian2's store()/restore() and PyNN's reset()
// are built on it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "checkpoint.hpp"

namespace cortexpr {

class state_snapshot {
public:
    state_snapshot() = default;
    /// From bytes of a checkpoint (a file's contents, or bytes() of another snapshot).
    explicit state_snapshot(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
    /// The checkpoint's bytes: written to a file, they load with load_checkpoint().
    std::span<const unsigned char> bytes() const { return bytes_; }
    std::size_t size() const { return bytes_.size(); }
    bool empty() const { return bytes_.empty(); }
    /// Time step at which it was taken (0 for one made from bytes).
    std::uint64_t timestep() const { return timestep_; }

private:
    template <class Backend, class Net, class S, class T>
    friend class simulation;
    state_snapshot(std::vector<unsigned char> bytes, std::uint64_t step) : bytes_(std::move(bytes)), timestep_(step) {}
    std::vector<unsigned char> bytes_;
    std::uint64_t timestep_ = 0;
};

}  // namespace cortexpr
