#include "protocol/xml_writer.hpp"

#include <fmt/format.h>

namespace eddy::protocol {

namespace {
// The characters append_xml_escaped writes as references; everything else is copied as it is.
std::string_view xml_reference(char c) {
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
  // Runs of plain characters (nearly all of an answer: ids, digests, URLs) are appended whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view reference = xml_reference(text[i]);
    if (reference.empty()) continue;
    out.append(text.data() + run, i - run);
    out.append(reference);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
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
