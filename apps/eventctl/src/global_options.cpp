#include "commands.h"
#include "eventctl/layout/layout_file.h"

namespace eventctl::cli {

namespace {

// The built-in layouts, listed the way IsMember lists its values (so completion offers them),
// while any other value passes as the path of a layout file.
CLI::Validator layout_names() {
    std::string names;
    for (const auto& name : preset_names()) {
        names += (names.empty() ? "" : ",") + name;
    }
    return CLI::Validator([](std::string&) { return std::string(); }, "{" + names + "}");
}

} // namespace

void add_global_options(CLI::App& app, GlobalArgs& global) {
    app.add_option("-d,--db", global.db,
                   "Database to use: a postgresql:// URI or a key=value conninfo "
                   "(default: EVENTCTL_DB, then DATABASE_URL, then libpq's PG* variables)")
        ->option_text("URL")
        ->group("Global options");
    app.add_option("--layout", global.layout,
                   "Table layout: a built-in name (see 'eventctl layouts') or a layout file "
                   "(default canonical)")
        ->option_text("NAME|FILE")
        ->check(layout_names())
        ->group("Global options");
    app.add_option("--schema", global.tables.schema, "Schema holding the tables (default public)")
        ->option_text("NAME")
        ->group("Global options");
    app.add_option("--outbox-table", global.tables.outbox,
                   "Outbox table name (default: the layout's, outbox for canonical)")
        ->option_text("NAME")
        ->group("Global options");
    app.add_option("--dead-letter-table", global.tables.dead_letters,
                   "Dead-letter table name, for layouts that keep one")
        ->option_text("NAME")
        ->group("Global options");
    app.add_option("--log-table", global.tables.event_log,
                   "Event log table name (default: the layout's, event_log for canonical)")
        ->option_text("NAME")
        ->group("Global options");
    app.add_option("--consumers-table", global.tables.consumers,
                   "Consumer positions table name (default: the layout's, event_consumers for "
                   "canonical)")
        ->option_text("NAME")
        ->group("Global options");
    app.add_option("--audit-table", global.tables.audit,
                   "Audit table name (default: the layout's, eventctl_audit for canonical; adds "
                   "one to a layout without)")
        ->option_text("NAME")
        ->group("Global options");
    app.add_option("-o,--output", global.output, "Output format (default table)")
        ->option_text("FORMAT")
        ->check(CLI::IsMember({"table", "json", "ndjson", "csv"}))
        ->group("Global options");
    app.add_flag("--json", global.json, "Shorthand for --output json")->group("Global options");
    app.add_option("--statement-timeout", global.statement_timeout,
                   "Cancel any statement running longer than this (default 60s; 0s: none)")
        ->option_text("DURATION")
        ->group("Global options");
    app.add_option("--lock-timeout", global.lock_timeout,
                   "Give up waiting for a lock after this long (default 5s; 0s: wait)")
        ->option_text("DURATION")
        ->group("Global options");
    app.add_flag("-v,--verbose", global.verbose, "Log SQL and timings to stderr (passwords masked)")
        ->group("Global options");
    app.add_flag("-q,--quiet", global.quiet, "No warnings or notes on stderr")
        ->group("Global options");
    app.add_option("--color", global.color, "Colour output: auto, always or never (default auto)")
        ->option_text("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->group("Global options");
}

} // namespace eventctl::cli
