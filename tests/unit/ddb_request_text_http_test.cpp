// PutItem, GetItem and UpdateItem read a request arriving over HTTP from its text; in-process
// calls hand them json. The same requests sent both ways to two emulators holding the same tables
// must get the same answers and the same errors, and leave the same stored items byte for byte.
#include <gtest/gtest.h>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/asio.hpp"
#include "ddb_emulator_test_support.hpp"
#include "ddb_number_forms.hpp"
#include "eddy/aws_error.hpp"
#include "eddy/server.hpp"

using namespace eddy;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

struct DdbHttpAnswer {
  unsigned status = 0;
  std::string body;
};

class DdbRequestTextHttpTest : public DdbEmulatorTest {
 protected:
  void SetUp() override {
    for (Emulator* emulator : {&emu, &json_emu}) {
      emulator->call("dynamodb", "CreateTable", table_request("plain", "S", "N"));
      emulator->call("dynamodb", "CreateTable", binary_table_request());
      json indexed = table_request("indexed", "S", "");
      indexed["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "S"}});
      indexed["GlobalSecondaryIndexes"] = {
          {{"IndexName", "by-g"},
           {"KeySchema", {{{"AttributeName", "g"}, {"KeyType", "HASH"}}}},
           {"Projection", {{"ProjectionType", "ALL"}}}}};
      indexed["StreamSpecification"] = {{"StreamEnabled", true},
                                        {"StreamViewType", "NEW_AND_OLD_IMAGES"}};
      emulator->call("dynamodb", "CreateTable", indexed);
    }
  }

  static json table_request(const std::string& name, const std::string& hash_type,
                            const std::string& range_type) {
    json request = {
        {"TableName", name},
        {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
        {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", hash_type}}}},
        {"BillingMode", "PAY_PER_REQUEST"}};
    if (!range_type.empty()) {
      request["KeySchema"].push_back({{"AttributeName", "sk"}, {"KeyType", "RANGE"}});
      request["AttributeDefinitions"].push_back(
          {{"AttributeName", "sk"}, {"AttributeType", range_type}});
    }
    return request;
  }
  static json binary_table_request() {
    json request = table_request("binary", "B", "");
    return request;
  }

  DdbHttpAnswer post(std::uint16_t port, const std::string& operation, const std::string& body) {
    asio::io_context client_io;
    beast::tcp_stream stream(client_io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> request{http::verb::post, "/", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/x-amz-json-1.0");
    request.set("X-Amz-Target", "DynamoDB_20120810." + operation);
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return {response.result_int(), response.body()};
  }

  // Sends `body` over HTTP to one emulator and as json in-process to the other, and expects
  // the same answer or error, and then the same items stored in every table.
  void expect_alike(const std::string& operation, const std::string& body) {
    SCOPED_TRACE(operation + " " + body.substr(0, 300));
    DdbHttpAnswer over_http = post(server.port(), operation, body);
    std::optional<json> answer;
    std::optional<AwsError> error;
    try {
      answer = json_emu.call("dynamodb", operation, json::parse(body));
    } catch (const AwsError& thrown) {
      error = thrown;
    }
    json http_body = json::parse(over_http.body);
    if (error) {
      EXPECT_EQ(over_http.status, static_cast<unsigned>(error->http_status()));
      EXPECT_EQ(http_body.value("__type", ""), "com.amazonaws.dynamodb.v20120810#" + error->code());
      EXPECT_EQ(http_body.value("message", ""), error->message());
      // The item a failed condition answers with, when asked.
      if (error->details().is_object()) {
        for (const auto& [name, value] : error->details().items())
          EXPECT_EQ(http_body.value(name, json()), value) << name;
      }
      ++errors_compared;
    } else {
      EXPECT_EQ(over_http.status, 200U) << over_http.body;
      EXPECT_EQ(http_body, *answer);
      ++answers_compared;
    }
    expect_same_items();
  }

  // Scan answers items as stored: the same text from both emulators.
  void expect_same_items() {
    for (const char* table : {"plain", "binary", "indexed"}) {
      const std::string scan = std::string(R"({"TableName":")") + table + R"("})";
      EXPECT_EQ(post(server.port(), "Scan", scan).body, post(json_server.port(), "Scan", scan).body)
          << table;
    }
    const std::string by_index = R"({"TableName":"indexed","IndexName":"by-g"})";
    EXPECT_EQ(post(server.port(), "Scan", by_index).body,
              post(json_server.port(), "Scan", by_index).body);
  }

  static std::string put(const std::string& table, const std::string& item,
                         const std::string& more = "") {
    return R"({"TableName":")" + table + R"(","Item":)" + item + more + "}";
  }
  static std::string plain_item(const std::string& pk, const std::string& attributes = "") {
    return R"({"pk":{"S":")" + pk + R"("},"sk":{"N":"1"})" + attributes + "}";
  }

  Server server{emu, ServerConfig{.host = "127.0.0.1", .port = 0, .log_requests = false}};
  Emulator json_emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};
  Server json_server{json_emu, ServerConfig{.host = "127.0.0.1", .port = 0, .log_requests = false}};
  int answers_compared = 0;
  int errors_compared = 0;
};

TEST_F(DdbRequestTextHttpTest, PutItemOfEveryTypeStoresAlike) {
  expect_alike("PutItem", put("plain", plain_item("a")));
  expect_alike("PutItem",
               put("plain", plain_item("types", R"(,"b":{"B":"AAEC"},"bool":{"BOOL":false},)"
                                                R"("n":{"NULL":true},"m":{"M":{"y":{"S":"1"},)"
                                                R"("x":{"L":[{"N":"1"},{"SS":["b","a"]}]}}},)"
                                                R"("l":{"L":[]},"ss":{"SS":["y","x"]},)"
                                                R"("ns":{"NS":["10","2.5","-3"]},)"
                                                R"("bs":{"BS":["AQ==","AA=="]},"e":{"M":{}},)"
                                                R"("es":{"S":""},"eb":{"B":""})")));
  // Spacing, member order, and text beyond ASCII.
  expect_alike("PutItem",
               " { \"Item\" : { \"z\" : {\"S\": \"Gr\xC3\xBC\xC3\x9F"
               "e\"}, \"sk\": {\"N\": \"2\"}, \"pk\": {\"S\": \"spaced\"} } ,\n"
               "\"TableName\" : \"plain\" }\n");
  // Escapes, which the json path reads.
  expect_alike("PutItem", put("plain", plain_item("escaped", R"(,"q":{"S":"a\"b\\c\n\u00e9"})")));
  expect_alike("PutItem", put("binary", R"({"pk":{"B":"AAEC/w=="},"v":{"N":"1"}})"));
  // A put replacing an item, and one asking for it.
  expect_alike("PutItem", put("plain", plain_item("a", R"(,"v":{"N":"2"})")));
  expect_alike("PutItem", put("plain", plain_item("a", R"(,"v":{"N":"3"})"),
                              R"(,"ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL")"));
  EXPECT_EQ(errors_compared, 0);
}

TEST_F(DdbRequestTextHttpTest, NumbersInEveryFormStoreAlike) {
  int n = 0;
  for (const auto& [plain, exponent] : services::dynamodb::test::kPlainAndExponentForms) {
    for (const char* number : {plain, exponent}) {
      std::string value = R"({"N":")";
      value += number;
      value += R"("})";
      // As a value, in a set, and as the sort key.
      expect_alike("PutItem", put("plain", R"({"pk":{"S":"n"},"sk":)" + value + R"(,"v":)" + value +
                                               R"(,"s":{"NS":[")" + number + R"("]}})"));
      std::string pk = "n";
      pk += std::to_string(n++);
      std::string attribute = ",\"v\":";
      attribute += value;
      expect_alike("PutItem", put("plain", plain_item(pk, attribute)));
    }
  }
  for (const char* number : {"1.50", "+1", "-0", ".5", "5.", "1e3", "1E+2", "0.0", "-00"}) {
    std::string attribute = R"(,"v":{"N":")";
    attribute += number;
    attribute += R"("})";
    expect_alike("PutItem", put("plain", plain_item("odd", attribute)));
  }
}

