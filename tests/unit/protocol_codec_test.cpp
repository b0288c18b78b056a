#include <gtest/gtest.h>

#include "protocol/codec.hpp"
#include "protocol/form.hpp"
#include "protocol/json_input.hpp"
#include "protocol/sigv4.hpp"

using eddy::AwsError;
using eddy::json;
using namespace eddy::protocol;
using namespace std::string_literals;

namespace {

class CodecTest : public ::testing::Test {
 protected:
  CodecTest() {
    directory.add(sqs);
    directory.add(sns);
    directory.add(lambda);
  }

  HttpRequest request(std::string_view method, std::string_view target, std::string_view body,
                      std::vector<std::pair<std::string_view, std::string_view>> headers) {
    HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers = std::move(headers);
    return r;
  }

  // Decodes and returns the AwsError it throws, or nullopt.
  std::optional<AwsError> decode_error(const HttpRequest& r, DecodedRequest& out) {
    try {
      decode(r, directory, out);
    } catch (const AwsError& e) {
      return e;
    }
    return std::nullopt;
  }

  ServiceDescription sqs{
      .name = "sqs",
      .target_prefix = "AmazonSQS",
      .error_namespace = "com.amazonaws.sqs#",
      .query_compatible = true,
      .xml_namespace = "http://queue.amazonaws.com/doc/2012-11-05/",
      .query_resource_path = QueryResourcePath{.pattern = "/{AccountId}/{QueueName}",
                                               .member = "QueueUrl",
                                               .not_at_resource = {"CreateQueue"}},
      .operations = {"SendMessage", "AddPermission", "CreateQueue"},
      .json_text_operations = {"CreateQueue"}};
  ServiceDescription sns{.name = "sns",
                         .xml_namespace = "http://sns.amazonaws.com/doc/2010-03-31/",
                         .operations = {"Publish", "AddPermission", "ConfirmSubscription"}};
  ServiceDescription lambda{
      .name = "lambda",
      .rest_routes = {{"POST",
                       "/2015-03-31/functions/{FunctionName}/invocations",
                       "Invoke",
                       200,
                       {{"X-Amz-Invocation-Type", "InvocationType"}},
                       "Payload",
                       {{"FunctionError", "X-Amz-Function-Error"}},
                       "Payload",
                       "StatusCode"},
                      {"DELETE", "/2015-03-31/functions/{FunctionName}", "DeleteFunction", 204}},
      .operations = {"Invoke", "DeleteFunction"}};
  ServiceDirectory directory;
  static constexpr std::string_view kAuth =
      "AWS4-HMAC-SHA256 Credential=123456789012/20261126/eu-west-1/sns/aws4_request, "
      "SignedHeaders=host, Signature=abc";
};

TEST_F(CodecTest, JsonTargetPicksServiceOperationAccountAndRegion) {
  auto r = request("POST", "/", R"({"QueueUrl":"u","MessageBody":"b"})",
                   {{"X-Amz-Target", "AmazonSQS.SendMessage"},
                    {"Content-Type", "application/x-amz-json-1.0"},
                    {"Authorization", kAuth},
                    {"Host", "127.0.0.1:4566"}});
  DecodedRequest out;
  decode(r, directory, out);
  EXPECT_EQ(out.call.service, "sqs");
  EXPECT_EQ(out.call.operation, "SendMessage");
  EXPECT_EQ(out.call.access_key, "123456789012");
  EXPECT_EQ(out.call.region, "eu-west-1");
  EXPECT_EQ(out.call.host, "127.0.0.1:4566");
  EXPECT_EQ(out.call.input["MessageBody"], "b");
  EXPECT_EQ(out.protocol, Protocol::json);
  EXPECT_FALSE(out.call.request_id.empty());
}

TEST_F(CodecTest, MalformedJsonAndUnknownTargetsAreAwsErrors) {
  DecodedRequest out;
  auto bad = decode_error(
      request("POST", "/", "{not json", {{"X-Amz-Target", "AmazonSQS.SendMessage"}}), out);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->code(), "SerializationException");
  DecodedRequest out2;
  auto unknown =
      decode_error(request("POST", "/", "{}", {{"X-Amz-Target", "AmazonSQS.Bogus"}}), out2);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->code(), "UnknownOperationException");
  HttpResponse response = encode_error(out2, *unknown);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json::parse(response.body)["__type"], "com.amazonaws.sqs#UnknownOperationException");
}

