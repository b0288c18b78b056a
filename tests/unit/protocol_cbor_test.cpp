// The CBOR protocol (application/x-amz-cbor-1.1): requests decoded into the JSON a service sees,
// answers and errors encoded back, with blobs as byte strings and timestamps as tag 1 over epoch
// milliseconds. The byte vectors are written out by hand from RFC 8949.
#include <gtest/gtest.h>

#include "protocol/cbor.hpp"
#include "protocol/codec.hpp"

using eddy::AwsError;
using eddy::json;
using namespace eddy::protocol;

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

std::string text(std::string_view s) {  // a short text string: major type 3, length < 24
  return static_cast<char>(0x60 + s.size()) + std::string(s);
}

class CborCodecTest : public ::testing::Test {
 protected:
  CborCodecTest() { directory.add(streams); }

  HttpRequest cbor_request(std::string_view target, std::string_view body) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/";
    r.body = body;
    r.headers = {{"X-Amz-Target", target}, {"Content-Type", "application/x-amz-cbor-1.1"}};
    return r;
  }

  ServiceDescription streams{.name = "streams",
                             .target_prefix = "Streams_20131202",
                             .json_version = "1.1",
                             .operations = {"PutRecord", "GetRecords"},
                             .cbor_blob_members = {"Data"},
                             .cbor_timestamp_members = {"Timestamp", "ArrivedAt"}};
  ServiceDirectory directory;
};

TEST_F(CborCodecTest, ARequestsByteStringIsBase64AndItsTaggedTimestampEpochSeconds) {
  // {"StreamName": "s", "Data": h'010203', "Timestamp": 1(1700000000123)}
  std::string body = bytes({0xa3}) + text("StreamName") + text("s") + text("Data") +
                     bytes({0x43, 0x01, 0x02, 0x03}) + text("Timestamp") +
                     bytes({0xc1, 0x1b, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b});
  DecodedRequest out;
  decode(cbor_request("Streams_20131202.PutRecord", body), directory, out);
  EXPECT_EQ(out.protocol, Protocol::cbor);
  EXPECT_EQ(out.call.service, "streams");
  EXPECT_EQ(out.call.operation, "PutRecord");
  EXPECT_EQ(out.call.input["StreamName"], "s");
  EXPECT_EQ(out.call.input["Data"], "AQID");
  EXPECT_DOUBLE_EQ(out.call.input["Timestamp"].get<double>(), 1700000000.123);
}

TEST_F(CborCodecTest, IndefiniteLengthMapsAsJacksonWritesThemAndWholeSecondsStayIntegers) {
  // {_ "Data": h'', "Timestamp": 1(1700000000000), "Nested": [_ {"Data": h'ff'}]}
  std::string body = bytes({0xbf}) + text("Data") + bytes({0x40}) + text("Timestamp") +
                     bytes({0xc1, 0x1b, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00}) +
                     text("Nested") + bytes({0x9f, 0xa1}) + text("Data") +
                     bytes({0x41, 0xff, 0xff, 0xff});
  DecodedRequest out;
  decode(cbor_request("Streams_20131202.PutRecord", body), directory, out);
  EXPECT_EQ(out.call.input["Data"], "");
  EXPECT_EQ(out.call.input["Timestamp"], 1700000000);
  EXPECT_TRUE(out.call.input["Timestamp"].is_number_integer());
  EXPECT_EQ(out.call.input["Nested"][0]["Data"], "/w==");
}

TEST_F(CborCodecTest, FloatsOfEverySizeOtherTagsAndChunkedStringsAreRead) {
  // {"H": 1.5 (half), "F": 0.25 (single), "N": -500, "U": undefined,
  //  "D": 1(1.5e3) (a float timestamp), "B": 2(h'01') (another tag, read through),
  //  "S": (_ "ab" "c"), "X": (_ h'01' h'02')}
  std::string body = bytes({0xa8}) + text("H") + bytes({0xf9, 0x3e, 0x00}) + text("F") +
                     bytes({0xfa, 0x3e, 0x80, 0x00, 0x00}) + text("N") + bytes({0x39, 0x01, 0xf3}) +
                     text("U") + bytes({0xf7}) + text("D") + bytes({0xc1, 0xf9, 0x65, 0xdc}) +
                     text("B") + bytes({0xc2, 0x41, 0x01}) + text("S") +
                     bytes({0x7f, 0x62, 'a', 'b', 0x61, 'c', 0xff}) + text("X") +
                     bytes({0x5f, 0x41, 0x01, 0x41, 0x02, 0xff});
  json input = cbor_to_service_json(body);
  EXPECT_EQ(input["H"], 1.5);
  EXPECT_EQ(input["F"], 0.25);
  EXPECT_EQ(input["N"], -500);
  EXPECT_TRUE(input["U"].is_null());
  EXPECT_DOUBLE_EQ(input["D"].get<double>(), 1.5);
  EXPECT_EQ(input["B"], "AQ==");
  EXPECT_EQ(input["S"], "abc");
  EXPECT_EQ(input["X"], "AQI=");
}

