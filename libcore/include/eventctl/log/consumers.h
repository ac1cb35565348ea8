#pragma once

#include "eventctl/log/consumer_health.h"
#include "eventctl/log/source.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// One consumer's stored position (DESIGN 2.2): the seq_no of the last event it acknowledged,
// and how it is doing.
struct ConsumerPosition {
    std::string consumer;
    std::int64_t position = 0;
    std::int64_t lag = 0; // head - position, at least 0
    // When it last moved, and how long ago by the server's clock; empty where the layout maps
    // no update time (such a consumer is never called stalled: nothing says it stopped).
    std::optional<TimePoint> updated_at;
    std::optional<std::int64_t> updated_age_seconds;
    std::optional<std::int64_t>
        lag_seconds; // age of its oldest unacknowledged event; 0 with no lag
    ConsumerStatus status = ConsumerStatus::idle;
    // From two readings (--sample, --watch): events acknowledged per second, and how long its
    // lag takes to reach 0 at the rates seen (empty when it does not shrink).
    std::optional<double> consumed_per_second;
    std::optional<double> drain_seconds;
};

// What log consumers reports (DESIGN 4.1.1).
struct ConsumersResult {
    std::string layout; // the layout's name, for metric labels
    std::string table;  // the log table, as displayed
    std::int64_t head = 0;
    std::int64_t latest = 0; // the highest seq_no visible
    // The log's low watermark (low_watermark.h): the lowest seq_no it still holds, one past the
    // last its sequence handed out once purges emptied it; none for a log that never held an
    // event. A consumer below it minus 1 has lost events to a purge.
    std::optional<std::int64_t> low_watermark;
    std::int64_t first_possible_seq = 1;     // the sequence's start: nothing below it ever existed
    TimePoint read_at;                       // the snapshot's time, by the server's clock
    std::vector<ConsumerPosition> consumers; // by name
    // From two readings: how far apart they were and events written per second.
    std::optional<double> sample_seconds;
    std::optional<double> written_per_second;
    std::string consumers_table = {}; // the consumers table, as the footer names it
    std::string database = {};        // database@host:port
};

// What log consumers was asked.
struct ConsumersOptions {
    std::chrono::seconds stalled_after{std::chrono::minutes(5)};
};

// Every consumer with its lag behind the stable head and its health, in one read-only snapshot.
ConsumersResult list_consumers(Session& session, const LogSource& source,
                               const ConsumersOptions& options = {});

// A later reading given the rates since an earlier one of the same log: events written and
// consumed per second, time to drain, and the statuses judged on the trend.
void add_rates(ConsumersResult& later, const ConsumersResult& earlier,
               const ConsumersOptions& options);

} // namespace eventctl
