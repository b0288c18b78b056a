#include "services/sns/publisher.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "eddy/log.hpp"
#include "services/fifo.hpp"
#include "services/sns/delivery_outbox.hpp"
#include "services/sns/message_attributes.hpp"
#include "services/sns/message_signer.hpp"
#include "services/sns/notification.hpp"
#include "services/sns/sns_tables.hpp"

namespace eddy::services::sns {
namespace {

// What filter policies look at, decoded once per message however many subscriptions filter it:
// the attributes, and the body for each protocol's text (MessageBody scope).
class FilterInputs {
 public:
  explicit FilterInputs(const PublishRequest& request) : request_(request) {}

  bool matches(const Subscription& subscription) {
    if (!subscription.filter_policy) return true;
    if (subscription.filter_scope == filter::Scope::message_attributes) {
      if (!attributes_) attributes_.emplace(request_.attributes);
      return subscription.filter_policy->matches_attributes(*attributes_);
    }
    const std::string& text = request_.content_for(subscription.protocol);
    auto [it, added] = bodies_.try_emplace(&text);
    if (added) it->second = json::parse(text, nullptr, false);
    return subscription.filter_policy->matches_body(it->second);
  }

 private:
  const PublishRequest& request_;
  std::optional<filter::DecodedAttributes> attributes_;
  std::unordered_map<const std::string*, json> bodies_;
};

bool is_fifo_queue(std::string_view queue_arn) {
  return queue_arn.size() > 5 && queue_arn.substr(queue_arn.size() - 5) == ".fifo";
}

}  // namespace

const std::string& PublishRequest::content_for(std::string_view protocol) const {
  if (per_protocol) {
    auto it = per_protocol->find(protocol);
    if (it != per_protocol->end() && it->is_string()) return it->get_ref<const std::string&>();
    return per_protocol->at("default").get_ref<const std::string&>();
  }
  return message;
}

struct Publisher::Prepared {
  const PublishRequest* request = nullptr;
  std::string message_id;
  std::string timestamp;
  std::string deduplication_id;  // FIFO topics
  std::string base_url;
  std::vector<SubscriptionPtr> queues;    // sqs subscriptions that match
  std::vector<SubscriptionPtr> outbound;  // http, https and lambda subscriptions that match
  // Standard topics render before the lock; FIFO topics once their sequence number is known.
  std::optional<Notification> sqs_notification;
  // Parallel to `queues`; none where the message is not one SQS accepts (it is dropped).
  std::vector<std::optional<sqs::MessageDraft>> sqs_drafts;
  PublishResult result;
  bool duplicate = false;
};

Publisher::Publisher(const ServiceContext& context, sqs::SqsApi& sqs, MessageSigner& signer,
                     std::function<void()> outbox_written)
    : context_(context), sqs_(sqs), signer_(signer), outbox_written_(std::move(outbox_written)) {}

void Publisher::prepare_sqs(Prepared& p, const Topic& topic) const {
  const PublishRequest& request = *p.request;
  bool needs_envelope = false;
  for (const auto& s : p.queues) needs_envelope |= !s->raw_message_delivery;
  Notification n;
  n.message = request.content_for("sqs");
  // Raw deliveries carry the message alone: the rest of the envelope is made only when one needs
  // it.
  if (needs_envelope) {
    n.message_id = p.message_id;
    n.topic_arn = topic.arn;
    n.subject = request.subject;
    n.timestamp = p.timestamp;
    n.message_attributes = envelope_message_attributes(request.attributes);
    n.sequence_number = p.result.sequence_number;
    n.base_url = p.base_url;
    n.signature_version = topic.signature_version;
  }
  p.sqs_notification = std::move(n);
  const Notification& notification = *p.sqs_notification;

  std::optional<Envelope> envelope;
  if (needs_envelope) {
    // One signature per message: the canonical string leaves the subscription out.
    std::string signature = notification.signed_() ? signer_.sign(notification.canonical_string(),
                                                                  notification.signature_version)
                                                   : std::string();
    envelope.emplace(notification, signature);
  }
  // Raw deliveries share a body and attributes: their draft (checks, digests) is made once.
  std::optional<std::size_t> raw_draft;  // in p.sqs_drafts
  p.sqs_drafts.clear();
  for (const auto& s : p.queues) {
    sqs::OutgoingMessage m;
    // A raw delivery carries the published attributes. SNS has checked them and they are in SQS's
    // shape already: SQS reads of each only its DataType and the value member that type uses, so
    // they go over as they are, not rewritten into a copy.
    const json* attributes = &m.message_attributes;
    if (s->raw_message_delivery) {
      m.body = notification.message;
      attributes = &request.attributes;
    } else {
      m.body = envelope->render(s->arn);
    }
    if (is_fifo_queue(s->endpoint)) {
      m.message_group_id = request.message_group_id;
      if (topic.fifo) m.message_deduplication_id = p.deduplication_id;
    } else if (!topic.fifo) {
      m.message_group_id = request.message_group_id;  // fair queues
    }
    m.sender_id = std::string(kSnsSenderId);
    if (s->raw_message_delivery && raw_draft &&
        p.sqs_drafts[*raw_draft]->group_id == m.message_group_id &&
        p.sqs_drafts[*raw_draft]->dedup_id == m.message_deduplication_id) {
      p.sqs_drafts.push_back(p.sqs_drafts[*raw_draft]);
      continue;
    }
    try {
      p.sqs_drafts.push_back(sqs::SqsApi::draft(m, *attributes));
    } catch (const AwsError& e) {
      p.sqs_drafts.emplace_back();
      if (log::enabled(log::Level::debug))
        log::write(log::Level::debug, fmt::format("sns: SQS refuses {} for {}: {}", p.message_id,
                                                  s->endpoint, e.message()));
    }
    if (s->raw_message_delivery && p.sqs_drafts.back()) raw_draft = p.sqs_drafts.size() - 1;
  }
}

Awaitable<std::vector<PublishResult>> Publisher::publish(
    const Topic& topic, const std::vector<PublishRequest>& requests, const std::string& base_url) {
  std::vector<Prepared> prepared(requests.size());
  TimePoint now = context_.clock.now();
  // Only envelopes and outbound deliveries show the time as text, not raw SQS deliveries.
  bool needs_timestamp = false;
  for (const auto& s : topic.subscriptions)
    needs_timestamp |= s->protocol != "sqs" || !s->raw_message_delivery;
  std::string timestamp = needs_timestamp ? time_format::iso8601_ms(now) : std::string();
  bool outbox_rows = false;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Prepared& p = prepared[i];
    p.request = &requests[i];
    p.message_id = ids::uuid();
    p.timestamp = timestamp;
    p.base_url = base_url;
    p.result.message_id = p.message_id;
    if (topic.fifo)
      p.deduplication_id = requests[i].message_deduplication_id
                               ? *requests[i].message_deduplication_id
                               : fifo::content_deduplication_id(requests[i].message);
    FilterInputs filter_inputs(requests[i]);
    for (const auto& s : topic.subscriptions) {
      if (s->pending_confirmation) continue;
      bool queue = s->protocol == "sqs";
      bool outbound = s->receives_http() || s->protocol == "lambda";
      if (!queue && !outbound) continue;  // email, sms, mobile push: nowhere to deliver locally
      if (!filter_inputs.matches(*s)) continue;
      (queue ? p.queues : p.outbound).push_back(s);
    }
    outbox_rows |= !p.outbound.empty();
    if (!topic.fifo && !p.queues.empty()) prepare_sqs(p, topic);
  }

