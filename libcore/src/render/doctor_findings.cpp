#include "../doctor/doctor_text.h"
#include "eventctl/render/doctor.h"

namespace eventctl {

namespace {

using doctor_text::joined;

std::string read_only_text(const ConnectionFacts& facts) {
    if (facts.in_recovery) {
        return "yes: the server is a standby";
    }
    return facts.read_only ? "yes: default_transaction_read_only is on" : "no";
}

std::string column_type_text(const StateColumn& column) {
    if (!column.is_enum) {
        return column.type;
    }
    return "enum " + column.type + ": " + joined(column.enum_labels);
}

std::string counts_text(const StateCounts& counts) {
    std::vector<std::string> parts;
    for (auto status : all_statuses) {
        if (const auto& count = counts.by_state[static_cast<std::size_t>(status)]) {
            parts.push_back(std::string(to_string(status)) + " " + std::to_string(*count));
        }
    }
    auto text = std::to_string(counts.rows) + " rows: " + joined(parts) + "; in several states " +
                std::to_string(counts.in_several_states) + ", in none " +
                std::to_string(counts.in_no_state);
    if (counts.dead_letter_rows) {
        text += "; " + std::to_string(*counts.dead_letter_rows) + " in the dead-letter table";
    }
    return text;
}

std::string index_subject(const IndexNeed& need) {
    return need.table.display() + " (" + joined(need.columns) + ")";
}

} // namespace

std::string partitions_text(const PartitionReport& table) {
    return table.role + " partitioned by " + table.key + ": " + std::to_string(table.leaves) +
           (table.leaves == 1 ? " leaf" : " leaves") +
           (table.depth > 1 ? ", " + std::to_string(table.depth) + " levels" : "") +
           (table.has_default ? ", a DEFAULT partition" : "") + "; " + table.drop_note +
           (table.partman ? "; " + *table.partman : "");
}

std::string vacuum_text(const VacuumHorizon& table) {
    auto when = [](const std::optional<TimePoint>& time) {
        return time ? format_rfc3339(*time) : std::string("never");
    };
    std::string text = std::to_string(table.dead_tuples) + " dead tuples; last vacuum " +
                       when(table.last_vacuum) + ", last autovacuum " + when(table.last_autovacuum);
    if (auto note = table.reclaim_note()) {
        text += "; " + *note;
    } else {
        text += "; nothing holds the horizon back";
    }
    return text;
}

std::vector<DoctorFinding> doctor_findings(const DoctorReport& report) {
    std::vector<DoctorFinding> findings;
    auto add = [&findings](std::string section, std::string subject, std::string severity,
                           std::string message, std::optional<std::string> statement = {}) {
        findings.push_back({std::move(section), std::move(subject), std::move(severity),
                            std::move(message), std::move(statement)});
    };

    const auto& facts = report.connection;
    add("connection", "server_version", "info",
        facts.server_version + " (" + std::to_string(facts.server_version_num) + ")");
    add("connection", "database", "info", facts.database);
    add("connection", "user", "info", facts.user + (facts.superuser ? " (superuser)" : ""));
    add("connection", "read_only", facts.read_only ? "warning" : "info", read_only_text(facts));
    add("connection", "application_name", "info", facts.application_name);

    const auto& layout = report.layout;
    add("layout", layout.name, "info", "origin " + layout.origin);
    for (const auto& table : layout.tables) {
        add("layout", table.table.display(), table.exists ? "ok" : "error",
            table.role + (table.exists ? ": exists" : ": does not exist"));
    }
    for (const auto& problem : layout.problems) {
        add("layout", layout.name, "error", problem);
    }
    for (const auto& column : layout.state_columns) {
        add("layout", column.table.display() + "." + column.column, "info",
            "state column, " + column_type_text(column));
    }
    if (layout.state_counts) {
        add("layout", layout.state_counts->table.display(), "info",
            counts_text(*layout.state_counts));
        for (const auto& warning : state_warnings(*layout.state_counts)) {
            add("layout", layout.state_counts->table.display(), "warning", warning);
        }
    }
    if (layout.count_skipped) {
        add("layout", layout.name, "warning", *layout.count_skipped);
    }

    for (const auto& command : report.commands) {
        add("command", std::string(command_name(command.command)),
            command.supported ? "ok" : "info",
            command.supported ? "supported" : "not supported: the layout lacks " + command.lacking);
    }

    for (const auto& check : report.indexes) {
        if (check.satisfied()) {
            add("index", index_subject(check.need), "ok",
                check.need.purpose + ": index " + check.index->name);
            continue;
        }
        auto statement = check.statement;
        for (const auto& warning : index_warnings(check)) {
            add("index", index_subject(check.need), "warning", warning, statement);
            statement.reset();
        }
    }

    for (const auto& command : report.privileges) {
        if (command.ok()) {
            add("privilege", std::string(command_name(command.command)), "ok",
                "the role has every privilege it needs");
            continue;
        }
        auto missing = command.missing();
        if (!missing.empty()) {
            add("privilege", std::string(command_name(command.command)), "error",
                "missing " + joined(missing));
        }
        if (command.blocked_by_read_only) {
            add("privilege", std::string(command_name(command.command)), "error",
                "it writes, and the session is read-only");
        }
    }

    for (const auto& table : report.partitions) {
        add("partitions", table.table.display(), "info", partitions_text(table));
        if (table.partman_warning) {
            add("partitions", table.table.display(), "warning", *table.partman_warning);
        }
    }
    for (const auto& table : report.vacuum) {
        auto note = table.reclaim_note();
        add("vacuum", table.table.display(), note && table.dead_tuples > 0 ? "warning" : "info",
            vacuum_text(table));
    }

    add("summary", "exit_status", report.exit_code() == ExitCode::ok ? "ok" : "error",
        std::to_string(to_int(report.exit_code())) + ": " + report.summary());
    return findings;
}

} // namespace eventctl
