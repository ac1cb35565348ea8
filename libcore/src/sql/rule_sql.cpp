#include "sql/rule_sql.h"

namespace eventctl {

TimeFormatOf time_formats_of(const CatalogTable& table) {
    return [table](const std::string& column) {
        const auto* found = table.column(column);
        return time_format_of(found ? found->kind : ColumnKind::timestamptz);
    };
}

std::string column_ref(const std::string& column, const std::string& alias) {
    return (alias.empty() ? "" : alias + ".") + quote_identifier(column);
}

Condition rule_condition(const LayoutCondition& condition, const TimeFormatOf& formats,
                         SqlParams& params, const std::string& alias) {
    using Kind = LayoutCondition::Kind;
    if (condition.kind == Kind::any) {
        std::vector<Condition> groups;
        for (const auto& group : condition.groups) {
            groups.push_back(rule_conditions(group, formats, params, alias));
        }
        return Condition::any(groups);
    }
    auto column = column_ref(condition.column, alias);
    switch (condition.kind) {
    case Kind::equals:
        return Condition(column + " = " + params.bind(condition.values.front()));
    case Kind::one_of:
        return Condition(column + " = ANY(" + params.bind_array(condition.values) + ")");
    case Kind::is_null:
        return Condition(column + " IS NULL");
    case Kind::is_not_null:
        return Condition(column + " IS NOT NULL");
    case Kind::in_future: {
        auto format = formats(condition.column);
        return Condition(time_comparable(column, format) + " > " + now_comparable(format));
    }
    case Kind::not_in_future: {
        auto format = formats(condition.column);
        return Condition("(" + column + " IS NULL OR " + time_comparable(column, format) +
                         " <= " + now_comparable(format) + ")");
    }
    case Kind::compare: {
        auto right = condition.other_column.empty() ? params.bind(condition.values.front())
                                                    : column_ref(condition.other_column, alias);
        return Condition(column + " " + to_sql(condition.op) + " " + right);
    }
    case Kind::starts_with: {
        // starts_with, not LIKE: the value is plain text, % and _ included.
        auto test = "pg_catalog.starts_with(" + column + "::text, " +
                    params.bind(condition.values.front()) + ")";
        return condition.negated ? Condition(test).negated() : Condition(test);
    }
    case Kind::any:
        break;
    }
    return Condition::never();
}

Condition rule_conditions(const std::vector<LayoutCondition>& conditions,
                          const TimeFormatOf& formats, SqlParams& params,
                          const std::string& alias) {
    std::vector<Condition> all;
    for (const auto& condition : conditions) {
        all.push_back(rule_condition(condition, formats, params, alias));
    }
    return Condition::all(all);
}

std::string json_key_text(const std::string& column, const JsonKey& key, SqlParams& params) {
    if (key.path.size() == 1) {
        return "(" + column + " ->> " + params.bind(key.path.front()) + "::text)";
    }
    return "(" + column + " #>> " + params.bind_text_array(key.path) + ")";
}

namespace {

std::string now_plus(const LayoutValue& value, const ValueSource& source, SqlParams& params) {
    std::string now = "pg_catalog.now()";
    if (value.after.count() > 0) {
        now = "(" + now + " + " + seconds_interval(params, value.after) + ")";
    } else if (value.after_column) {
        now = "(" + now + " + " + column_ref(*value.after_column, source.alias) +
              " * interval '1 second')";
    } else if (value.after_delay && source.delay.count() > 0) {
        now = "(" + now + " + " + seconds_interval(params, source.delay) + ")";
    }
    return now;
}

} // namespace

std::string value_sql(const std::string& column, const LayoutValue& value,
                      const ValueSource& source, SqlParams& params) {
    switch (value.kind) {
    case LayoutValue::Kind::constant:
        return params.bind(value.text);
    case LayoutValue::Kind::null:
        return "NULL";
    case LayoutValue::Kind::now:
        return time_written(now_plus(value, source, params), (*source.target_formats)(column));
    case LayoutValue::Kind::column: {
        auto copied = column_ref(value.text, source.alias);
        return value.add == 0 ? copied
                              : "(" + copied + " + " + params.bind(std::to_string(value.add)) + ")";
    }
    case LayoutValue::Kind::add:
        return "(" + column_ref(column, source.alias) + " + " +
               params.bind(std::to_string(value.add)) + ")";
    case LayoutValue::Kind::reason: {
        auto reason = params.bind(source.reason.value_or("")) + "::text";
        if (!value.json_key) {
            return reason;
        }
        return json_written("pg_catalog.jsonb_build_object(" + params.bind(*value.json_key) +
                                "::text, " + reason + ")",
                            source.target_json);
    }
    }
    return "NULL";
}

} // namespace eventctl
