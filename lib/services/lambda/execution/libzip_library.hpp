#pragma once
// libzip, opened the first time a deployment package is read rather than linked: libzip brings
// libcrypto, libbz2 and zlib as shared libraries, and mapping and relocating them cost every
// emulator 1.7 MB of memory and a tenth of its start-up although most never see a zip.
#include <zip.h>

namespace eddy::services::lambda {

// The libzip calls function_package makes, resolved from the shared library.
struct LibZip {
  decltype(&::zip_error_init) error_init;
  decltype(&::zip_error_fini) error_fini;
  decltype(&::zip_source_buffer_create) source_buffer_create;
  decltype(&::zip_source_free) source_free;
  decltype(&::zip_open_from_source) open_from_source;
  decltype(&::zip_discard) discard;
  decltype(&::zip_get_num_entries) get_num_entries;
  decltype(&::zip_stat_index) stat_index;
  decltype(&::zip_file_get_external_attributes) file_get_external_attributes;
  decltype(&::zip_fopen_index) fopen_index;
  decltype(&::zip_fread) fread;
  decltype(&::zip_fclose) fclose;
  decltype(&::zip_strerror) strerror;
};

// Opens libzip once (thread-safe); throws std::runtime_error when it is not installed.
const LibZip& libzip();

}  // namespace eddy::services::lambda
