#pragma once
// A function's deployment package: a zip archive, as CreateFunction and UpdateFunctionCode take it.
#include <string_view>

namespace eddy::services::lambda {

// Whether libzip can open `bytes` as a zip archive: AWS refuses any other upload with "Could not
// unzip uploaded file. Please check your file, then try to upload again."
bool is_readable_zip(std::string_view bytes);

}  // namespace eddy::services::lambda
