#include "eventctl/sql/catalog.h"

#include "eventctl/error.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "eventctl/suggest.h"
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

// A text[] the server sent, empty for NULL.
std::vector<std::string> text_array(const pqxx::field& field) {
    std::vector<std::string> values;
    if (field.is_null()) {
        return values;
    }
    auto parser = field.as_array();
    for (auto element = parser.get_next(); element.first != pqxx::array_parser::done;
         element = parser.get_next()) {
        if (element.first == pqxx::array_parser::string_value) {
            values.push_back(element.second);
        }
    }
    return values;
}

} // namespace

std::vector<CatalogTable> read_catalog(Session& session, pqxx::transaction_base& tx,
                                       const std::vector<QualifiedName>& tables) {
    std::vector<std::string> names;
    std::vector<std::string> schemas;
    std::vector<std::string> relnames;
    for (const auto& table : tables) {
        names.push_back(table.sql());
        schemas.push_back(table.schema);
        relnames.push_back(table.name);
    }
    // to_regclass, not a join on names: it resolves the quoted name exactly as the commands'
    // own statements will. A missing table yields one row with no column, and the clues to
    // where it might be (columns 9 to 12), read only then.
    SqlParams params;
    auto sql = fmt::format(
        R"(SELECT t.ord, c.oid IS NOT NULL, a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod), ty.typname::text, ty.typtype::text,
       a.attnotnull, a.atthasdef,
       (SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = ty.oid),
       EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspname = t.schema),
       CASE WHEN c.oid IS NULL THEN ARRAY(
         SELECT n.nspname::text FROM pg_catalog.pg_class r
         JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE r.relname = t.relname AND r.relkind IN {kinds} AND {user_schemas}
         ORDER BY 1) END,
       CASE WHEN c.oid IS NULL THEN ARRAY(
         SELECT r.relname::text FROM pg_catalog.pg_class r
         JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE n.nspname = t.schema AND r.relkind IN {kinds}
         ORDER BY 1) END,
       CASE WHEN c.oid IS NULL THEN ARRAY(
         SELECT n.nspname::text FROM pg_catalog.pg_namespace n WHERE {user_schemas}
         ORDER BY 1) END
FROM ROWS FROM (pg_catalog.unnest({tables}), pg_catalog.unnest({schemas}),
                pg_catalog.unnest({relnames})) WITH ORDINALITY AS t(name, schema, relname, ord)
LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(t.name)
LEFT JOIN pg_catalog.pg_attribute a
       ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
ORDER BY t.ord, a.attnum)",
        "kinds"_a = "('r', 'p', 'v', 'm', 'f')",
        "user_schemas"_a = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
        "tables"_a = params.bind_text_array(names), "schemas"_a = params.bind_text_array(schemas),
        "relnames"_a = params.bind_text_array(relnames));
    auto rows = session.exec(tx, sql, params);
    std::vector<CatalogTable> result;
    for (const auto& table : tables) {
        result.push_back({table, false, {}, {}});
    }
    for (const auto& row : rows) {
        auto& table = result[row[0].as<std::size_t>() - 1];
        table.exists = row[1].as<bool>();
        if (!table.exists) {
            table.clues.schema_exists = row[9].as<bool>();
            table.clues.schemas_holding_name = text_array(row[10]);
            table.clues.tables_in_schema = text_array(row[11]);
            table.clues.schemas = text_array(row[12]);
        }
        if (row[2].is_null()) {
            continue;
        }
        CatalogColumn column;
        column.name = row[2].as<std::string>();
        column.type = row[3].as<std::string>();
        column.kind = kind_of(row[4].as<std::string>(), row[5].as<std::string>());
        column.not_null = row[6].as<bool>();
        column.has_default = row[7].as<bool>();
        column.enum_labels = text_array(row[8]);
        table.columns.push_back(std::move(column));
    }
    return result;
}

namespace {

std::string listed(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    }
    return text;
}

// The schemas to suggest for table.name: the one closest to the schema typed when it is a typo
// of one, else every schema that holds such a table.
std::string suggested_schemas(const CatalogTable& table) {
    const auto& holders = table.clues.schemas_holding_name;
    if (auto close = closest_match(table.name.schema, holders)) {
        return "--schema " + *close;
    }
    std::vector<std::string> options;
    for (const auto& schema : holders) {
        options.push_back("--schema " + schema);
    }
    return listed(options);
}

// A missing table, told by what is missing and where such a table is: never "run schema init"
// for a schema that does not exist or a table that lives elsewhere, which would create an empty
// table beside the real one and report zeros from it ever after.
[[noreturn]] void refuse_missing(const std::string& layout, const CatalogTable& table) {
    const auto& clues = table.clues;
    auto shown = table.name.display();
    if (!clues.schema_exists) {
        std::string hint;
        if (!clues.schemas_holding_name.empty()) {
            hint = "did you mean " + suggested_schemas(table) + "? " +
                   (clues.schemas_holding_name.size() == 1 ? "it holds" : "they hold") +
                   " a table named " + table.name.name;
        } else if (auto close = closest_match(table.name.schema, clues.schemas)) {
            hint = "did you mean --schema " + *close + "?";
        } else {
            hint = "the schemas in this database are " + listed(clues.schemas) +
                   "; --schema names the one holding the tables";
        }
        throw UsageError("schema " + in_quotes(table.name.schema) +
                             " does not exist (looking for " + shown + ")",
                         hint);
    }
    std::string message = "relation " + in_quotes(shown) + " does not exist";
    if (!clues.schemas_holding_name.empty()) {
        throw UsageError(message + "; a table of that name is in " +
                             listed(clues.schemas_holding_name),
                         "did you mean " + suggested_schemas(table) + "?");
    }
    if (auto close = closest_match(table.name.name, clues.tables_in_schema)) {
        throw UsageError(message, "did you mean " + table.name.schema + "." + *close +
                                      "? --schema and the table options name the tables");
    }
    if (layout == "canonical") {
        throw UsageError(message + ", nor a table of that name in any schema",
                         "if the tables are new, 'eventctl schema init' creates them (given the "
                         "same --schema and table options); else point --schema and the table "
                         "options at your tables");
    }
    throw UsageError(message, "check --schema and the table options; 'eventctl doctor' compares "
                              "layout " +
                                  layout + " with the tables");
}

} // namespace

void refuse_mismatch(const std::string& layout, const std::vector<std::string>& problems,
                     const std::vector<CatalogTable>& catalog) {
    for (const auto& table : catalog) {
        if (!table.exists) {
            refuse_missing(layout, table);
        }
    }
    const auto& first = problems.front();
    throw UsageError(
        "layout " + layout + " does not fit the tables: " + first +
            (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""),
        "'eventctl doctor' lists every mismatch");
}

} // namespace eventctl
