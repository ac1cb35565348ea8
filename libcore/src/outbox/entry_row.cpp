#include "entry_row.h"

#include "eventctl/error.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"

namespace eventctl {

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

std::optional<std::string> json_field(const pqxx::field& field, bool text_column) {
    auto text = optional_field<std::string>(field);
    if (!text || !text_column) {
        return text;
    }
    return one_line_json(*text);
}

} // namespace

OutboxEntry read_entry(const pqxx::row& row, const OutboxTable& outbox, const OutboxPart& part,
                       bool with_payload) {
    OutboxEntry entry;
    entry.id = row[0].as<std::string>();
    entry.event_type = row[1].as<std::string>();
    if (row[2].is_null()) {
        throw DataError("entry " + in_quotes(entry.id) + " of " + part.table().display() +
                            " is in none of the states of layout " + outbox.layout_name(),
                        "'eventctl doctor' counts the rows each state's conditions match");
    }
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
        entry.payload = json_field(row[14], outbox.payload_is_text(part));
        entry.metadata = json_field(row[15], outbox.metadata_is_text(part));
    }
    return entry;
}

} // namespace eventctl
