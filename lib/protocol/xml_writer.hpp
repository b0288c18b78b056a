#pragma once
// A small streaming XML writer for query-protocol answers: elements, escaped text.
#include <cstddef>
#include <string>
#include <string_view>

namespace eddy::protocol {

class XmlWriter {
 public:
  // `expected_size`: room to reserve, for a writer that knows roughly how long its answer is.
  explicit XmlWriter(std::size_t expected_size = 0) {
    out_.reserve(expected_size);
    out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  }
  void open(std::string_view name, std::string_view xmlns = {});
  void close(std::string_view name);
  void element(std::string_view name, std::string_view text);
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Escapes &, <, >, quotes and the control characters XML 1.0 allows (as character references,
// so a message body with \r or \t survives a round trip through an XML parser).
void append_xml_escaped(std::string& out, std::string_view text);

}  // namespace eddy::protocol
