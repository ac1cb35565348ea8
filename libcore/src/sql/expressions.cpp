#include "eventctl/sql/expressions.h"

namespace eventctl {

std::string_view to_string(TimeFormat format) {
    switch (format) {
    case TimeFormat::timestamptz:
        return "timestamptz";
    case TimeFormat::timestamp:
        return "timestamp (UTC)";
    case TimeFormat::rfc3339_text:
        return "RFC 3339 text";
    }
    return "unknown";
}

std::string_view to_string(JsonFormat format) {
    switch (format) {
    case JsonFormat::jsonb:
        return "jsonb";
    case JsonFormat::json:
        return "json";
    case JsonFormat::text:
        return "JSON text";
    }
    return "unknown";
}

std::string time_value(const std::string& column, TimeFormat format) {
    switch (format) {
    case TimeFormat::timestamptz:
        return column;
    case TimeFormat::timestamp:
        return "(" + column + " AT TIME ZONE 'UTC')";
    case TimeFormat::rfc3339_text:
        return "(" + column + ")::timestamptz";
    }
    return column;
}

std::string epoch_micros(const std::string& timestamptz) {
    return time_epoch_micros(timestamptz, TimeFormat::timestamptz);
}

std::string time_epoch_micros(const std::string& column, TimeFormat format) {
    // extract() returns numeric since PostgreSQL 14, so the microseconds are exact. An infinite
    // time ('-infinity' marks "never locked" in some tables) is no instant: NULL.
    auto value = time_value(column, format);
    return "(CASE WHEN pg_catalog.isfinite(" + value + ") THEN (EXTRACT(epoch FROM " + value +
           ") * 1000000)::bigint END)";
}

std::string time_operand(const std::string& placeholder, TimeFormat format) {
    if (format == TimeFormat::timestamp) {
        return "(" + placeholder + "::timestamptz AT TIME ZONE 'UTC')";
    }
    return placeholder + "::timestamptz";
}

std::string time_comparable(const std::string& column, TimeFormat format) {
    return format == TimeFormat::rfc3339_text ? time_value(column, format) : column;
}

std::string now_comparable(TimeFormat format) {
    return format == TimeFormat::timestamp ? "(pg_catalog.now() AT TIME ZONE 'UTC')"
                                           : "pg_catalog.now()";
}

std::string seconds_interval(SqlParams& params, std::chrono::milliseconds duration) {
    return params.bind(std::to_string(duration.count()) + " milliseconds") + "::interval";
}

std::string time_written(const std::string& timestamptz, TimeFormat format) {
    switch (format) {
    case TimeFormat::timestamptz:
        return timestamptz;
    case TimeFormat::timestamp:
        return "(" + timestamptz + " AT TIME ZONE 'UTC')";
    case TimeFormat::rfc3339_text:
        return "pg_catalog.to_char(" + timestamptz +
               " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }
    return timestamptz;
}

std::string json_text_of(const std::string& column, JsonFormat format) {
    // jsonb's text is one line and valid, so it can be spliced into NDJSON as it is; a json
    // column keeps its writer's newlines until it passes through jsonb.
    switch (format) {
    case JsonFormat::jsonb:
        return column + "::text";
    case JsonFormat::json:
        return column + "::jsonb::text";
    case JsonFormat::text:
        return column + "::text";
    }
    return column;
}

std::string json_value(const std::string& column, JsonFormat format) {
    return format == JsonFormat::jsonb ? column : column + "::jsonb";
}

std::string json_written(const std::string& jsonb, JsonFormat format) {
    switch (format) {
    case JsonFormat::jsonb:
        return jsonb;
    case JsonFormat::json:
        return "(" + jsonb + ")::json";
    case JsonFormat::text:
        return "(" + jsonb + ")::text";
    }
    return jsonb;
}

} // namespace eventctl