TEST_F(CodecTest, AJsonTextOperationGetsItsBodyUnparsedOverJsonOnly) {
  std::string body = R"({"QueueName":"q","Attributes":{"DelaySeconds":"5"}})";
  DecodedRequest as_text;
  decode(request("POST", "/", body, {{"X-Amz-Target", "AmazonSQS.CreateQueue"}}), directory,
         as_text);
  ASSERT_TRUE(as_text.call.json_text);
  EXPECT_EQ(*as_text.call.json_text, body);
  EXPECT_EQ(as_text.call.input, json::object());
  EXPECT_EQ(parse_json_input(*as_text.call.json_text)["Attributes"]["DelaySeconds"], "5");
  // Malformed text reaches the operation, which parses it into decode's own error.
  DecodedRequest malformed;
  decode(request("POST", "/", "{not json", {{"X-Amz-Target", "AmazonSQS.CreateQueue"}}), directory,
         malformed);
  ASSERT_TRUE(malformed.call.json_text);

  DecodedRequest other_operation;
  decode(request("POST", "/", R"({"QueueUrl":"u","MessageBody":"b"})",
                 {{"X-Amz-Target", "AmazonSQS.SendMessage"}}),
         directory, other_operation);
  EXPECT_FALSE(other_operation.call.json_text);
  EXPECT_EQ(other_operation.call.input["MessageBody"], "b");

  DecodedRequest over_query;
  decode(request("POST", "/", "Action=CreateQueue&QueueName=q",
                 {{"Content-Type", "application/x-www-form-urlencoded"}}),
         directory, over_query);
  EXPECT_FALSE(over_query.call.json_text);
  EXPECT_EQ(over_query.call.input["QueueName"], "q");
}

TEST_F(CodecTest, JsonInputIsAnObjectOrASerializationException) {
  EXPECT_EQ(parse_json_input(""), json::object());
  EXPECT_EQ(parse_json_input(R"({"a":[1,2.5e3,"x\u00e9"]})"),
            json::parse(R"({"a":[1,2.5e3,"x\u00e9"]})"));
  for (std::string_view text : {"{not json", "[1,2]", "\"text\"", "{\"a\":1} trailing"}) {
    try {
      parse_json_input(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const AwsError& error) {
      EXPECT_EQ(error.code(), "SerializationException") << text;
    }
  }
}

TEST_F(CodecTest, QueryServiceComesFromScopeThenPathThenAction) {
  DecodedRequest by_scope;
  decode(request("POST", "/", "Action=AddPermission&Label=x",
                 {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                  {"Authorization", kAuth}}),
         directory, by_scope);
  EXPECT_EQ(by_scope.call.service, "sns");
  EXPECT_EQ(by_scope.protocol, Protocol::query);
  EXPECT_EQ(by_scope.call.input, (json{{"Label", "x"}}));

  DecodedRequest by_path;
  decode(request("POST", "/000000000000/my-queue", "Action=AddPermission",
                 {{"Content-Type", "application/x-www-form-urlencoded"}}),
         directory, by_path);
  EXPECT_EQ(by_path.call.service, "sqs");
  EXPECT_EQ(by_path.call.input["QueueUrl"], "/000000000000/my-queue");

  DecodedRequest by_action;
  decode(request("GET", "/?Action=ConfirmSubscription&Token=t%2Bx", "", {}), directory, by_action);
  EXPECT_EQ(by_action.call.service, "sns");
  EXPECT_EQ(by_action.call.input["Token"], "t+x");
}

TEST_F(CodecTest, AnActionSeveralServicesHaveNeverDecidesAlone) {
  DecodedRequest unsigned_request;
  auto ambiguous = decode_error(request("POST", "/", "Action=AddPermission",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}}),
                                unsigned_request);
  ASSERT_TRUE(ambiguous);
  EXPECT_EQ(ambiguous->code(), "InvalidAction");
  EXPECT_NE(ambiguous->message().find("several services"), std::string::npos);

  DecodedRequest by_host;
  decode(request("POST", "/", "Action=AddPermission",
                 {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Host", "sqs.us-east-1.localhost:4566"}}),
         directory, by_host);
  EXPECT_EQ(by_host.call.service, "sqs");

  // A scope naming a service that does not speak the query protocol is not a query call.
  DecodedRequest wrong_scope;
  auto error = decode_error(
      request("POST", "/", "Action=AddPermission",
              {{"Content-Type", "application/x-www-form-urlencoded"},
               {"Authorization",
                "AWS4-HMAC-SHA256 Credential=k/20261126/us-east-1/lambda/aws4_request"}}),
      wrong_scope);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), "InvalidAction");
}

