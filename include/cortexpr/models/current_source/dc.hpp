// DC: constant current injection.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::current_source {

struct DC {
    static constexpr std::string_view name = "DC";
    static constexpr auto params = cortexpr::params("amp");  // [nA]
    static constexpr cortexpr::code injection_code = "injectCurrent(amp);\n";
};

}  // namespace cortexpr::current_source
