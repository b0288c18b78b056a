#include "services/sqs/sqs_schema.hpp"

#include <array>

#include "store/migrations.hpp"

namespace eddy::services::sqs {
namespace {

// Messages are found three ways: the next visible ones of a queue (an index on (queue_id,
// visible_at, id); migration 2 leaves the id to the row id every entry ends with, migration 3 makes
// queue_id and visible_at one integer, migration 4 replaces the index with lists of row ids in a
// table of their own), the oldest for retention (an index on (queue_id, sent_ms)), and, in FIFO
// queues, the next of a message group (an index on (queue_id, group_id, id)). A receipt
// handle carries the row id. Row ids are SQLite's plain rowid (largest + 1), not AUTOINCREMENT,
// which costs an extra page write per insert: receipt handles carry a tag of the message id, so a
// reused row id is never mistaken for the message a stale handle named. FIFO sequence numbers,
// which must never repeat, come from sqs_counters and are stored with the message.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE sqs_queues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  fifo INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL,
  purged_ms INTEGER,
  UNIQUE (account, region, name)
);
CREATE TABLE sqs_deleted_queues (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  deleted_ms INTEGER NOT NULL,
  PRIMARY KEY (account, region, name)
) WITHOUT ROWID;
CREATE TABLE sqs_messages (
  id INTEGER PRIMARY KEY,
  queue_id INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  body BLOB NOT NULL,
  body_md5 TEXT NOT NULL,
  attributes TEXT,
  attributes_md5 TEXT,
  system_attributes TEXT,
  sender_id TEXT NOT NULL,
  sent_ms INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  first_receive_ms INTEGER,
  last_receive_ms INTEGER,
  receipt_token INTEGER NOT NULL DEFAULT 0,
  group_id TEXT,
  dedup_id TEXT,
  sequence_number INTEGER
);
CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at, id);
CREATE INDEX sqs_messages_age ON sqs_messages (queue_id, sent_ms);
CREATE INDEX sqs_messages_group ON sqs_messages (queue_id, group_id, id) WHERE group_id IS NOT NULL;
CREATE TABLE sqs_fifo_groups (
  queue_id INTEGER NOT NULL,
  group_id TEXT NOT NULL,
  head_id INTEGER NOT NULL,
  head_visible_at INTEGER NOT NULL,
  PRIMARY KEY (queue_id, group_id)
) WITHOUT ROWID;
CREATE INDEX sqs_fifo_groups_ready ON sqs_fifo_groups (queue_id, head_visible_at, head_id);
CREATE TABLE sqs_fifo_dedup (
  queue_id INTEGER NOT NULL,
  scope TEXT NOT NULL,
  dedup_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sequence_number TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (queue_id, scope, dedup_id)
) WITHOUT ROWID;
CREATE INDEX sqs_fifo_dedup_expiry ON sqs_fifo_dedup (expires_ms);
CREATE TABLE sqs_receive_attempts (
  queue_id INTEGER NOT NULL,
  attempt_id TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (queue_id, attempt_id)
) WITHOUT ROWID;
CREATE TABLE sqs_move_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  source_arn TEXT NOT NULL,
  destination_arn TEXT,
  max_per_second INTEGER,
  status TEXT NOT NULL,
  moved INTEGER NOT NULL DEFAULT 0,
  to_move INTEGER NOT NULL,
  started_ms INTEGER NOT NULL,
  last_run_ms INTEGER NOT NULL,
  failure_reason TEXT
);
CREATE INDEX sqs_move_tasks_source ON sqs_move_tasks (source_arn, started_ms);
CREATE TABLE sqs_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO sqs_counters (name, value) VALUES ('fifo_sequence', 0);
)sql";

// The visibility index without its id column: every index entry ends with the row id already,
// which orders ties as `id` did, so the column only made each entry longer and each key
// comparison of a receive's index updates one field longer.
constexpr std::string_view kShorterVisibilityIndex = R"sql(
DROP INDEX sqs_messages_visible;
CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at);
)sql";

// The visibility index keyed by one integer, (queue_id << 42) + visible_at, which orders a queue's
// messages as (queue_id, visible_at) did: each comparison of a receive's index updates (two per
// message) and of a send's insert is one integer, where the two columns took SQLite's general
// record comparison. message_table.cpp writes the same expression in every query that uses it.
constexpr std::string_view kIntegerVisibilityKey = R"sql(
DROP INDEX sqs_messages_visible;
CREATE INDEX sqs_messages_visible ON sqs_messages (((queue_id << 42) + visible_at));
)sql";

// A standard queue's messages listed by the time they become visible, in short lists per queue and
// millisecond, in place of the visibility index (visibility_buckets.hpp): a receive of ten took
// twenty updates of that index, each entry off its front and back on at its end, where it now
// deletes a list or two and appends one. FIFO queues deliver by message group and keep no lists.
// The key is the index's, (queue_id << 42) + visible_at; the tag, (queue_id << 24) + chunk, keeps
// apart the lists of queues whose keys meet (ids from 2^22 on) and splits a millisecond's list.
constexpr std::string_view kVisibilityLists = R"sql(
CREATE TABLE sqs_visibility (
  key INTEGER NOT NULL,
  tag INTEGER NOT NULL,
  row_ids TEXT NOT NULL,
  PRIMARY KEY (key, tag)
) WITHOUT ROWID;
INSERT INTO sqs_visibility (key, tag, row_ids)
  SELECT (m.queue_id << 42) + m.visible_at, (m.queue_id << 24) + ((m.id >> 6) & 16777215),
         group_concat(m.id, ',')
  FROM (SELECT id, queue_id, visible_at FROM sqs_messages ORDER BY id) AS m
  JOIN sqs_queues q ON q.id = m.queue_id
  WHERE q.fifo = 0
  GROUP BY 1, 2;
DROP INDEX sqs_messages_visible;
)sql";

// The lists' entries carry what a receive changes (visibility_buckets.hpp), so a receive writes no
// message row: each entry `row:tag`, the tag the first 8 characters of the message id, then
// `:count:first:last` for a message received before, the times as ms before the list's time
// (empty for none). Made again from the rows, each message in the list of its visible_at and the
// chunk of its own row id: where a visibility change would have put it, and where a receipt
// handle made before (which names no list) looks for it.
constexpr std::string_view kReceiveStateInLists = R"sql(
DELETE FROM sqs_visibility;
INSERT INTO sqs_visibility (key, tag, row_ids)
  SELECT (m.queue_id << 42) + m.visible_at, (m.queue_id << 24) + ((m.id >> 6) & 16777215),
         group_concat(m.entry, ',')
  FROM (SELECT id, queue_id, visible_at,
               id || ':' || substr(message_id, 1, 8) ||
               CASE WHEN receive_count > 0
                    THEN ':' || receive_count || ':' ||
                         COALESCE(visible_at - first_receive_ms, '') || ':' ||
                         COALESCE(visible_at - last_receive_ms, '')
                    ELSE '' END AS entry
        FROM sqs_messages ORDER BY id) AS m
  JOIN sqs_queues q ON q.id = m.queue_id
  WHERE q.fifo = 0
  GROUP BY 1, 2;
)sql";

constexpr std::array<store::Migration, 5> kMigrations{{{1, kInitialSchema},
                                                       {2, kShorterVisibilityIndex},
                                                       {3, kIntegerVisibilityKey},
                                                       {4, kVisibilityLists},
                                                       {5, kReceiveStateInLists}}};

}  // namespace

void migrate_schema(store::Database& db) {
  store::migrate(db, "sqs", kMigrations);
}

}  // namespace eddy::services::sqs