TEST_F(DdbRequestTextHttpTest, InvalidItemsFailAlike) {
  for (const char* attributes : {
           R"(,"k":{"SS":[]})",
           R"(,"k":{"NS":[]})",
           R"(,"k":{"BS":[]})",
           R"(,"k":{"SS":["a","a"]})",
           R"(,"k":{"NS":["1","1.0"]})",
           R"(,"k":{"BS":["AA==","AA=="]})",
           R"(,"k":{"N":"abc"})",
           R"(,"k":{"N":"1e500"})",
           R"(,"k":{"N":"123456789012345678901234567890123456789"})",
           R"(,"k":{"N":""})",
           R"(,"k":{"NULL":false})",
           R"(,"k":{"S":"a","N":"1"})",
           R"(,"k":{"X":"a"})",
           R"(,"k":{})",
           R"(,"k":null)",
           R"(,"k":{"N":1})",
           R"(,"k":{"S":true})",
           R"(,"k":{"L":{}})",
           R"(,"k":{"M":[]})",
           R"(,"k":{"B":"AB=="})",
           R"(,"k":{"B":"AAE"})",
           R"(,"k":{"BOOL":"yes"})",
           R"(,"k":"text")",
           R"(,"k":[])",
       })
    expect_alike("PutItem", put("plain", plain_item("bad", attributes)));
  // Key attributes missing, of the wrong type, empty.
  expect_alike("PutItem", put("plain", R"({"pk":{"S":"a"}})"));
  expect_alike("PutItem", put("plain", R"({"sk":{"N":"1"}})"));
  expect_alike("PutItem", put("plain", R"({"pk":{"N":"1"},"sk":{"N":"1"}})"));
  expect_alike("PutItem", put("plain", R"({"pk":{"S":"a"},"sk":{"S":"1"}})"));
  expect_alike("PutItem", put("plain", R"({"pk":{"S":""},"sk":{"N":"1"}})"));
  expect_alike("PutItem", put("binary", R"({"pk":{"B":""}})"));
  expect_alike("PutItem", put("indexed", R"({"pk":{"S":"a"},"g":{"N":"1"}})"));
  expect_alike("PutItem", put("indexed", R"({"pk":{"S":"a"},"g":{"S":""}})"));
  // Too deep, too large.
  std::string deep = R"({"S":"x"})";
  for (int i = 0; i < 33; ++i) deep = R"({"L":[)" + deep + "]}";
  expect_alike("PutItem", put("plain", plain_item("deep", R"(,"d":)" + deep)));
  expect_alike(
      "PutItem",
      put("plain", plain_item("big", R"(,"d":{"S":")" + std::string(400 * 1024, 'x') + "\"}")));
  // The request's own members.
  expect_alike("PutItem", R"({"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}})");
  expect_alike("PutItem", R"({"TableName":"plain"})");
  expect_alike("PutItem", R"({"TableName":"missing","Item":{"pk":{"S":"a"}}})");
  expect_alike("PutItem", R"({"TableName":"x","Item":{"pk":{"S":"a"}}})");
  expect_alike("PutItem", R"({"TableName":7,"Item":{"pk":{"S":"a"}}})");
  expect_alike("PutItem", put("plain", plain_item("a"), R"(,"ReturnValues":"ALL_NEW")"));
  expect_alike("PutItem", put("plain", plain_item("a"), R"(,"ReturnValues":5)"));
  expect_alike("PutItem", put("plain", plain_item("a"), R"(,"ReturnConsumedCapacity":"SOME")"));
  expect_alike("PutItem", put("plain", plain_item("a"), R"(,"Unknown":1)"));
  expect_alike("PutItem", put("plain", plain_item("a"), R"(,"TableName":"binary")"));
  // Two are not errors: BOOL "yes" (the deserialiser reads it as true) and an unknown member.
  EXPECT_EQ(answers_compared, 2);
}

