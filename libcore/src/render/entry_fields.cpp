#include "entry_fields.h"

#include "render/optional_text.h"

namespace eventctl {

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
