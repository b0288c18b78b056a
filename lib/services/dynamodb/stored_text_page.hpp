#pragma once
// A Query or Scan page that neither filters nor projects, answered from its items' stored text:
// each row's text goes into the answer as it is read, and LastEvaluatedKey is cut from the last
// item's text, so no item is parsed into a json value and serialised again.
#include "eddy/json.hpp"
#include "services/dynamodb/consumed_capacity.hpp"
#include "services/dynamodb/item_pages.hpp"
#include "store/store.hpp"

namespace eddy::services::dynamodb {

// Whether nothing in the request needs the page's items parsed.
bool answers_as_stored_text(const PageRequest& request);

// The answer, as dump() would write the page_output of the same page (protocol's
// preserialized_json).
json read_stored_text_page(store::Store& store, const PageRequest& request, CapacityDetail detail);

}  // namespace eddy::services::dynamodb
