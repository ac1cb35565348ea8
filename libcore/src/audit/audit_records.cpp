#include "eventctl/audit/audit_records.h"

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/render/human_text.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/catalog.h"
#include "sql/field_values.h"
#include "sql/statement.h"

#include <algorithm>
#include <functional>

namespace eventctl {

namespace {

// The audit table's columns as the statement reads them; a table a layout names may lack
// occurred_at and db_user, which eventctl never writes itself (their defaults fill them).
struct AuditColumns {
    std::string occurred_micros = "NULL::bigint";
    std::string db_user = "NULL::text";
};

AuditColumns audit_columns(Session& session, pqxx::transaction_base& tx,
                           const QualifiedName& table) {
    auto catalog = read_catalog(session, tx, {table});
    if (catalog.empty() || !catalog.front().exists) {
        throw UsageError("relation \"" + table.display() + "\" does not exist (the audit table)",
                         "'eventctl schema init' creates it; 'eventctl doctor' checks the layout");
    }
    AuditColumns columns;
    if (const auto* occurred = catalog.front().column("occurred_at")) {
        columns.occurred_micros =
            time_epoch_micros(quote_identifier("occurred_at"), time_format_of(occurred->kind));
    }
    if (catalog.front().column("db_user") != nullptr) {
        columns.db_user = quote_identifier("db_user") + "::text";
    }
    return columns;
}

std::string records_query(const QualifiedName& table, const AuditColumns& columns,
                          const Condition& where, const std::string& limit) {
    return fmt::format(R"(SELECT id, {occurred}, command, command_line, {db_user}, os_user, dry_run,
    matched, changed, selection::text, result::text
FROM {table}
WHERE {where}
ORDER BY id DESC
LIMIT {limit}::bigint)",
                       "occurred"_a = columns.occurred_micros, "db_user"_a = columns.db_user,
                       "table"_a = table.sql(), "where"_a = where, "limit"_a = limit);
}

nlohmann::json json_of(const pqxx::field& field) {
    return field.is_null() ? nlohmann::json::object()
                           : nlohmann::json::parse(field.as<std::string>());
}

AuditEntry read_entry(const pqxx::row& row) {
    AuditEntry entry;
    entry.id = row[0].as<std::int64_t>();
    if (!row[1].is_null()) {
        entry.occurred_at = from_epoch_micros(row[1].as<std::int64_t>());
    }
    entry.command = row[2].as<std::string>();
    entry.command_line = row[3].as<std::string>();
    entry.db_user = optional_text(row[4]);
    entry.os_user = optional_text(row[5]);
    entry.dry_run = row[6].as<bool>();
    entry.matched = row[7].as<std::int64_t>();
    entry.changed = row[8].as<std::int64_t>();
    entry.selection = json_of(row[9]);
    entry.result = json_of(row[10]);
    entry.outcome = audit_outcome(entry.result);
    return entry;
}

std::vector<AuditEntry>
read_records(Session& session, const Layout& layout,
             const std::function<Condition(SqlParams&, const AuditColumns&)>& where,
             const std::string& limit_text, bool has_limit) {
    ReadTransaction tx(session.connection());
    auto columns = audit_columns(session, tx, *layout.audit);
    SqlParams params;
    auto condition = where(params, columns);
    auto limit = has_limit ? params.bind(limit_text) : params.bind_null();
    auto rows = session.exec(tx, records_query(*layout.audit, columns, condition, limit), params);
    tx.commit();
    std::vector<AuditEntry> entries;
    for (const auto& row : rows) {
        entries.push_back(read_entry(row));
    }
    return entries;
}

} // namespace

std::vector<std::string> audited_command_names() {
    std::vector<std::string> names;
    for (auto command : all_commands()) {
        std::string name(audit_name(command));
        if (command_writes(command) && uses_layout(command) &&
            std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
        }
    }
    return names;
}

std::string audit_outcome(const nlohmann::json& result) {
    if (!result.is_object()) {
        return "complete";
    }
    if (result.value("unfinished", false)) {
        return "unfinished";
    }
    if (result.contains("stopped_by") && result.at("stopped_by").is_string()) {
        return "stopped by " + result.at("stopped_by").get<std::string>();
    }
    return "complete";
}

void validate_audit_query(const Layout& layout, const AuditQuery& query) {
    require_capability(layout, Command::audit_list);
    if (query.command) {
        auto names = audited_command_names();
        if (std::find(names.begin(), names.end(), *query.command) == names.end()) {
            throw UsageError("--command \"" + *query.command +
                             "\" is not an audited command; expected one of: " + joined(names));
        }
    }
    if (query.since && query.until && *query.until <= *query.since) {
        throw UsageError("--until must be after --since");
    }
    if (query.limit < 0) {
        throw UsageError("invalid --limit " + std::to_string(query.limit) +
                         ": expected 0 (every record) or a positive number");
    }
}

std::vector<AuditEntry> list_audit(Session& session, const Layout& layout,
                                   const AuditQuery& query) {
    validate_audit_query(layout, query);
    auto where = [&](SqlParams& params, const AuditColumns& columns) {
        std::vector<Condition> conditions;
        if (query.command) {
            conditions.emplace_back("command = " + params.bind(*query.command));
        }
        auto occurred = [&](const char* op, TimePoint instant) {
            if (columns.occurred_micros == "NULL::bigint") {
                throw UsageError("the audit table " + layout.audit->display() +
                                 " records no occurred_at: --since and --until cannot select "
                                 "by time");
            }
            return Condition(columns.occurred_micros + op +
                             params.bind(std::to_string(to_epoch_micros(instant))) + "::bigint");
        };
        if (query.since) {
            conditions.push_back(occurred(" >= ", *query.since));
        }
        if (query.until) {
            conditions.push_back(occurred(" < ", *query.until));
        }
        return Condition::all(conditions);
    };
    return read_records(session, layout, where, std::to_string(query.limit), query.limit != 0);
}

AuditEntry show_audit(Session& session, const Layout& layout, std::int64_t id) {
    require_capability(layout, Command::audit_show);
    auto where = [&](SqlParams& params, const AuditColumns&) {
        return Condition("id = " + params.bind(std::to_string(id)) + "::bigint");
    };
    auto entries = read_records(session, layout, where, "1", true);
    if (entries.empty()) {
        throw DataError("audit record " + std::to_string(id) + " does not exist in " +
                            layout.audit->display(),
                        "list the records with 'eventctl audit list'");
    }
    return entries.front();
}

} // namespace eventctl
