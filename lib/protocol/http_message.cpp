#include "protocol/http_message.hpp"

#include <strings.h>

#include <bit>
#include <cstdint>
#include <cstring>

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

// A common header's name as words to compare eight bytes at a time, whatever the case: setting
// bit 5 (`fold`) lowers a letter and leaves the lowered name (`lower`) as it is; '-' is not folded,
// so only '-' matches it. Names of eight bytes or more: the first eight and the last eight.
struct FoldedName {
  std::uint64_t head_lower = 0, head_fold = 0, tail_lower = 0, tail_fold = 0;
};

// Bytes in memory order, as memcpy loads them on this machine.
constexpr std::uint64_t byte_at(std::size_t index, char byte) {
  auto shift = std::endian::native == std::endian::little ? 8 * index : 8 * (7 - index);
  return static_cast<std::uint64_t>(static_cast<unsigned char>(byte)) << shift;
}

constexpr FoldedName folded(std::string_view name) {
  FoldedName out;
  std::size_t tail = name.size() >= 8 ? name.size() - 8 : 0;
  for (std::size_t i = 0; i < 8 && i < name.size(); ++i) {
    bool letter = (name[i] | 0x20) >= 'a' && (name[i] | 0x20) <= 'z';
    out.head_lower |= byte_at(i, letter ? static_cast<char>(name[i] | 0x20) : name[i]);
    out.head_fold |= byte_at(i, letter ? 0x20 : 0);
    bool tail_letter = (name[tail + i] | 0x20) >= 'a' && (name[tail + i] | 0x20) <= 'z';
    out.tail_lower |=
        byte_at(i, tail_letter ? static_cast<char>(name[tail + i] | 0x20) : name[tail + i]);
    out.tail_fold |= byte_at(i, tail_letter ? 0x20 : 0);
  }
  return out;
}

constexpr FoldedName kFoldedNames[] = {folded(kCommonHeaderNames[0]), folded(kCommonHeaderNames[1]),
                                       folded(kCommonHeaderNames[2]),
                                       folded(kCommonHeaderNames[3])};

std::uint64_t word_at(const char* text) {
  std::uint64_t word;
  std::memcpy(&word, text, 8);
  return word;
}

// Whether `text` is the common header `index`'s name, whatever the case of its letters.
bool is_common_name(std::string_view text, std::size_t index) {
  std::string_view name = kCommonHeaderNames[index];
  if (text.size() != name.size()) return false;
  if (text.size() < 8) return strncasecmp(text.data(), name.data(), name.size()) == 0;
  const FoldedName& folded = kFoldedNames[index];
  return (word_at(text.data()) | folded.head_fold) == folded.head_lower &&
         (word_at(text.data() + text.size() - 8) | folded.tail_fold) == folded.tail_lower;
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
    if (!found[index] && is_common_name(name, index)) {
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
