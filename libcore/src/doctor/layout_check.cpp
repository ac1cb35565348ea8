#include "../outbox/outbox_table.h"
#include "doctor_steps.h"
#include "eventctl/audit/audit.h"
#include "eventctl/log/binding.h"
#include "eventctl/session/transactions.h"

#include <algorithm>

namespace eventctl::doctor {

std::vector<std::pair<std::string, QualifiedName>> layout_tables(const Layout& layout) {
    std::vector<std::pair<std::string, QualifiedName>> tables;
    if (layout.outbox) {
        tables.emplace_back("outbox", layout.outbox->table);
        if (const auto& second = layout.outbox->dead_letters) {
            // A second table of finished entries (pgmq's a_QUEUE) is an archive, not dead
            // letters: the name a pgmq user knows it by.
            tables.emplace_back(second->holds == Status::completed ? "archive" : "dead_letters",
                                second->table);
        }
    }
    if (layout.log) {
        tables.emplace_back("event_log", layout.log->table);
        if (layout.log->consumers) {
            tables.emplace_back("consumers", layout.log->consumers->table);
        }
    }
    if (layout.audit) {
        tables.emplace_back("audit", *layout.audit);
    }
    return tables;
}

const CatalogTable& find_table(const std::vector<CatalogTable>& catalog,
                               const QualifiedName& name) {
    static const CatalogTable missing;
    for (const auto& table : catalog) {
        if (table.name.schema == name.schema && table.name.name == name.name) {
            return table;
        }
    }
    return missing;
}

std::vector<CatalogTable> tables_of(const std::vector<CatalogTable>& catalog,
                                    const std::vector<QualifiedName>& names) {
    std::vector<CatalogTable> tables;
    for (const auto& name : names) {
        auto table = find_table(catalog, name);
        table.name = name;
        tables.push_back(std::move(table));
    }
    return tables;
}

namespace {

// The audit table is not part of the outbox or log binding, but every mutation writes to it
// first: a missing table or column would refuse them all.
std::vector<std::string> audit_problems(const CatalogTable& table) {
    if (!table.exists) {
        return {"relation \"" + table.name.display() + "\" does not exist (the audit table)"};
    }
    std::vector<std::string> problems;
    for (const auto& column : audit_record_columns()) {
        if (table.column(column) == nullptr) {
            problems.push_back("table " + table.name.display() + " has no column \"" + column +
                               "\" (the audit record)");
        }
    }
    return problems;
}

// The columns the main table's states test, in lifecycle order, each once.
std::vector<StateColumn> state_columns(const OutboxLayout& outbox, const CatalogTable& table) {
    std::vector<StateColumn> columns;
    for (auto status : all_statuses) {
        const auto* rule = outbox.state(status);
        if (rule == nullptr || rule->in_dead_letters) {
            continue;
        }
        for (const auto& name : condition_columns(rule->when)) {
            bool seen = std::any_of(columns.begin(), columns.end(),
                                    [&](const StateColumn& known) { return known.column == name; });
            const auto* column = table.column(name);
            if (seen || column == nullptr) {
                continue; // a missing column is a problem of its own
            }
            columns.push_back({outbox.table, column->name, column->type,
                               column->kind == ColumnKind::enumeration, column->enum_labels});
        }
    }
    return columns;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

} // namespace

LayoutCheck check_layout(const Layout& layout, const std::vector<CatalogTable>& catalog) {
    LayoutCheck check;
    check.name = layout.name;
    check.origin = layout.origin;
    check.description = layout.description;
    for (const auto& [role, table] : layout_tables(layout)) {
        check.tables.push_back({role, table, find_table(catalog, table).exists});
    }
    if (layout.outbox) {
        // The very checks the commands bind with, so doctor reports what they would refuse.
        append(
            check.problems,
            OutboxTable::problems(layout, tables_of(catalog, OutboxTable::catalog_tables(layout))));
        check.state_columns =
            state_columns(*layout.outbox, find_table(catalog, layout.outbox->table));
    }
    if (layout.log) {
        append(check.problems,
               log_problems(*layout.log, tables_of(catalog, log_catalog_tables(*layout.log))));
    }
    if (layout.audit) {
        auto table = find_table(catalog, *layout.audit);
        table.name = *layout.audit;
        append(check.problems, audit_problems(table));
    }
    return check;
}

namespace {

std::string pair_label(Status first, Status second) {
    return std::string(to_string(first)) + "_" + std::string(to_string(second));
}

} // namespace

StateCounts count_states(Session& session, pqxx::transaction_base& tx, const Layout& layout,
                         const std::vector<CatalogTable>& catalog) {
    OutboxTable outbox(layout, tables_of(catalog, OutboxTable::catalog_tables(layout)));
    const auto& main = outbox.main();
    SqlParams params;
    // One pass over the table: each state's condition once, as a boolean column, then the
    // counts over those columns (a NULL condition is a row that does not meet it).
    std::vector<Status> present;
    std::string flags;
    for (auto status : all_statuses) {
        auto condition = outbox.state_only(main, status, params);
        if (condition.is_never()) {
            continue;
        }
        present.push_back(status);
        flags += (flags.empty() ? "" : ", ") + std::string("COALESCE(") + condition.sql() +
                 ", FALSE) AS " + quote_identifier(std::string(to_string(status)));
    }
    std::string met = "0";
    std::string counts = "pg_catalog.count(*)";
    for (auto status : present) {
        auto flag = quote_identifier(std::string(to_string(status)));
        met += " + " + flag + "::integer";
        counts += ", pg_catalog.count(*) FILTER (WHERE " + flag + ")";
    }
    counts += ", pg_catalog.count(*) FILTER (WHERE " + met + " > 1)";
    counts += ", pg_catalog.count(*) FILTER (WHERE " + met + " = 0)";
    std::vector<std::pair<Status, Status>> pairs;
    for (std::size_t i = 0; i < present.size(); ++i) {
        for (auto j = i + 1; j < present.size(); ++j) {
            pairs.emplace_back(present[i], present[j]);
            counts += ", pg_catalog.count(*) FILTER (WHERE " +
                      quote_identifier(std::string(to_string(present[i]))) + " AND " +
                      quote_identifier(std::string(to_string(present[j]))) + ") AS " +
                      quote_identifier(pair_label(present[i], present[j]));
        }
    }
    if (const auto* dead = outbox.dead_letters()) {
        auto dead_rows = outbox.rows(*dead, params);
        counts += ", (SELECT pg_catalog.count(*) FROM " + dead->table().sql() +
                  dead_rows.clause(" WHERE ") + ")";
    }
    // Only the outbox's own rows: a row filter leaves the table's other rows out.
    auto rows = outbox.rows(main, params);
    auto sql = "SELECT " + counts + " FROM (SELECT " + (flags.empty() ? "TRUE AS none" : flags) +
               " FROM " + main.table().sql() + rows.clause(" WHERE ") + ") AS states";
    auto row = session.exec(tx, sql, params)[0];

    StateCounts result;
    result.table = main.table();
    pqxx::row::size_type at = 0;
    result.rows = row[at++].as<std::int64_t>();
    for (auto status : present) {
        result.by_state[static_cast<std::size_t>(status)] = row[at++].as<std::int64_t>();
    }
    result.in_several_states = row[at++].as<std::int64_t>();
    result.in_no_state = row[at++].as<std::int64_t>();
    for (const auto& [first, second] : pairs) {
        auto rows = row[at++].as<std::int64_t>();
        if (rows > 0) {
            result.overlaps.push_back({first, second, rows});
        }
    }
    if (outbox.dead_letters() != nullptr) {
        result.dead_letter_rows = row[at++].as<std::int64_t>();
    }
    return result;
}

} // namespace eventctl::doctor
