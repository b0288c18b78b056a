#include "services/sqs/sqs_service.hpp"

#include "core/ids.hpp"
#include "services/fifo.hpp"
#include "services/sqs/message_draft.hpp"
#include "services/sqs/message_table.hpp"
#include "services/sqs/request_params.hpp"
#include "services/sqs/sqs_description.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_schema.hpp"
#include "store/clear_tables.hpp"

namespace eddy::services::sqs {

const OperationTable<SqsService>& SqsService::operations() {
  static const OperationTable<SqsService> table{
      {"AddPermission", &SqsService::AddPermission},
      {"CancelMessageMoveTask", &SqsService::CancelMessageMoveTask},
      {"ChangeMessageVisibility", &SqsService::ChangeMessageVisibility},
      {"ChangeMessageVisibilityBatch", &SqsService::ChangeMessageVisibilityBatch},
      {"CreateQueue", &SqsService::CreateQueue},
      {"DeleteMessage", &SqsService::DeleteMessage},
      {"DeleteMessageBatch", &SqsService::DeleteMessageBatch},
      {"DeleteQueue", &SqsService::DeleteQueue},
      {"GetQueueAttributes", &SqsService::GetQueueAttributes},
      {"GetQueueUrl", &SqsService::GetQueueUrl},
      {"ListDeadLetterSourceQueues", &SqsService::ListDeadLetterSourceQueues},
      {"ListMessageMoveTasks", &SqsService::ListMessageMoveTasks},
      {"ListQueueTags", &SqsService::ListQueueTags},
      {"ListQueues", &SqsService::ListQueues},
      {"PurgeQueue", &SqsService::PurgeQueue},
      {"ReceiveMessage", &SqsService::ReceiveMessage},
      {"RemovePermission", &SqsService::RemovePermission},
      {"SendMessage", &SqsService::SendMessage},
      {"SendMessageBatch", &SqsService::SendMessageBatch},
      {"SetQueueAttributes", &SqsService::SetQueueAttributes},
      {"StartMessageMoveTask", &SqsService::StartMessageMoveTask},
      {"TagQueue", &SqsService::TagQueue},
      {"UntagQueue", &SqsService::UntagQueue},
  };
  return table;
}

SqsService::SqsService(const ServiceContext& context) : context_(context) {}

void SqsService::prepare(store::Database& db) {
  migrate_schema(db);
  catalog_.load(db);
}

SqsService::~SqsService() = default;

const protocol::ServiceDescription& SqsService::description() const {
  static const protocol::ServiceDescription description = make_description(operations().names());
  return description;
}

Awaitable<json> SqsService::call(const Call& call) {
  return operations().dispatch(*this, call);
}

void SqsService::reset(store::Database& db) {
  // The FIFO sequence counter stays: sequence numbers only ever grow, as in AWS.
  store::clear_tables(db, "sqs_", {"sqs_counters"});
  catalog_.clear();
}

void SqsService::start() {
  using std::chrono::milliseconds;
  context_.scheduler.every("sqs:sweep", milliseconds(1000), [this] { return sweep_expired(); });
  context_.scheduler.every("sqs:move-tasks", milliseconds(1000),
                           [this] { return run_move_tasks(); });
}

QueuePtr SqsService::queue_for(const Call& call) const {
  return queue_for(call, call.input);
}

QueuePtr SqsService::queue_for(const Call& call, const json& input) const {
  return queue_named(call, params::optional_string(input, "QueueUrl").value_or(std::string()));
}

QueuePtr SqsService::queue_named(const Call& call, std::string_view url) const {
  if (url.empty()) throw errors::missing_parameter("QueueUrl");
  return queue_at_url(call, url);
}

QueuePtr SqsService::queue_at_url(const Call& call, std::string_view url) const {
  // http://host:port/<account>/<name>, /<account>/<name>, or a bare queue name.
  std::string_view path = url;
  if (auto scheme = path.find("://"); scheme != std::string_view::npos) {
    auto slash = path.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  auto last = path.rfind('/');
  std::string_view name = last == std::string_view::npos ? path : path.substr(last + 1);
  std::string_view account = call.account;
  if (last != std::string_view::npos && last > 0) {
    auto before = path.rfind('/', last - 1);
    account = path.substr(before == std::string_view::npos ? 0 : before + 1,
                          last - (before == std::string_view::npos ? 0 : before + 1));
  }
  QueuePtr queue = name.empty() ? nullptr : catalog_.find(account, call.region, name);
  if (!queue) throw errors::queue_does_not_exist();
  return queue;
}

EnqueueResult SqsService::put(const Queue& queue, MessageDraft& draft, std::int64_t now,
                              std::vector<message_table::Unlisted>* list_later) {
  auto& db = context_.store.db();
  EnqueueResult result;
  std::string scope;
  if (queue.fifo) {
    scope = queue.settings.deduplicate_per_group ? *draft.group_id : std::string();
    auto q = db.query(
        "SELECT message_id, sequence_number FROM sqs_fifo_dedup "
        "WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND expires_ms > ?");
    q->bind(1, queue.id).bind(2, scope).bind(3, *draft.dedup_id).bind(4, now);
    // A duplicate within the deduplication interval is accepted and not stored again.
    if (q->step()) return {q->string(0), q->string(1)};
  }
  result.message_id = ids::uuid();
  std::string system_json;
  if (!draft.trace_header.empty())
    system_json = json{{"AWSTraceHeader", draft.trace_header}}.dump();
  std::int64_t delay = queue.fifo ? queue.settings.delay_seconds
                                  : draft.delay_seconds.value_or(queue.settings.delay_seconds);
  message_table::NewMessage row{
      .message_id = result.message_id,
      .body = draft.body,
      .body_md5 = draft.body_md5,
      .attributes_json = draft.attributes_json,
      .attributes_md5 = draft.attributes_md5,
      .system_json = system_json,
      .sender_id = draft.sender_id,
      .sent_ms = now,
      .visible_at = now + delay * 1000,
      .receive_count = 0,
      .first_receive_ms = std::nullopt,
      .group_id = std::nullopt,
      .dedup_id = std::nullopt,
      .sequence_number = std::nullopt,
  };
  if (draft.group_id) row.group_id = *draft.group_id;
  if (draft.dedup_id) row.dedup_id = *draft.dedup_id;
  if (queue.fifo) {
    row.sequence_number = message_table::next_sequence_number(db);
    result.sequence_number = fifo::format_sequence_number(*row.sequence_number);
  }
  message_table::insert(db, queue, row, list_later);
  if (queue.fifo) {
    db.query(
          "INSERT INTO sqs_fifo_dedup (queue_id, scope, dedup_id, message_id, sequence_number, "
          "expires_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (queue_id, scope, dedup_id) DO UPDATE "
          "SET message_id = excluded.message_id, sequence_number = excluded.sequence_number, "
          "expires_ms = excluded.expires_ms")
        ->bind(1, queue.id)
        .bind(2, scope)
        .bind(3, *draft.dedup_id)
        .bind(4, result.message_id)
        .bind(5, *result.sequence_number)
        .bind(6, now + fifo::kDeduplicationWindowMs)
        .run();
  }
  // Even a delayed message wakes long polls: they re-arm their deadline for when it shows.
  wake_after_commit(queue.wake_key);
  return result;
}

void SqsService::wake_after_commit(const std::string& wake_key) {
  context_.store.db().after_commit(
      [&notifier = context_.notifier, wake_key] { notifier.notify(wake_key); });
}

}  // namespace eddy::services::sqs
