#pragma once
// What an item operation reads from its request's members other than the table and the item or
// key (expressions, ReturnValues, ReturnConsumedCapacity ...) is a function of those members'
// text alone. Requests of one application repeat it (a counter's update, a put's condition), so
// the text readers (item_request_text.hpp) keep what it gave, found again by the text: no json
// value of those members, no parse of their expressions. A read that throws keeps nothing.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace eddy::services::dynamodb {

template <class Options>
class OptionsByText {
 public:
  // The options `read()` makes of the members written `text`: kept from an earlier request with
  // the same text when there was one.
  template <class Read>
  Options get(std::string_view text, Read read) {
    // Large values (up to 400 KB each) would make the cache hold megabytes.
    if (text.size() > kMaxKeptBytes) return read();
    // Each thread keeps its own: no lock, and neither the lock's line nor the options' shared
    // counts pass between the io threads at every request.
    thread_local std::unordered_map<std::string, Options, TextHash, std::equal_to<>> entries;
    if (auto it = entries.find(text); it != entries.end()) return it->second;
    Options options = read();
    // Requests whose members change every time would grow it without bound: start again.
    if (entries.size() >= kCapacity) entries.clear();
    entries.emplace(std::string(text), options);
    return options;
  }

 private:
  static constexpr std::size_t kMaxKeptBytes = 2048;
  static constexpr std::size_t kCapacity = 256;

  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
};

}  // namespace eddy::services::dynamodb
