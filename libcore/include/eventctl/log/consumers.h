#pragma once

#include "eventctl/log/source.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// One consumer's stored position (DESIGN 2.2): the seq_no of the last event it acknowledged.
struct ConsumerPosition {
    std::string consumer;
    std::int64_t position = 0;
    std::int64_t lag = 0; // head - position, at least 0
    TimePoint updated_at;
};

// What log consumers reports (DESIGN 4.1.1).
struct ConsumersResult {
    std::int64_t head = 0;
    std::vector<ConsumerPosition> consumers; // by name
    // The lowest seq_no the log still holds (log purge deletes below it); empty for a log that
    // never held an event.
    std::optional<std::int64_t> low_watermark;
};

// Every consumer with its lag behind the stable head, in one read-only snapshot.
ConsumersResult list_consumers(Session& session, const LogSource& source);

} // namespace eventctl
