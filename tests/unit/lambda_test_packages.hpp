#pragma once
// Builds Lambda deployment packages (zips) for the execution tests, with libzip.
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "services/lambda/execution/function_runner.hpp"

namespace eddy::lambda_test {

struct ZipEntry {
  std::string name;
  std::string content;
  unsigned mode = 0100644;  // regular file, rw-r--r--; 0120777 is a symlink, 040755 a directory
  bool encrypted = false;   // with a password (PKWARE's traditional encryption)
};

inline std::string make_zip(const std::vector<ZipEntry>& entries) {
  auto path =
      std::filesystem::temp_directory_path() / ("eddy-test-" + ids::random_token(12) + ".zip");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open failed");
  for (const auto& entry : entries) {
    zip_int64_t index;
    if (entry.name.ends_with("/")) {
      index = zip_dir_add(archive, entry.name.c_str(), ZIP_FL_ENC_UTF_8);
    } else {
      zip_source_t* source =
          zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
      index =
          zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    }
    if (index < 0)
      throw std::runtime_error("zip add failed: " + std::string(zip_strerror(archive)));
    zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                     static_cast<zip_uint32_t>(entry.mode) << 16);
    if (entry.encrypted && zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index),
                                                   ZIP_EM_TRAD_PKWARE, "secret") != 0)
      throw std::runtime_error("zip encryption failed: " + std::string(zip_strerror(archive)));
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

inline services::lambda::FunctionDeployment deployment(const std::string& name,
                                                       const std::string& runtime,
                                                       const std::string& handler,
                                                       const std::string& zip) {
  services::lambda::FunctionDeployment d;
  d.account = "123456789012";
  d.region = "eu-west-1";
  d.function_name = name;
  d.function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:" + name;
  d.version = "$LATEST";
  d.runtime = runtime;
  d.handler = handler;
  d.code_sha256 = hashing::sha256_hex(zip);
  d.timeout_seconds = 10;
  d.memory_size_mb = 256;
  d.load_package = [zip] { return zip; };
  return d;
}

}  // namespace eddy::lambda_test
