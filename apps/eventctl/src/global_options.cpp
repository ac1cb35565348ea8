#include "commands.h"
#include "eventctl/layout/layout_file.h"
#include "option_values.h"

#include <array>

namespace eventctl::cli {

void add_global_options(CLI::App& app, GlobalArgs& global) {
    app.add_option("-d,--db", global.db,
                   "Database to use: a postgresql:// URI or a key=value conninfo "
                   "(default: EVENTCTL_DB, then DATABASE_URL, then libpq's PG* variables)")
        ->option_text("URL")
        ->group("Global options");
    app.add_option("--read-db", global.read_db,
                   "A standby for the read-only commands (stats, list, show, errors, blocked, "
                   "consumers, replay, audit, metrics, check), its replay lag noted beside the "
                   "result; changes always go to --db (default: EVENTCTL_READ_DB)")
        ->option_text("URL")
        ->group("Global options");
    // Any other value is the path of a layout file, read when a command needs the layout.
    auto* layout = app.add_option("--layout", global.layout,
                                  "Table layout: a built-in name (see 'eventctl layouts') or a "
                                  "layout file (default canonical)");
    complete_files(app, layout, preset_names())->option_text("NAME|FILE")->group("Global options");
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
    auto* output = app.add_option("-o,--output", global.output,
                                  "Output format: table (the default), wide (every column, none "
                                  "cut), json, ndjson, csv, or prometheus (outbox stats, log "
                                  "consumers, metrics)");
    // wide is the table with every column, none cut: a way of showing the table format.
    auto formats =
        spellings(std::array{OutputFormat::table, OutputFormat::json, OutputFormat::ndjson,
                             OutputFormat::csv, OutputFormat::prometheus});
    formats.insert(formats.begin() + 1, "wide");
    accept_only(app, output, formats)->option_text("FORMAT")->group("Global options");
    app.add_flag("--json", global.json, "Shorthand for --output json")->group("Global options");
    app.add_option(
           "--statement-timeout", global.statement_timeout,
           "Cancel any statement running longer than this, e.g. 60s or 500ms (default 60s; 0s: "
           "none)")
        ->option_text("DURATION")
        ->group("Global options");
    app.add_option(
           "--lock-timeout", global.lock_timeout,
           "Give up waiting for a lock after this long, e.g. 5s or 200ms (default 5s; 0s: wait)")
        ->option_text("DURATION")
        ->group("Global options");
    app.add_flag("-v,--verbose", global.verbose, "Log SQL and timings to stderr (passwords masked)")
        ->group("Global options");
    app.add_flag("-q,--quiet", global.quiet, "No warnings or notes on stderr")
        ->group("Global options");
    app.add_flag("--no-headers", global.no_headers,
                 "Tables (-o table or wide) without their heading line and footer: the rows "
                 "alone, for awk and cut")
        ->group("Global options");
    app.add_flag("--no-pager", global.no_pager,
                 "Do not page long tables through $PAGER (less -FRX) on a terminal")
        ->group("Global options");
    auto* color = app.add_option("--color", global.color,
                                 "Colour output: auto, always or never (default auto)");
    accept_only(app, color, {"auto", "always", "never"})
        ->option_text("WHEN")
        ->group("Global options");
}

} // namespace eventctl::cli
