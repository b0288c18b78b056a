#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "lambda_test_packages.hpp"
#include "services/lambda/execution/function_package.hpp"

using namespace eddy;
using lambda_test::make_zip;
using services::lambda::PackageError;
using services::lambda::unpack_package;
using services::lambda::UnpackLimits;
namespace fs = std::filesystem;

namespace {

class LambdaPackageTest : public ::testing::Test {
 protected:
  fs::path root = fs::temp_directory_path() / ("eddy-pkg-" + ids::random_token(10));
  fs::path target = root / "code";
  void SetUp() override { fs::create_directories(root); }
  void TearDown() override { fs::remove_all(root); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // Nothing was written beside the target directory.
  bool only_target_exists() const {
    for (const auto& entry : fs::directory_iterator(root))
      if (entry.path() != target) return false;
    return true;
  }
};

TEST_F(LambdaPackageTest, UnpacksFilesDirectoriesAndKeepsPermissionBits) {
  std::string zip = make_zip({{"bootstrap", "#!/bin/sh\necho hi\n", 0100755},
                              {"lib/", "", 040755},
                              {"lib/helper.py", "X = 1\n", 0100644},
                              {"deep/nested/file.txt", "text", 0100600}});
  unpack_package(zip, target);
  EXPECT_EQ(read(target / "bootstrap"), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(read(target / "lib" / "helper.py"), "X = 1\n");
  EXPECT_EQ(read(target / "deep" / "nested" / "file.txt"), "text");
  struct stat info {};
  ASSERT_EQ(::stat((target / "bootstrap").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0755u);
  ASSERT_EQ(::stat((target / "deep" / "nested" / "file.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(LambdaPackageTest, RefusesAnEntryClimbingOutWithDotDot) {
  std::string zip = make_zip({{"ok.txt", "fine"}, {"../evil", "escaped"}});
  EXPECT_THROW(unpack_package(zip, target), PackageError);
  EXPECT_FALSE(fs::exists(root / "evil"));
  EXPECT_FALSE(fs::exists(root.parent_path() / "evil"));
  EXPECT_TRUE(only_target_exists());
}

TEST_F(LambdaPackageTest, RefusesDotDotInTheMiddleOfAPath) {
  EXPECT_THROW(unpack_package(make_zip({{"a/../../evil", "x"}}), target), PackageError);
  EXPECT_TRUE(only_target_exists());
}

TEST_F(LambdaPackageTest, RefusesAnAbsolutePath) {
  fs::path outside = root / "absolute-evil";
  EXPECT_THROW(unpack_package(make_zip({{outside.string(), "x"}}), target), PackageError);
  EXPECT_FALSE(fs::exists(outside));
}

TEST_F(LambdaPackageTest, RefusesASymlinkPointingOutside) {
  EXPECT_THROW(unpack_package(make_zip({{"link", "../../etc", 0120777}}), target), PackageError);
  EXPECT_THROW(unpack_package(make_zip({{"abs", "/etc/passwd", 0120777}}), root / "code2"),
               PackageError);
  EXPECT_FALSE(fs::is_symlink(target / "link"));
  EXPECT_FALSE(fs::is_symlink(root / "code2" / "abs"));
}

TEST_F(LambdaPackageTest, RefusesWritingThroughASymlink) {
  // The link itself points inside, but a later entry must not be written through any link.
  std::string zip = make_zip({{"sub/", "", 040755}, {"alias", "sub", 0120777}, {"alias/x", "y"}});
  EXPECT_THROW(unpack_package(zip, target), PackageError);
  EXPECT_FALSE(fs::exists(target / "sub" / "x"));
}

TEST_F(LambdaPackageTest, KeepsASymlinkThatStaysInside) {
  std::string zip = make_zip({{"lib/real.py", "R = 2\n"}, {"lib/alias.py", "real.py", 0120777}});
  unpack_package(zip, target);
  EXPECT_TRUE(fs::is_symlink(target / "lib" / "alias.py"));
  EXPECT_EQ(read(target / "lib" / "alias.py"), "R = 2\n");
}

TEST_F(LambdaPackageTest, BoundsUnpackedSizeAndEntryCount) {
  std::string big(5000, 'a');
  EXPECT_THROW(unpack_package(make_zip({{"a", big}, {"b", big}}), target,
                              UnpackLimits{.max_unpacked_bytes = 8000, .max_entries = 10}),
               PackageError);
  EXPECT_THROW(unpack_package(make_zip({{"a", "1"}, {"b", "2"}, {"c", "3"}}), root / "code2",
                              UnpackLimits{.max_unpacked_bytes = 8000, .max_entries = 2}),
               PackageError);
  try {
    unpack_package(make_zip({{"a", big}, {"b", big}}), root / "code3",
                   UnpackLimits{.max_unpacked_bytes = 8000, .max_entries = 10});
  } catch (const PackageError& e) {
    EXPECT_STREQ(e.what(), "Unzipped size must be smaller than 8000 bytes");
  }
}

TEST_F(LambdaPackageTest, RefusesWhatIsNotAZip) {
  EXPECT_THROW(unpack_package("definitely not a zip", target), PackageError);
  EXPECT_FALSE(services::lambda::is_readable_zip("definitely not a zip"));
  std::string zip = make_zip({{"a.py", ""}, {"b.py", "B = 1\n"}});
  EXPECT_TRUE(services::lambda::is_readable_zip(zip));
  // Cut short: the end-of-central-directory record is gone.
  EXPECT_FALSE(services::lambda::is_readable_zip(zip.substr(0, zip.size() - 10)));
  // The second central-directory record damaged, the first and the end record intact.
  std::size_t second = zip.find("PK\1\2", zip.find("PK\1\2") + 4);
  ASSERT_NE(second, std::string::npos);
  zip[second + 2] = 'X';
  EXPECT_FALSE(services::lambda::is_readable_zip(zip));
  EXPECT_THROW(unpack_package(zip, target), PackageError);
}

// An entry's bytes are checked as they are read (inflate, then the CRC): a damaged file is
// refused, never unpacked with other contents.
TEST_F(LambdaPackageTest, RefusesAnEntryWhoseBytesAreDamaged) {
  std::string zip = make_zip({{"a.txt", std::string(20000, 'a') + "the end"}});
  auto field = [&](std::size_t offset, int bytes) {
    std::size_t value = 0;
    for (int i = bytes - 1; i >= 0; --i)
      value = value << 8 | static_cast<unsigned char>(zip[offset + static_cast<std::size_t>(i)]);
    return value;
  };
  // The local header: 30 bytes, the name, the extra field, then the entry's compressed bytes.
  std::size_t data = 30 + field(26, 2) + field(28, 2);
  zip[data + field(18, 4) / 2] ^= 0x5a;
  EXPECT_TRUE(services::lambda::is_readable_zip(zip));  // its directory is intact
  try {
    unpack_package(zip, target);
    FAIL() << "a damaged entry was unpacked";
  } catch (const PackageError& e) {
    EXPECT_STREQ(e.what(), "entry a.txt is damaged");
  }
}

TEST_F(LambdaPackageTest, RefusesAnEncryptedEntry) {
  std::string zip = make_zip({{"secret.py", "KEY = 1\n", 0100644, true}});
  try {
    unpack_package(zip, target);
    FAIL() << "an encrypted entry was unpacked";
  } catch (const PackageError& e) {
    EXPECT_STREQ(e.what(), "entry secret.py is encrypted");
  }
}

}  // namespace