TEST_F(DdbRequestTextHttpTest, ConditionsAndIndexesStoreAlike) {
  const std::string exists = R"j(,"ConditionExpression":"attribute_exists(pk)")j";
  const std::string absent = R"j(,"ConditionExpression":"attribute_not_exists(pk)")j";
  expect_alike("PutItem", put("plain", plain_item("c"), exists));
  expect_alike("PutItem", put("plain", plain_item("c"), absent));
  expect_alike("PutItem", put("plain", plain_item("c"), absent));
  expect_alike("PutItem", put("plain", plain_item("c", R"(,"v":{"N":"1"})"),
                              R"(,"ConditionExpression":"#p = :p","ExpressionAttributeNames":)"
                              R"({"#p":"pk"},"ExpressionAttributeValues":{":p":{"S":"c"}},)"
                              R"("ReturnValues":"ALL_OLD",)"
                              R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD")"));
  expect_alike("PutItem",
               put("plain", plain_item("c"),
                   R"(,"ConditionExpression":"v = :v","ExpressionAttributeValues":)"
                   R"({":v":{"N":"9"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD")"));
  expect_alike("PutItem",
               put("plain", plain_item("c"), R"(,"ExpressionAttributeValues":{":v":{"N":"9"}})"));
  expect_alike("PutItem", put("plain", plain_item("c"), R"(,"Expected":{"v":{"Exists":false}})"));
  expect_alike("PutItem",
               put("indexed", R"({"pk":{"S":"i"},"g":{"S":"one"},"v":{"L":[{"N":"1"}]}})"));
  expect_alike("PutItem", put("indexed", R"({"pk":{"S":"i"},"g":{"S":"two"}})",
                              R"(,"ReturnValues":"ALL_OLD")"));
  expect_alike("PutItem", put("indexed", R"({"pk":{"S":"j"}})"));
}

TEST_F(DdbRequestTextHttpTest, GetItemAnswersAlike) {
  expect_alike("PutItem",
               put("plain", plain_item("g", R"(,"v":{"M":{"b":{"N":"1"},"a":{"S":"x"}}})")));
  expect_alike("PutItem", put("binary", R"({"pk":{"B":"AQ=="},"v":{"N":"1"}})"));
  for (
      const char* body : {
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"}}})",
          R"({"TableName":"plain","Key":{"sk":{"N":"1.0"},"pk":{"S":"g"}},"ConsistentRead":true})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1E0"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"none"},"sk":{"N":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"}},)"
          R"("ProjectionExpression":"v.a, #s","ExpressionAttributeNames":{"#s":"sk"}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"}},"AttributesToGet":["v"]})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"}},)"
          R"("ReturnConsumedCapacity":"TOTAL"})",
          R"({"TableName":"binary","Key":{"pk":{"B":"AQ=="}}})",
          // Errors: the key's attributes, types and values, and the request's members.
          R"({"TableName":"plain","Key":{"pk":{"S":"g"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"},"x":{"S":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"S":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":""},"sk":{"N":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"other":{"N":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"x"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"SS":[]}}})",
          R"({"TableName":"plain","Key":{}})",
          R"({"TableName":"binary","Key":{"pk":{"B":"AQ="}}})",
          R"({"TableName":"missing","Key":{"pk":{"S":"g"}}})",
          R"({"TableName":"plain"})",
          R"({"Key":{"pk":{"S":"g"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"}},"ProjectionExpression":"#x"})",
          R"({"TableName":"plain","Key":{"pk":{"S":"g"},"sk":{"N":"1"}},"ConsistentRead":"yes"})",
      })
    expect_alike("GetItem", body);
  EXPECT_GT(errors_compared, 10);
}

