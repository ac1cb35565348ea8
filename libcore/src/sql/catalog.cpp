#include "eventctl/sql/catalog.h"

#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "sql/statement.h"

namespace eventctl {

bool stores_time(ColumnKind kind) {
    return kind == ColumnKind::timestamptz || kind == ColumnKind::timestamp ||
           kind == ColumnKind::text;
}

bool stores_json(ColumnKind kind) {
    return kind == ColumnKind::jsonb || kind == ColumnKind::json || kind == ColumnKind::text;
}

TimeFormat time_format_of(ColumnKind kind) {
    switch (kind) {
    case ColumnKind::timestamp:
        return TimeFormat::timestamp;
    case ColumnKind::text:
        return TimeFormat::rfc3339_text;
    default:
        return TimeFormat::timestamptz;
    }
}

JsonFormat json_format_of(ColumnKind kind) {
    switch (kind) {
    case ColumnKind::json:
        return JsonFormat::json;
    case ColumnKind::text:
        return JsonFormat::text;
    default:
        return JsonFormat::jsonb;
    }
}

const CatalogColumn* CatalogTable::column(const std::string& name) const {
    for (const auto& column : columns) {
        if (column.name == name) {
            return &column;
        }
    }
    return nullptr;
}

namespace {

ColumnKind kind_of(const std::string& type_name, const std::string& typtype) {
    if (typtype == "e") {
        return ColumnKind::enumeration;
    }
    struct Known {
        const char* name;
        ColumnKind kind;
    };
    static constexpr Known known[] = {
        {"timestamptz", ColumnKind::timestamptz},
        {"timestamp", ColumnKind::timestamp},
        {"date", ColumnKind::date},
        {"text", ColumnKind::text},
        {"varchar", ColumnKind::text},
        {"bpchar", ColumnKind::text},
        {"jsonb", ColumnKind::jsonb},
        {"json", ColumnKind::json},
        {"uuid", ColumnKind::uuid},
        {"int2", ColumnKind::integer},
        {"int4", ColumnKind::integer},
        {"int8", ColumnKind::integer},
        {"numeric", ColumnKind::integer},
        {"bool", ColumnKind::boolean},
        {"xid8", ColumnKind::xid8},
    };
    for (const auto& entry : known) {
        if (type_name == entry.name) {
            return entry.kind;
        }
    }
    return ColumnKind::other;
}

} // namespace

std::vector<CatalogTable> read_catalog(Session& session, pqxx::transaction_base& tx,
                                       const std::vector<QualifiedName>& tables) {
    std::vector<std::string> names;
    for (const auto& table : tables) {
        names.push_back(table.sql());
    }
    // to_regclass, not a join on names: it resolves the quoted name exactly as the commands'
    // own statements will. A missing table yields one row with no column.
    SqlParams params;
    auto sql = fmt::format(R"(SELECT t.ord, c.oid IS NOT NULL, a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod), ty.typname::text, ty.typtype::text,
       a.attnotnull, a.atthasdef,
       (SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = ty.oid)
FROM pg_catalog.unnest({tables}) WITH ORDINALITY AS t(name, ord)
LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(t.name)
LEFT JOIN pg_catalog.pg_attribute a
       ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
ORDER BY t.ord, a.attnum)",
                           "tables"_a = params.bind_text_array(names));
    auto rows = session.exec(tx, sql, params);
    std::vector<CatalogTable> result;
    for (const auto& table : tables) {
        result.push_back({table, false, {}});
    }
    for (const auto& row : rows) {
        auto& table = result[row[0].as<std::size_t>() - 1];
        table.exists = row[1].as<bool>();
        if (row[2].is_null()) {
            continue;
        }
        CatalogColumn column;
        column.name = row[2].as<std::string>();
        column.type = row[3].as<std::string>();
        column.kind = kind_of(row[4].as<std::string>(), row[5].as<std::string>());
        column.not_null = row[6].as<bool>();
        column.has_default = row[7].as<bool>();
        if (!row[8].is_null()) {
            auto labels = row[8].as_array();
            for (auto element = labels.get_next(); element.first != pqxx::array_parser::done;
                 element = labels.get_next()) {
                if (element.first == pqxx::array_parser::string_value) {
                    column.enum_labels.push_back(element.second);
                }
            }
        }
        table.columns.push_back(std::move(column));
    }
    return result;
}

void refuse_mismatch(const std::string& layout, const std::vector<std::string>& problems) {
    const auto& first = problems.front();
    std::string hint =
        layout == "canonical"
            ? "run 'eventctl schema init', or point --schema and the table options at your tables"
            : "check --schema and the table options; 'eventctl doctor' compares layout " + layout +
                  " with the tables";
    if (first.rfind("relation ", 0) == 0) {
        throw UsageError(first.substr(0, first.find(" (")), hint);
    }
    throw UsageError(
        "layout " + layout + " does not fit the tables: " + first +
            (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""),
        "'eventctl doctor' lists every mismatch");
}

} // namespace eventctl
