// Filter policies in the MessageBody scope (payload-based filtering), from the SNS Developer
// Guide's examples, the payload-filtering announcement's S3 example, and scenarios recorded
// against AWS: nested keys, arrays in the body, dotted keys, $or, exists on nested keys.
#include "filter_policy_cases.hpp"

namespace eddy::filter::testing {
namespace {

constexpr Scope B = Scope::message_body;

constexpr const char* kS3Policy =
    R"({"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}, "eventName": [{"prefix": "ObjectCreated:"}]}})";
constexpr const char* kS3AutoCreated =
    R"({"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "insurance-bucket-demo"}, "object": {"key": "auto-insurance-2314.xml", "size": 17}}}]})";
constexpr const char* kS3AutoRemoved =
    R"({"Records": [{"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "auto-insurance-2314.xml", "size": 17}}}]})";
constexpr const char* kS3HomeCreated =
    R"({"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"object": {"key": "home-insurance-2314.xml", "size": 17}}}]})";
constexpr const char* kS3MultipleRecords =
    R"({"Records": [{"eventName": "ObjectCreated:Put", "s3": {"object": [[{"key": "auto-insurance-2314.xml", "size": 17}]]}}, {"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "home-insurance-2314.xml"}}}]})";
constexpr const char* kS3CrossedRecords =
    R"({"Records": [{"eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "auto-insurance-1.xml"}}}, {"eventName": "ObjectCreated:Put", "s3": {"object": {"key": "home-insurance-2.xml"}}}]})";

constexpr const char* kNestedExistsPolicy =
    R"({"object": {"key": [{"prefix": "auto-"}, "hardcodedvalue"], "nested_key": [{"exists": false}]}, "test": [{"exists": false}]})";

constexpr const char* kOrBodyPolicy =
    R"({"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}], "detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}})";

constexpr const char* kDocumentedPolicy =
    R"({"store": ["example_corp"], "event": [{"anything-but": "order_cancelled"}], "customer_interests": ["rugby", "football", "baseball"], "price_usd": [{"numeric": [">=", 100]}]})";

