// The hand-written JSON string writer against json::dump, byte for byte, for the text each of its
// routes takes: plain ASCII copied whole, ASCII with escapes, UTF-8, invalid UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json_text.hpp"
#include "eddy/json.hpp"
#include "protocol/preserialized_json.hpp"

using namespace eddy;

namespace {

std::string dumped(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string appended(const std::string& text) {
  std::string out = "x";
  protocol::append_json_string(out, text, json::error_handler_t::replace);
  return out.substr(1);
}

TEST(JsonText, AppendedStringsAreWhatDumpWrites) {
  std::vector<std::string> texts = {"",
                                    "a",
                                    "sensor-17",
                                    "exactly8",
                                    "nine char",
                                    "71.5",
                                    "a\"quote",
                                    "back\\slash",
                                    "tab\there",
                                    "line\nbreak",
                                    std::string("nul\0byte", 8),
                                    "\x1f",
                                    "\x7f del",
                                    "caf\xc3\xa9",
                                    "\xe2\x82\xac euro sign",
                                    "bad \xff byte"};
  // Every position of a special byte within and beyond an eight-byte word.
  for (std::size_t at = 0; at < 20; ++at)
    for (char special : {'"', '\\', '\n', '\x01', '\xc3'}) {
      std::string text(20, 'p');
      text[at] = special;
      if (special == '\xc3' && at + 1 < text.size()) text[at + 1] = '\xa9';
      texts.push_back(text);
    }
  for (const auto& text : texts) EXPECT_EQ(appended(text), dumped(text)) << text;
}

TEST(JsonText, RunsOfEveryLengthBetweenEscapesAreWrittenAsDumpWrites) {
  // Escapes after runs of every length, UTF-8 inside the runs: from the first escape on, the
  // writer counts and writes byte by byte.
  std::vector<std::string> texts = {"{\"sensor\":\"s-17\",\"db\":71.5}"};
  for (std::size_t run = 0; run < 20; ++run) {
    std::string text = "{\"";
    for (int escape = 0; escape < 4; ++escape)
      text += std::string(run, 'r') + (escape % 2 ? "\xc3\xa9\n" : "\"\\") + std::string(run, 's');
    texts.push_back(text + "\x01}");
  }
  for (const auto& text : texts) {
    std::string out = "x";
    json_text::append_string(out, text);
    EXPECT_EQ(out.substr(1), json(text).dump()) << text;
  }
}

TEST(JsonText, PlainAsciiIsAsciiWithNothingToEscape) {
  EXPECT_TRUE(json_text::is_plain_ascii(""));
  EXPECT_TRUE(json_text::is_plain_ascii("hyde-park 71.5 ~!@#$%^&*()"));
  for (std::size_t at = 0; at < 17; ++at)
    for (char special : {'"', '\\', '\x1f', '\x80', '\xff'}) {
      std::string text(17, 'p');
      text[at] = special;
      EXPECT_FALSE(json_text::is_plain_ascii(text)) << at << " " << int(special);
      EXPECT_EQ(json_text::is_ascii(text), static_cast<unsigned char>(special) < 0x80)
          << at << " " << int(special);
    }
}

}  // namespace
