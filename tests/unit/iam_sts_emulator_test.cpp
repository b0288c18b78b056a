// IAM and STS in-process: typed JSON input, the role lookup STS uses, and keys STS issues being
// mapped to the role's account by the emulator, also after a restart on the same data directory.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>

#include "eddy/emulator.hpp"
#include "emulator/emulator_core.hpp"
#include "services/iam/iam_service.hpp"

using namespace eddy;

namespace {

const char* kLambdaTrustPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},)"
    R"("Action":"sts:AssumeRole"}]})";

CallOptions in_account(const std::string& account) {
  CallOptions options;
  options.account = account;
  return options;
}

EmulatorConfig stored_in(const std::string& data_dir) {
  EmulatorConfig config;
  config.data_dir = data_dir;
  return config;
}

std::string account_of_key(Emulator& emu, const std::string& access_key) {
  protocol::Call call;
  call.access_key = access_key;
  emu.core().identify(call);
  return call.account;
}

AwsError error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const AwsError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return AwsError("None", "");
}

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    path_ = std::filesystem::temp_directory_path() /
            ("eddy-iam-sts-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path_);
  }
  ~TemporaryDirectory() { std::filesystem::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST(IamStsEmulator, RolesTakeTypedInputAndStsSeesThem) {
  Emulator emu;
  CallOptions owner = in_account("123456789012");
  json role = emu.call("iam", "CreateRole",
                       {{"RoleName", "Typed"},
                        {"AssumeRolePolicyDocument", kLambdaTrustPolicy},
                        {"MaxSessionDuration", 7200}},
                       owner)["Role"];
  EXPECT_EQ(role["Arn"], "arn:aws:iam::123456789012:role/Typed");
  EXPECT_EQ(role["MaxSessionDuration"], 7200);

  auto& iam = emu.core().service<services::iam::IamService>();
  auto found = iam.find_role("123456789012", "typed");  // names ignore case
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role_id, role["RoleId"]);
  EXPECT_FALSE(iam.find_role("000000000000", "Typed"));

  json assumed =
      emu.call("sts", "AssumeRole",
               {{"RoleArn", role["Arn"]}, {"RoleSessionName", "unit"}, {"DurationSeconds", 7200}});
  std::string key = assumed["Credentials"]["AccessKeyId"];
  EXPECT_EQ(assumed["AssumedRoleUser"]["AssumedRoleId"],
            role["RoleId"].get<std::string>() + ":unit");
  EXPECT_EQ(account_of_key(emu, key), "123456789012");
  EXPECT_EQ(account_of_key(emu, "unknown-key"), "000000000000");

  AwsError too_long = error_of([&] {
    emu.call("sts", "AssumeRole",
             {{"RoleArn", role["Arn"]}, {"RoleSessionName", "unit"}, {"DurationSeconds", 7201}});
  });
  EXPECT_EQ(too_long.code(), "ValidationError");

  emu.core().reset();
  EXPECT_EQ(account_of_key(emu, key), "000000000000");
  EXPECT_FALSE(iam.find_role("123456789012", "Typed"));
}

TEST(IamStsEmulator, IssuedKeysAndRolesSurviveARestart) {
  TemporaryDirectory data;
  std::string key;
  {
    Emulator emu(stored_in(data.str()));
    emu.call("iam", "CreateRole",
             {{"RoleName", "Kept"}, {"AssumeRolePolicyDocument", kLambdaTrustPolicy}},
             in_account("210987654321"));
    json assumed = emu.call(
        "sts", "AssumeRole",
        {{"RoleArn", "arn:aws:iam::210987654321:role/Kept"}, {"RoleSessionName", "restart"}});
    key = assumed["Credentials"]["AccessKeyId"];
  }
  Emulator emu(stored_in(data.str()));
  EXPECT_EQ(account_of_key(emu, key), "210987654321");
  json role =
      emu.call("iam", "GetRole", {{"RoleName", "Kept"}}, in_account("210987654321"))["Role"];
  EXPECT_EQ(role["RoleName"], "Kept");
}
