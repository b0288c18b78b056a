#include "services/sqs/request_text.hpp"

namespace eddy::services::sqs {

bool RequestText::read_integer(std::int64_t& out) {
  bool negative = false;
  // "-0" is json::parse's too, but rare enough to leave to it.
  return cursor_.read_integer(out, negative) && !(negative && out == 0);
}

bool RequestText::read_string_list(std::vector<std::string>& out) {
  return read_list([&] { return cursor_.read_string(out.emplace_back()); });
}

}  // namespace eddy::services::sqs
