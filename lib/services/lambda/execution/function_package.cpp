#include "services/lambda/execution/function_package.hpp"

#include <zip.h>

namespace eddy::services::lambda {

bool is_readable_zip(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return false;
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    return false;
  }
  zip_discard(archive);  // frees the source too
  return true;
}

}  // namespace eddy::services::lambda
