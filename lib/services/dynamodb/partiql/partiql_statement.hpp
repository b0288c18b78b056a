#pragma once
// A parsed PartiQL statement as DynamoDB's ExecuteStatement, BatchExecuteStatement and
// ExecuteTransaction accept it: SELECT, INSERT, UPDATE, DELETE or EXISTS on one table (SELECT also
// on an index), with every `?` already replaced by its Parameter and every literal already a
// normalised AttributeValue. The parser knows no tables; executing a statement against one goes
// like this:
//
// - SELECT: fixed_values(hash key) lists the partition keys the WHERE pins down (an `=` or an
//   `IN [...]` joined by AND at the top of the WHERE). When it is not empty, the statement is a
//   key lookup: one Query per listed value (a GetItem when the sort key is pinned too), the
//   whole WHERE then filtering the items read. When it is empty, the statement is a Scan of the
//   table or index with the WHERE as its filter. Either way, project() shapes each item returned.
//   (ExecuteTransaction and BatchExecuteStatement accept only key lookups.)
// - INSERT: `item` is the whole item. It must carry the key attributes with their schema types
//   ("Key attribute should be present in the item: Key %s"); if an item with that key exists,
//   AWS answers DuplicateItemException "Duplicate primary key exists in table".
// - UPDATE and DELETE address exactly one item: every key attribute needs exactly one fixed
//   value, else "Where clause does not contain a mandatory equality on all key attributes". The
//   whole WHERE is the statement's condition, checked against the current item (an empty object
//   when there is none) with where->matches(); when it fails the answer is
//   ConditionalCheckFailedException "The conditional request failed". UPDATE then writes
//   apply_update(current item); the caller refuses set or removed paths that are key attributes.
// - EXISTS(SELECT ... WHERE ...), accepted only in ExecuteTransaction, is a condition check on
//   one item: its key pinned as for UPDATE, its WHERE checked like UPDATE's condition.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eddy/json.hpp"
#include "services/dynamodb/expressions/document_path.hpp"

namespace eddy::services::dynamodb::partiql {

// A value in a condition or an assignment: an attribute of the item, a literal (or parameter),
// or size(path).
struct Operand {
  enum class Kind { path, value, size };
  Kind kind = Kind::value;
  DocumentPath path;  // path and size
  json value;         // value: a normalised AttributeValue

  // The operand's value for `item`, without copying it: a pointer into the item or to the
  // literal, or to `scratch` where size() leaves its result. nullptr when a path is missing (or
  // size() has no size).
  const json* evaluate(const json& item, json& scratch) const;
};

enum class ComparisonOperator { eq, ne, lt, le, gt, ge };

struct Condition {
  enum class Kind {
    comparison,  // operands[0] <op> operands[1]
    between,     // operands[0] BETWEEN operands[1] AND operands[2]
    in,          // operands[0] IN [operands[1], ...]
    is_type,     // operands[0] IS [NOT] <type_name> (MISSING, NULL, STRING, NUMERIC ...)
    function,    // begins_with, contains, attribute_type, attribute_exists, attribute_not_exists
    all_of,      // AND of children
    any_of,      // OR of children
    negation,    // NOT children[0]
  };
  Kind kind = Kind::comparison;
  ComparisonOperator comparison = ComparisonOperator::eq;
  std::string name;      // the function's name (lower case) or the IS type (upper case)
  bool negated = false;  // IS NOT, NOT BETWEEN, NOT IN
  std::vector<Operand> operands;
  std::vector<Condition> children;

  // As DynamoDB evaluates: a missing attribute or values of different types make a comparison
  // false (and <> true); <, <=, >, >= and BETWEEN compare only two S, two N or two B.
  bool matches(const json& item) const;
};

struct SetAction {
  enum class Kind { assign, add, subtract, list_append, set_add, set_delete };
  Kind kind = Kind::assign;
  DocumentPath path;
  std::vector<Operand> operands;  // assign: the value; the others: left and right
};

// SELECT ... ORDER BY: the Query's direction (ScanIndexForward) over the sort key; the caller
// checks the paths are key attributes ("Variable reference %s in ORDER BY clause must be part of
// the primary key").
struct Ordering {
  DocumentPath path;
  bool descending = false;
};

// UPDATE ... RETURNING (ALL | MODIFIED) (OLD | NEW) * and DELETE ... RETURNING ALL OLD *: the
// image ExecuteStatement answers with, whole or reduced to the attributes the UPDATE names.
struct Returning {
  bool all = true;
  bool new_image = false;
};

enum class StatementKind { select, insert, update, delete_item, exists };

struct Statement {
  StatementKind kind = StatementKind::select;
  std::string table;
  std::optional<std::string> index;      // SELECT ... FROM "table"."index"
  std::vector<DocumentPath> projection;  // SELECT's paths; empty for *
  std::optional<Condition> where;
  std::vector<Ordering> order_by;          // SELECT's ORDER BY, in order
  json item;                               // INSERT's item, normalised
  std::vector<SetAction> set_actions;      // UPDATE's SET, in order
  std::vector<DocumentPath> remove_paths;  // UPDATE's REMOVE
  std::optional<Returning> returning;      // UPDATE's and DELETE's RETURNING

  // The values `attribute` (a top-level name) must equal for the WHERE to hold, from `=` and
  // `IN` conditions joined by AND at the top of it; empty when the WHERE does not pin it down.
  std::vector<json> fixed_values(std::string_view attribute) const;

  // The item after UPDATE's SET and REMOVE applied to `current`. Throws
  // ValidationException as AWS does for operands of the wrong type ("An operand in the update
  // expression has an incorrect data type"), paths that are missing ("The provided expression
  // refers to an attribute that does not exist in the item") or cannot be written ("The document
  // path provided in the update expression is invalid for update").
  json apply_update(const json& current) const;

  // The item reduced to SELECT's paths (the whole item for *).
  json project(const json& stored) const;

  // What RETURNING answers, from the item before and after the write (either may be null).
  json returned(const json* old_item, const json* new_item) const;
};

// Parses one statement; `parameters` is the request's Parameters (a JSON array of
// AttributeValues, or null when absent). Throws ValidationException as AWS does: "Statement
// wasn't well formed, can't be processed: ..." for syntax, "Number of parameters in request and
// statement don't match.", "Unrecognized function: f at 1:10:1" and the checks of values.
Statement parse_statement(std::string_view text, const json& parameters);

}  // namespace eddy::services::dynamodb::partiql
