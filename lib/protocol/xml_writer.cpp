#include "protocol/xml_writer.hpp"

#include <fmt/format.h>

namespace eddy::protocol {

void append_xml_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      case '\n':
        out += "&#xA;";
        break;
      case '\t':
        out += "&#x9;";
        break;
      default:
        out.push_back(c);
    }
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
