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
    std::int64_t lag = 0;                // head - position, at least 0
    std::optional<TimePoint> updated_at; // empty where the layout maps no update time
};

// What log consumers reports (DESIGN 4.1.1).
struct ConsumersResult {
    std::int64_t head = 0;
    std::vector<ConsumerPosition> consumers; // by name
};

// Every consumer with its lag behind the stable head, in one read-only snapshot.
ConsumersResult list_consumers(Session& session, const LogSource& source);

} // namespace eventctl
