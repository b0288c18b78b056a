#pragma once
#include <string_view>

namespace eddy {
std::string_view version();
}  // namespace eddy
