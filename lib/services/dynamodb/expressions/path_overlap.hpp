#pragma once
// Update and projection expressions may not name one document path twice, one inside another
// (overlap: a and a.b) or one as a map where another indexes it as a list (conflict: a.b and a[0]).
#include <vector>

#include "services/dynamodb/expressions/document_path.hpp"
#include "services/dynamodb/expressions/parse_issues.hpp"

namespace eddy::services::dynamodb {

void check_path_overlaps(const std::vector<DocumentPath>& paths, ParseIssues& issues);

}  // namespace eddy::services::dynamodb
