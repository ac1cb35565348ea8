#pragma once

#include "audit_args.h"
#include "eventctl/doctor/doctor.h"
#include "eventctl/layout/layout.h"
#include "eventctl/render/output.h"
#include "eventctl/schema/tables.h"
#include "eventctl/session/connection.h"
#include "eventctl/session/session.h"
#include "eventctl/session/standby.h"
#include "eventctl/time.h"
#include "log_args.h"
#include "monitor_args.h"
#include "mutation_args.h"
#include "outbox_args.h"

#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace eventctl::cli {

// The global options, as given on the command line.
struct GlobalArgs {
    std::optional<std::string> db;
    std::optional<std::string> read_db; // --read-db: a standby for the read-only commands
    std::string layout = "canonical";   // a preset name or a layout file
    TableOverrides tables;
    std::string output = "table";
    bool json = false;
    std::string statement_timeout = "60s";
    std::string lock_timeout = "5s";
    bool verbose = false;
    bool quiet = false;
    std::string color = "auto";
    bool no_headers = false;
    bool no_pager = false;
};

// Everything a command's run half may use: parsed globals, the streams, the environment.
struct Context {
    const GlobalArgs& global;
    std::ostream& out;
    std::ostream& err;
    EnvLookup env;
    OutputFormat format;
    Terminal terminal;
    TimePoint now;            // one instant per command, so every relative time resolves alike
    std::string command_line; // argv with secrets masked, for audit records
    std::istream& in;
    bool interactive = false; // stdin and stderr are terminals: prompts and progress are possible
    mutable std::optional<Layout> loaded_layout;
    // The last session opened: its command and role, for the hint of a permission error.
    mutable std::optional<Command> session_command;
    mutable std::string session_role;
    // Once a change was applied, what it did ("outbox retry changed 12 entries"): said on
    // stderr should its result fail to reach standard output.
    std::string applied_change;
    // What the standby said when a read-only command's session opened on --read-db.
    mutable std::optional<StandbyStatus> standby;
    // The exit code of a command that succeeded: 0, or check's state (1 WARNING, 2 CRITICAL).
    int exit_code = 0;
    // The command's result document is on stdout and says its own verdict (doctor's report has
    // exit_status): an error thrown after it goes to stderr alone, so stdout stays one document.
    bool result_written = false;

    // Opens a session configured from the global options for this command: on --read-db (or
    // EVENTCTL_READ_DB) for a read-only command, noting the standby's replay lag on stderr;
    // on the primary for everything else.
    Session open_session(Command command) const;
    // The standby for read-only commands, --read-db then EVENTCTL_READ_DB; empty for none.
    std::optional<std::string> read_db() const;
    // The layout --layout names, with the table options applied; read once.
    const Layout& layout() const;
    // Throws UsageError (exit 64) unless the layout supports the command, before anything
    // connects.
    void require(Command command) const;
    // The canonical tables' names, as schema init and print make them.
    TableNames canonical_tables() const;
    // Writes a warning to stderr unless --quiet.
    void warn(const std::string& message) const;
    // Throws Error (exit 74) once a write to standard output has failed, so a command that
    // streams stops reading instead of writing into the void.
    void check_output() const;
    // Whether a confirmation would be asked at the terminal (and not refused for want of --yes).
    bool can_prompt() const { return interactive && format == OutputFormat::table; }
    // Lets a filter-selected change go ahead: --yes, or a "y" at the terminal prompt; throws
    // RefusedError (exit 3, nothing changed) otherwise, and never prompts without a terminal or
    // with a machine output format.
    void confirm(const std::string& question, bool yes) const;
};

// What parsing leaves behind: the globals, each command's arguments and the chosen command's
// run half.
struct CliState {
    GlobalArgs global;
    StatsArgs stats;
    ListArgs list;
    ShowArgs show;
    ErrorsArgs errors;
    BlockedArgs blocked;
    RetryArgs retry;
    MarkDeadArgs mark_dead;
    UnlockStaleArgs unlock_stale;
    PurgeArgs purge;
    LogArgs log;
    AuditArgs audit;
    std::string layout_name; // layouts show
    DoctorOptions doctor;
    MetricsArgs metrics;
    CheckArgs check;
    std::function<void(Context&)> action;
    // Set by the commands that print -o prometheus; every other command refuses it.
    bool accepts_prometheus = false;
    // Set by check: its errors are exit 3 (UNKNOWN) with a plugin line on stdout.
    bool check_command = false;
};

} // namespace eventctl::cli
