// The plain reading of a request (http/plain_request.hpp) must take only requests Beast would
// take, and read them as Beast does: each case here is also parsed by a RequestParser fed
// byte by byte through Beast, and the two must agree on every part of the request.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/asio.hpp"
#include "http/plain_request.hpp"
#include "http/request_parser.hpp"

namespace eddy {
namespace {

constexpr std::uint64_t kBodyLimit = 1024;

struct ParsedRequest {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;
  unsigned version = 0;
  bool keep_alive = false;
  std::size_t used = 0;
};

ParsedRequest copy_of(RequestParser& parser, std::size_t used) {
  const auto& request = parser.request();
  ParsedRequest out;
  out.method = request.method;
  out.target = request.target;
  out.body = request.body;
  for (const auto& [name, value] : request.headers)
    out.headers.emplace_back(std::string(name), std::string(value));
  out.version = parser.version();
  out.keep_alive = parser.keep_alive();
  out.used = used;
  return out;
}

// Through take_plain; nullopt when it left the request to Beast.
std::optional<ParsedRequest> read_plain(std::string_view text) {
  RequestStorage storage;
  RequestParser parser(storage);
  parser.body_limit(kBodyLimit);
  std::size_t used = parser.take_plain(text);
  if (used == 0) return std::nullopt;
  EXPECT_TRUE(parser.is_done());
  return copy_of(parser, used);
}

// Through Beast alone, all at once; nullopt when Beast refuses it.
std::optional<ParsedRequest> read_with_beast(std::string_view text) {
  RequestStorage storage;
  RequestParser parser(storage);
  parser.body_limit(kBodyLimit);
  boost::system::error_code ec;
  std::size_t used = parser.put(asio::buffer(text.data(), text.size()), ec);
  while (!ec && !parser.is_done() && used < text.size())
    used += parser.put(asio::buffer(text.data() + used, text.size() - used), ec);
  if (ec || !parser.is_done()) return std::nullopt;
  return copy_of(parser, used);
}

void expect_same_as_beast(std::string_view text) {
  SCOPED_TRACE(std::string(text));
  auto plain = read_plain(text);
  ASSERT_TRUE(plain) << "left to Beast";
  auto beast = read_with_beast(text);
  ASSERT_TRUE(beast) << "Beast refuses what the plain reading took";
  EXPECT_EQ(plain->method, beast->method);
  EXPECT_EQ(plain->target, beast->target);
  EXPECT_EQ(plain->headers, beast->headers);
  EXPECT_EQ(plain->body, beast->body);
  EXPECT_EQ(plain->version, beast->version);
  EXPECT_EQ(plain->keep_alive, beast->keep_alive);
  EXPECT_EQ(plain->used, beast->used);
}

TEST(HttpPlainRequest, ReadsWhatBeastReads) {
  expect_same_as_beast("GET /_eddy/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  expect_same_as_beast("GET / HTTP/1.1\r\n\r\n");
  expect_same_as_beast(
      "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
      "X-Amz-Target: AmazonSQS.GetQueueUrl\r\nAuthorization: AWS4-HMAC-SHA256 "
      "Credential=test/20261126/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0\r\n"
      "Content-Length: 20\r\n\r\n{\"QueueName\":\"cost\"}");
  // Whitespace around values, an empty value, tabs inside one, a target with a query.
  expect_same_as_beast(
      "PUT /a/b?x=1&y=%20 HTTP/1.1\r\nX-Empty:\r\nX-Spaced: \t a \t b \t\r\n"
      "content-length:  3 \r\n\r\nabc");
  expect_same_as_beast("GET / HTTP/1.0\r\n\r\n");
  expect_same_as_beast("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  expect_same_as_beast("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
  expect_same_as_beast("GET / HTTP/1.1\r\nCONNECTION: Keep-Alive\r\n\r\n");
  expect_same_as_beast("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
}

TEST(HttpPlainRequest, TakesOnlyTheFirstOfPipelinedRequests) {
  std::string first = "POST /one HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi";
  auto plain = read_plain(first + "GET /two HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->used, first.size());
  EXPECT_EQ(plain->target, "/one");
  EXPECT_EQ(plain->body, "hi");
}

TEST(HttpPlainRequest, LeavesToBeastWhatIsNotWholeOrPlain) {
  const char* cases[] = {
      "GET / HTTP/1.1\r\nHost: x\r\n",                    // head still arriving
      "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc",  // body still arriving
      "POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n",  // over the body limit
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
      "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\na",
      "POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\na",
      "GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\nUpgrade: h2c\r\n\r\n",
      "GET / HTTP/1.1\r\nConnection: close\r\nConnection: close\r\n\r\n",
      "GET / HTTP/1.1\r\nProxy-Connection: close\r\n\r\n",
      "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
      "GET / HTTP/1.1\r\nX-Folded: a\r\n b\r\n\r\n",  // obsolete line folding
      "GET / HTTP/1.1\r\nX-Bare: a\rb\r\n\r\n",       // a CR alone
      "GET / HTTP/1.1\r\nX-Bare: a\nb\r\n\r\n",       // a LF alone
      "GET / HTTP/1.1\r\nX-Utf8: caf\xc3\xa9\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
      "GET / HTTP/1.1\r\n: x\r\n\r\n",
      "GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n",
      "GET  / HTTP/1.1\r\n\r\n",
      "GET / HTTP/2.0\r\n\r\n",
      "GET / http/1.1\r\n\r\n",
      "GET / HTTP/1.1\n\r\n",
      "GET\r\n\r\n",
      "\r\n\r\n",
  };
  for (const char* text : cases) EXPECT_FALSE(read_plain(text)) << text;
  std::string oversized_head =
      "GET / HTTP/1.1\r\nX-Big: " + std::string(plain_request::kMaxPlainHeadBytes, 'a') +
      "\r\n\r\n";
  EXPECT_FALSE(read_plain(oversized_head));
}

// The target and the values are scanned eight bytes at a time: a byte out of place must be found
// wherever it falls in a word, and a run of plain bytes of any length read whole.
TEST(HttpPlainRequest, FindsABadByteAtEveryPositionOfALongValueOrTarget) {
  const char bad_bytes[] = {'\0', '\x1f', '\x7f', '\x80', '\xff', '\r', '\n'};
  for (std::size_t length = 1; length <= 24; ++length) {
    std::string value(length, 'v');
    expect_same_as_beast("GET /" + value + " HTTP/1.1\r\nX-Long: " + value + "\r\n\r\n");
    std::string tabbed = value;
    tabbed[length / 2] = '\t';
    expect_same_as_beast("GET / HTTP/1.1\r\nX-Tabbed: a" + tabbed + "b\r\n\r\n");
    for (std::size_t at = 0; at < length; ++at) {
      for (char bad : bad_bytes) {
        std::string spoiled = value;
        spoiled[at] = bad;
        std::string in_value = "GET / HTTP/1.1\r\nX-Long: a" + spoiled + "\r\n\r\n";
        EXPECT_FALSE(read_plain(in_value)) << length << " " << at << " " << int(bad);
        std::string in_target = "GET /" + spoiled + " HTTP/1.1\r\n\r\n";
        EXPECT_FALSE(read_plain(in_target)) << length << " " << at << " " << int(bad);
      }
      std::string spaced = value;
      spaced[at] = ' ';
      EXPECT_FALSE(read_plain("GET /" + spaced + " HTTP/1.1\r\n\r\n")) << length << " " << at;
    }
  }
}

// The head's blank line must end within kMaxPlainHeadBytes, and no byte past it is read.
TEST(HttpPlainRequest, TakesAHeadUpToTheLimitAndNoLonger) {
  const std::string start = "GET / HTTP/1.1\r\nX-Big: ";
  const std::string finish = "\r\n\r\n";
  std::size_t fill = plain_request::kMaxPlainHeadBytes - start.size() - finish.size();
  expect_same_as_beast(start + std::string(fill, 'a') + finish);
  EXPECT_FALSE(read_plain(start + std::string(fill + 1, 'a') + finish));
  // Cut anywhere before its blank line ends, a head is still arriving.
  std::string whole = start + "abcdefghijklmnopqrstuvwxyz" + finish;
  for (std::size_t cut = 0; cut < whole.size(); ++cut)
    EXPECT_FALSE(read_plain(whole.substr(0, cut))) << cut;
}

}  // namespace
}  // namespace eddy