TEST_F(CborCodecTest, AnAnswerCarriesBlobsAsByteStringsAndTimestampsAsTagOneMillis) {
  DecodedRequest out;
  decode(cbor_request("Streams_20131202.GetRecords", bytes({0xa0})), directory, out);
  json output = {{"Records", json::array({{{"Data", "AQID"}, {"ArrivedAt", 1.5}}})},
                 {"Count", -2},
                 {"Done", true}};
  HttpResponse response = encode_result(out, output);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/x-amz-cbor-1.1");
  // {"Count": -2, "Done": true, "Records": [{"ArrivedAt": 1(1500), "Data": h'010203'}]}
  std::string expected = bytes({0xa3}) + text("Count") + bytes({0x21}) + text("Done") +
                         bytes({0xf5}) + text("Records") + bytes({0x81, 0xa2}) + text("ArrivedAt") +
                         bytes({0xc1, 0x19, 0x05, 0xdc}) + text("Data") +
                         bytes({0x43, 0x01, 0x02, 0x03});
  EXPECT_EQ(response.body, expected);
}

TEST_F(CborCodecTest, NumbersAndStringsOutsideTheMemberListsKeepTheirType) {
  json output = {{"Big", 4294967296LL}, {"Half", 0.5}, {"Name", "Data"}, {"Nothing", nullptr}};
  std::string encoded = service_json_to_cbor(output, &streams);
  std::string expected =
      bytes({0xa4}) + text("Big") + bytes({0x1b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00}) +
      text("Half") + bytes({0xfb, 0x3f, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}) + text("Name") +
      text("Data") + text("Nothing") + bytes({0xf6});
  EXPECT_EQ(encoded, expected);
  // nlohmann's reader agrees on every value.
  EXPECT_EQ(json::from_cbor(encoded), output);
}

TEST_F(CborCodecTest, AnErrorIsAnsweredInCborWithTypeAndMessage) {
  DecodedRequest out;
  try {
    decode(cbor_request("Streams_20131202.DeleteEverything", bytes({0xa0})), directory, out);
    FAIL() << "an unknown operation decodes";
  } catch (const AwsError& e) {
    HttpResponse response = encode_error(out, e);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/x-amz-cbor-1.1");
    json body = json::from_cbor(response.body);
    EXPECT_EQ(body["__type"], "UnknownOperationException");
    EXPECT_EQ(body["message"], "Unknown operation DeleteEverything.");
  }
}

TEST_F(CborCodecTest, ABodyThatIsNotOneCborMapIsASerializationException) {
  for (const std::string& body : {bytes({0xa1, 0x61}),              // truncated
                                  bytes({0x83, 0x01, 0x02, 0x03}),  // an array, not a map
                                  bytes({0xa0, 0x00})}) {           // trailing bytes
    DecodedRequest out;
    try {
      decode(cbor_request("Streams_20131202.PutRecord", body), directory, out);
      FAIL() << "decoded a malformed body";
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "SerializationException");
      HttpResponse response = encode_error(out, e);
      EXPECT_EQ(response.content_type, "application/x-amz-cbor-1.1");
      EXPECT_EQ(json::from_cbor(response.body)["__type"], "SerializationException");
    }
  }
}

TEST_F(CborCodecTest, JsonRequestsToTheSameServiceStayJson) {
  HttpRequest r = cbor_request("Streams_20131202.PutRecord", R"({"Data":"AQID"})");
  r.headers[1].second = "application/x-amz-json-1.1";
  DecodedRequest out;
  decode(r, directory, out);
  EXPECT_EQ(out.protocol, Protocol::json);
  EXPECT_EQ(out.call.input["Data"], "AQID");
  EXPECT_EQ(encode_result(out, {{"Data", "AQID"}}).body, R"({"Data":"AQID"})");
}

}  // namespace
