#include "services/lambda/execution/libzip_library.hpp"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace eddy::services::lambda {
namespace {

// libzip's soname has been libzip.so.4 since 1.0; the unversioned name is the -dev symlink.
constexpr const char* kLibZipNames[] = {"libzip.so.4", "libzip.so"};

void* open_libzip_handle() {
  std::string failures;
  for (const char* name : kLibZipNames) {
    if (void* handle = ::dlopen(name, RTLD_NOW | RTLD_LOCAL)) return handle;
    const char* error = ::dlerror();
    failures += failures.empty() ? "" : "; ";
    failures += error ? error : name;
  }
  throw std::runtime_error("cannot read Lambda deployment packages without libzip: " + failures);
}

template <class Function>
void resolve_libzip_symbol(void* handle, const char* name, Function& target) {
  target = reinterpret_cast<Function>(::dlsym(handle, name));
  if (!target) throw std::runtime_error(std::string("libzip lacks ") + name);
}

LibZip load_libzip() {
  void* handle = open_libzip_handle();  // kept open for the life of the process
  LibZip api{};
  resolve_libzip_symbol(handle, "zip_error_init", api.error_init);
  resolve_libzip_symbol(handle, "zip_error_fini", api.error_fini);
  resolve_libzip_symbol(handle, "zip_source_buffer_create", api.source_buffer_create);
  resolve_libzip_symbol(handle, "zip_source_free", api.source_free);
  resolve_libzip_symbol(handle, "zip_open_from_source", api.open_from_source);
  resolve_libzip_symbol(handle, "zip_discard", api.discard);
  resolve_libzip_symbol(handle, "zip_get_num_entries", api.get_num_entries);
  resolve_libzip_symbol(handle, "zip_stat_index", api.stat_index);
  resolve_libzip_symbol(handle, "zip_file_get_external_attributes",
                        api.file_get_external_attributes);
  resolve_libzip_symbol(handle, "zip_fopen_index", api.fopen_index);
  resolve_libzip_symbol(handle, "zip_fread", api.fread);
  resolve_libzip_symbol(handle, "zip_fclose", api.fclose);
  resolve_libzip_symbol(handle, "zip_strerror", api.strerror);
  return api;
}

}  // namespace

const LibZip& libzip() {
  static const LibZip api = load_libzip();  // a failed load throws, and the next call retries
  return api;
}

}  // namespace eddy::services::lambda
