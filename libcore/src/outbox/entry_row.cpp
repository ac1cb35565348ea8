#include "entry_row.h"

namespace eventctl {

std::string epoch_micros(const std::string& column) {
    // extract() returns numeric since PostgreSQL 14, so the microseconds are exact.
    return "(EXTRACT(epoch FROM " + column + ") * 1000000)::bigint";
}

std::string entry_select_list(bool with_payload) {
    std::string list = "id::text, event_type, status, " + epoch_micros("created_at") +
                       ", tenant_id, aggregate_type, aggregate_id, attempts, max_attempts, "
                       "last_error, " +
                       epoch_micros("scheduled_at") + ", locked_by, " +
                       epoch_micros("locked_until") + ", " + epoch_micros("processed_at");
    if (with_payload) {
        list += ", payload::text, metadata::text";
    }
    return list;
}

std::string after_cursor(const ListCursor& cursor, SqlParams& params) {
    // A row comparison walks the (created_at, id) index exactly where the last page ended.
    return std::string("(created_at, id) ") + (cursor.order == SortOrder::ascending ? ">" : "<") +
           " (" + params.bind(format_rfc3339(from_epoch_micros(cursor.created_at_micros))) +
           "::timestamptz, " + params.bind(cursor.id) + ")";
}

std::string keyset_order(SortOrder order) {
    return order == SortOrder::ascending ? "created_at, id" : "created_at DESC, id DESC";
}

namespace {

template <typename T> std::optional<T> optional_field(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return field.as<T>();
}

std::optional<TimePoint> optional_time(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return from_epoch_micros(field.as<std::int64_t>());
}

} // namespace

OutboxEntry read_entry(const pqxx::row& row, bool with_payload) {
    OutboxEntry entry;
    entry.id = row[0].as<std::string>();
    entry.event_type = row[1].as<std::string>();
    entry.status = parse_status(row[2].as<std::string>());
    entry.created_at = from_epoch_micros(row[3].as<std::int64_t>());
    entry.tenant_id = optional_field<std::string>(row[4]);
    entry.aggregate_type = optional_field<std::string>(row[5]);
    entry.aggregate_id = optional_field<std::string>(row[6]);
    entry.attempts = optional_field<std::int64_t>(row[7]);
    entry.max_attempts = optional_field<std::int64_t>(row[8]);
    entry.last_error = optional_field<std::string>(row[9]);
    entry.scheduled_at = optional_time(row[10]);
    entry.locked_by = optional_field<std::string>(row[11]);
    entry.locked_until = optional_time(row[12]);
    entry.processed_at = optional_time(row[13]);
    if (with_payload) {
        entry.payload = optional_field<std::string>(row[14]);
        entry.metadata = optional_field<std::string>(row[15]);
    }
    return entry;
}

} // namespace eventctl