TEST_F(CodecTest, AResourcePathRefusesActionsNotAboutTheResource) {
  DecodedRequest out;
  auto error = decode_error(request("POST", "/000000000000/my-queue", "Action=CreateQueue",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}}),
                            out);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), "InvalidAction");
  EXPECT_EQ(error->message(), "The action CreateQueue is not valid for this endpoint.");

  DecodedRequest explicit_url;
  decode(request("POST", "/000000000000/path-queue",
                 "Action=SendMessage&QueueUrl=http%3A%2F%2Fh%2F000000000000%2Fnamed",
                 {{"Content-Type", "application/x-www-form-urlencoded"}}),
         directory, explicit_url);
  EXPECT_EQ(explicit_url.call.input["QueueUrl"], "http://h/000000000000/named");
}

TEST_F(CodecTest, UnknownQueryActionIsInvalidAction) {
  DecodedRequest out;
  auto error = decode_error(
      request("POST", "/", "Action=Nope",
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", kAuth}}),
      out);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), "InvalidAction");
  HttpResponse response = encode_error(out, *error);
  EXPECT_EQ(response.content_type, "text/xml");
  EXPECT_NE(response.body.find("<Code>InvalidAction</Code>"), std::string::npos);
}

TEST_F(CodecTest, BadFormEscapesAreRejected) {
  DecodedRequest out;
  auto error = decode_error(request("POST", "/", "Action=Publish&Message=%ZZ",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}}),
                            out);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), "MalformedQueryString");
}

TEST_F(CodecTest, RestRoutesBindLabelsHeadersAndRawBodies) {
  DecodedRequest out;
  decode(request("POST", "/2015-03-31/functions/ingest/invocations?Qualifier=live", "[1,2]",
                 {{"X-Amz-Invocation-Type", "Event"}}),
         directory, out);
  EXPECT_EQ(out.call.service, "lambda");
  EXPECT_EQ(out.call.operation, "Invoke");
  EXPECT_EQ(out.call.input["FunctionName"], "ingest");
  EXPECT_EQ(out.call.input["Qualifier"], "live");
  EXPECT_EQ(out.call.input["InvocationType"], "Event");
  EXPECT_EQ(out.call.input["Payload"], "[1,2]");

  HttpResponse response =
      encode_result(out, {{"StatusCode", 202}, {"FunctionError", "Unhandled"}, {"Payload", "{}"}});
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.body, "{}");
  bool has_header = false;
  for (const auto& [name, value] : response.headers)
    if (name == "X-Amz-Function-Error" && value == "Unhandled") has_header = true;
  EXPECT_TRUE(has_header);

  DecodedRequest deleted;
  decode(request("DELETE", "/2015-03-31/functions/ingest", "", {}), directory, deleted);
  EXPECT_EQ(encode_result(deleted, json::object()).status, 204);

  AwsError missing("ResourceNotFoundException", "Function not found", 404);
  HttpResponse error = encode_error(out, missing);
  EXPECT_EQ(error.status, 404);
  EXPECT_EQ(json::parse(error.body)["Type"], "User");
}

TEST_F(CodecTest, QueryCompatibleJsonErrorsCarryTheLegacyCode) {
  DecodedRequest out;
  decode(request("POST", "/", "{}", {{"X-Amz-Target", "AmazonSQS.SendMessage"}}), directory, out);
  AwsError error("QueueDoesNotExist", "The specified queue does not exist.");
  error.with_query_code("AWS.SimpleQueueService.NonExistentQueue");
  HttpResponse response = encode_error(out, error);
  std::string header;
  for (const auto& [name, value] : response.headers)
    if (name == "x-amzn-query-error") header = value;
  EXPECT_EQ(header, "AWS.SimpleQueueService.NonExistentQueue;Sender");
  EXPECT_EQ(json::parse(response.body)["__type"], "com.amazonaws.sqs#QueueDoesNotExist");
}

TEST_F(CodecTest, NothingRoutableIsA404) {
  DecodedRequest out;
  auto error = decode_error(request("GET", "/nowhere", "", {}), out);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->http_status(), 404);
}

