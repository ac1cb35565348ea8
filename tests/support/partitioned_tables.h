#pragma once

// Canonical tables made partitioned, as operators of big outboxes and logs make them: the
// same columns as schema init's, the keys widened by the partition key as PostgreSQL demands.

#include "test_database.h"

#include <cstdint>
#include <string>

namespace eventctl::test {

// Replaces the canonical outbox with one partitioned by range on created_at: weekly partitions
// outbox_w<N> (N weeks back from the current week, 0 the current one) from weeks_back weeks ago
// to weeks_ahead weeks ahead, and, with with_default, a DEFAULT partition outbox_default.
void partition_outbox_weekly(const TestDatabase& db, int weeks_back, int weeks_ahead,
                             bool with_default = true);

// Weekly range partitions of a table partitioned by range on a time: <table>_w<N> N weeks back
// from the current week (0 the current one) to weeks_back, <table>_a<N> N weeks ahead.
void partition_weekly(const TestDatabase& db, const std::string& table, int weeks_back,
                      int weeks_ahead);

// The same outbox partitioned by list on status (as job queues do), or by hash of id.
void partition_outbox_by(const TestDatabase& db, const std::string& strategy);

// Replaces the canonical event log with one partitioned by range on seq_no, partitions of
// per_partition positions each (event_log_p1 from seq_no 1), and the consumers table with one
// partitioned by hash of consumer.
void partition_event_log_by_seq(const TestDatabase& db, std::int64_t per_partition, int partitions);

// Names of the tables directly partitioning a table, in name order ("a,b,c").
std::string partitions_of(const TestDatabase& db, const std::string& table);

} // namespace eventctl::test
