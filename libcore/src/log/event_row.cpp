#include "event_row.h"

#include "eventctl/render/json_text.h"
#include "eventctl/session/transactions.h"
#include "sql/rule_sql.h"

namespace eventctl {

std::string column_or_null(const std::optional<std::string>& column, const std::string& type) {
    return column ? quote_identifier(*column) : "NULL::" + type;
}

std::string created_at_comparable(const LogSource& source) {
    return time_comparable(quote_identifier(source.created_at_column), source.created_at_format);
}

std::string tenant_value(const LogSource& source, SqlParams& params) {
    if (source.tenant_key) {
        return json_key_text(quote_identifier(source.tenant_key->column), *source.tenant_key,
                             params);
    }
    return column_or_null(source.tenant_column, "text") + "::text";
}

Condition log_rows(const LogSource& source, SqlParams& params) {
    TimeFormatOf formats = [&source](const std::string& column) {
        auto found = source.time_formats.find(column);
        return found == source.time_formats.end() ? TimeFormat::timestamptz : found->second;
    };
    return rule_conditions(source.filter, formats, params);
}

std::string event_select_list(const LogSource& source, SqlParams& params) {
    // jsonb's text is the server's canonical JSON: one line, valid, so it can be spliced into
    // NDJSON as it is; a text column's is checked by read_event.
    return column_or_null(source.seq_column, "bigint") + "::bigint, " +
           column_or_null(source.stream_column, "text") + "::text, " +
           column_or_null(source.stream_seq_column, "bigint") + "::bigint, " +
           quote_identifier(source.type_column) + "::text, " + tenant_value(source, params) + ", " +
           time_epoch_micros(quote_identifier(source.created_at_column), source.created_at_format) +
           ", " + json_text_of(quote_identifier(source.payload_column), source.payload_format) +
           ", " +
           (source.metadata_column
                ? json_text_of(quote_identifier(*source.metadata_column), source.metadata_format)
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

LogEvent read_event(const pqxx::row& row, const LogSource& source) {
    LogEvent event;
    event.seq_no = optional_field<std::int64_t>(row[0]);
    event.stream_id = optional_field<std::string>(row[1]);
    event.stream_seq = optional_field<std::int64_t>(row[2]);
    event.event_type = row[3].as<std::string>();
    event.tenant_id = optional_field<std::string>(row[4]);
    event.created_at = from_epoch_micros(row[5].as<std::int64_t>());
    event.payload = row[6].is_null() ? "null" : row[6].as<std::string>();
    event.metadata = optional_field<std::string>(row[7]);
    if (source.payload_format == JsonFormat::text && !row[6].is_null()) {
        event.payload = one_line_json(event.payload);
    }
    if (source.metadata_format == JsonFormat::text && event.metadata) {
        event.metadata = one_line_json(*event.metadata);
    }
    return event;
}

} // namespace eventctl
