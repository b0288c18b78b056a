// The plain-JSON fast path against json::parse: whatever it accepts, it reads exactly as
// json::parse does (values and their number types); whatever is not plain it leaves alone, and
// every string json::parse reads is plain.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "protocol/plain_json.hpp"

namespace eddy::protocol {
namespace {

// The value and, recursively, every number's exact type.
void expect_same_json(const json& got, const json& want) {
  ASSERT_EQ(got.type(), want.type()) << got.dump() << " vs " << want.dump();
  ASSERT_EQ(got, want);
  if (got.is_structured()) {
    ASSERT_EQ(got.size(), want.size());
    auto g = got.begin();
    for (auto w = want.begin(); w != want.end(); ++g, ++w) {
      if (got.is_object()) {
        ASSERT_EQ(g.key(), w.key());
      }
      expect_same_json(*g, *w);
    }
  }
}

TEST(PlainJson, ReadsRequestBodiesAsJsonParseDoes) {
  for (std::string_view text :
       {R"({"StreamName":"cost","PartitionKey":"sensor-1","Data":"QUJD"})",
        R"( { "Limit" : 10 , "ShardIterator" : "AAAA+/==" } )",
        R"({"a":[1,-2,0,-0,true,false,null,{}],"b":[]})", R"({"a":1,"a":2})",
        R"({"n":999999999999999999,"m":-999999999999999999})", R"([])", R"("text")", "17",
        "\t{\r\n}\n", R"({"MessageBody":"{\"sensor\":\"s-17\",\"db\":71.5}\n\t\\\/\b\f\r"})",
        R"({"a":"\u00e9\u20AC\ud83d\ude00\u0000"})",
        R"({"all":"\"\\\/\b\f\n\r\t","k\"ey":"x\\","\t":["\\\"",""]})",
        "{\"caf\xc3\xa9\":\"\xe2\x82\xac \xf0\x9f\x98\x80\x7f\"}"}) {
    auto plain = parse_plain_json(text);
    ASSERT_TRUE(plain) << text;
    expect_same_json(*plain, json::parse(text));
  }
}

TEST(PlainJson, LeavesEverythingElseToJsonParse) {
  for (std::string_view text : {R"({"a":1.5})",
                                R"({"a":1e3})",
                                R"({"a":1E3})",
                                R"({"a":01})",
                                R"({"a":-})",
                                R"({"a":1234567890123456789})",
                                R"({"a":1,})",
                                R"({"a" 1})",
                                R"({a:1})",
                                R"({"a":1}x)",
                                R"({"a":tru})",
                                R"({"a":[1 2]})",
                                "",
                                "{",
                                "\"a",
                                "{\"a\":\"\x01\"}",
                                R"({"a":+1})",
                                R"({"a":"\x"})",
                                R"({"a":"\q"})",
                                R"({"a":"\)",
                                R"({"a":"\n)",
                                "{\"a\":\"\\n\x01\"}",
                                R"({"a":"\u12"})",
                                R"({"a":"\u12g4"})",
                                R"({"a":"\ud800"})",
                                R"({"a":"\ud800\u0041"})",
                                R"({"a":"\udc00"})",
                                R"({"a":"\"})",
                                "{\"a\":\"\xc0\xaf\"}",
                                "{\"a\":\"\xe0\x80\xaf\"}",
                                "{\"a\":\"\xed\xa0\x80\"}",
                                "{\"a\":\"\xf4\x90\x80\x80\"}",
                                "{\"a\":\"\xf5\x80\x80\x80\"}",
                                "{\"a\":\"\xc3\"}",
                                "{\"a\":\"\x80\"}"}) {
    EXPECT_FALSE(parse_plain_json(text)) << text;
  }
}

