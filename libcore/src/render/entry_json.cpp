#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "json_line.h"
#include "render/optional_text.h"

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
        {"event_type", or_null(entry.event_type)},
        {"status", to_string(entry.status)},
        {"created_at", time_or_null(entry.created_at)},
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

namespace {
// entry_json dumped compactly, written directly: the keys in the order the library sorts them.
std::string entry_json_line(const OutboxEntry& entry, bool with_payload) {
    JsonLine line(320 + (with_payload && entry.payload ? entry.payload->size() : 0));
    line.string("aggregate_id", entry.aggregate_id)
        .string("aggregate_type", entry.aggregate_type)
        .number("attempts", entry.attempts)
        .string("created_at", time_text(entry.created_at))
        .string("event_type", entry.event_type)
        .string("id", entry.id)
        .string("last_error", entry.last_error)
        .string("locked_by", entry.locked_by)
        .string("locked_until", time_text(entry.locked_until))
        .number("max_attempts", entry.max_attempts)
        .string("processed_at", time_text(entry.processed_at))
        .string("scheduled_at", time_text(entry.scheduled_at))
        .string("status", std::string(to_string(entry.status)))
        .string("tenant_id", entry.tenant_id);
    if (with_payload) {
        line.raw("payload", raw_json_value(entry.payload))
            .raw("metadata", raw_json_value(entry.metadata));
    }
    if (entry.columns) {
        line.raw("columns", *entry.columns);
    }
    return line.done();
}

} // namespace

std::string entry_json_text(const OutboxEntry& entry, bool with_payload, bool indented) {
    if (!indented) {
        return entry_json_line(entry, with_payload);
    }
    RawJsonFields raw;
    if (with_payload) {
        raw = {{"payload", entry.payload}, {"metadata", entry.metadata}};
    }
    if (entry.columns) {
        // The row's own columns, as the server printed them: one line, so NDJSON stays lines.
        raw.emplace_back("columns", entry.columns);
    }
    if (raw.empty()) {
        return json_text(entry_json(entry), indented);
    }
    return json_text(entry_json(entry), raw, indented);
}

} // namespace eventctl
