#include "commands.h"
#include "eventctl/audit/audit_records.h"
#include "eventctl/render/audit.h"

namespace eventctl::cli {

namespace {

void add_list(CLI::App& audit, CliState& state) {
    auto& args = state.audit;
    auto* list = audit.add_subcommand("list", "List audit records, the newest first");
    list->add_option("--command", args.command,
                     "Only records of this command, e.g. \"outbox retry\" or \"outbox purge\"")
        ->option_text("COMMAND");
    list->add_option("--since", args.since,
                     "Only records written at or after this time (RFC 3339, a date, or a "
                     "duration ago such as 24h)")
        ->option_text("TIME");
    list->add_option("--until", args.until, "Only records written before this time")
        ->option_text("TIME");
    list->add_option("--limit", args.limit, "Records to print (default 20; 0: all)")
        ->option_text("N");
    list->footer("Examples:\n"
                 "  eventctl audit list\n"
                 "  eventctl audit list --command 'outbox purge' --limit 1\n"
                 "  eventctl audit list --command 'outbox retry' --since 24h -o json");
    on_run(*list, state, [&state](Context& context) {
        auto query = to_audit_query(state.audit, context.now);
        validate_audit_query(context.layout(), query);
        auto session = context.open_session(Command::audit_list);
        auto entries = list_audit(session, context.layout(), query);
        render_audit_list(context.out, entries, context.format, context.terminal);
    });
}

void add_show(CLI::App& audit, CliState& state) {
    auto* show = audit.add_subcommand("show", "Show one audit record in full");
    show->add_option("id", state.audit.id, "The record's id (audit list prints it)")
        ->option_text("AUDIT_ID")
        ->required();
    show->footer("Examples:\n"
                 "  eventctl audit show 1\n"
                 "  eventctl audit show 1 --json | jq .result");
    on_run(*show, state, [&state](Context& context) {
        context.require(Command::audit_show);
        auto session = context.open_session(Command::audit_show);
        auto entry = show_audit(session, context.layout(), state.audit.id);
        render_audit_entry(context.out, entry, context.format);
    });
}

} // namespace

void add_audit_commands(CLI::App& app, CliState& state) {
    auto* audit = app.add_subcommand(
        "audit", "Read the audit records of changes: who did what, when, and how it ended");
    audit->footer("Examples:\n"
                  "  eventctl audit list --command 'outbox purge' --limit 1\n"
                  "  eventctl audit show 1");
    audit->require_subcommand(1);
    add_list(*audit, state);
    add_show(*audit, state);
}

} // namespace eventctl::cli