TEST(Form, DecodesPlusPercentAndRejectsBadEscapes) {
  EXPECT_EQ(url_decode("a+b%20c%2B"), "a b c+");
  EXPECT_FALSE(url_decode("%4"));
  EXPECT_FALSE(url_decode("%G0"));
  EXPECT_FALSE(url_decode("abc%"));
  EXPECT_FALSE(url_decode("abc%4"));
  EXPECT_EQ(url_decode(""), "");
  EXPECT_EQ(url_decode("plain-text_1.2~"), "plain-text_1.2~");
  EXPECT_EQ(url_decode("%7B%22a%22%3A1%7D"), "{\"a\":1}");
  EXPECT_EQ(url_decode("head%2Fmiddle+tail%21"), "head/middle tail!");
  EXPECT_EQ(url_decode("a+b%2B", false), "a+b+");
  EXPECT_EQ(url_decode("%e2%82%ac+"), "\xe2\x82\xac ");
  FormFields fields;
  EXPECT_TRUE(parse_form("a=1&&b=&c", fields));
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(url_encode("a b/+"), "a%20b%2F%2B");
}

// The scope as owned text, for a test to hold.
struct OwnedScope {
  std::string access_key, region, service;
};
std::optional<OwnedScope> scope_of(const HttpRequest& request) {
  std::string decoded;
  auto scope = credential_scope(request, decoded);
  if (!scope) return std::nullopt;
  return OwnedScope{std::string(scope->access_key), std::string(scope->region),
                    std::string(scope->service)};
}

