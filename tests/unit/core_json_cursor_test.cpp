#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/json_cursor.hpp"
#include "eddy/json.hpp"

namespace {

using eddy::JsonCursor;
using namespace std::string_literals;

TEST(JsonCursor, StructureStepsSkipWhiteSpace) {
  JsonCursor cursor(" \t{\r\n }  ");
  EXPECT_EQ(cursor.peek(), '{');
  EXPECT_FALSE(cursor.take('['));
  EXPECT_TRUE(cursor.take('{'));
  EXPECT_FALSE(cursor.at_end());
  EXPECT_TRUE(cursor.take('}'));
  EXPECT_TRUE(cursor.at_end());
  EXPECT_EQ(cursor.peek(), '\0');
  EXPECT_FALSE(cursor.take('}'));

  JsonCursor words(" true false nul");
  EXPECT_FALSE(words.take_word("false"));
  EXPECT_TRUE(words.take_word("true"));
  EXPECT_TRUE(words.take_word("false"));
  EXPECT_FALSE(words.take_word("null"));  // cut short
}

TEST(JsonCursor, PlainStringsArePrintableAsciiWithoutEscapes) {
  std::string_view out;
  JsonCursor cursor(R"( "TableName" : "a-much-longer-name-than-sixteen-bytes.v2")");
  ASSERT_TRUE(cursor.read_plain_string(out));
  EXPECT_EQ(out, "TableName");
  ASSERT_TRUE(cursor.take(':'));
  ASSERT_TRUE(cursor.read_plain_string(out));
  EXPECT_EQ(out, "a-much-longer-name-than-sixteen-bytes.v2");
  EXPECT_TRUE(cursor.at_end());

  for (std::string text :
       {R"("a\"b")"s, "\"caf\xC3\xA9\""s, "\"tab\there\""s, R"("open)"s, R"(name")"s}) {
    JsonCursor refused(text);
    EXPECT_FALSE(refused.read_plain_string(out)) << text;
  }
}

TEST(JsonCursor, UnescapedStringsTakeUtf8AndRefuseWhatJsonParseRefuses) {
  std::string_view out;
  std::string text = "\"caf\xC3\xA9 \xF0\x9F\x98\x80 and a tail past sixteen bytes\"";
  JsonCursor cursor(text);
  ASSERT_TRUE(cursor.read_unescaped_string(out));
  EXPECT_EQ(out, eddy::json::parse(text).get<std::string>());
  EXPECT_TRUE(cursor.at_end());

  for (std::string refused : {R"("a\nb")"s, "\"raw\x01\""s, "\"bad \xC3\x41\""s,
                              "\"\xED\xA0\x80\""s, R"("unterminated)"s}) {
    JsonCursor c(refused);
    EXPECT_FALSE(c.read_unescaped_string(out)) << refused;
  }
}

TEST(JsonCursor, StringsDecodeAsJsonParseDecodesThem) {
  for (std::string text :
       {R"("plain")"s, R"("")"s, R"("quote \" backslash \\ slash \/ and \n\t\r\b\f")"s,
        R"("\u00e9\u20AC\uD83D\uDE00 then a plain run longer than sixteen bytes")"s,
        "\"caf\xC3\xA9 then \\\"escaped\\\"\""s, R"("{\"json\":\"in a string\",\"n\":[1,2]}")"s}) {
    std::string expected = eddy::json::parse(text).get<std::string>();
    std::string decoded = "left over";
    std::string_view view;
    JsonCursor viewing(text);
    ASSERT_TRUE(viewing.read_string(view, decoded)) << text;
    EXPECT_EQ(view, expected);
    EXPECT_TRUE(viewing.at_end());

    std::string out = "left over";
    JsonCursor copying(text);
    ASSERT_TRUE(copying.read_string(out)) << text;
    EXPECT_EQ(out, expected);
    EXPECT_TRUE(copying.at_end());
  }
  for (std::string bad : {R"("\x")"s, R"("\uD83D")"s, "\"raw\x1f\""s, "\"\xC0\xAF\""s,
                          R"("no end)"s, R"("ends in a backslash\)"s}) {
    ASSERT_TRUE(eddy::json::parse(bad, nullptr, false).is_discarded()) << bad;
    std::string out;
    JsonCursor cursor(bad);
    EXPECT_FALSE(cursor.read_string(out)) << bad;
  }
}

TEST(JsonCursor, IntegersArePlainAndFitWithoutOverflow) {
  auto read = [](std::string text, std::int64_t& value, bool& negative) {
    JsonCursor cursor(text);
    return cursor.read_integer(value, negative) && cursor.at_end();
  };
  std::int64_t value = 0;
  bool negative = false;
  EXPECT_TRUE(read(" 0", value, negative));
  EXPECT_EQ(value, 0);
  EXPECT_FALSE(negative);
  EXPECT_TRUE(read("-42", value, negative));
  EXPECT_EQ(value, -42);
  EXPECT_TRUE(negative);
  EXPECT_TRUE(read("-0", value, negative));
  EXPECT_EQ(value, 0);
  EXPECT_TRUE(negative);
  EXPECT_TRUE(read("999999999999999999", value, negative));  // 18 digits
  EXPECT_EQ(value, 999'999'999'999'999'999);
  for (std::string refused : {"1000000000000000000"s, "01"s, "1.5"s, "1e3"s, "2E1"s, "-"s, "x"s})
    EXPECT_FALSE(read(refused, value, negative)) << refused;
}

TEST(JsonCursor, SkippingAValueStopsJustPastIt) {
  // Brackets and quotes inside strings, escaped quotes, nesting, and scalars up to the separator.
  const std::string text =
      R"({"a": {"s": "}]\"[{", "l": [1, [2, {"x": "\\"}]]}, "n": 12.5e3 , "t": true, "e": ""})";
  JsonCursor cursor(text);
  ASSERT_TRUE(cursor.take('{'));
  std::vector<std::string> values;
  do {
    std::string_view name;
    ASSERT_TRUE(cursor.read_plain_string(name));
    ASSERT_TRUE(cursor.take(':'));
    cursor.skip_space();
    const char* start = cursor.position();
    ASSERT_TRUE(cursor.skip_value()) << name;
    values.emplace_back(start, cursor.position());
  } while (cursor.take(','));
  EXPECT_TRUE(cursor.take('}'));
  EXPECT_TRUE(cursor.at_end());
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], R"({"s": "}]\"[{", "l": [1, [2, {"x": "\\"}]]})");
  EXPECT_EQ(values[1], "12.5e3 ");
  EXPECT_EQ(values[2], "true");
  EXPECT_EQ(values[3], R"("")");

  for (std::string cut : {R"("open)"s, R"({"a": [1, 2)"s, R"("ends in \)"s}) {
    JsonCursor c(cut);
    EXPECT_FALSE(c.skip_value()) << cut;
  }
}

}  // namespace
