#include "eventctl/json_text.h"
#include "eventctl/render_outbox.h"

namespace eventctl {

namespace {

template <typename T> nlohmann::json or_null(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json time_or_null(const std::optional<TimePoint>& value) {
    return value ? nlohmann::json(format_rfc3339(*value)) : nlohmann::json(nullptr);
}

} // namespace

const char* status_color(Status status) {
    switch (status) {
    case Status::pending:
        return "33";
    case Status::processing:
        return "36";
    case Status::completed:
        return "32";
    case Status::failed:
        return "31";
    case Status::dead:
        return "1;31";
    }
    return nullptr;
}

nlohmann::json entry_json(const OutboxEntry& entry) {
    return {
        {"id", entry.id},
        {"event_type", entry.event_type},
        {"status", to_string(entry.status)},
        {"created_at", format_rfc3339(entry.created_at)},
        {"tenant_id", or_null(entry.tenant_id)},
        {"aggregate_type", or_null(entry.aggregate_type)},
        {"aggregate_id", or_null(entry.aggregate_id)},
        {"attempts", or_null(entry.attempts)},
        {"max_attempts", or_null(entry.max_attempts)},
        {"last_error", or_null(entry.last_error)},
        {"scheduled_at", time_or_null(entry.scheduled_at)},
        {"locked_by", or_null(entry.locked_by)},
        {"locked_until", time_or_null(entry.locked_until)},
        {"processed_at", time_or_null(entry.processed_at)},
    };
}

std::string entry_json_text(const OutboxEntry& entry, bool with_payload, bool indented) {
    if (!with_payload) {
        return json_text(entry_json(entry), indented);
    }
    return json_text(entry_json(entry), {{"payload", entry.payload}, {"metadata", entry.metadata}},
                     indented);
}

} // namespace eventctl
