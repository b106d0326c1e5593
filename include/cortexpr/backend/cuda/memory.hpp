// Device memory of the CUDA backend: checked CUDA calls, owned device arrays, and the
// registry that pairs each host array of the engine's host mirror (the CPU stores) with
// its device copy. Every CUDA error becomes a cortexpr::error naming the group, the
// phase or array, and CUDA's own error name and text.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "../../base/config.hpp"
#include "../../base/error.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Throws cortexpr::error("group.what: CUDA error <name>: <text>") unless e is cudaSuccess.
inline void cuda_check(cudaError_t e, std::string_view group, std::string_view what) {
    if (e == cudaSuccess) return;
    (void)cudaGetLastError();  // clear a non-sticky error so the next call starts clean
    fail(group, what, "CUDA error ", cudaGetErrorName(e), ": ", cudaGetErrorString(e));
}

#if defined(CORTEXPR_TEST_DEVICE_ALLOCATION_FAULTS)
/// Test-only hook (tests/cuda/test_strong_guarantee_cuda.cu): when set and it returns
/// true, the device allocation fails as cudaMalloc would without memory.
inline bool (*device_allocation_fault)(std::size_t bytes) = nullptr;
#endif

/// Zeroed device memory of `bytes`, or a cortexpr::error naming the group, array and size.
inline void* device_allocate(std::size_t bytes, std::string_view group, std::string_view field) {
    if (bytes == 0) return nullptr;
    void* p = nullptr;
#if defined(CORTEXPR_TEST_DEVICE_ALLOCATION_FAULTS)
    const cudaError_t e = device_allocation_fault && device_allocation_fault(bytes) ? cudaErrorMemoryAllocation : cudaMalloc(&p, bytes);
#else
    const cudaError_t e = cudaMalloc(&p, bytes);
#endif
    if (e != cudaSuccess) {
        (void)cudaGetLastError();
        std::size_t free_b = 0, total_b = 0;
        (void)cudaMemGetInfo(&free_b, &total_b);
        fail(group, field, "out of device memory allocating ", bytes, " bytes (", free_b, " of ", total_b,
             " bytes free; CUDA error ", cudaGetErrorName(e), ": ", cudaGetErrorString(e), ")");
    }
    // the legacy default stream does not order with the engine's non-blocking stream:
    // wait for the zeroing here
    cuda_check(cudaMemset(p, 0, bytes), group, field);
    cuda_check(cudaStreamSynchronize(0), group, field);
    return p;
}

/// An owned device array (device-only state: spike bitfields, counters, the step clock).
class device_buffer {
public:
    device_buffer() = default;
    device_buffer(const device_buffer&) = delete;
    device_buffer& operator=(const device_buffer&) = delete;
    device_buffer(device_buffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)), bytes_(std::exchange(o.bytes_, 0)) {}
    device_buffer& operator=(device_buffer&& o) noexcept {
        if (this != &o) { reset(); p_ = std::exchange(o.p_, nullptr); bytes_ = std::exchange(o.bytes_, 0); }
        return *this;
    }
    ~device_buffer() { reset(); }

    void allocate(std::size_t bytes, std::string_view group, std::string_view field) {
        reset();
        p_ = device_allocate(bytes, group, field);
        bytes_ = bytes;
    }
    void reset() {
        if (p_) (void)cudaFree(p_);
        p_ = nullptr;
        bytes_ = 0;
    }
    template <class X> X* data() const { return static_cast<X*>(p_); }
    void* raw() const { return p_; }
    std::size_t bytes() const { return bytes_; }

private:
    void* p_ = nullptr;
    std::size_t bytes_ = 0;
};

/// Host array -> device copy. `ensure` gives a host array a device copy (uploading the
/// host contents when the array is new or has changed size); `device` translates a
/// host pointer found in a view into its device twin.
class device_registry {
public:
    struct entry {
        device_buffer dev;
        std::size_t bytes = 0;
        std::string group, field;
    };

    void* ensure(const void* host, std::size_t bytes, std::string_view group, std::string_view field, cudaStream_t s) {
        bool fresh = false;
        void* dev = slot(host, bytes, group, field, fresh);
        if (fresh) {
            cuda_check(cudaMemcpyAsync(dev, host, bytes, cudaMemcpyHostToDevice, s), group, std::string(field) + " (upload)");
            ++uploads_;
        }
        return dev;
    }
    /// A device copy for a host array that device code is about to fill (device-side
    /// initialisation): allocated zeroed, as the host array still is, so no upload.
    void* ensure_zeroed(const void* host, std::size_t bytes, std::string_view group, std::string_view field) {
        bool fresh = false;
        return slot(host, bytes, group, field, fresh);
    }
    /// The device twin of a registered host pointer (nullptr stays nullptr).
    void* device(const void* host, std::string_view group, std::string_view what) const {
        if (!host) return nullptr;
        auto it = map_.find(host);
        if (it == map_.end()) fail(group, what, "host array has no device copy (internal error of the CUDA backend)");
        return it->second.dev.raw();
    }
    const entry* find(const void* host) const {
        auto it = map_.find(host);
        return it == map_.end() ? nullptr : &it->second;
    }
    void copy(const void* host, bool to_device, cudaStream_t s) {
        auto it = map_.find(host);
        if (it == map_.end()) return;
        entry& e = it->second;
        const std::string what = e.field + (to_device ? " (push)" : " (pull)");
        if (to_device) cuda_check(cudaMemcpyAsync(e.dev.raw(), host, e.bytes, cudaMemcpyHostToDevice, s), e.group, what);
        else cuda_check(cudaMemcpyAsync(const_cast<void*>(host), e.dev.raw(), e.bytes, cudaMemcpyDeviceToHost, s), e.group, what);
    }
    std::size_t device_bytes() const {
        std::size_t b = 0;
        for (auto& [k, e] : map_) b += e.bytes;
        return b;
    }
    std::size_t uploads() const { return uploads_; }

private:
    /// The device copy of `host` (`bytes` long), allocated if there is none of that size
    /// yet (`fresh`); nullptr for an empty array.
    void* slot(const void* host, std::size_t bytes, std::string_view group, std::string_view field, bool& fresh) {
        fresh = false;
        if (!host || bytes == 0) return nullptr;
        auto it = map_.find(host);
        if (it != map_.end() && it->second.bytes == bytes) return it->second.dev.raw();
        // the new device array first: a failed allocation leaves the registry as it was
        device_buffer fresh_dev;
        fresh_dev.allocate(bytes, group, field);
        entry& e = map_[host];
        e.dev = std::move(fresh_dev);
        e.bytes = bytes;
        e.group = std::string(group);
        e.field = std::string(field);
        fresh = true;
        return e.dev.raw();
    }
    std::unordered_map<const void*, entry> map_;
    std::size_t uploads_ = 0;
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
