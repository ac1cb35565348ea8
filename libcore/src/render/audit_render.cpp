#include "eventctl/render/audit.h"
#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/output.h"
#include "eventctl/render/text_table.h"
#include "render/optional_text.h"

namespace eventctl {

namespace {

nlohmann::json text_json(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json();
}
// Who ran it, as one cell: the database user, and the OS user where it differs.
std::string who(const AuditEntry& entry) {
    auto db = entry.db_user.value_or("-");
    if (entry.os_user && *entry.os_user != db) {
        return db + " (" + *entry.os_user + ")";
    }
    return db;
}

const std::vector<std::string>& csv_heading() {
    static const std::vector<std::string> heading = {
        "id",      "occurred_at", "command", "command_line", "db_user",   "os_user",
        "dry_run", "matched",     "changed", "outcome",      "selection", "result"};
    return heading;
}

void write_csv_entry(std::ostream& out, const AuditEntry& entry) {
    write_csv_record(out, {std::to_string(entry.id), time_text(entry.occurred_at), entry.command,
                           entry.command_line, entry.db_user, entry.os_user,
                           entry.dry_run ? "true" : "false", std::to_string(entry.matched),
                           std::to_string(entry.changed), entry.outcome,
                           json_text(entry.selection, false), json_text(entry.result, false)});
}

void write_csv_heading(std::ostream& out) {
    std::vector<std::optional<std::string>> fields(csv_heading().begin(), csv_heading().end());
    write_csv_record(out, fields);
}

} // namespace

nlohmann::json audit_entry_json(const AuditEntry& entry) {
    return {{"id", entry.id},
            {"occurred_at", text_json(time_text(entry.occurred_at))},
            {"command", entry.command},
            {"command_line", entry.command_line},
            {"db_user", text_json(entry.db_user)},
            {"os_user", text_json(entry.os_user)},
            {"dry_run", entry.dry_run},
            {"matched", entry.matched},
            {"changed", entry.changed},
            {"outcome", entry.outcome},
            {"selection", entry.selection},
            {"result", entry.result}};
}

void render_audit_list(std::ostream& out, const std::vector<AuditEntry>& entries,
                       OutputFormat format, const Terminal& terminal) {
    switch (format) {
    case OutputFormat::table: {
        TextTable table(
            {"ID", "OCCURRED AT", "WHO", "COMMAND", "CHANGED", "OUTCOME", "COMMAND LINE"},
            {true, false, false, false, true, false, false});
        table.set_fitting({6}, {6, 2});
        for (const auto& entry : entries) {
            table.add_row({{std::to_string(entry.id)},
                           {time_text(entry.occurred_at).value_or("-")},
                           {who(entry)},
                           {entry.command},
                           {std::to_string(entry.changed)},
                           {entry.outcome},
                           {entry.command_line}});
        }
        table.write(out, terminal);
        out << '\n'
            << entries.size() << (entries.size() == 1 ? " record" : " records")
            << ", the newest first\n";
        if (auto note = left_out_note(table); !note.empty()) {
            out << note << '\n';
        }
        break;
    }
    case OutputFormat::json: {
        nlohmann::json records = nlohmann::json::array();
        for (const auto& entry : entries) {
            records.push_back(audit_entry_json(entry));
        }
        out << json_text({{"records", records}}, true) << '\n';
        break;
    }
    case OutputFormat::ndjson:
        for (const auto& entry : entries) {
            out << json_text(audit_entry_json(entry), false) << '\n';
        }
        break;
    case OutputFormat::csv:
        write_csv_heading(out);
        for (const auto& entry : entries) {
            write_csv_entry(out, entry);
        }
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "audit list");
    }
}

void render_audit_entry(std::ostream& out, const AuditEntry& entry, OutputFormat format) {
    switch (format) {
    case OutputFormat::table:
        out << "audit record " << entry.id << '\n';
        out << "  occurred at:   " << time_text(entry.occurred_at).value_or("-") << '\n';
        out << "  who:           " << who(entry) << '\n';
        out << "  command:       " << entry.command << (entry.dry_run ? " (dry run)" : "") << '\n';
        out << "  command line:  " << entry.command_line << '\n';
        out << "  matched:       " << entry.matched << '\n';
        out << "  changed:       " << entry.changed << '\n';
        out << "  outcome:       " << entry.outcome << '\n';
        out << "  selection:     " << json_text(entry.selection, false) << '\n';
        out << "  result:        " << json_text(entry.result, false) << '\n';
        break;
    case OutputFormat::json:
        out << json_text(audit_entry_json(entry), true) << '\n';
        break;
    case OutputFormat::ndjson:
        out << json_text(audit_entry_json(entry), false) << '\n';
        break;
    case OutputFormat::csv:
        write_csv_heading(out);
        write_csv_entry(out, entry);
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "audit show");
    }
}

} // namespace eventctl