// Long strings are scanned eight bytes at a time: a byte that ends the string or needs a closer
// look is found wherever it falls in a word, and every printable byte passes.
TEST(PlainJson, FindsQuotesEscapesAndOtherBytesAtEveryPlaceInLongStrings) {
  std::string printable;
  for (char c = 0x20; c <= 0x7e; ++c)
    if (c != '"' && c != '\\') printable += c;
  auto plain = parse_plain_json("\"" + printable + "\"");
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, printable);
  for (std::size_t at = 0; at < 24; ++at) {
    std::string text = "{\"k\":\"" + std::string(23, 'Q') + "\",\"n\":1}";
    std::size_t value = 6;  // where the value's characters start
    std::string quoted = text;
    quoted.insert(value + at, "\",\"m\":\"");  // a quote ends the string early
    auto split = parse_plain_json(quoted);
    ASSERT_TRUE(split) << quoted;
    expect_same_json(*split, json::parse(quoted));
    // Bytes the word scan stops at: each is then read as json::parse reads it, or refused.
    for (std::string_view stop :
         {"\\", "\x01", "\x1f", "\x7f", "\x80", "\xff", "\\n", "\xc3\xa9"}) {
      std::string stopped = text;
      stopped.replace(value + at, stop.size(), stop);
      json reference = json::parse(stopped, nullptr, false);
      auto read = parse_plain_json(stopped);
      ASSERT_EQ(read.has_value(), !reference.is_discarded()) << at << " " << stopped;
      if (read) expect_same_json(*read, reference);
    }
  }
}

// Random documents and random damage to them: each accepted one equals json::parse's reading,
// and none that json::parse rejects is accepted.
TEST(PlainJson, AgreesWithJsonParseOnRandomText) {
  std::mt19937 random(5);
  const std::string pieces[] = {"{",       "}",       "[",  "]",   ",",   ":",    "\"k\"", "\"\"",
                                "\"a b\"", "0",       "-3", "42",  "1.5", "true", "false", "null",
                                " ",       "\"\\n\"", "-",  "1e2", "\"x", "\\",   "\\\"",  "\\u"};
  auto document = [&](auto& self, int depth) -> std::string {
    switch (random() % (depth > 3 ? 4 : 6)) {
      case 0:
        return std::to_string(static_cast<int>(random() % 2000) - 1000);
      case 1:
        return "\"s" + std::to_string(random() % 50) + "\"";
      case 2:
        return random() % 2 ? "true" : "null";
      case 3:
        return "\"\"";
      case 4: {
        std::string out = "{";
        for (unsigned i = 0, n = random() % 4; i < n; ++i)
          out += (i ? "," : "") + std::string("\"k") + std::to_string(random() % 3) +
                 "\" : " + self(self, depth + 1);
        return out + "}";
      }
      default: {
        std::string out = "[";
        for (unsigned i = 0, n = random() % 4; i < n; ++i)
          out += (i ? ", " : "") + self(self, depth + 1);
        return out + "]";
      }
    }
  };
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = document(document, 0);
    for (unsigned damage = random() % 3; damage > 0 && !text.empty(); --damage) {
      std::size_t at = random() % text.size();
      if (random() % 2)
        text.erase(at, 1 + random() % 2);
      else
        text.insert(at, pieces[random() % std::size(pieces)]);
    }
    json reference = json::parse(text, nullptr, false);
    auto plain = parse_plain_json(text);
    if (!plain) continue;
    ++accepted;
    ASSERT_FALSE(reference.is_discarded()) << text;
    expect_same_json(*plain, reference);
  }
  EXPECT_GT(accepted, 5000);
}

// Strings of random escapes and bytes: json::parse and the fast path accept the same ones (every
// valid string is plain) and read them alike.
TEST(PlainJson, ReadsEveryStringJsonParseReads) {
  std::mt19937 random(7);
  const std::string pieces[] = {"a",
                                "\\n",
                                "\\\"",
                                "\\\\",
                                "\\/",
                                "\\u00e9",
                                "\\uD83D",
                                "\\uDE00",
                                "\\u0000",
                                "\\q",
                                "\\u12",
                                "\xc3\xa9",
                                "\xe2\x82\xac",
                                "\xf0\x9f\x98\x80",
                                "\xc3",
                                "\x80",
                                "\xed\xa0\x80",
                                "\xf4\x90",
                                "\x7f",
                                "\x1f",
                                "\xff",
                                "\xe0\xa0",
                                "\xf0\x90\x80",
                                " "};
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = "{\"k\":\"";
    for (unsigned n = random() % 5; n > 0; --n) text += pieces[random() % std::size(pieces)];
    text += "\"}";
    json reference = json::parse(text, nullptr, false);
    auto plain = parse_plain_json(text);
    ASSERT_EQ(plain.has_value(), !reference.is_discarded()) << text;
    if (!plain) continue;
    ++valid;
    expect_same_json(*plain, reference);
  }
  EXPECT_GT(valid, 2000);
}

}  // namespace
}  // namespace eddy::protocol
