#include <gtest/gtest.h>

#include "protocol/rest_routes.hpp"

using eddy::json;
using namespace eddy::protocol;

TEST(RestRoutes, LabelsBindDecodedSegments) {
  RestRoute route{"POST", "/2015-03-31/functions/{FunctionName}/invocations", "Invoke"};
  auto labels = match_route(route, "POST", "/2015-03-31/functions/my%3Afn/invocations");
  ASSERT_TRUE(labels);
  EXPECT_EQ((*labels)["FunctionName"], "my:fn");
  EXPECT_FALSE(match_route(route, "GET", "/2015-03-31/functions/f/invocations"));
  EXPECT_FALSE(match_route(route, "POST", "/2015-03-31/functions/f"));
  EXPECT_FALSE(match_route(route, "POST", "/2015-03-31/functions/f/invocations/extra"));
  EXPECT_FALSE(match_route(route, "POST", "/2015-03-31/functions//invocations"));
}

TEST(RestRoutes, GreedyLabelTakesTheRest) {
  RestRoute route{"GET", "/2017-03-31/tags/{Resource+}", "ListTags"};
  auto labels = match_route(route, "GET", "/2017-03-31/tags/arn:aws:lambda:us-east-1:1:function:f");
  ASSERT_TRUE(labels);
  EXPECT_EQ((*labels)["Resource"], "arn:aws:lambda:us-east-1:1:function:f");
  EXPECT_FALSE(match_route(route, "GET", "/2017-03-31/tags/"));
}

TEST(RestRoutes, TrailingSlashIsTolerated) {
  RestRoute route{"GET", "/2015-03-31/functions", "ListFunctions"};
  EXPECT_TRUE(match_route(route, "GET", "/2015-03-31/functions/"));
  EXPECT_TRUE(match_route(route, "GET", "/2015-03-31/functions"));
}