TEST_F(DdbRequestTextHttpTest, UpdateItemAnswersAndStoresAlike) {
  const std::string key = R"("Key":{"pk":{"S":"u"},"sk":{"N":"1"}})";
  const std::string counter =
      R"(,"UpdateExpression":"SET hits = if_not_exists(hits, :zero) + :one",)"
      R"("ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"}})";
  for (const std::string& more : std::vector<std::string>{
           counter,  // creates the item from its key
           counter + R"j(,"ConditionExpression":"attribute_exists(pk)","ReturnValues":"ALL_NEW")j",
           counter + R"(,"ReturnValues":"UPDATED_OLD","ReturnConsumedCapacity":"TOTAL")",
           R"(,"UpdateExpression":"SET #m = :m REMOVE hits","ExpressionAttributeNames":{"#m":"m"},)"
           R"("ExpressionAttributeValues":{":m":{"M":{"z":{"SS":["b","a"]},"a":{"N":"1.50"}}}},)"
           R"("ReturnValues":"ALL_OLD")",
           R"(,"AttributeUpdates":{"v":{"Action":"PUT","Value":{"N":"5"}}})",
           "",  // no update: the key alone
           // Errors.
           counter + R"j(,"ConditionExpression":"attribute_not_exists(pk)")j",
           R"(,"UpdateExpression":"SET pk = :v","ExpressionAttributeValues":{":v":{"S":"x"}})",
           R"(,"UpdateExpression":"SET v = :v")",
           R"(,"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"SS":[]}})",
           R"(,"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}},)"
           R"("ReturnValues":"SOME")",
       })
    expect_alike("UpdateItem", R"({"TableName":"plain",)" + key + more + "}");
  for (
      const char* body : {
          R"({"TableName":"plain","Key":{"pk":{"S":"new"},"sk":{"N":"2.0"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"BOOL":true}}})",
          R"({"TableName":"plain","Key":{"sk":{"N":"3"},"pk":{"S":"new"}},"UpdateExpression":"ADD n :n","ExpressionAttributeValues":{":n":{"N":"1e2"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":"u"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"N":"1"},"sk":{"N":"1"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}}})",
          R"({"TableName":"plain","Key":{"pk":{"S":""},"sk":{"N":"1"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}}})",
          R"({"TableName":"indexed","Key":{"pk":{"S":"x"}},"UpdateExpression":"SET g = :g","ExpressionAttributeValues":{":g":{"S":"gee"}}})",
          R"({"TableName":"indexed","Key":{"pk":{"S":"x"}},"UpdateExpression":"SET g = :g","ExpressionAttributeValues":{":g":{"N":"1"}}})",
          R"({"TableName":"binary","Key":{"pk":{"B":"AAEC"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"B":"AQ=="}}})",
          R"({"TableName":"missing","Key":{"pk":{"S":"u"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}}})",
          R"({"TableName":"plain","UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}}})",
      })
    expect_alike("UpdateItem", body);
  EXPECT_GT(answers_compared, 5);
  EXPECT_GT(errors_compared, 5);
}

