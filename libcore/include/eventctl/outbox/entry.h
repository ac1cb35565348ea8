#pragma once

#include "eventctl/time.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventctl {

// The canonical lifecycle of an outbox entry (DESIGN 2.1).
enum class Status { pending, processing, completed, failed, dead };

// Every status, in lifecycle order.
inline constexpr std::array<Status, 5> all_statuses = {
    Status::pending, Status::processing, Status::completed, Status::failed, Status::dead};

// The canonical spelling: "pending", "processing", "completed", "failed" or "dead".
std::string_view to_string(Status status);

// The canonical spellings of several statuses, in the same order.
std::vector<std::string> status_names(const std::vector<Status>& statuses);

// Parses a canonical spelling; throws UsageError naming the five accepted values.
Status parse_status(std::string_view text);

// One outbox entry mapped onto the canonical model; fields a table lacks stay empty.
struct OutboxEntry {
    std::string id;
    std::optional<std::string> event_type; // empty where the layout maps no event type
    Status status = Status::pending;
    std::optional<TimePoint> created_at; // empty where the layout records no creation time
    std::optional<std::string> tenant_id;
    std::optional<std::string> aggregate_type;
    std::optional<std::string> aggregate_id;
    std::optional<std::int64_t> attempts;
    std::optional<std::int64_t> max_attempts;
    std::optional<std::string> last_error;
    std::optional<TimePoint> scheduled_at;
    std::optional<std::string> locked_by;
    std::optional<TimePoint> locked_until;
    std::optional<TimePoint> processed_at;
    std::optional<std::string> payload;  // JSON text, read only when asked for
    std::optional<std::string> metadata; // JSON text, read only when asked for
    // Every column of the row, mapped or not, as one JSON object (show only).
    std::optional<std::string> columns;
};

} // namespace eventctl
