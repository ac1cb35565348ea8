#include "global_scope.h"

#include "eventctl/error.h"
#include "parse_failure.h"

#include <algorithm>
#include <map>
#include <set>

namespace eventctl::cli {

namespace {

// The globals every command that connects honours.
const std::vector<std::string> connecting = {"--db", "--statement-timeout", "--lock-timeout",
                                             "--verbose", "--quiet"};
// Where a command's tables are.
const std::vector<std::string> outbox_tables = {"--layout", "--schema", "--outbox-table",
                                                "--dead-letter-table"};
const std::vector<std::string> log_tables = {"--layout", "--schema", "--log-table",
                                             "--consumers-table"};
// How a table for people is shown.
const std::vector<std::string> tables_shown = {"--color", "--no-headers"};
// Where a command that only reads may read (reads_from_standby in context.cpp).
const std::vector<std::string> standby = {"--read-db"};

struct Scope {
    std::vector<std::vector<std::string>> globals;
    const char* formats; // nullptr: prints one fixed form, -o and --json refused
};

const std::map<std::string, Scope>& scopes() {
    const char* tables = "table (the default), wide, json, ndjson, csv";
    static const std::map<std::string, Scope> by_path = {
        {"outbox stats",
         {{connecting, standby, outbox_tables, tables_shown, {"--no-pager"}},
          "table (the default), wide, json, ndjson, csv, prometheus"}},
        {"outbox list",
         {{connecting, standby, outbox_tables, tables_shown, {"--no-pager"}}, tables}},
        {"outbox show", {{connecting, standby, outbox_tables, {"--color", "--no-pager"}}, tables}},
        {"outbox errors", {{connecting, standby, outbox_tables, tables_shown}, tables}},
        {"outbox blocked", {{connecting, standby, outbox_tables, tables_shown}, tables}},
        {"outbox retry", {{connecting, outbox_tables, {"--audit-table"}}, tables}},
        {"outbox mark-dead", {{connecting, outbox_tables, {"--audit-table"}}, tables}},
        {"outbox unlock-stale", {{connecting, outbox_tables, {"--audit-table"}}, tables}},
        {"outbox purge", {{connecting, outbox_tables, {"--audit-table"}}, tables}},
        {"log consumers",
         {{connecting, standby, log_tables, tables_shown, {"--no-pager"}},
          "table (the default), wide, json, ndjson, csv, prometheus"}},
        {"log seek", {{connecting, log_tables, {"--audit-table"}, tables_shown}, tables}},
        {"log replay",
         {{connecting,
           standby,
           log_tables,
           {"--outbox-table", "--dead-letter-table", "--audit-table"},
           tables_shown,
           {"--no-pager"}},
          "ndjson (the default), json, csv, table, wide"}},
        {"log purge", {{connecting, log_tables, {"--audit-table"}}, tables}},
        {"audit list",
         {{connecting, standby, {"--layout", "--schema", "--audit-table"}, tables_shown}, tables}},
        {"audit show", {{connecting, standby, {"--layout", "--schema", "--audit-table"}}, tables}},
        {"metrics",
         {{connecting, standby, outbox_tables, log_tables},
          "prometheus (the default), json, ndjson"}},
        {"check",
         {{connecting, standby, outbox_tables, log_tables},
          "the plugin's lines (the default; table, wide), json, ndjson"}},
        {"schema init",
         {{connecting,
           {"--schema", "--outbox-table", "--log-table", "--consumers-table", "--audit-table"},
           tables_shown},
          tables}},
        {"schema print",
         {{{"--schema", "--outbox-table", "--log-table", "--consumers-table", "--audit-table"}},
          nullptr}},
        {"layouts", {{tables_shown}, tables}},
        {"layouts show", {{}, nullptr}},
        {"layouts check", {{tables_shown}, tables}},
        {"doctor",
         {{connecting, outbox_tables, log_tables, {"--audit-table"}, tables_shown, {"--no-pager"}},
          tables}},
        {"completion", {{}, nullptr}},
    };
    return by_path;
}

// "outbox purge" for "eventctl outbox purge".
std::string path_in_tree(const CLI::App& command) {
    auto path = command_path(command);
    auto space = path.find(' ');
    return space == std::string::npos ? std::string() : path.substr(space + 1);
}

std::string typed(const CLI::Option& option) {
    std::string names;
    for (const auto& name : option.get_snames()) {
        names += "-" + name + "/";
    }
    for (const auto& name : option.get_lnames()) {
        names += "--" + name + "/";
    }
    names.pop_back();
    auto value = option.get_option_text();
    return value.empty() ? names : names + " " + value;
}

std::string note(const CLI::App& root, const Scope& scope) {
    std::string listed;
    std::size_t line = 2;
    std::set<std::string> seen; // the outbox's and the log's tables share --layout and --schema
    for (const auto& group : scope.globals) {
        for (const auto& name : group) {
            const auto* option = root.get_option_no_throw(name);
            if (option == nullptr || !seen.insert(name).second) {
                continue;
            }
            auto item = typed(*option);
            if (!listed.empty()) {
                listed += ",";
                ++line;
                if (line + item.size() + 1 > 94) {
                    listed += "\n ";
                    line = 1;
                }
            }
            listed += " " + item;
            line += item.size() + 1;
        }
    }
    std::string text = "Global options it honours (before or after the command; 'eventctl --help' "
                       "says what each does):\n";
    text += listed.empty() ? "  none" : " " + listed;
    text += "\nOutput formats (-o FORMAT, --json): ";
    text += scope.formats != nullptr ? scope.formats : "none: it prints one fixed form";
    return text;
}

void visit(CLI::App& command, const CLI::App& root) {
    auto found = scopes().find(path_in_tree(command));
    if (found != scopes().end()) {
        auto footer = command.get_footer();
        command.footer((footer.empty() ? "" : footer + "\n\n") + note(root, found->second));
    }
    for (auto* sub : command.get_subcommands({})) {
        visit(*sub, root);
    }
}

} // namespace

void add_global_option_notes(CLI::App& root) {
    for (auto* sub : root.get_subcommands({})) {
        visit(*sub, root);
    }
}

namespace {

// The globals that say where to work: a database or a table named to a command that never uses
// it would be ignored, and whoever named it would believe the command went there. The rest
// (timeouts, stderr, pager, headers, colour) ask for nothing a command that ignores them fails
// to do.
const std::vector<std::string> pointing = {
    "--db",        "--read-db",         "--layout",
    "--schema",    "--outbox-table",    "--dead-letter-table",
    "--log-table", "--consumers-table", "--audit-table"};

bool honours(const Scope& scope, const std::string& name) {
    for (const auto& group : scope.globals) {
        if (std::find(group.begin(), group.end(), name) != group.end()) {
            return true;
        }
    }
    return false;
}

// Why the command leaves the option alone, after its name ("'eventctl layouts' ...").
std::string why_unused(const Scope& scope, const std::string& name) {
    if (name == "--read-db" && honours(scope, "--db")) {
        return "runs on --db (the primary): --read-db is for the read-only commands";
    }
    if (name == "--db") {
        return "does not connect to a database: --db would be ignored";
    }
    if (name == "--layout" && honours(scope, "--schema")) {
        return "works on eventctl's own tables: --layout would be ignored";
    }
    return "does not use " + name + ": it would be ignored";
}

} // namespace

void refuse_unhonoured_globals(const CLI::App& root) {
    const auto& command = chosen_command(root);
    auto found = scopes().find(path_in_tree(command));
    if (found == scopes().end()) {
        return;
    }
    const auto& scope = found->second;
    const auto path = "'" + command_path(command) + "'";
    for (const auto& name : pointing) {
        if (root.get_option(name)->count() > 0 && !honours(scope, name)) {
            throw UsageError(path + " " + why_unused(scope, name),
                             "leave " + name + " out; 'eventctl " + path_in_tree(command) +
                                 " --help' lists the global options it honours");
        }
    }
    if (scope.formats != nullptr) {
        return;
    }
    for (const char* name : {"--output", "--json"}) {
        if (root.get_option(name)->count() > 0) {
            throw UsageError(path + " prints one fixed form: " + name +
                                 " would have no effect on it",
                             "leave " + std::string(name) + " out");
        }
    }
}

} // namespace eventctl::cli
