#include "protocol/http_message.hpp"

#include <strings.h>

namespace eddy::protocol {

std::string_view HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
      return value;
  }
  return {};
}

namespace {

constexpr std::string_view kCommonHeaderNames[] = {"Host", "Content-Type", "X-Amz-Target",
                                                   "Authorization"};

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view HttpRequest::header(CommonHeader which) const {
  auto index = static_cast<std::size_t>(which);
  return common_indexed_ ? common_[index] : header(kCommonHeaderNames[index]);
}

void HttpRequest::index_common_headers() {
  bool found[kCommonHeaders] = {};
  for (const auto& [name, value] : headers) {
    // Distinct lengths but for two of twelve: the length says which name to compare.
    CommonHeader which;
    switch (name.size()) {
      case 4:
        which = CommonHeader::host;
        break;
      case 12:
        which = (name[0] | 0x20) == 'c' ? CommonHeader::content_type : CommonHeader::x_amz_target;
        break;
      case 13:
        which = CommonHeader::authorization;
        break;
      default:
        continue;
    }
    auto index = static_cast<std::size_t>(which);
    if (!found[index] && same_name(name, kCommonHeaderNames[index])) {
      found[index] = true;
      common_[index] = value;
    }
  }
  for (std::size_t i = 0; i < kCommonHeaders; ++i)
    if (!found[i]) common_[i] = {};
  common_indexed_ = true;
}

void HttpRequest::clear() {
  method = {};
  target = {};
  headers.clear();
  body = {};
  can_stream = false;
  common_indexed_ = false;
}

std::string_view HttpRequest::path() const {
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::string_view HttpRequest::query_string() const {
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

}  // namespace eddy::protocol
