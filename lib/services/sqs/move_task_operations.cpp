// Message move tasks: StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks, and the
// background worker that moves messages out of a dead-letter queue at the requested rate.
#include <fmt/format.h>

#include <algorithm>

#include "core/arn.hpp"
#include "core/base64.hpp"
#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"

namespace eddy::services::sqs {
namespace {

constexpr const char* kWakeKey = "sqs:move-tasks";
constexpr std::int64_t kUnlimitedBatch = 100;  // messages per run when no rate is set

void check_arn_format(const std::string& arn, std::string_view parameter) {
  if (!Arn::parse(arn))
    throw errors::invalid_parameter_value(
        fmt::format("You must use this format to specify the {}: "
                    "arn:<partition>:<service>:<region>:<account-id>:<resource-id>",
                    parameter));
}

AwsError missing_resource(std::string_view parameter) {
  return errors::resource_not_found(fmt::format(
      "The resource that you specified for the {} parameter doesn't exist.", parameter));
}

std::string task_handle(const std::string& task_id, const std::string& source_arn) {
  return base64::encode(json{{"taskId", task_id}, {"sourceArn", source_arn}}.dump());
}

struct DecodedHandle {
  std::string task_id;
  std::string source_arn;
};

std::optional<DecodedHandle> decode_task_handle(const std::string& handle) {
  auto raw = base64::decode(handle);
  if (!raw) return std::nullopt;
  json parsed = json::parse(*raw, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("taskId") || !parsed.contains("sourceArn") ||
      !parsed["taskId"].is_string() || !parsed["sourceArn"].is_string())
    return std::nullopt;
  return DecodedHandle{parsed["taskId"], parsed["sourceArn"]};
}

}  // namespace

Awaitable<json> SqsService::StartMessageMoveTask(const Call& call) {
  std::string source_arn = params::required_string(call.input, "SourceArn");
  check_arn_format(source_arn, "SourceArn");
  auto destination_arn = params::optional_string(call.input, "DestinationArn");
  if (destination_arn) check_arn_format(*destination_arn, "DestinationArn");
  auto rate = params::optional_integer(call.input, "MaxNumberOfMessagesPerSecond", 1, 500,
                                       "Must be between 1 and 500, if provided.");

  co_return co_await context_.store.write([&](store::Database& db) -> json {
    QueuePtr source = catalog_.find_by_arn(source_arn);
    if (!source) throw missing_resource("SourceArn");
    if (catalog_.sources_of(source_arn).empty())
      throw errors::invalid_parameter_value(
          "Source queue must be configured as a Dead Letter Queue.");
    if (destination_arn && !catalog_.find_by_arn(*destination_arn))
      throw missing_resource("DestinationArn");
    {
      auto q = db.query("SELECT 1 FROM sqs_move_tasks WHERE source_arn = ? AND status = 'RUNNING'");
      q->bind(1, source_arn);
      if (q->step())
        throw errors::invalid_parameter_value(
            "There is already a task running. Only one active task is allowed for a source queue "
            "arn at a given time.");
    }
    std::int64_t now = now_ms();
    std::string task_id = ids::uuid();
    db.query(
          "INSERT INTO sqs_move_tasks (task_id, account, region, source_arn, destination_arn, "
          "max_per_second, status, moved, to_move, started_ms, last_run_ms) "
          "VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', 0, ?, ?, ?)")
        ->bind(1, task_id)
        .bind(2, source->account)
        .bind(3, source->region)
        .bind(4, source_arn)
        .bind(5, destination_arn)
        .bind(6, rate)
        .bind(7, message_table::counts(db, *source, now).visible)
        .bind(8, now)
        .bind(9, now)
        .run();
    db.after_commit([&notifier = context_.notifier] { notifier.notify(kWakeKey); });
    return {{"TaskHandle", task_handle(task_id, source_arn)}};
  });
}

Awaitable<json> SqsService::CancelMessageMoveTask(const Call& call) {
  std::string handle = params::required_string(call.input, "TaskHandle");
  auto decoded = decode_task_handle(handle);
  if (!decoded) throw errors::invalid_parameter_value("Value for parameter TaskHandle is invalid.");
  co_return co_await context_.store.write([&](store::Database& db) -> json {
    if (!catalog_.find_by_arn(decoded->source_arn)) throw missing_resource("SourceArn");
    std::int64_t moved = 0;
    std::string status;
    {
      auto q =
          db.query("SELECT moved, status FROM sqs_move_tasks WHERE task_id = ? AND source_arn = ?");
      q->bind(1, decoded->task_id).bind(2, decoded->source_arn);
      if (!q->step()) throw errors::resource_not_found("Task does not exist.");
      moved = q->int64(0);
      status = q->string(1);
    }
    if (status != "RUNNING")
      throw errors::invalid_parameter_value("Only active tasks can be cancelled.");
    db.query("UPDATE sqs_move_tasks SET status = 'CANCELLED' WHERE task_id = ?")
        ->bind(1, decoded->task_id)
        .run();
    return {{"ApproximateNumberOfMessagesMoved", moved}};
  });
}

json SqsService::ListMessageMoveTasks(const Call& call) {
  std::string source_arn = params::required_string(call.input, "SourceArn");
  check_arn_format(source_arn, "SourceArn");
  auto max_results = params::optional_integer(call.input, "MaxResults", 1, 10,
                                              "Must be between 1 and 10, if provided.");
  auto lock = context_.store.lock();
  if (!catalog_.find_by_arn(source_arn)) throw missing_resource("SourceArn");
  auto q = context_.store.db().query(
      "SELECT task_id, status, destination_arn, max_per_second, moved, to_move, failure_reason, "
      "started_ms FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_ms DESC, id DESC "
      "LIMIT ?");
  q->bind(1, source_arn).bind(2, max_results.value_or(1));
  json results = json::array();
  while (q->step()) {
    json entry = {{"Status", q->string(1)}, {"SourceArn", source_arn}};
    if (entry["Status"] == "RUNNING") entry["TaskHandle"] = task_handle(q->string(0), source_arn);
    if (!q->is_null(2)) entry["DestinationArn"] = q->string(2);
    if (!q->is_null(3)) entry["MaxNumberOfMessagesPerSecond"] = q->int64(3);
    entry["ApproximateNumberOfMessagesMoved"] = q->int64(4);
    entry["ApproximateNumberOfMessagesToMove"] = q->int64(5);
    if (!q->is_null(6)) entry["FailureReason"] = q->string(6);
    entry["StartedTimestamp"] = q->int64(7);
    results.push_back(std::move(entry));
  }
  return {{"Results", std::move(results)}};
}

Awaitable<std::optional<TimePoint>> SqsService::run_move_tasks() {
  struct Task {
    std::int64_t id;
    std::string source_arn;
    std::optional<std::string> destination_arn;
    std::optional<std::int64_t> rate;
    std::int64_t moved, to_move, last_run_ms;
  };
  auto next = co_await context_.store.write([&](store::Database& db) {
    std::int64_t now = now_ms();
    std::vector<Task> tasks;
    {
      auto q = db.query(
          "SELECT id, source_arn, destination_arn, max_per_second, moved, to_move, last_run_ms "
          "FROM sqs_move_tasks WHERE status = 'RUNNING'");
      while (q->step())
        tasks.push_back({q->int64(0), q->string(1), q->optional_string(2), q->optional_int64(3),
                         q->int64(4), q->int64(5), q->int64(6)});
    }
    std::optional<std::int64_t> next_ms;
    for (const auto& task : tasks) {
      std::int64_t budget = kUnlimitedBatch;
      if (task.rate) {
        budget =
            std::min<std::int64_t>((now - task.last_run_ms) * *task.rate / 1000, kUnlimitedBatch);
        if (budget == 0) {
          std::int64_t due = task.last_run_ms + (1000 + *task.rate - 1) / *task.rate;
          next_ms = next_ms ? std::min(*next_ms, due) : due;
          continue;
        }
      }
      std::string status = "RUNNING";
      std::optional<std::string> failure;
      std::int64_t moved = 0;
      QueuePtr source = catalog_.find_by_arn(task.source_arn);
      if (!source) {
        status = "FAILED";
        failure = "AWS.SimpleQueueService.NonExistentQueue";
      }
      while (source && status == "RUNNING" && moved < budget && task.moved + moved < task.to_move) {
        auto row = message_table::next_to_move(db, *source, now);
        if (!row) break;
        std::string target_arn = task.destination_arn.value_or("");
        if (!task.destination_arn && !row->system_json.empty())
          target_arn = json::parse(row->system_json).value("DeadLetterQueueSourceArn", "");
        QueuePtr target = catalog_.find_by_arn(target_arn);
        if (!target) {
          message_table::put_back(db, *source, *row, now);
          status = "FAILED";
          failure = "AWS.SimpleQueueService.NonExistentQueue";
          break;
        }
        redrive_message(*source, *target, *row, now);
        ++moved;
      }
      if (status == "RUNNING" && (task.moved + moved >= task.to_move ||
                                  message_table::counts(db, *source, now).visible == 0))
        status = "COMPLETED";
      db.query(
            "UPDATE sqs_move_tasks SET moved = moved + ?, last_run_ms = ?, status = ?, "
            "failure_reason = ? WHERE id = ? AND status = 'RUNNING'")
          ->bind(1, moved)
          .bind(2, now)
          .bind(3, status)
          .bind(4, failure)
          .bind(5, task.id)
          .run();
      if (status == "RUNNING") {
        std::int64_t due = task.rate ? now + (1000 + *task.rate - 1) / *task.rate : now;
        next_ms = next_ms ? std::min(*next_ms, due) : due;
      }
    }
    return next_ms;
  });
  if (!next) co_return std::nullopt;
  co_return time_format::from_epoch_ms(*next);
}

}  // namespace eddy::services::sqs
