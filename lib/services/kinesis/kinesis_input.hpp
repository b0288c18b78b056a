#pragma once
// Reads a Kinesis request's members with their modelled types and checks the model's
// constraints. A member of the wrong JSON type fails at once with AWS's SerializationException;
// constraint failures are collected and reported together, as one ValidationException, the way
// AWS's request validation reports them.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"

namespace eddy::services::kinesis {

class InputCheck {
 public:
  explicit InputCheck(const json& input) : input_(input) {}

  std::optional<std::string> string(std::string_view member) const;
  std::optional<std::int64_t> integer(std::string_view member) const;
  std::optional<bool> boolean(std::string_view member) const;
  // Epoch seconds, fractions allowed, as the JSON protocols send timestamps.
  std::optional<double> timestamp(std::string_view member) const;
  // Blob members: base64 in JSON. Decoded bytes.
  static std::string blob(const json& value);

  // Each adds a failure for `member` (its path: `member` with a lower-case first letter, or
  // `path` when given) and goes on.
  InputCheck& required(std::string_view member);
  // The name pattern [a-zA-Z0-9_.-]+ and length 1..128 (StreamName, ShardId, ConsumerName).
  InputCheck& name(std::string_view member);
  InputCheck& length(std::string_view member, std::size_t min, std::size_t max);
  InputCheck& range(std::string_view member, std::int64_t min, std::int64_t max);
  // The pattern 0|([1-9]\d{0,max_more_digits}): hash keys and sequence numbers.
  InputCheck& decimal(std::string_view member, int max_more_digits);
  InputCheck& one_of(std::string_view member, std::initializer_list<std::string_view> values);
  InputCheck& stream_arn(std::string_view member);
  void fail(std::string failure) { failures_.push_back(std::move(failure)); }
  // Throws the ValidationException of the failures so far, if any.
  void done() const;

  static std::string path_of(std::string_view member);
  // "Value 'x' at 'path' failed to satisfy constraint: Member must ..."
  static std::string failure(std::string_view value, std::string_view path,
                             std::string_view constraint);

 private:
  const json* present(std::string_view member) const;

  const json& input_;
  std::vector<std::string> failures_;
};

bool is_kinesis_name(std::string_view text);
bool is_decimal_pattern(std::string_view text, int max_more_digits);

}  // namespace eddy::services::kinesis
