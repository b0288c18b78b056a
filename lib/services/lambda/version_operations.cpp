// PublishVersion and ListVersionsByFunction.
#include "services/lambda/function_configuration.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_requests.hpp"
#include "services/lambda/lambda_service.hpp"

namespace eddy::services::lambda {
namespace {

// Whether publishing $LATEST now would repeat `published`: AWS then answers with that version.
bool publishes_the_same(json latest, json published) {
  for (const char* member : {"Version", "FunctionArn", "RevisionId", "LastModified"}) {
    latest.erase(member);
    published.erase(member);
  }
  return latest == published;
}

}  // namespace

Awaitable<json> LambdaService::PublishVersion(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  auto code_sha = optional_string(call.input, "CodeSha256");
  auto description = optional_string(call.input, "Description");
  auto revision = optional_string(call.input, "RevisionId");
  json answer;
  co_await context_.store.write([&](store::Database& db) {
    auto row = tables::function(db, ref);
    auto latest = tables::version(db, ref, "$LATEST");
    if (!row || !latest) throw function_not_found(ref.arn());
    std::string current_sha = latest->value("CodeSha256", "");
    if (code_sha && *code_sha != current_sha)
      throw AwsError("InvalidParameterValueException",
                     "CodeSHA256 (" + *code_sha + ") is different from current CodeSHA256 in " +
                         "$LATEST (" + current_sha + "). Please try again with the CodeSHA256 " +
                         "in $LATEST.");
    if (revision && *revision != latest->value("RevisionId", "")) throw revision_mismatch();
    json candidate = *latest;
    if (description) candidate["Description"] = *description;
    if (row->last_version > 0) {
      auto last = tables::version(db, ref, std::to_string(row->last_version));
      if (last && publishes_the_same(candidate, *last)) {
        answer = *last;
        return;
      }
    }
    row->last_version += 1;
    answer = published_configuration(candidate, std::to_string(row->last_version));
    tables::put_version(db, ref, answer["Version"], code_key(answer), answer);
    tables::update_function(db, ref, *row);
  });
  co_return answer;
}

json LambdaService::ListVersionsByFunction(const Call& call) {
  FunctionRef ref = requested_function(call, false);
  int limit = max_items(call.input);
  auto marker = optional_string(call.input, "Marker");
  auto lock = context_.store.lock();
  auto& db = context_.store.db();
  if (!tables::function(db, ref)) throw function_not_found(ref.arn());
  auto all = tables::versions(db, ref);
  std::size_t start = 0;
  if (marker) {
    while (start < all.size() && all[start].value("Version", "") != *marker) ++start;
    ++start;  // the page starts after the marker's version
  }
  json versions = json::array();
  json out = json::object();
  for (std::size_t i = start; i < all.size(); ++i) {
    if (static_cast<int>(versions.size()) == limit) {
      out["NextMarker"] = versions.back().value("Version", "");
      break;
    }
    versions.push_back(all[i]);
  }
  out["Versions"] = std::move(versions);
  return out;
}

}  // namespace eddy::services::lambda
