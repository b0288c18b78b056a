#include "services/iam/policy_document.hpp"

#include <algorithm>
#include <cctype>

#include "eddy/json.hpp"
#include "services/iam/iam_errors.hpp"

namespace eddy::services::iam {
namespace {

constexpr std::string_view kSyntaxErrors = "Syntax errors in policy.";

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// A string, or a list of strings (Action, Resource ...).
bool string_or_strings(const json& value) {
  if (value.is_string()) return true;
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
}

bool empty_list(const json& value) {
  return value.is_array() && value.empty();
}

// "s3:GetObject", "s3:*" or "*"; the vendor is letters, digits, '-' and '.'.
void check_action(const std::string& action) {
  if (action == "*") return;
  auto colon = action.find(':');
  if (colon == std::string::npos)
    throw malformed_policy(
        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  if (action.find(':', colon + 1) != std::string::npos)
    throw malformed_policy("Actions/Condition can contain only one colon.");
  std::string vendor = action.substr(0, colon);
  if (vendor.empty() || !std::all_of(vendor.begin(), vendor.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
      }))
    throw malformed_policy("Vendor " + vendor + " is not valid");
}

void check_statement_grammar(const json& statement) {
  if (!statement.is_object()) throw malformed_policy(std::string(kSyntaxErrors));
  for (const auto& [element, value] : statement.items()) {
    if (!one_of(element, {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
                          "Principal", "NotPrincipal", "Condition"}))
      throw malformed_policy(std::string(kSyntaxErrors));
    if (element == "Sid" && !value.is_string()) throw malformed_policy(std::string(kSyntaxErrors));
    if (one_of(element, {"Action", "NotAction", "Resource", "NotResource"}) &&
        !string_or_strings(value))
      throw malformed_policy(std::string(kSyntaxErrors));
    if (element == "Condition") {
      if (!value.is_object()) throw malformed_policy(std::string(kSyntaxErrors));
      for (const auto& [op, clause] : value.items())
        if (!clause.is_object()) throw malformed_policy(std::string(kSyntaxErrors));
    }
    if (one_of(element, {"Principal", "NotPrincipal"}) && !value.is_object() && value != json("*"))
      throw malformed_policy(std::string(kSyntaxErrors));
  }
  const json* effect = statement.contains("Effect") ? &statement["Effect"] : nullptr;
  if (!effect || !effect->is_string() ||
      !one_of(effect->get_ref<const std::string&>(), {"Allow", "Deny"}))
    throw malformed_policy(std::string(kSyntaxErrors));
  if ((statement.contains("Action") && statement.contains("NotAction")) ||
      (statement.contains("Resource") && statement.contains("NotResource")) ||
      (statement.contains("Principal") && statement.contains("NotPrincipal")))
    throw malformed_policy(std::string(kSyntaxErrors));
}

void check_statement_meaning(const json& statement, PolicyKind kind) {
  bool has_principal = statement.contains("Principal") || statement.contains("NotPrincipal");
  bool has_resource = statement.contains("Resource") || statement.contains("NotResource");
  if (kind == PolicyKind::trust) {
    if (has_resource) throw malformed_policy("Has prohibited field Resource");
    if (!has_principal) throw malformed_policy("Missing required field Principal");
  } else if (has_principal) {
    throw malformed_policy("Policy document should not specify a principal.");
  }
  const json* actions = statement.contains("Action")      ? &statement["Action"]
                        : statement.contains("NotAction") ? &statement["NotAction"]
                                                          : nullptr;
  if (!actions || empty_list(*actions))
    throw malformed_policy("Policy statement must contain actions.");
  if (kind == PolicyKind::permissions) {
    const json* resources = statement.contains("Resource")      ? &statement["Resource"]
                            : statement.contains("NotResource") ? &statement["NotResource"]
                                                                : nullptr;
    if (!resources || empty_list(*resources))
      throw malformed_policy("Policy statement must contain resources.");
  }
  if (actions->is_string())
    check_action(actions->get<std::string>());
  else
    for (const auto& action : *actions) check_action(action.get<std::string>());
}

}  // namespace

void check_policy_document(std::string_view text, PolicyKind kind) {
  json policy = json::parse(text, nullptr, false);
  if (policy.is_discarded())
    // IAM words an unparsable trust policy differently from an unparsable permissions policy.
    throw malformed_policy(kind == PolicyKind::trust ? "This policy contains invalid Json"
                                                     : std::string(kSyntaxErrors));
  if (!policy.is_object()) throw malformed_policy(std::string(kSyntaxErrors));
  for (const auto& [element, value] : policy.items())
    if (!one_of(element, {"Version", "Id", "Statement"}))
      throw malformed_policy(std::string(kSyntaxErrors));
  if (policy.contains("Version") &&
      (!policy["Version"].is_string() ||
       !one_of(policy["Version"].get_ref<const std::string&>(), {"2008-10-17", "2012-10-17"})))
    throw malformed_policy(std::string(kSyntaxErrors));
  if (policy.contains("Id") && !policy["Id"].is_string())
    throw malformed_policy(std::string(kSyntaxErrors));
  if (!policy.contains("Statement")) throw malformed_policy(std::string(kSyntaxErrors));
  json statements = policy["Statement"];
  if (statements.is_object()) statements = json::array({statements});
  if (!statements.is_array() || statements.empty())
    throw malformed_policy(std::string(kSyntaxErrors));
  // Grammar first for every statement, then meaning, so the message matches IAM's order.
  for (const auto& statement : statements) check_statement_grammar(statement);
  for (const auto& statement : statements) check_statement_meaning(statement, kind);
}

std::size_t policy_size(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !std::isspace(static_cast<unsigned char>(c));
  }));
}

std::string url_encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace eddy::services::iam
