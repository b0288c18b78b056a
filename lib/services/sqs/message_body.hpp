#pragma once
// The characters SQS accepts in a message: valid UTF-8 of #x9 | #xA | #xD | #x20-#xD7FF |
// #xE000-#xFFFD | #x10000-#x10FFFF (what XML 1.0 can carry).
#include <string_view>

namespace eddy::services::sqs::message_body {

bool has_valid_characters(std::string_view text);

}  // namespace eddy::services::sqs::message_body
