#include "../outbox/outbox_table.h"
#include "doctor_steps.h"
#include "doctor_text.h"
#include "eventctl/session/transactions.h"

#include <algorithm>

namespace eventctl {

namespace {

using doctor_text::joined;

std::string columns_text(const std::vector<std::string>& columns) {
    return "(" + joined(columns) + ")";
}

// "1 row meets", "3 rows meet".
std::string rows_meet(std::int64_t rows) {
    return std::to_string(rows) + (rows == 1 ? " row meets" : " rows meet");
}

bool outbox_fits(const Layout& layout, const std::vector<CatalogTable>& catalog) {
    return layout.outbox &&
           OutboxTable::problems(layout,
                                 doctor::tables_of(catalog, OutboxTable::catalog_tables(layout)))
               .empty();
}

} // namespace

std::vector<std::string> index_warnings(const IndexCheck& check) {
    if (check.satisfied()) {
        return {};
    }
    const auto& need = check.need;
    auto subject = need.table.display() + " " + columns_text(need.columns) + " for " +
                   need.purpose + " (" + joined(need.commands) + ")";
    if (need.unindexable) {
        return {"no index can serve " + subject + ": " + *need.unindexable};
    }
    auto text = std::string("no ") + (need.unique ? "unique " : "") + "index on " + subject;
    if (need.required) {
        text += "; without it they fail";
    }
    if (check.statement) {
        text += "; create one with: " + *check.statement;
    }
    std::vector<std::string> warnings{text};
    if (!check.note.empty()) {
        warnings.push_back(check.note);
    }
    return warnings;
}

std::vector<std::string> state_warnings(const StateCounts& counts) {
    std::vector<std::string> warnings;
    for (const auto& overlap : counts.overlaps) {
        auto first = std::string(to_string(overlap.first));
        warnings.push_back(counts.table.display() + ": " + rows_meet(overlap.rows) +
                           " the conditions of both " + first + " and " +
                           std::string(to_string(overlap.second)) +
                           ": the layout's states overlap, so stats counts them in both and "
                           "list shows them as " +
                           first);
    }
    if (counts.in_no_state > 0) {
        warnings.push_back(counts.table.display() + ": " + rows_meet(counts.in_no_state) +
                           " no state's conditions: no status counts them, no change "
                           "selects them, and outbox list without --status stops at them");
    }
    return warnings;
}

std::vector<std::string> DoctorReport::warnings() const {
    std::vector<std::string> warnings;
    for (const auto& check : indexes) {
        auto more = index_warnings(check);
        warnings.insert(warnings.end(), more.begin(), more.end());
    }
    if (layout.state_counts) {
        auto more = state_warnings(*layout.state_counts);
        warnings.insert(warnings.end(), more.begin(), more.end());
    }
    if (layout.count_skipped) {
        warnings.push_back(*layout.count_skipped);
    }
    for (const auto& partitioned : partitions) {
        if (partitioned.partman_warning) {
            warnings.push_back(*partitioned.partman_warning);
        }
    }
    for (const auto& table : vacuum) {
        auto note = table.reclaim_note();
        if (note && table.dead_tuples > 0) {
            warnings.push_back(table.table.display() + ": " + std::to_string(table.dead_tuples) +
                               " dead tuples; " + *note);
        }
    }
    return warnings;
}

std::vector<std::string> DoctorReport::commands_lacking_privileges() const {
    std::vector<std::string> commands;
    for (const auto& command : privileges) {
        if (!command.ok()) {
            commands.emplace_back(command_name(command.command));
        }
    }
    return commands;
}

ExitCode DoctorReport::exit_code() const {
    if (!layout.fits()) {
        return ExitCode::usage;
    }
    if (!commands_lacking_privileges().empty()) {
        return ExitCode::no_permission;
    }
    return ExitCode::ok;
}

std::string DoctorReport::summary() const {
    std::vector<std::string> parts;
    auto plural = [](std::size_t n, const std::string& one, const std::string& many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    if (!layout.fits()) {
        parts.push_back("layout " + layout.name + " does not fit the tables: " +
                        plural(layout.problems.size(), "problem", "problems"));
    } else {
        parts.push_back("layout " + layout.name + " fits the tables");
    }
    auto lacking = commands_lacking_privileges();
    if (!lacking.empty()) {
        parts.push_back("role " + connection.user + " cannot run " +
                        plural(lacking.size(), "command", "commands") + ": " + joined(lacking));
    } else {
        parts.push_back("role " + connection.user + " may run every supported command");
    }
    bool unchecked = std::any_of(privileges.begin(), privileges.end(), [](const auto& command) {
        return std::any_of(command.privileges.begin(), command.privileges.end(),
                           [](const PrivilegeCheck& check) { return !check.granted; });
    });
    if (unchecked) {
        parts.back() += " (on the tables that exist)";
    }
    if (auto count = warnings().size(); count > 0) {
        parts.push_back(plural(count, "warning", "warnings"));
    }
    return joined(parts, "; ");
}

DoctorReport run_doctor(Session& session, const Layout& layout, const DoctorOptions& options) {
    DoctorReport report;
    // One snapshot, read-only: a read-only role can run doctor, and doctor can change nothing.
    ReadTransaction tx(session.connection());
    report.connection = doctor::read_connection_facts(session, tx);
    std::vector<QualifiedName> tables;
    for (const auto& [role, table] : doctor::layout_tables(layout)) {
        tables.push_back(table);
    }
    auto catalog = read_catalog(session, tx, tables);
    report.layout = doctor::check_layout(layout, catalog);
    if (options.count_states) {
        if (outbox_fits(layout, catalog)) {
            report.layout.state_counts = doctor::count_states(session, tx, layout, catalog);
        } else {
            report.layout.count_skipped = layout.outbox ? "--count: the outbox does not fit the "
                                                          "layout, so its rows were not counted"
                                                        : "--count: the layout has no outbox";
        }
    }
    report.commands = layout_capabilities(layout);
    report.partitions = doctor::check_partitions(session, tx, layout, catalog);
    std::vector<QualifiedName> droppable;
    for (const auto& partitioned : report.partitions) {
        if (partitioned.drop_partitions) {
            droppable.push_back(partitioned.table);
        }
    }
    report.indexes = doctor::check_indexes(session, tx, index_needs(layout, catalog, droppable));
    report.privileges = privilege_needs(layout);
    doctor::check_privileges(session, tx, report.privileges, report.connection.read_only);
    for (const auto& [role, table] : doctor::layout_tables(layout)) {
        if ((role == "outbox" || role == "event_log") &&
            doctor::find_table(catalog, table).exists) {
            report.vacuum.push_back(read_vacuum_horizon(session, tx, table, 1));
        }
    }
    tx.commit();
    return report;
}

} // namespace eventctl
