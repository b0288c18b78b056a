#include <gtest/gtest.h>

#include <string>

#include "core/text_codes.hpp"
#include "eddy/json.hpp"

namespace {

using namespace eddy::text_codes;
using namespace std::string_literals;

TEST(TextCodes, Utf8SequencesAreMeasuredAsJsonParseChecksThem) {
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9rest"), 2u);
  EXPECT_EQ(utf8_sequence_length("\xE2\x82\xAC"), 3u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(utf8_sequence_length("\xF4\x8F\xBF\xBF"), 4u);  // U+10FFFF, the last code point
  for (std::string bad :
       {"\x80"s, "\xC0\xAF"s, "\xC1\xBF"s, "\xE0\x9F\x80"s, "\xED\xA0\x80"s, "\xF0\x8F\xBF\xBF"s,
        "\xF4\x90\x80\x80"s, "\xF5\x80\x80\x80"s, "\xE2\x82"s, "\xC3"s, "\xC3\x41"s}) {
    EXPECT_EQ(utf8_sequence_length(bad), 0u) << testing::PrintToString(bad);
    EXPECT_TRUE(eddy::json::parse("\"" + bad + "\"", nullptr, false).is_discarded());
  }
}

TEST(TextCodes, JsonEscapesDecodeAsJsonParseDecodesThem) {
  for (std::string escape : {"\\\""s, "\\\\"s, "\\/"s, "\\b"s, "\\f"s, "\\n"s, "\\r"s, "\\t"s,
                             "\\u0041"s, "\\u00e9"s, "\\u20AC"s, "\\uD83D\\uDE00"s, "\\u0000"s}) {
    std::string decoded = "kept";
    std::size_t used = append_json_escape(escape + "tail", decoded);
    EXPECT_EQ(used, escape.size()) << escape;
    EXPECT_EQ(decoded, "kept" + eddy::json::parse("\"" + escape + "\"").get<std::string>())
        << escape;
  }
  for (std::string bad : {"\\"s, "\\x"s, "\\u12"s, "\\u12G4"s, "\\uDC00"s, "\\uD83D"s, "\\uD83Dx"s,
                          "\\uD83D\\u0041"s, "\\uD83D\\n"s}) {
    std::string decoded;
    EXPECT_EQ(append_json_escape(bad, decoded), 0u) << bad;
    EXPECT_TRUE(eddy::json::parse("\"" + bad + "\"", nullptr, false).is_discarded()) << bad;
  }
}

}  // namespace
