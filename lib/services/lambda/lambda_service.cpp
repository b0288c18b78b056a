#include "services/lambda/lambda_service.hpp"

#include <cstdlib>

#include "eddy/log.hpp"

#include "services/lambda/execution/process_runner.hpp"

#include "core/arn.hpp"
#include "services/lambda/execution/native_handler_runner.hpp"
#include "services/lambda/function_tables.hpp"
#include "services/lambda/lambda_schema.hpp"
#include "services/lambda/sns_lambda_invoker.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::lambda {
namespace {

using protocol::RestRoute;

constexpr std::string_view kCodePathPrefix = "/_eddy/lambda/code/";

std::vector<RestRoute> lambda_routes() {
  std::vector<RestRoute> routes = {
      {"POST", "/2015-03-31/functions", "CreateFunction", 201},
      {"GET", "/2015-03-31/functions", "ListFunctions"},
      {"GET", "/2015-03-31/functions/{FunctionName}", "GetFunction"},
      {"DELETE", "/2015-03-31/functions/{FunctionName}", "DeleteFunction", 204},
      {"GET", "/2015-03-31/functions/{FunctionName}/configuration", "GetFunctionConfiguration"},
      {"PUT", "/2015-03-31/functions/{FunctionName}/configuration", "UpdateFunctionConfiguration"},
      {"PUT", "/2015-03-31/functions/{FunctionName}/code", "UpdateFunctionCode"},
      {"POST", "/2015-03-31/functions/{FunctionName}/versions", "PublishVersion", 201},
      {"GET", "/2015-03-31/functions/{FunctionName}/versions", "ListVersionsByFunction"},
      {"POST", "/2015-03-31/functions/{FunctionName}/aliases", "CreateAlias", 201},
      {"GET", "/2015-03-31/functions/{FunctionName}/aliases", "ListAliases"},
      {"GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "GetAlias"},
      {"PUT", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "UpdateAlias"},
      {"DELETE", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "DeleteAlias", 204},
      {"POST", "/2015-03-31/functions/{FunctionName}/policy", "AddPermission", 201},
      {"GET", "/2015-03-31/functions/{FunctionName}/policy", "GetPolicy"},
      {"DELETE", "/2015-03-31/functions/{FunctionName}/policy/{StatementId}", "RemovePermission",
       204},
      {"PUT", "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency"},
      {"DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency",
       204},
      {"GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency"},
      {"PUT", "/2019-09-25/functions/{FunctionName}/event-invoke-config",
       "PutFunctionEventInvokeConfig"},
      {"POST", "/2019-09-25/functions/{FunctionName}/event-invoke-config",
       "UpdateFunctionEventInvokeConfig"},
      {"GET", "/2019-09-25/functions/{FunctionName}/event-invoke-config",
       "GetFunctionEventInvokeConfig"},
      {"DELETE", "/2019-09-25/functions/{FunctionName}/event-invoke-config",
       "DeleteFunctionEventInvokeConfig", 204},
      {"GET", "/2019-09-25/functions/{FunctionName}/event-invoke-config/list",
       "ListFunctionEventInvokeConfigs"},
      {"POST", "/2017-03-31/tags/{Resource+}", "TagResource", 204},
      {"DELETE", "/2017-03-31/tags/{Resource+}", "UntagResource", 204},
      {"GET", "/2017-03-31/tags/{Resource+}", "ListTags"},
      {"GET", "/2016-08-19/account-settings", "GetAccountSettings"},
      {.method = "POST",
       .path = "/2015-03-31/functions/{FunctionName}/invocations",
       .operation = "Invoke",
       .header_inputs = {{"X-Amz-Invocation-Type", "InvocationType"},
                         {"X-Amz-Log-Type", "LogType"},
                         {"X-Amz-Client-Context", "ClientContext"}},
       .raw_body_input = "Payload",
       .header_outputs = {{"FunctionError", "X-Amz-Function-Error"},
                          {"LogResult", "X-Amz-Log-Result"},
                          {"ExecutedVersion", "X-Amz-Executed-Version"}},
       .raw_body_output = "Payload",
       .status_output = "StatusCode"},
  };
  for (auto& route : event_sources::EventSourceMappings::routes()) routes.push_back(route);
  return routes;
}

std::unordered_set<std::string_view> lambda_operation_names(
    std::unordered_set<std::string_view> names) {
  for (const auto& route : event_sources::EventSourceMappings::routes())
    names.insert(route.operation);
  return names;
}

}  // namespace

const OperationTable<LambdaService>& LambdaService::operations() {
  static const OperationTable<LambdaService> table{
      {"CreateFunction", &LambdaService::CreateFunction},
      {"GetFunction", &LambdaService::GetFunction},
      {"GetFunctionConfiguration", &LambdaService::GetFunctionConfiguration},
      {"ListFunctions", &LambdaService::ListFunctions},
      {"DeleteFunction", &LambdaService::DeleteFunction},
      {"UpdateFunctionCode", &LambdaService::UpdateFunctionCode},
      {"UpdateFunctionConfiguration", &LambdaService::UpdateFunctionConfiguration},
      {"PublishVersion", &LambdaService::PublishVersion},
      {"ListVersionsByFunction", &LambdaService::ListVersionsByFunction},
      {"CreateAlias", &LambdaService::CreateAlias},
      {"GetAlias", &LambdaService::GetAlias},
      {"ListAliases", &LambdaService::ListAliases},
      {"UpdateAlias", &LambdaService::UpdateAlias},
      {"DeleteAlias", &LambdaService::DeleteAlias},
      {"AddPermission", &LambdaService::AddPermission},
      {"RemovePermission", &LambdaService::RemovePermission},
      {"GetPolicy", &LambdaService::GetPolicy},
      {"PutFunctionConcurrency", &LambdaService::PutFunctionConcurrency},
      {"GetFunctionConcurrency", &LambdaService::GetFunctionConcurrency},
      {"DeleteFunctionConcurrency", &LambdaService::DeleteFunctionConcurrency},
      {"TagResource", &LambdaService::TagResource},
      {"UntagResource", &LambdaService::UntagResource},
      {"ListTags", &LambdaService::ListTags},
      {"GetAccountSettings", &LambdaService::GetAccountSettings},
      {"PutFunctionEventInvokeConfig", &LambdaService::PutFunctionEventInvokeConfig},
      {"UpdateFunctionEventInvokeConfig", &LambdaService::UpdateFunctionEventInvokeConfig},
      {"GetFunctionEventInvokeConfig", &LambdaService::GetFunctionEventInvokeConfig},
      {"ListFunctionEventInvokeConfigs", &LambdaService::ListFunctionEventInvokeConfigs},
      {"DeleteFunctionEventInvokeConfig", &LambdaService::DeleteFunctionEventInvokeConfig},
      {"Invoke", &LambdaService::Invoke},
  };
  return table;
}

LambdaService::LambdaService(const ServiceContext& context, const LambdaHandlers& handlers,
                             sqs::SqsApi& sqs, sns::SnsService& sns,
                             const kinesis::KinesisApi& kinesis,
                             const dynamodbstreams::DynamoDbStreamsApi& dynamodb_streams)
    : context_(context),
      handlers_(handlers),
      sqs_(sqs),
      sns_(sns),
      native_runner_(
          std::make_shared<NativeHandlerRunner>(handlers, context.clock, context.notifier)) {
  event_sources_ = std::make_unique<event_sources::EventSourceMappings>(
      event_sources::EventSourceContext{context.store, context.clock, context.notifier, context.io},
      event_sources::EventSourceApis{
          .lambda = *this,
          .sqs = sqs,
          .kinesis = kinesis,
          .dynamodb_streams = dynamodb_streams,
          .function_role = [this](const std::string& arn) { return role_of(arn); },
          .publish_to_topic = [this](std::string topic_arn, std::string message,
                                     std::string account, std::string region) -> Awaitable<void> {
            co_await publish_to_topic(topic_arn, message, account, region);
          }});
}

LambdaService::~LambdaService() {
  stop();
  std::error_code ignored;
  if (!temporary_packages_.empty()) std::filesystem::remove_all(temporary_packages_, ignored);
}

const protocol::ServiceDescription& LambdaService::description() const {
  static const protocol::ServiceDescription description{
      .name = "lambda",
      .rest_routes = lambda_routes(),
      .operations = lambda_operation_names(operations().names()),
      // A 50 MB zip, base64 in JSON.
      .max_request_bytes = 70 * 1024 * 1024,
  };
  return description;
}

Awaitable<json> LambdaService::call(const Call& call) {
  if (event_sources::EventSourceMappings::handles(call.operation))
    co_return co_await event_sources_->call(call.operation, call.input, call.account, call.region);
  co_return co_await operations().dispatch(*this, call);
}

void LambdaService::prepare(store::Database& db) {
  migrate_lambda_schema(db);
  event_sources_->prepare(db);
}

void LambdaService::start() {
  start_async_worker();
  sns_.set_lambda_invoker(std::make_shared<SnsLambdaInvoker>(*this));
  event_sources_->start();
}

void LambdaService::reset(store::Database& db) {
  store::clear_tables(db, "lambda_");
  event_sources_->reset(db);
  end_process_runner();
}

std::optional<protocol::HttpResponse> LambdaService::admin(const protocol::HttpRequest& request) {
  std::string_view path = request.path();
  if (!path.starts_with(kCodePathPrefix) || !path.ends_with(".zip")) return std::nullopt;
  std::string sha256_hex(
      path.substr(kCodePathPrefix.size(), path.size() - kCodePathPrefix.size() - 4));
  std::optional<std::string> zip;
  {
    auto lock = context_.store.lock();
    zip = tables::code(context_.store.db(), sha256_hex);
  }
  protocol::HttpResponse response;
  if (!zip) {
    response.status = 404;
    response.content_type = "application/json";
    response.body = R"({"message":"No such function package."})";
    return response;
  }
  response.content_type = "application/zip";
  response.body = std::move(*zip);
  return response;
}

void LambdaService::stop() {
  if (event_sources_) event_sources_->stop();
  end_process_runner();
  native_runner_->shutdown();
}

void LambdaService::end_process_runner() {
  std::lock_guard lock(process_runner_mutex_);
  if (process_runner_) process_runner_->shutdown();
  process_runner_.reset();
}

std::shared_ptr<FunctionRunner> LambdaService::runner_for(const std::string& function_name) {
  if (handlers_.find(function_name)) return native_runner_;
  return process_runner();
}

std::shared_ptr<FunctionRunner> LambdaService::process_runner() {
  std::lock_guard lock(process_runner_mutex_);
  if (process_runner_) return process_runner_;
  ProcessRunnerOptions options;
  if (!context_.config.data_dir.empty()) {
    options.work_directory = std::filesystem::path(context_.config.data_dir) / "lambda";
  } else {
    if (temporary_packages_.empty()) {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "eddy-lambda-XXXXXX").string();
      if (!mkdtemp(pattern.data()))
        throw AwsError("ServiceException",
                       "Eddy could not create a directory for function packages.", 500, false);
      temporary_packages_ = pattern;
    }
    options.work_directory = temporary_packages_;
  }
  options.endpoint_url = context_.served_address.url();
  options.node_path = context_.config.lambda_node_path;
  if (options.endpoint_url.empty())
    log::write(log::Level::warn,
               "lambda: no server is listening, so functions get no AWS_ENDPOINT_URL and cannot "
               "reach Eddy");
  process_runner_ = std::make_shared<ProcessRunner>(context_.io.get_executor(), context_.clock,
                                                    context_.notifier, std::move(options));
  return process_runner_;
}

void LambdaService::retire_instances(const std::string& function_arn) {
  std::lock_guard lock(process_runner_mutex_);
  if (process_runner_) process_runner_->retire(function_arn);
}

std::string LambdaService::role_of(const std::string& function_arn) {
  auto arn = Arn::parse(function_arn);
  if (!arn) return "";
  try {
    FunctionRef ref = parse_function_name(function_arn, arn->account, arn->region);
    auto lock = context_.store.lock();
    return resolved_configuration(context_.store.db(), ref).value("Role", "");
  } catch (const AwsError&) {
    return "";
  }
}

}  // namespace eddy::services::lambda
