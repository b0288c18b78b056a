#include <gtest/gtest.h>

#include <set>

#include "core/arn.hpp"
#include "core/base64.hpp"
#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/input.hpp"
#include "core/time_format.hpp"

using namespace eddy;

TEST(Base64, RoundTripsAndRejectsGarbage) {
  for (const std::string& text : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                          "foobar", std::string("\0\xff", 2)}) {
    auto decoded = base64::decode(base64::encode(text));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(base64::encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(base64::decode("Zm9"));
  EXPECT_FALSE(base64::decode("Zm9v!A=="));
}

TEST(Hashing, KnownDigests) {
  EXPECT_EQ(hashing::md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hashing::md5_hex("hello"), "5d41402abc4b2a76b9719d911017c592");
  hashing::Md5 md5;
  md5.update("hel");
  md5.update("lo");
  auto digest = md5.finish();
  EXPECT_EQ(hashing::to_hex(digest.data(), digest.size()), "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(hashing::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hashing::crc32("123456789"), 0xCBF43926u);
}

TEST(Hashing, Md5OverManyBlocksAndInPieces) {
  // RFC 1321's test suite, and the classic million a's: many blocks, fed whole and in pieces that
  // straddle the 64-byte blocks.
  EXPECT_EQ(hashing::md5_hex("12345678901234567890123456789012345678901234567890123456789012345678"
                             "901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
  std::string million(1000000, 'a');
  EXPECT_EQ(hashing::md5_hex(million), "7707d6ae4e027c70eea2a935c2296f21");
  hashing::Md5 pieces;
  for (std::size_t at = 0; at < million.size(); at += 37)
    pieces.update(std::string_view(million).substr(at, 37));
  auto digest = pieces.finish();
  EXPECT_EQ(hashing::to_hex(digest.data(), digest.size()), "7707d6ae4e027c70eea2a935c2296f21");
}

TEST(Ids, UuidsAreVersion4AndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = ids::uuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(std::string("89ab").find(id[19]) != std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(ids::random_token(40).size(), 40u);
}

// Canonical text: lower-case hex in 8-4-4-4-12, every random digit taking every value.
TEST(Ids, UuidsAreCanonicalText) {
  std::set<char> digits_at[36];
  for (int i = 0; i < 2000; ++i) {
    std::string id = ids::uuid();
    ASSERT_EQ(id.size(), 36u);
    for (std::size_t at = 0; at < id.size(); ++at) {
      if (at == 8 || at == 13 || at == 18 || at == 23) {
        EXPECT_EQ(id[at], '-') << id;
      } else {
        EXPECT_TRUE(std::string("0123456789abcdef").find(id[at]) != std::string::npos) << id;
        digits_at[at].insert(id[at]);
      }
    }
  }
  for (std::size_t at = 0; at < 36; ++at) {
    if (at == 8 || at == 13 || at == 18 || at == 23) continue;
    std::size_t expected = at == 14 ? 1 : at == 19 ? 4 : 16;  // version 4; variant 8, 9, a, b
    EXPECT_EQ(digits_at[at].size(), expected) << at;
  }
}

TEST(Arn, ParsesAndPrints) {
  auto arn = Arn::parse("arn:aws:sqs:us-east-1:000000000000:my:queue");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->service, "sqs");
  EXPECT_EQ(arn->account, "000000000000");
  EXPECT_EQ(arn->resource, "my:queue");
  EXPECT_EQ(arn->str(), "arn:aws:sqs:us-east-1:000000000000:my:queue");
  EXPECT_FALSE(Arn::parse("arn:aws:sqs"));
  EXPECT_FALSE(Arn::parse("nope:aws:sqs:r:a:x"));
  EXPECT_EQ(make_arn("sns", "eu-west-1", "1", "t"), "arn:aws:sns:eu-west-1:1:t");
}

TEST(Input, AcceptsJsonAndQueryForms) {
  EXPECT_EQ(input::integer(json(5)), 5);
  EXPECT_EQ(input::integer(json("5")), 5);
  EXPECT_EQ(input::integer(json("-7")), -7);
  EXPECT_FALSE(input::integer(json("5x")));
  EXPECT_FALSE(input::integer(json("")));
  EXPECT_FALSE(input::integer(json(1.5)));
  EXPECT_EQ(input::boolean(json("TRUE")), true);
  EXPECT_EQ(input::boolean(json(false)), false);
  EXPECT_FALSE(input::boolean(json("yes")));
  json object = {{"a", nullptr}, {"b", 1}};
  EXPECT_EQ(input::member(object, "a"), nullptr);
  EXPECT_NE(input::member(object, "b"), nullptr);
  EXPECT_EQ(input::text(json(3)), "3");
  EXPECT_EQ(input::list(json("x")), json::array({"x"}));
}

TEST(TimeFormat, Iso8601WithMilliseconds) {
  EXPECT_EQ(time_format::iso8601_ms(time_format::from_epoch_ms(1764198017123)),
            "2025-11-26T23:00:17.123Z");
}

TEST(TimeFormat, Iso8601WholeSeconds) {
  EXPECT_EQ(time_format::iso8601_seconds(time_format::from_epoch_ms(1764198017923)),
            "2025-11-26T23:00:17Z");
}
