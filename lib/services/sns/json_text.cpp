#include "services/sns/json_text.hpp"

#include "filter/json_token_reader.hpp"

namespace eddy::services::sns {

std::string jackson_parse_error(std::string_view text) {
  // The filter-policy reader already consumes JSON exactly as Jackson does; reuse it.
  try {
    filter::JsonTokenReader reader(
        text, "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)");
    while (reader.next() != filter::JsonToken::end_of_input) {
      if (reader.current() == filter::JsonToken::string) reader.text();  // read strings whole
    }
    return {};
  } catch (const filter::JsonSyntaxError& error) {
    return error.what();
  }
}

}  // namespace eddy::services::sns
