#include "protocol/xml_writer.hpp"

#include <fmt/format.h>

#include <array>

namespace eddy::protocol {

namespace {
// The characters append_xml_escaped writes as references; everything else is copied as it is.
constexpr std::string_view xml_reference(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    case '\r':
      return "&#xD;";
    case '\n':
      return "&#xA;";
    case '\t':
      return "&#x9;";
    default:
      return {};
  }
}
}  // namespace

void append_xml_escaped(std::string& out, std::string_view text) {
  // Runs of plain characters (nearly all of an answer: ids, digests, URLs) are found by one table
  // load a byte and appended whole.
  static constexpr std::array<bool, 256> kReferenced = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[c] = !xml_reference(static_cast<char>(c)).empty();
    return table;
  }();
  const char* at = text.data();
  const char* end = at + text.size();
  while (true) {
    const char* run = at;
    while (at != end && !kReferenced[static_cast<unsigned char>(*at)]) ++at;
    out.append(run, static_cast<std::size_t>(at - run));
    if (at == end) return;
    out.append(xml_reference(*at++));
  }
}

void XmlWriter::open(std::string_view name, std::string_view xmlns) {
  out_.push_back('<');
  out_.append(name);
  if (!xmlns.empty()) {
    out_.append(" xmlns=\"");
    append_xml_escaped(out_, xmlns);
    out_.push_back('"');
  }
  out_.push_back('>');
}

void XmlWriter::close(std::string_view name) {
  out_.append("</").append(name).push_back('>');
}

void XmlWriter::element(std::string_view name, std::string_view text) {
  open(name);
  append_xml_escaped(out_, text);
  close(name);
}

}  // namespace eddy::protocol
