#pragma once
// DynamoDB tests on an in-process emulator with a ManualClock: a table request keyed by a string
// "id", its keys, and the emulator to call. Helpers are members so that, in a unity batch, they
// never meet another test file's free functions of the same name.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "eddy/clock.hpp"
#include "eddy/emulator.hpp"

namespace eddy {

class DdbEmulatorTest : public ::testing::Test {
 public:
  static constexpr std::int64_t kStartSeconds = 1'700'000'000;

  static json table_request(const std::string& name) {
    return {{"TableName", name},
            {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
            {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
            {"BillingMode", "PAY_PER_REQUEST"}};
  }
  static json key(const std::string& id) { return {{"id", {{"S", id}}}}; }

 protected:
  json ddb(const std::string& operation, json input) {
    return emu.call("dynamodb", operation, std::move(input));
  }

  std::shared_ptr<ManualClock> clock =
      std::make_shared<ManualClock>(TimePoint(std::chrono::seconds(kStartSeconds)));
  Emulator emu{EmulatorConfig{.data_dir = "", .clock = clock, .threads = 2}};
};

}  // namespace eddy
