#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "emulator/init_hooks.hpp"

using namespace eddy;
namespace fs = std::filesystem;

namespace {

// What /_eddy/health shows of the scripts.
json health_of(const InitHooks& hooks) {
  std::string text;
  hooks.append_health_text(text);
  return json::parse(text);
}

class InitHooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("eddy-init-hooks-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path write(const std::string& name, const std::string& text, bool executable) {
    fs::path path = root_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    if (executable) fs::permissions(path, fs::perms::owner_exec, fs::perm_options::add);
    return path;
  }

  fs::path root_;
};

std::vector<std::string> names_of(const std::vector<InitScript>& scripts) {
  std::vector<std::string> names;
  for (const auto& script : scripts) names.push_back(script.name);
  return names;
}

TEST_F(InitHooksTest, DiscoversFilesByNameThenSubdirectoriesDepthFirst) {
  write("b/01-deep.sh", "", true);
  write("a/z/01.sh", "", true);
  write("a/02.sh", "", true);
  write("20-second", "", true);
  write("10-first.py", "", false);
  write("15-plain.sh", "", false);
  write("README.md", "", false);
  write(".hidden.sh", "", true);
  write(".git/hook.sh", "", true);
  auto scripts = discover_init_scripts(root_);
  EXPECT_EQ(names_of(scripts), (std::vector<std::string>{"10-first.py", "15-plain.sh", "20-second",
                                                         "a/02.sh", "a/z/01.sh", "b/01-deep.sh"}));
  EXPECT_EQ(scripts[0].argv,
            (std::vector<std::string>{"python3", (root_ / "10-first.py").string()}));
  EXPECT_EQ(scripts[1].argv, (std::vector<std::string>{"bash", (root_ / "15-plain.sh").string()}));
  EXPECT_EQ(scripts[2].argv, (std::vector<std::string>{(root_ / "20-second").string()}));
  for (const auto& script : scripts) EXPECT_EQ(script.state, InitScriptState::pending);
}

TEST_F(InitHooksTest, AMissingDirectoryIsAnError) {
  EXPECT_THROW(discover_init_scripts(root_ / "missing"), std::runtime_error);
  write("file", "", true);
  EXPECT_THROW(discover_init_scripts(root_ / "file"), std::runtime_error);
}

TEST_F(InitHooksTest, TheEnvironmentPointsAtEddyWithDummyCredentials) {
  ::setenv("AWS_SESSION_TOKEN", "real-token", 1);
  ::setenv("AWS_PROFILE", "production", 1);
  ::setenv("AWS_ACCESS_KEY_ID", "AKIAREAL", 1);
  ::setenv("AWS_DEFAULT_REGION", "eu-central-1", 1);
  ::setenv("EDDY_INIT_TEST_KEPT", "yes", 1);
  auto environment = init_script_environment("http://127.0.0.1:4567");
  ::unsetenv("AWS_SESSION_TOKEN");
  ::unsetenv("AWS_PROFILE");
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_DEFAULT_REGION");
  ::unsetenv("EDDY_INIT_TEST_KEPT");
  auto has = [&](const std::string& entry) {
    return std::find(environment.begin(), environment.end(), entry) != environment.end();
  };
  EXPECT_TRUE(has("AWS_ENDPOINT_URL=http://127.0.0.1:4567"));
  EXPECT_TRUE(has("AWS_DEFAULT_REGION=eu-central-1"));
  EXPECT_TRUE(has("AWS_REGION=eu-central-1"));
  EXPECT_TRUE(has("AWS_ACCESS_KEY_ID=test"));
  EXPECT_TRUE(has("AWS_SECRET_ACCESS_KEY=test"));
  EXPECT_TRUE(has("EDDY_INIT_TEST_KEPT=yes"));
  EXPECT_FALSE(has("AWS_ACCESS_KEY_ID=AKIAREAL"));
  for (const auto& entry : environment) {
    EXPECT_FALSE(entry.starts_with("AWS_SESSION_TOKEN=")) << entry;
    EXPECT_FALSE(entry.starts_with("AWS_PROFILE=")) << entry;
  }
}

TEST_F(InitHooksTest, BeforeRunningNothingIsCompleted) {
  InitHooks hooks;
  EXPECT_FALSE(hooks.completed());
  EXPECT_EQ(health_of(hooks), (json{{"completed", false}, {"scripts", json::array()}}));
  EXPECT_EQ(hooks.localstack_stages()["completed"],
            (json{{"BOOT", true}, {"START", true}, {"READY", false}, {"SHUTDOWN", false}}));
  EXPECT_EQ(*hooks.localstack_stage("Ready"),
            (json{{"completed", false}, {"scripts", json::array()}}));
  EXPECT_FALSE(hooks.localstack_stage("later").has_value());
}

TEST_F(InitHooksTest, RunsEachScriptAndRecordsHowItEnded) {
  write("01-ok.sh", "#!/bin/sh\nexit 0\n", true);
  write("02-fails.sh", "#!/bin/sh\nexit 7\n", true);
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  std::promise<void> done;
  InitHooks hooks;
  hooks.run(io.get_executor(), {root_.string()}, "http://127.0.0.1:1", [&] { done.set_value(); });
  ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  work.reset();
  runner.join();

  json report = health_of(hooks);
  EXPECT_TRUE(report["completed"]);
  ASSERT_EQ(report["scripts"].size(), 2u);
  EXPECT_EQ(report["scripts"][0]["state"], "succeeded");
  EXPECT_EQ(report["scripts"][0]["exit_code"], 0);
  EXPECT_EQ(report["scripts"][1]["state"], "failed");
  EXPECT_EQ(report["scripts"][1]["exit_code"], 7);
  EXPECT_EQ(report["scripts"][1]["ending"], "exit status 7");
  EXPECT_EQ(hooks.localstack_stages()["scripts"],
            (json{{{"stage", "READY"}, {"name", "01-ok.sh"}, {"state", "SUCCESSFUL"}},
                  {{"stage", "READY"}, {"name", "02-fails.sh"}, {"state", "ERROR"}}}));
}

// What Emulator's destructor does with a script still running: stop the threads, destroy the
// suspended work. The script and what it started end with it.
TEST_F(InitHooksTest, DestroyingTheExecutorEndsARunningScript) {
  fs::path pid_file = root_ / "pid";
  write("01-forever.sh",
        "#!/bin/sh\necho $$ > " + pid_file.string() + ".tmp\nmv " + pid_file.string() + ".tmp " +
            pid_file.string() + "\nexec sleep 1000\n",
        true);
  InitHooks hooks;
  bool done = false;
  {
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    hooks.run(io.get_executor(), {root_.string()}, "http://127.0.0.1:1", [&] { done = true; });
    for (int i = 0; i < 400 && !fs::exists(pid_file); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(fs::exists(pid_file));
    EXPECT_EQ(health_of(hooks)["scripts"][0]["state"], "running");
    io.stop();
    runner.join();
  }
  EXPECT_FALSE(done);
  EXPECT_FALSE(hooks.completed());
  pid_t pid = 0;
  std::ifstream(pid_file) >> pid;
  ASSERT_GT(pid, 0);
  EXPECT_NE(::kill(pid, 0), 0) << "the script outlived its executor";
}

TEST_F(InitHooksTest, NoScriptsCompleteAtOnce) {
  asio::io_context io;
  InitHooks hooks;
  bool done = false;
  hooks.run(io.get_executor(), {root_.string()}, "http://127.0.0.1:1", [&] { done = true; });
  EXPECT_TRUE(done);
  EXPECT_TRUE(hooks.completed());
}

}  // namespace