  std::int64_t now_ms = time_format::epoch_ms(now);
  co_await context_.store.write([&](store::Database& db) { record(db, topic, prepared, now_ms); });
  if (outbox_rows) outbox_written_();

  std::vector<PublishResult> results;
  results.reserve(prepared.size());
  for (auto& p : prepared) results.push_back(std::move(p.result));
  co_return results;
}

void Publisher::record(store::Database& db, const Topic& topic, std::vector<Prepared>& prepared,
                       std::int64_t now_ms) {
  for (auto& p : prepared) {
    if (topic.fifo) {
      auto q = db.query(
          "SELECT message_id, sequence_number FROM sns_fifo_deduplication "
          "WHERE topic_arn = ? AND deduplication_id = ? AND expires_ms > ?");
      q->bind(1, topic.arn).bind(2, p.deduplication_id).bind(3, now_ms);
      if (q->step()) {
        // A duplicate within five minutes: accepted, answered as the first, not delivered.
        p.duplicate = true;
        p.result = {q->string(0), q->string(1)};
        continue;
      }
      p.result.sequence_number = fifo::format_sequence_number(tables::next_sequence(db, topic.arn));
      auto insert = db.query(
          "INSERT OR REPLACE INTO sns_fifo_deduplication (topic_arn, deduplication_id, "
          "message_id, sequence_number, expires_ms) VALUES (?, ?, ?, ?, ?)");
      insert->bind(1, topic.arn).bind(2, p.deduplication_id).bind(3, p.message_id);
      insert->bind(4, *p.result.sequence_number)
          .bind(5, now_ms + fifo::kDeduplicationWindowMs)
          .run();
      if (!p.queues.empty()) prepare_sqs(p, topic);
    }
    deliver(p);
    for (const auto& s : p.outbound) {
      Notification n;
      n.message_id = p.message_id;
      n.topic_arn = topic.arn;
      n.subject = p.request->subject;
      n.message = p.request->content_for(s->protocol);
      n.timestamp = p.timestamp;
      n.message_attributes = envelope_message_attributes(p.request->attributes);
      n.sequence_number = p.result.sequence_number;
      n.base_url = p.base_url;
      n.signature_version = topic.signature_version;
      outbox::add(db, s->protocol == "lambda" ? outbox::Kind::lambda : outbox::Kind::http, s->arn,
                  s->endpoint, n, now_ms);
    }
  }
}

void Publisher::deliver(const Prepared& p) {
  for (std::size_t i = 0; i < p.queues.size(); ++i) {
    const Subscription& s = *p.queues[i];
    const std::optional<sqs::MessageDraft>& draft = p.sqs_drafts[i];
    if (!draft) continue;
    try {
      // enqueue() checks before it writes, in a savepoint of this write.
      sqs_.enqueue(s.endpoint, *draft);
      continue;
    } catch (const AwsError& e) {
      // The queue is gone or refuses the message: SNS moves it to the subscription's
      // dead-letter queue if it has one, and drops it otherwise. The publish still succeeds.
      if (log::enabled(log::Level::debug))
        log::write(log::Level::debug, fmt::format("sns: delivery of {} to {} failed: {}",
                                                  p.message_id, s.endpoint, e.message()));
    }
    if (!s.dead_letter_arn) continue;
    try {
      sqs_.enqueue(*s.dead_letter_arn, *draft);
    } catch (const AwsError& e) {
      log::write(log::Level::warn, fmt::format("sns: dead-letter queue {} refused {}: {}",
                                               *s.dead_letter_arn, p.message_id, e.message()));
    }
  }
}

}  // namespace eddy::services::sns
