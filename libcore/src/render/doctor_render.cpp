#include "../doctor/doctor_text.h"
#include "eventctl/render/csv.h"
#include "eventctl/render/doctor.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

namespace {

constexpr const char* green = "32";
constexpr const char* yellow = "33";
constexpr const char* red = "31";

using doctor_text::joined;

void heading(std::ostream& out, const std::string& text, const Terminal& terminal) {
    out << colorize(text, "1", terminal.color) << '\n';
}

void connection_section(std::ostream& out, const ConnectionFacts& facts, const Terminal& terminal) {
    heading(out, "CONNECTION", terminal);
    out << "server:            PostgreSQL " << facts.server_version << " ("
        << facts.server_version_num << ")\n"
        << "database:          " << facts.database << '\n'
        << "user:              " << facts.user << (facts.superuser ? " (superuser)" : "") << '\n'
        << "read-only:         "
        << (facts.in_recovery ? "yes (a standby)"
            : facts.read_only ? "yes (default_transaction_read_only)"
                              : "no")
        << '\n'
        << "application_name:  " << facts.application_name << '\n';
}

void state_counts_section(std::ostream& out, const StateCounts& counts, const Terminal& terminal) {
    out << "\nstates of " << counts.table.display() << " (--count): " << counts.rows << " rows\n";
    TextTable table({"STATE", "ROWS"}, {false, true});
    for (auto status : all_statuses) {
        if (const auto& count = counts.by_state[static_cast<std::size_t>(status)]) {
            table.add_row({{std::string(to_string(status))}, {std::to_string(*count)}});
        }
    }
    if (counts.dead_letter_rows) {
        table.add_row({{"dead (dead-letter table)"}, {std::to_string(*counts.dead_letter_rows)}});
    }
    table.add_row({{"in several states"},
                   {std::to_string(counts.in_several_states),
                    counts.in_several_states > 0 ? yellow : nullptr}});
    table.add_row(
        {{"in no state"},
         {std::to_string(counts.in_no_state), counts.in_no_state > 0 ? yellow : nullptr}});
    table.write(out, terminal);
}

void layout_section(std::ostream& out, const LayoutCheck& layout, const Terminal& terminal) {
    heading(out, "LAYOUT " + layout.name + " (" + layout.origin + ")", terminal);
    if (!layout.description.empty()) {
        out << layout.description << '\n';
    }
    TextTable tables({"ROLE", "TABLE", "STATE"});
    for (const auto& table : layout.tables) {
        tables.add_row({{table.role},
                        {table.table.display()},
                        {table.exists ? "exists" : "missing", table.exists ? green : red}});
    }
    out << '\n';
    tables.write(out, terminal);
    for (const auto& column : layout.state_columns) {
        out << "\nstate column " << column.table.display() << "." << column.column << ": "
            << column.type;
        if (column.is_enum) {
            out << " (enum: " << joined(column.enum_labels) << ")";
        }
    }
    if (!layout.state_columns.empty()) {
        out << '\n';
    }
    if (layout.fits()) {
        out << '\n' << colorize("the layout fits the tables", green, terminal.color) << '\n';
    } else {
        out << '\n' << colorize("the layout does not fit the tables:", red, terminal.color) << '\n';
        for (const auto& problem : layout.problems) {
            out << "  - " << problem << '\n';
        }
    }
    if (layout.state_counts) {
        state_counts_section(out, *layout.state_counts, terminal);
    }
}

void commands_section(std::ostream& out, const std::vector<Capability>& commands,
                      const Terminal& terminal) {
    heading(out, "COMMANDS", terminal);
    TextTable table({"COMMAND", "SUPPORTED", "LACKS"});
    for (const auto& command : commands) {
        table.add_row({{std::string(command_name(command.command))},
                       {command.supported ? "yes" : "no", command.supported ? green : nullptr},
                       {command.lacking}});
    }
    table.write(out, terminal);
}

void indexes_section(std::ostream& out, const DoctorReport& report, const Terminal& terminal) {
    heading(out, "INDEXES", terminal);
    const auto& checks = report.indexes;
    if (!report.layout.fits()) {
        out << "note: a table that does not fit the layout is not checked for indexes\n";
    }
    if (checks.empty()) {
        out << "none to check\n";
        return;
    }
    TextTable table({"TABLE", "KEY", "INDEX", "FOR"});
    std::vector<std::string> statements;
    std::vector<std::string> notes;
    for (const auto& check : checks) {
        const auto& need = check.need;
        auto key = (need.unique ? "UNIQUE (" : "(") + joined(need.columns) + ")";
        Cell index = check.index        ? Cell{check.index->name, green}
                     : need.unindexable ? Cell{"none possible", yellow}
                                        : Cell{"missing", yellow};
        table.add_row({{need.table.display()}, {key}, index, {joined(need.commands)}});
        if (check.statement) {
            statements.push_back(*check.statement);
        }
        if (need.unindexable) {
            notes.push_back(*need.unindexable);
        } else if (!check.note.empty()) {
            notes.push_back(check.note);
        }
        if (!check.satisfied() && need.required) {
            notes.push_back(joined(need.commands) + " fail without a unique index on " +
                            need.table.display() + " (" + joined(need.columns) + ")");
        }
    }
    table.write(out, terminal);
    for (const auto& note : notes) {
        out << "note: " << note << '\n';
    }
    if (!statements.empty()) {
        out << "\nto create the missing indexes (printed, never run by eventctl):\n";
        for (const auto& statement : statements) {
            // A partitioned table's index is several statements, one a line.
            std::string indented;
            for (char c : statement) {
                indented += c;
                if (c == '\n') {
                    indented += "  ";
                }
            }
            out << "  " << indented << '\n';
        }
    }
}

void privileges_section(std::ostream& out, const DoctorReport& report, const Terminal& terminal) {
    heading(out, "PRIVILEGES of role " + report.connection.user, terminal);
    if (report.privileges.empty()) {
        out << "no supported command to check\n";
        return;
    }
    TextTable table({"COMMAND", "PRIVILEGES", "MISSING"});
    for (const auto& command : report.privileges) {
        auto missing = command.missing();
        if (command.blocked_by_read_only) {
            missing.push_back("writing (the session is read-only)");
        }
        table.add_row({{std::string(command_name(command.command))},
                       {command.ok() ? "ok" : "missing", command.ok() ? green : red},
                       {joined(missing)}});
    }
    table.write(out, terminal);
}

// Partitioned tables and what holds back the space purges free: what retention needs to know.
void retention_section(std::ostream& out, const DoctorReport& report, const Terminal& terminal) {
    heading(out, "RETENTION", terminal);
    if (report.partitions.empty()) {
        out << "partitions: no table of the layout is partitioned\n";
    }
    for (const auto& table : report.partitions) {
        out << "partitions: " << table.table.display() << ": " << partitions_text(table) << '\n';
    }
    for (const auto& table : report.vacuum) {
        out << "vacuum:     " << table.table.display() << ": " << vacuum_text(table) << '\n';
        for (const auto& holder : table.holders) {
            out << "  held by " << holder.kind << " " << holder.name;
            if (holder.application && !holder.application->empty()) {
                out << " (" << *holder.application << ")";
            }
            if (holder.state) {
                out << ", " << *holder.state;
            }
            if (holder.age_seconds) {
                out << ", for " << short_age(*holder.age_seconds);
            }
            if (holder.xmin_age) {
                out << ", xmin " << *holder.xmin_age << " transactions old";
            }
            if (holder.catalog_xmin_age) {
                out << ", catalog_xmin " << *holder.catalog_xmin_age << " transactions old";
            }
            out << '\n';
        }
    }
}

void render_doctor_table(std::ostream& out, const DoctorReport& report, const Terminal& terminal) {
    connection_section(out, report.connection, terminal);
    out << '\n';
    layout_section(out, report.layout, terminal);
    out << '\n';
    commands_section(out, report.commands, terminal);
    out << '\n';
    indexes_section(out, report, terminal);
    out << '\n';
    privileges_section(out, report, terminal);
    out << '\n';
    retention_section(out, report, terminal);
    auto warnings = report.warnings();
    out << '\n';
    heading(out, "RESULT", terminal);
    for (const auto& warning : warnings) {
        out << colorize("warning: ", yellow, terminal.color) << warning << '\n';
    }
    auto code = report.exit_code();
    out << colorize("exit status " + std::to_string(to_int(code)),
                    code == ExitCode::ok ? green : red, terminal.color)
        << ": " << report.summary() << '\n';
}

nlohmann::json finding_json(const DoctorFinding& finding) {
    return {
        {"section", finding.section},
        {"subject", finding.subject},
        {"severity", finding.severity},
        {"message", finding.message},
        {"statement", finding.statement ? nlohmann::json(*finding.statement) : nlohmann::json()}};
}

} // namespace

void render_doctor(std::ostream& out, const DoctorReport& report, OutputFormat format,
                   const Terminal& terminal) {
    switch (format) {
    case OutputFormat::table:
        render_doctor_table(out, report, terminal);
        break;
    case OutputFormat::json:
        out << json_text(doctor_json(report), true) << '\n';
        break;
    case OutputFormat::ndjson:
        for (const auto& finding : doctor_findings(report)) {
            out << json_text(finding_json(finding), false) << '\n' << std::flush;
        }
        break;
    case OutputFormat::csv:
        write_csv_record(out, {"section", "subject", "severity", "message", "statement"});
        for (const auto& finding : doctor_findings(report)) {
            write_csv_record(out, {finding.section, finding.subject, finding.severity,
                                   finding.message, finding.statement});
        }
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "doctor");
    }
}

} // namespace eventctl
