#include "entry_fields.h"

namespace eventctl {

namespace {

std::optional<std::string> time_text(const std::optional<TimePoint>& time) {
    return time ? std::optional<std::string>(format_rfc3339(*time)) : std::nullopt;
}

std::optional<std::string> number_text(const std::optional<std::int64_t>& value) {
    return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

} // namespace

EntryFields entry_fields(const OutboxEntry& entry, bool with_payload) {
    EntryFields fields = {
        {"id", entry.id},
        {"event_type", entry.event_type},
        {"status", std::string(to_string(entry.status))},
        {"created_at", time_text(entry.created_at)},
        {"tenant_id", entry.tenant_id},
        {"aggregate_type", entry.aggregate_type},
        {"aggregate_id", entry.aggregate_id},
        {"attempts", number_text(entry.attempts)},
        {"max_attempts", number_text(entry.max_attempts)},
        {"last_error", entry.last_error},
        {"scheduled_at", time_text(entry.scheduled_at)},
        {"locked_by", entry.locked_by},
        {"locked_until", time_text(entry.locked_until)},
        {"processed_at", time_text(entry.processed_at)},
    };
    if (with_payload) {
        fields.emplace_back("payload", entry.payload);
        fields.emplace_back("metadata", entry.metadata);
    }
    return fields;
}

} // namespace eventctl