TEST(SigV4, AccountComesFromTwelveDigitKeysOnly) {
  EXPECT_EQ(account_for_access_key("123456789012", "000000000000"), "123456789012");
  EXPECT_EQ(account_for_access_key("AKIAEXAMPLE", "000000000000"), "000000000000");
  EXPECT_EQ(account_for_access_key("12345678901a", "123456789012"), "123456789012");
  HttpRequest presigned;
  presigned.target =
      "/?X-Amz-Credential=111111111111%2F20260101%2Fap-south-1%2Fsqs%2Faws4_request&x=1";
  auto scope = scope_of(presigned);
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->access_key, "111111111111");
  EXPECT_EQ(scope->region, "ap-south-1");
  EXPECT_EQ(scope->service, "sqs");
}
TEST_F(CodecTest, JsonAnswersOfStringsAreWrittenAsDumpWritesThem) {
  auto r = request("POST", "/", "{}",
                   {{"X-Amz-Target", "AmazonSQS.CreateQueue"},
                    {"Content-Type", "application/x-amz-json-1.0"},
                    {"Authorization", kAuth}});
  DecodedRequest out;
  decode(r, directory, out);
  // Written by hand (objects of strings) or dumped (anything else): the same text either way.
  const json answers[] = {
      json::object(),
      {{"QueueUrl", "http://127.0.0.1:4566/123456789012/q"}},
      {{"b", "quote \" backslash \\ slash / tab \t nl \n nul"s + '\0' + "\x1f"}},
      {{"z", "caf\u00e9 \u65e5\u672c \U0001F600"}, {"a", "second"}},
      {{"Broken", "bad \xff\xfe utf-8"}},
      {{"n", 1}, {"s", "x"}},
      {{"nested", {{"s", "x"}}}},
  };
  for (const json& answer : answers) {
    // Past the preserialized path: a json value the service built.
    out.call.answers_json_text = false;
    EXPECT_EQ(encode_result(out, answer).body,
              answer.dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

TEST(SigV4, CredentialEndsAtACommaOrASpace) {
  HttpRequest signed_request;
  signed_request.headers = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host"}};
  auto scope = scope_of(signed_request);
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->access_key, "AKID");
  EXPECT_EQ(scope->region, "eu-west-1");
  EXPECT_EQ(scope->service, "sqs");
  signed_request.headers = {
      {"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-2/sns/aws4_request"}};
  scope = scope_of(signed_request);
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->service, "sns");
  signed_request.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101 x/y/z"}};
  EXPECT_FALSE(scope_of(signed_request));
}

// A scope is four parts, its region and service not empty, from the header or a presigned URL.
TEST(SigV4, ScopeNeedsAllItsParts) {
  std::vector<HttpRequest> requests(6);
  requests[0].headers = {
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/sns/aws4_request, SignedHeaders=host"}};
  requests[1].target =
      "/?X-Amz-Credential=111111111111%2F20260101%2Fap-south-1%2Fsqs%2Faws4_request&x=1";
  requests[2].headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101 x/y/z"}};
  requests[3].headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/r//x"}};
  requests[4].target = "/?X-Amz-Credential=AKID%2F20260101%2Fr%2Fsqs%ZZ";
  EXPECT_EQ(scope_of(requests[0])->service, "sns");
  EXPECT_EQ(scope_of(requests[1])->service, "sqs");
  for (std::size_t i = 2; i < requests.size(); ++i) EXPECT_FALSE(scope_of(requests[i])) << i;
  // Credential= anywhere in the header; a presigned URL's credential may hold what it encodes.
  HttpRequest elsewhere;
  elsewhere.headers = {{"Authorization", "Other Credential=AK/d/eu-west-3/sts/aws4_request"}};
  EXPECT_EQ(scope_of(elsewhere)->region, "eu-west-3");
  HttpRequest encoded_space;
  encoded_space.target = "/?X-Amz-Credential=AK+ID%2Fd%2Fr%2Fsqs%2Faws4_request";
  EXPECT_EQ(scope_of(encoded_space)->access_key, "AK ID");
  HttpRequest spaced;
  spaced.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AK ID/d/r/sqs/aws4_request"}};
  EXPECT_FALSE(scope_of(spaced));
  // Parts of every length, so each separator falls at every place in an eight-byte word; a
  // comma or space before the fourth '/' ends the credential too soon.
  for (std::size_t length = 1; length <= 20; ++length) {
    std::string part(length, 'k');
    std::string credential = part + "/" + part + "/" + part + "/" + part + "/aws4_request";
    HttpRequest signed_request;
    // Headers are views: their text lives here, as a request's lives in its buffer.
    std::string authorization = "AWS4-HMAC-SHA256 Credential=" + credential;
    signed_request.headers = {{"Authorization", authorization}};
    auto scope = scope_of(signed_request);
    ASSERT_TRUE(scope) << length;
    EXPECT_EQ(scope->access_key, part);
    EXPECT_EQ(scope->region, part);
    EXPECT_EQ(scope->service, part);
    for (char stop : {',', ' '}) {
      std::string cut = credential;
      cut[cut.size() - 14 - length / 2] = stop;  // inside the service
      std::string cut_authorization = "AWS4-HMAC-SHA256 Credential=" + cut;
      signed_request.headers = {{"Authorization", cut_authorization}};
      EXPECT_FALSE(scope_of(signed_request)) << cut;
    }
  }
}

// The transports index the common headers once; a request read from the index answers as one
// searched: the first of a repeated name, whatever its case, and nothing for an absent one.
TEST(HttpRequestHeaders, IndexAnswersAsTheSearchDoes) {
  HttpRequest request;
  request.headers = {{"host", "first.example"},  {"X-AMZ-TARGET", "AmazonSQS.GetQueueUrl"},
                     {"Host", "second.example"}, {"content-type", "application/x-amz-json-1.0"},
                     {"Content-Typo", "not it"}, {"authorizatioN", "AWS4-HMAC-SHA256 x"},
                     {"X-Amz-Targex", "not it"}};
  HttpRequest indexed = request;
  indexed.index_common_headers();
  for (auto which : {CommonHeader::host, CommonHeader::content_type, CommonHeader::x_amz_target,
                     CommonHeader::authorization}) {
    EXPECT_EQ(indexed.header(which), request.header(which));
  }
  EXPECT_EQ(indexed.header(CommonHeader::host), "first.example");
  EXPECT_EQ(indexed.header(CommonHeader::x_amz_target), "AmazonSQS.GetQueueUrl");
  EXPECT_EQ(indexed.header(CommonHeader::content_type), "application/x-amz-json-1.0");
  EXPECT_EQ(indexed.header(CommonHeader::authorization), "AWS4-HMAC-SHA256 x");
  // Only '-' matches '-', though setting the case bit of a CR would make one.
  HttpRequest near_misses;
  near_misses.headers = {{"Content\rType", "x"}, {"X-Amz\rTarget", "x"}, {"CONTENT-TYPE", "json"}};
  near_misses.index_common_headers();
  EXPECT_EQ(near_misses.header(CommonHeader::content_type), "json");
  EXPECT_EQ(near_misses.header(CommonHeader::x_amz_target), "");
  HttpRequest bare;
  bare.headers = {{"Content-Length", "0"}};
  bare.index_common_headers();
  EXPECT_EQ(bare.header(CommonHeader::host), "");
  EXPECT_EQ(bare.header(CommonHeader::content_type), "");
  // Emptied for the next request, it searches again until indexed again.
  indexed.clear();
  indexed.headers = {{"Host", "next.example"}};
  EXPECT_EQ(indexed.header(CommonHeader::host), "next.example");
}
}  // namespace
