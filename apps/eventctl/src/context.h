#pragma once

#include "eventctl/doctor/doctor.h"
#include "eventctl/layout/layout.h"
#include "eventctl/render/output.h"
#include "eventctl/schema/tables.h"
#include "eventctl/session/connection.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"
#include "log_args.h"
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
    std::string layout = "canonical"; // a preset name or a layout file
    TableOverrides tables;
    std::string output = "table";
    bool json = false;
    std::string statement_timeout = "60s";
    std::string lock_timeout = "5s";
    bool verbose = false;
    bool quiet = false;
    std::string color = "auto";
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
    // Once a change was applied, what it did ("outbox retry changed 12 entries"): said on
    // stderr should its result fail to reach standard output.
    std::string applied_change;

    // Opens a session configured from the global options for this command.
    Session open_session(Command command) const;
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
    RetryArgs retry;
    MarkDeadArgs mark_dead;
    UnlockStaleArgs unlock_stale;
    PurgeArgs purge;
    LogArgs log;
    std::string layout_name; // layouts show
    DoctorOptions doctor;
    std::function<void(Context&)> action;
};

} // namespace eventctl::cli
