#include "services/dynamodb/expressions/path_overlap.hpp"

#include "services/dynamodb/expressions/function_rules.hpp"

namespace eddy::services::dynamodb {

namespace {

void check_document_path_pair(const DocumentPath& first, const DocumentPath& second,
                              ParseIssues& issues) {
  const auto both =
      "must remove or rewrite one of these paths; path one: " + path_list_string(first) +
      ", path two: " + path_list_string(second);
  for (std::size_t i = 0; i < first.size() && i < second.size(); ++i) {
    if (first[i].index() != second[i].index()) {
      issues.record(IssueKind::path_conflict,
                    "Two document paths conflict with each other; " + both);
      return;
    }
    if (first[i] != second[i]) return;
  }
  issues.record(IssueKind::path_overlap, "Two document paths overlap with each other; " + both);
}

}  // namespace

void check_path_overlaps(const std::vector<DocumentPath>& paths, ParseIssues& issues) {
  for (std::size_t later = 1; later < paths.size(); ++later) {
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      check_document_path_pair(paths[earlier], paths[later], issues);
      if (issues.has(IssueKind::path_overlap)) return;
    }
  }
}

}  // namespace eddy::services::dynamodb
