#pragma once
// How the form readers' tests name a form in a failure's trace: its fields in order, each value
// cut at 40 characters.
#include <string>

#include "protocol/form.hpp"

namespace eddy::test_support {

inline std::string describe(const protocol::FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) out += name + "=" + value.substr(0, 40) + "&";
  return out;
}

}  // namespace eddy::test_support
