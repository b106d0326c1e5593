// Run-time errors: every bad value a user can pass at run time (sizes, probabilities,
// delays, recording windows, memory) is reported as a cortexpr::error whose message
// names the group, the field and the value.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cortexpr {

class error : public std::runtime_error {
public:
    error(std::string group, std::string field, std::string what)
        : std::runtime_error(group + "." + field + ": " + what), group_(std::move(group)), field_(std::move(field)) {}
    const std::string& group() const noexcept { return group_; }
    const std::string& field() const noexcept { return field_; }

private:
    std::string group_, field_;
};

namespace detail {
template <class... A>
[[noreturn]] void fail(std::string_view group, std::string_view field, const A&... parts) {
    std::ostringstream s;
    s.precision(17);
    (s << ... << parts);
    throw error(std::string(group), std::string(field), s.str());
}
}  // namespace detail
}  // namespace cortexpr
