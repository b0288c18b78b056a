#pragma once
// Identifiers Eddy hands out: UUIDs (message ids, request ids) and random tokens.
#include <cstdint>
#include <string>

namespace eddy::ids {

// A random (version 4) UUID in its canonical lower-case form.
std::string uuid();
// `length` random characters from [A-Za-z0-9].
std::string random_token(std::size_t length);
std::uint64_t random_u64();

}  // namespace eddy::ids
