// Host storage of one array of a group (a variable, a spike queue, a recording), type-
// erased so that a group's arrays can live in one std::array whatever the models'
// variable types; the element type is known at every use from the model description.
// Allocation failure becomes a cortexpr::error naming the group and the array.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>

#include "../base/error.hpp"
#include "memory.hpp"

namespace cortexpr::detail {

class buffer {
public:
    buffer() = default;
    buffer(buffer&&) noexcept = default;
    buffer& operator=(buffer&&) noexcept = default;

    /// Zero-filled storage of `count` elements of `elem_size` bytes, replacing the old
    /// contents. Strong guarantee: when it throws (size overflow, out of memory) the
    /// buffer keeps its old storage and contents; the new storage is obtained before the
    /// old is released.
    void allocate(std::size_t count, std::size_t elem_size, std::string_view group, std::string_view field) {
        const std::size_t bytes = count * elem_size;
        if (elem_size != 0 && bytes / elem_size != count)
            fail(group, field, "size overflows: ", count, " elements of ", elem_size, " bytes");
        std::unique_ptr<std::byte, aligned_delete> fresh;
        if (bytes != 0) {
            check_host_memory(bytes, group, field);
            try {
                fresh.reset(static_cast<std::byte*>(::operator new(bytes, std::align_val_t{64})));
            } catch (const std::bad_alloc&) {
                fail(group, field, "out of host memory allocating ", bytes, " bytes");
            }
            std::memset(fresh.get(), 0, bytes);
        }
        data_ = std::move(fresh);
        bytes_ = bytes;
        count_ = bytes == 0 ? 0 : count;
    }
    template <class T>
    void allocate(std::size_t count, std::string_view group, std::string_view field) {
        allocate(count, sizeof(T), group, field);
    }

    template <class T> T* data() { return reinterpret_cast<T*>(data_.get()); }
    template <class T> const T* data() const { return reinterpret_cast<const T*>(data_.get()); }
    void* raw() { return data_.get(); }
    std::size_t bytes() const { return bytes_; }
    std::size_t count() const { return count_; }
    void zero() { if (bytes_) std::memset(data_.get(), 0, bytes_); }

private:
    struct aligned_delete {
        void operator()(std::byte* p) const { ::operator delete(p, std::align_val_t{64}); }
    };
    std::unique_ptr<std::byte, aligned_delete> data_;
    std::size_t bytes_ = 0, count_ = 0;
};

}  // namespace cortexpr::detail