TEST_F(DdbRequestTextHttpTest, MalformedTextIsASerializationError) {
  for (const char* body : {"{", R"({"TableName":"plain","Item":{"pk":{"S":"a"}})",
                           R"({"TableName":"plain","Item":{"pk":{"S":"a"}}} x)", "[]", "\"x\""}) {
    for (const char* operation : {"PutItem", "GetItem", "UpdateItem"}) {
      DdbHttpAnswer answer = post(server.port(), operation, body);
      EXPECT_EQ(answer.status, 400U) << operation << " " << body;
      EXPECT_EQ(json::parse(answer.body).value("__type", ""),
                "com.amazonaws.dynamodb.v20120810#SerializationException")
          << operation << " " << body;
    }
  }
  expect_same_items();
}

TEST_F(DdbRequestTextHttpTest, AnItemPutAsTextExpiresOnItsTtlAttribute) {
  json ttl = table_request("ttl", "S", "");
  emu.call("dynamodb", "CreateTable", ttl);
  emu.call("dynamodb", "UpdateTimeToLive",
           {{"TableName", "ttl"},
            {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "exp"}}}});
  const std::string soon = std::to_string(kStartSeconds + 60);
  post(server.port(), "PutItem",
       put("ttl", R"({"pk":{"S":"soon"},"exp":{"N":")" + soon + R"(.5"}})"));
  post(server.port(), "PutItem",
       put("ttl",
           R"({"pk":{"S":"later"},"exp":{"N":")" + std::to_string(kStartSeconds + 600) + R"("}})"));
  post(server.port(), "PutItem", put("ttl", R"({"pk":{"S":"text"},"exp":{"S":"1"}})"));
  auto exists = [&](const char* pk) {
    return emu.call("dynamodb", "GetItem", {{"TableName", "ttl"}, {"Key", {{"pk", {{"S", pk}}}}}})
        .contains("Item");
  };
  EXPECT_TRUE(exists("soon"));
  clock->advance(std::chrono::seconds(61));
  for (int i = 0; i < 200 && exists("soon"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(exists("soon"));
  EXPECT_TRUE(exists("later"));
  EXPECT_TRUE(exists("text"));
}

}  // namespace
