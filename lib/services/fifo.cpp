#include "services/fifo.hpp"

#include <fmt/format.h>

#include "core/hashing.hpp"

namespace eddy::services::fifo {

std::string content_deduplication_id(std::string_view body) {
  return hashing::sha256_hex(body);
}

std::string format_sequence_number(std::int64_t sequence) {
  return fmt::format("1{:019}", static_cast<std::uint64_t>(sequence));
}

}  // namespace eddy::services::fifo
