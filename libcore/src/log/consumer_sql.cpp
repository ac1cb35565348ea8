#include "log/consumer_sql.h"

#include "eventctl/error.h"
#include "eventctl/sql/expressions.h"
#include "sql/rule_sql.h"

namespace eventctl {

namespace {

TimeFormatOf formats_of(const ConsumerTable& consumers) {
    return [&consumers](const std::string& column) {
        auto found = consumers.time_formats.find(column);
        return found == consumers.time_formats.end() ? TimeFormat::timestamptz : found->second;
    };
}

} // namespace

std::string consumer_name(const ConsumerTable& consumers, SqlParams& params,
                          const std::string& alias) {
    if (consumers.key_columns.empty()) {
        return column_ref(consumers.name_column, alias);
    }
    std::string parts;
    for (const auto& column : consumers.key()) {
        parts += ", " + column_ref(column, alias) + "::text";
    }
    return "pg_catalog.concat_ws(" + params.bind(consumers.key_separator) + "::text" + parts + ")";
}

Condition consumer_named(const ConsumerTable& consumers, const std::string& name, SqlParams& params,
                         const std::string& alias) {
    return Condition(consumer_name(consumers, params, alias) + " = " + params.bind(name));
}

Condition consumer_named_any(const ConsumerTable& consumers, const std::vector<std::string>& names,
                             SqlParams& params, const std::string& alias) {
    return Condition(consumer_name(consumers, params, alias) + " = ANY(" +
                     params.bind_text_array(names) + ")");
}

Condition consumer_rows(const ConsumerTable& consumers, SqlParams& params,
                        const std::string& alias) {
    return rule_conditions(consumers.filter, formats_of(consumers), params, alias);
}

std::string consumer_updated_micros(const ConsumerTable& consumers, const std::string& alias) {
    if (!consumers.updated_at_column) {
        return "NULL::bigint";
    }
    return epoch_micros(column_ref(*consumers.updated_at_column, alias));
}

Condition consumer_live_otherwise(const ConsumerTable& consumers, std::chrono::milliseconds window,
                                  SqlParams& params, const std::string& alias) {
    std::vector<Condition> live;
    if (consumers.heartbeat_column) {
        const auto& column = *consumers.heartbeat_column;
        auto format = formats_of(consumers)(column);
        live.push_back(Condition(time_value(column_ref(column, alias), format) +
                                 " > pg_catalog.now() - " + seconds_interval(params, window)));
    }
    if (!consumers.live_when.empty()) {
        live.push_back(rule_conditions(consumers.live_when, formats_of(consumers), params, alias));
    }
    return Condition::any(live);
}

std::vector<std::string> consumer_key_values(const ConsumerTable& consumers,
                                             const std::string& name) {
    if (consumers.key_columns.empty()) {
        return {name};
    }
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto at = name.find(consumers.key_separator, start);
        if (at == std::string::npos) {
            parts.push_back(name.substr(start));
            break;
        }
        parts.push_back(name.substr(start, at - start));
        start = at + consumers.key_separator.size();
    }
    auto key = consumers.key();
    if (parts.size() != key.size()) {
        std::string columns;
        for (const auto& column : key) {
            columns += (columns.empty() ? "" : consumers.key_separator) + column;
        }
        throw DataError("consumer \"" + name + "\" is not named as " + columns +
                        ": the consumers of this layout are keyed by " +
                        std::to_string(key.size()) + " columns, joined by \"" +
                        consumers.key_separator + "\"");
    }
    return parts;
}

} // namespace eventctl
