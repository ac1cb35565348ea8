#include "commands.h"
#include "eventctl/render/schema.h"
#include "eventctl/schema/schema.h"

namespace eventctl::cli {

void add_schema_commands(CLI::App& app, CliState& state) {
    auto* schema = app.add_subcommand("schema", "Create or print the canonical tables");
    schema->footer("Examples:\n"
                   "  eventctl schema init\n"
                   "  eventctl schema print --schema events > events.sql\n"
                   "  eventctl schema init --schema events -d 'host=db.internal dbname=shop'");
    schema->require_subcommand(1);

    auto* init = schema->add_subcommand(
        "init", "Create the canonical outbox, event log, consumers and audit tables (idempotent)");
    init->footer("Examples:\n"
                 "  eventctl schema init\n"
                 "  eventctl schema init --schema events -d postgresql://admin@db/app");
    on_run(*init, state, [](Context& context) {
        auto session = context.open_session(Command::schema_init);
        auto result = init_schema(session, context.canonical_tables());
        render_schema_init(context.out, result, context.format, context.terminal);
    });

    auto* print = schema->add_subcommand("print", "Print the DDL schema init runs, for review");
    print->footer("Examples:\n"
                  "  eventctl schema print\n"
                  "  eventctl schema print --schema events > events.sql");
    on_run(*print, state, [](Context& context) {
        context.out << canonical_schema_sql(context.canonical_tables());
    });
}

} // namespace eventctl::cli