const MatchCase kBodyCases[] = {
    // Exact matching on properties.
    {"exact rugby", B, R"({"customer_interests": ["rugby", "tennis"]})",
     R"({"customer_interests": "rugby"})", R"({"customer_interests": "baseball"})"},
    {"exact tennis", B, R"({"customer_interests": ["rugby", "tennis"]})",
     R"({"customer_interests": "tennis"})", R"({})"},
    {"exact in body array", B, R"({"customer_interests": ["rugby"]})",
     R"({"customer_interests": ["soccer", "rugby"]})",
     R"({"customer_interests": ["soccer", "hockey"]})"},
    {"exact string not number", B, R"({"code": ["5"]})", R"({"code": "5"})", R"({"code": 5})"},
    {"exact number not string", B, R"({"code": [5]})", R"({"code": 5})", R"({"code": "5"})"},
    {"exact number by value", B, R"({"price": [301.5]})", R"({"price": 3.015e2})",
     R"({"price": 301.49})"},
    {"exact zero", B, R"({"a": {"b": [0]}})", R"({"a": {"b": 0.0}})", R"({"a": {"b": false}})"},
    {"exact true", B, R"({"flag": [true]})", R"({"flag": true})", R"({"flag": "true"})"},
    {"exact false", B, R"({"flag": [false]})", R"({"flag": false})", R"({"flag": true})"},
    {"exact null", B, R"({"v": [null]})", R"({"v": null})", R"({"v": "null"})"},
    {"null is not absence", B, R"({"v": [null]})", R"({"v": null, "w": 1})", R"({"w": 1})"},
    {"large integer", B, R"({"account": [123456789012]})", R"({"account": 123456789012})",
     R"({"account": 123456789013})"},
    {"account id as string", B, R"({"account": ["123456789012"]})",
     R"({"account": "123456789012"})", R"({"account": 123456789012})"},
    {"case sensitive", B, R"({"name": ["Alice"]})", R"({"name": "Alice"})", R"({"name": "alice"})"},
    {"unicode value", B, R"({"city": ["東京"]})", R"({"city": "東京"})", R"({"city": "大阪"})"},
    {"escaped value", B, R"({"path": ["a\\b"]})", R"({"path": "a\\b"})", R"({"path": "a/b"})"},
    {"object value is not a leaf", B, R"({"store": ["x"]})", R"({"store": "x"})",
     R"({"store": {"name": "x"}})"},
    {"not json", B, R"({"object": {"key": [{"prefix": "auto-"}]}})",
     R"({"object": {"key": "auto-1"}})", "Regular string message"},
    {"json string body", B, R"({"object": {"key": [{"prefix": "auto-"}]}})",
     R"({"object": {"key": "auto-1"}})", R"("Regular string message")"},
    {"json array body", B, R"({"key": ["a"]})", R"({"key": "a"})", R"([{"key": "a"}])"},
    {"number body", B, R"({"key": [{"exists": false}]})", R"({"other": 1})", "42"},

    // Anything-but.
    {"anything-but baseball", B,
     R"({"customer_interests": [{"anything-but": ["rugby", "tennis"]}]})",
     R"({"customer_interests": "baseball"})", R"({"customer_interests": "rugby"})"},
    {"anything-but football", B,
     R"({"customer_interests": [{"anything-but": ["rugby", "tennis"]}]})",
     R"({"customer_interests": "football"})", R"({})"},
    {"anything-but body array", B, R"({"tags": [{"anything-but": ["a"]}]})",
     R"({"tags": ["a", "b"]})", R"({"tags": ["a"]})"},
    {"anything-but numbers", B, R"({"price": [{"anything-but": [100, 500]}]})", R"({"price": 101})",
     R"({"price": 100})"},
    {"anything-but numbers skip strings", B, R"({"price": [{"anything-but": [100, 500]}]})",
     R"({"price": 100.1})", R"({"price": "101"})"},
    {"anything-but strings skip numbers", B, R"({"price": [{"anything-but": ["free"]}]})",
     R"({"price": "cheap"})", R"({"price": 0})"},
    {"anything-but strings skip booleans", B, R"({"state": [{"anything-but": ["off"]}]})",
     R"({"state": "on"})", R"({"state": true})"},
    {"anything-but prefix", B, R"({"event": [{"anything-but": {"prefix": "order-"}}]})",
     R"({"event": "data-entry"})", R"({"event": "order-cancelled"})"},
    {"anything-but suffix", B, R"({"file": [{"anything-but": {"suffix": ".tmp"}}]})",
     R"({"file": "report.pdf"})", R"({"file": "report.tmp"})"},
    {"anything-but single", B, R"({"event": [{"anything-but": "order_cancelled"}]})",
     R"({"event": "order_placed"})", R"({"event": "order_cancelled"})"},
    {"anything-but nested", B, R"({"order": {"status": [{"anything-but": ["void"]}]}})",
     R"({"order": {"status": "paid"}})", R"({"order": {"status": "void"}})"},

    // Equals-ignore-case, prefix, suffix.
    {"equals-ignore-case", B, R"({"customer_interests": [{"equals-ignore-case": "tennis"}]})",
     R"({"customer_interests": "TeNnIs"})", R"({"customer_interests": "TENNIS "})"},
    {"equals-ignore-case array", B, R"({"customer_interests": [{"equals-ignore-case": "tennis"}]})",
     R"({"customer_interests": ["Rugby", "TENNIS"]})", R"({"customer_interests": ["Rugby"]})"},
    {"equals-ignore-case nested", B, R"({"user": {"role": [{"equals-ignore-case": "admin"}]}})",
     R"({"user": {"role": "Admin"}})", R"({"user": {"role": "administrator"}})"},
    {"prefix", B, R"({"customer_interests": [{"prefix": "bas"}]})",
     R"({"customer_interests": "baseball"})", R"({"customer_interests": "rugby"})"},
    {"prefix array", B, R"({"customer_interests": [{"prefix": "bas"}]})",
     R"({"customer_interests": ["rugby", "basketball"]})",
     R"({"customer_interests": ["rugby", "soccer"]})"},
    {"prefix skips numbers", B, R"({"zip": [{"prefix": "606"}]})", R"({"zip": "60601"})",
     R"({"zip": 60601})"},
    {"prefix nested", B, R"({"object": {"key": [{"prefix": "auto-"}]}})",
     R"({"object": {"key": "auto-2314.xml"}})", R"({"object": {"key": "home-2314.xml"}})"},
    {"suffix", B, R"({"customer_interests": [{"suffix": "ball"}]})",
     R"({"customer_interests": "football"})", R"({"customer_interests": "tennis"})"},
    {"suffix png", B, R"({"key": [{"suffix": ".png"}]})", R"({"key": "photo.png"})",
     R"({"key": "photo.jpg"})"},
    {"suffix nested array", B, R"({"files": {"name": [{"suffix": ".csv"}]}})",
     R"({"files": [{"name": "a.txt"}, {"name": "b.csv"}]})", R"({"files": [{"name": "a.txt"}]})"},

    // IP addresses.
    {"cidr", B, R"({"source_ip": [{"cidr": "10.0.0.0/24"}]})", R"({"source_ip": "10.0.0.7"})",
     R"({"source_ip": "11.0.0.7"})"},
    {"cidr ipv6", B, R"({"ip": [{"cidr": "2001:db8::/32"}]})", R"({"ip": "2001:DB8::FFFF"})",
     R"({"ip": "10.0.0.1"})"},
    {"cidr nested", B, R"({"request": {"client": [{"cidr": "192.168.0.0/16"}]}})",
     R"({"request": {"client": "192.168.44.3"}})", R"({"request": {"client": "192.169.0.1"}})"},
    {"cidr skips numbers", B, R"({"ip": [{"cidr": "0.0.0.0/0"}]})", R"({"ip": "1.2.3.4"})",
     R"({"ip": 1234})"},

    // Numbers.
    {"numeric equals", B, R"({"price_usd": [{"numeric": ["=", 301.5]}]})",
     R"({"price_usd": 301.5})", R"({"price_usd": 300})"},
    {"numeric range", B, R"({"price_usd": [{"numeric": [">", 0, "<=", 150]}]})",
     R"({"price_usd": 1})", R"({"price_usd": 151})"},
    {"numeric range fraction", B, R"({"price_usd": [{"numeric": [">", 0, "<=", 150]}]})",
     R"({"price_usd": 100.5})", R"({"price_usd": "100"})"},
    {"numeric below zero", B, R"({"balance": [{"numeric": ["<", 0]}]})", R"({"balance": -0.5})",
     R"({"balance": 0})"},
    {"numeric body array", B, R"({"prices": [{"numeric": [">", 100]}]})",
     R"({"prices": [50, 150]})", R"({"prices": [50, 60]})"},
    {"numeric nested", B, R"({"reading": {"db": [{"numeric": [">=", 85]}]}})",
     R"({"reading": {"db": 85}})", R"({"reading": {"db": 84.99999}})"},
    {"numeric not boolean", B, R"({"count": [{"numeric": [">=", 0]}]})", R"({"count": 0})",
     R"({"count": false})"},
    {"numeric string property", B, R"({"price_usd": [{"numeric": [">", 100]}]})",
     R"({"price_usd": 210.75})", R"({"price_usd": "210.75"})"},

    // Key matching.
    {"exists true", B, R"({"store": [{"exists": true}]})", R"({"store": "x"})",
     R"({"other": "x"})"},
    {"exists true null value", B, R"({"store": [{"exists": true}]})", R"({"store": null})",
     R"({})"},
    {"exists true object value", B, R"({"store": [{"exists": true}]})", R"({"store": 0})",
     R"({"store": {"name": "x"}})"},
    {"exists true empty array", B, R"({"tags": [{"exists": true}]})", R"({"tags": ["a"]})",
     R"({"tags": []})"},
    {"exists false", B, R"({"store": [{"exists": false}]})", R"({"other": 1})",
     R"({"store": "x"})"},
    {"exists false nested", B, R"({"object": {"nested_key": [{"exists": false}]}})",
     R"({"object": {"key": "a"}})", R"({"object": {"nested_key": "x"}})"},
    {"exists false nested parent missing", B, R"({"object": {"nested_key": [{"exists": false}]}})",
     R"({"x": 1})", R"({"object": {"nested_key": 1}})"},
    {"exists true in array of objects", B, R"({"records": {"id": [{"exists": true}]}})",
     R"({"records": [{"x": 1}, {"id": 2}]})", R"({"records": [{"x": 1}]})"},
    {"exists false in array of objects", B, R"({"records": {"id": [{"exists": false}]}})",
     R"({"records": [{"x": 1}]})", R"({"records": [{"x": 1}, {"id": 2}]})"},
    {"recorded nested exists prefix", B, kNestedExistsPolicy, R"({"object": {"key": "auto-test"}})",
     R"({"object": {"key": "test-auto"}})"},
    {"recorded nested exists exact", B, kNestedExistsPolicy,
     R"({"object": {"key": "hardcodedvalue"}})",
     R"({"object": {"key": "auto-test"}, "test": "just-exists"})"},
    {"recorded nested exists sibling", B, kNestedExistsPolicy,
     R"({"object": {"key": "auto-x", "other": 1}})",
     R"({"object": {"key": "auto-test", "nested_key": "just-exists"}})"},
    {"recorded nested exists wrong key", B, kNestedExistsPolicy,
     R"({"object": {"key": "hardcodedvalue", "extra": {"nested_key": 1}}})",
     R"({"object": {"test": "auto-test"}})"},
    {"recorded nested exists top only", B, kNestedExistsPolicy, R"({"object": {"key": "auto-"}})",
     R"({"test": "auto-test"})"},

    // Nesting and dotted keys.
    {"nested two levels", B, R"({"a": {"b": ["x"]}})", R"({"a": {"b": "x"}})", R"({"a": "x"})"},
    {"nested four levels", B, R"({"key_a": {"key_b": {"key_c": {"key_d": ["v"]}}}})",
     R"({"key_a": {"key_b": {"key_c": {"key_d": "v"}}}})",
     R"({"key_a": {"key_b": {"key_d": "v"}}})"},
    {"nested siblings", B, R"({"key_a": {"key_b": ["1"], "key_c": ["2"]}})",
     R"({"key_a": {"key_b": "1", "key_c": "2"}})", R"({"key_a": {"key_b": "1", "key_c": "3"}})"},
    {"nested and top level", B, R"({"key_a": {"key_b": ["1"]}, "key_c": ["2"]})",
     R"({"key_a": {"key_b": "1"}, "key_c": "2"})", R"({"key_a": {"key_b": "1", "key_c": "2"}})"},
    {"dotted policy key nested body", B, R"({"object.nested": ["string.value"]})",
     R"({"object": {"nested": "string.value"}})", R"({"object": {"nested": "test-auto"}})"},
    {"dotted policy key dotted body", B, R"({"object.nested": ["string.value"]})",
     R"({"object.nested": "string.value"})", R"({"object": {"nested.x": "string.value"}})"},
    {"dotted deep nested body", B, R"({"object.nested.test": ["string.value"]})",
     R"({"object": {"nested": {"test": "string.value"}}})",
     R"({"object": {"nested": {"test": "string.notvalue"}}})"},
    {"dotted deep dotted body", B, R"({"object.nested.test": ["string.value"]})",
     R"({"object.nested.test": "string.value"})", R"({"object.nested": "string.value"})"},
    {"dotted deep mixed body", B, R"({"object.nested.test": ["string.value"]})",
     R"({"object.nested": {"test": "string.value"}})", R"({"object": {"test": "string.value"}})"},
    {"dotted deep mixed body 2", B, R"({"object.nested.test": ["string.value"]})",
     R"({"object": {"nested.test": "string.value"}})", R"({"nested.test": "string.value"})"},
    {"nested policy dotted body", B, R"({"a": {"b": ["x"]}})", R"({"a.b": "x"})",
     R"({"a.c": "x"})"},

    // Arrays in the body.
    {"array routing queue1", B, R"({"headers": {"route-to": ["queue1"]}})",
     R"({"headers": {"route-to": ["queue1"]}})", R"({"headers": {"route-to": ["queue3"]}})"},
    {"array routing both", B, R"({"headers": {"route-to": ["queue1"]}})",
     R"({"headers": {"route-to": ["queue1", "queue2"]}})",
     R"({"headers": {"route-to": ["queue2"]}})"},
    {"array routing queue2", B, R"({"headers": {"route-to": ["queue2"]}})",
     R"({"headers": {"route-to": ["queue1", "queue2"]}})",
     R"({"headers": {"route-to": ["queue1"]}})"},
    {"array of arrays", B, R"({"matrix": [7]})", R"({"matrix": [[1, 2], [3, 7]]})",
     R"({"matrix": [[1, 2], [3, 4]]})"},
    {"array empty", B, R"({"tags": ["a"]})", R"({"tags": ["a"]})", R"({"tags": []})"},
    {"s3 auto created", B, kS3Policy, kS3AutoCreated, kS3AutoRemoved},
    {"s3 home created", B, kS3Policy, kS3AutoCreated, kS3HomeCreated},
    {"s3 multiple records", B, kS3Policy, kS3MultipleRecords, kS3CrossedRecords},
    {"array elements stay together", B,
     R"({"items": {"sku": ["A1"], "qty": [{"numeric": [">", 5]}]}})",
     R"({"items": [{"sku": "B2", "qty": 1}, {"sku": "A1", "qty": 10}]})",
     R"({"items": [{"sku": "A1", "qty": 1}, {"sku": "B2", "qty": 10}]})"},
    {"separate arrays combine freely", B, R"({"a": {"x": ["1"]}, "b": {"y": ["2"]}})",
     R"({"a": [{"x": "1"}, {"x": "0"}], "b": [{"y": "0"}, {"y": "2"}]})",
     R"({"a": [{"x": "1"}], "b": [{"y": "0"}]})"},
    {"outer array element shared", B, R"({"orders": {"id": ["7"], "lines": {"sku": ["A"]}}})",
     R"({"orders": [{"id": "7", "lines": [{"sku": "B"}, {"sku": "A"}]}]})",
     R"({"orders": [{"id": "7", "lines": [{"sku": "B"}]}, {"id": "8", "lines": [{"sku": "A"}]}]})"},

    // AND / OR.
    {"and", B, R"({"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]})",
     R"({"customer_interests": "rugby", "price_usd": 101})",
     R"({"customer_interests": "rugby", "price_usd": 100})"},
    {"or values", B, R"({"customer_interests": ["rugby", "football", "baseball"]})",
     R"({"customer_interests": "baseball"})", R"({"customer_interests": "hockey"})"},
    {"documented policy", B, kDocumentedPolicy,
     R"({"store": "example_corp", "event": "order_placed", "customer_interests": ["soccer", "rugby", "hockey"], "price_usd": 210.75})",
     R"({"store": "example_corp", "event": "order_cancelled", "customer_interests": ["soccer", "rugby", "hockey"], "price_usd": 210.75})"},
    {"documented policy price", B, kDocumentedPolicy,
     R"({"store": "example_corp", "event": "order_shipped", "customer_interests": "football", "price_usd": 100})",
     R"({"store": "example_corp", "event": "order_shipped", "customer_interests": "football", "price_usd": 99.99})"},
    {"or operator", B,
     R"({"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]})",
     R"({"source": "aws.cloudwatch", "namespace": "AWS/EC2"})",
     R"({"source": "aws.events", "namespace": "AWS/EC2"})"},
    {"recorded or source", B, kOrBodyPolicy,
     R"({"metricName": "CPUUtilization", "detail": {"scope": "Service", "source": "aws.cloudwatch"}})",
     R"({"metricName": "CPUUtilization", "detail": {"scope": "aws.cloudwatch", "type": "CloudWatch Alarm State Change"}})"},
    {"recorded or read latency", B, kOrBodyPolicy,
     R"({"metricName": "ReadLatency", "detail": {"scope": "Service", "source": "aws.cloudwatch"}})",
     R"({"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CPUUtilization"}})"},
    {"recorded or namespace ec2", B, kOrBodyPolicy,
     R"({"namespace": "AWS/EC2", "detail": {"scope": "Service", "source": "aws.cloudwatch"}})",
     R"({"metricName": "CPUUtilization", "detail": {"type": "CloudWatch Alarm State Change"}})"},
    {"recorded or namespace es", B, kOrBodyPolicy,
     R"({"namespace": "AWS/ES", "detail": {"scope": "Service", "source": "aws.cloudwatch"}})",
     R"({"metricName": "CPUUtilization", "detail": {"scope": "Service"}})"},
    {"recorded or type", B, kOrBodyPolicy,
     R"({"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}})",
     R"({"metricName": "CPUUtilization", "scope": "Service"})"},
    {"or inside nested object", B, R"({"detail": {"$or": [{"a": ["1"]}, {"b": ["2"]}]}})",
     R"({"detail": {"b": "2"}})", R"({"detail": {"c": "2"}})"},
    {"or inside nested object keeps path", B,
     R"({"detail": {"$or": [{"a": ["1"]}, {"b": ["2"]}]}})", R"({"detail": {"a": "1"}})",
     R"({"a": "1"})"},
    {"or as plain key", B, R"({"$or": ["a", "b"]})", R"({"$or": "a"})", R"({"a": "a"})"},
    {"or with one object is a plain key", B, R"({"$or": {"a": ["x"]}})", R"({"$or": {"a": "x"}})",
     R"({"a": "x"})"},
};

class FilterBodyCases : public FilterPolicyCaseTest {};

TEST_P(FilterBodyCases, DeliversOnlyTheMatchingMessage) {
  check();
}

INSTANTIATE_TEST_SUITE_P(FilterBodyScope, FilterBodyCases, ::testing::ValuesIn(kBodyCases),
                         case_name);

}  // namespace
}  // namespace eddy::filter::testing
