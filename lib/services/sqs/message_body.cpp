#include "services/sqs/message_body.hpp"

#include <cstdint>

namespace eddy::services::sqs::message_body {

bool has_valid_characters(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) return false;
      ++p;
      continue;
    }
    std::uint32_t code = 0;
    int length = 0;
    if ((c & 0xe0) == 0xc0) {
      code = c & 0x1f;
      length = 2;
    } else if ((c & 0xf0) == 0xe0) {
      code = c & 0x0f;
      length = 3;
    } else if ((c & 0xf8) == 0xf0) {
      code = c & 0x07;
      length = 4;
    } else {
      return false;
    }
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3f);
    }
    // Reject overlong encodings, surrogates and what lies outside SQS's ranges.
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length]) return false;
    bool allowed = (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) ||
                   (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) return false;
    p += length;
  }
  return true;
}

}  // namespace eddy::services::sqs::message_body
