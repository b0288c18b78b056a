// The once-a-second sweep: records past their stream's retention period go, on the emulator's
// clock. GetRecords already skips them in between.
#include "services/kinesis/kinesis_service.hpp"
#include "services/kinesis/record_table.hpp"

namespace eddy::services::kinesis {

Awaitable<std::optional<TimePoint>> KinesisService::sweep_expired() {
  co_await context_.store.write([this](store::Database& db) {
    std::int64_t now = now_ms();
    auto q = db.query(
        "SELECT s.id, s.retention_hours, h.records_slot FROM kinesis_streams s "
        "JOIN kinesis_shards h ON h.stream_id = s.id");
    std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>> targets;
    while (q->step()) targets.emplace_back(q->int64(0), q->int64(1), q->int64(2));
    for (auto [stream_id, hours, slot] : targets)
      record_table::expire(db, stream_id, slot, now - hours * 3'600'000);
  });
  co_return std::nullopt;
}

}  // namespace eddy::services::kinesis
