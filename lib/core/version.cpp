#include "eddy/version.hpp"

#include "core/version_number.hpp"

namespace eddy {
std::string_view version() {
  return EDDY_VERSION;
}
}  // namespace eddy
