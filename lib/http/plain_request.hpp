#pragma once
// The common HTTP/1.x request read in one pass, without Beast: it came whole (head and body) in
// what the connection has received, and uses nothing but plain fields and a Content-Length.
// Beast's parser validates and classifies each byte and looks up each field's name; a request
// from an SDK or a load generator is a few hundred bytes of the plainest kind, and scanning it
// here costs a fraction of that. Anything else (a head or body still arriving, chunked bodies,
// folded lines, a byte outside printable ASCII, a doubtful Content-Length or Connection) is "not
// plain", and Beast parses the request as before: this accepts only what Beast accepts, and reads
// it the same way.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace eddy::plain_request {

// Where a piece of the head lies in the received bytes.
// Trivial, so a vector of them grows by a plain fill rather than a constructor per element.
struct TextSpan {
  std::uint32_t offset;
  std::uint32_t size;
};

// A head larger than this is left to Beast, which also enforces the header limit.
constexpr std::size_t kMaxPlainHeadBytes = 8 * 1024;

struct Head {
  unsigned version = 11;  // 10 or 11
  bool keep_alive = true;
  std::optional<std::uint64_t> content_length;
  std::size_t head_bytes = 0;  // through the blank line that ends the head
};

// Parses the request at the start of `received` when it is whole and plain, its body no longer
// than `body_limit`; fills `spans` with the method, the target, then each field's name and value
// (offsets into `received`, values without surrounding whitespace). The body is the
// content_length bytes after head_bytes.
std::optional<Head> parse(std::string_view received, std::uint64_t body_limit,
                          std::vector<TextSpan>& spans);

}  // namespace eddy::plain_request
