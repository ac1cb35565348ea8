#include "event_row.h"

namespace eventctl {

std::string column_or_null(const std::optional<std::string>& column, const std::string& type) {
    return column ? quote_identifier(*column) : "NULL::" + type;
}

std::string epoch_micros_of(const std::string& expression) {
    // extract() returns numeric since PostgreSQL 14, so the microseconds are exact.
    return "(EXTRACT(epoch FROM " + expression + ") * 1000000)::bigint";
}

std::string event_select_list(const LogSource& source) {
    // payload::jsonb::text is the server's canonical JSON: one line, valid, so it can be spliced
    // into NDJSON as it is (a json or text column would keep the writer's newlines).
    return column_or_null(source.seq_column, "bigint") + ", " +
           column_or_null(source.stream_column, "text") + ", " +
           column_or_null(source.stream_seq_column, "bigint") + ", " +
           quote_identifier(source.type_column) + ", " +
           column_or_null(source.tenant_column, "text") + ", " +
           epoch_micros_of(quote_identifier(source.created_at_column)) + ", " +
           quote_identifier(source.payload_column) + "::jsonb::text, " +
           (source.metadata_column ? quote_identifier(*source.metadata_column) + "::jsonb::text"
                                   : std::string("NULL::text"));
}

namespace {

template <typename T> std::optional<T> optional_field(const pqxx::field& field) {
    if (field.is_null()) {
        return std::nullopt;
    }
    return field.as<T>();
}

} // namespace

LogEvent read_event(const pqxx::row& row) {
    LogEvent event;
    event.seq_no = optional_field<std::int64_t>(row[0]);
    event.stream_id = optional_field<std::string>(row[1]);
    event.stream_seq = optional_field<std::int64_t>(row[2]);
    event.event_type = row[3].as<std::string>();
    event.tenant_id = optional_field<std::string>(row[4]);
    event.created_at = from_epoch_micros(row[5].as<std::int64_t>());
    event.payload = row[6].is_null() ? "null" : row[6].as<std::string>();
    event.metadata = optional_field<std::string>(row[7]);
    return event;
}

} // namespace eventctl
