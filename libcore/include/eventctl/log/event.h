#pragma once

#include "eventctl/time.h"

#include <cstdint>
#include <optional>
#include <string>

namespace eventctl {

// One event of the log, mapped onto the canonical model (DESIGN 2.2); fields a table lacks stay
// empty.
struct LogEvent {
    std::optional<std::int64_t> seq_no; // empty in a per-stream store
    std::optional<std::string> stream_id;
    std::optional<std::int64_t> stream_seq;
    std::string event_type;
    std::optional<std::string> tenant_id;
    TimePoint created_at;
    std::string payload;                 // JSON text, as the server printed it
    std::optional<std::string> metadata; // JSON text
};

} // namespace eventctl
