#include "commands.h"
#include "eventctl/outbox/blocked.h"
#include "eventctl/outbox/errors.h"
#include "eventctl/render/incident.h"

namespace eventctl::cli {

namespace {

void add_errors(CLI::App& outbox, CliState& state) {
    auto* errors = outbox.add_subcommand(
        "errors", "Group failed and dead entries by the fingerprint of their last error");
    add_filter_options(*errors, state.errors.filter);
    errors
        ->add_option("--limit", state.errors.limit,
                     "Groups to print, the largest first (default 50; 0: all)")
        ->option_text("N");
    errors->footer("A group's FINGERPRINT selects it: outbox list, retry and mark-dead take "
                   "--error-group FINGERPRINT.\n\n"
                   "Examples:\n"
                   "  eventctl outbox errors\n"
                   "  eventctl outbox errors --status dead --created-after 24h -o json\n"
                   "  eventctl outbox retry --error-group 3f9a0c2b7d41 --dry-run");
    errors->callback([&state] {
        state.action = [&state](Context& context) {
            ErrorGroupsOptions options;
            options.filter = to_filter(state.errors.filter, context.now);
            options.limit = state.errors.limit;
            validate_error_groups(context.layout(), options);
            auto session = context.open_session(Command::outbox_errors);
            auto result = outbox_error_groups(session, context.layout(), options);
            render_error_groups(context.out, result, context.format, context.terminal);
        };
    });
}

void add_blocked(CLI::App& outbox, CliState& state) {
    auto* blocked = outbox.add_subcommand(
        "blocked", "Aggregates an ordered relay is stuck on: a failed or dead entry first, "
                   "later ones waiting behind it");
    add_filter_options(*blocked, state.blocked.filter);
    blocked
        ->add_option("--limit", state.blocked.limit,
                     "Aggregates to print, those held longest first (default 50; 0: all)")
        ->option_text("N");
    blocked->footer("The filters select the blocking entry. Needs aggregate_id in the layout.\n\n"
                    "Examples:\n"
                    "  eventctl outbox blocked\n"
                    "  eventctl outbox blocked --aggregate-type Order -o ndjson | jq -r "
                    ".blocking_id | eventctl outbox retry --ids-from - --in-order");
    blocked->callback([&state] {
        state.action = [&state](Context& context) {
            BlockedOptions options;
            options.filter = to_filter(state.blocked.filter, context.now);
            options.limit = state.blocked.limit;
            validate_blocked(context.layout(), options);
            auto session = context.open_session(Command::outbox_blocked);
            auto result = outbox_blocked(session, context.layout(), options);
            render_blocked(context.out, result, context.format, context.terminal);
        };
    });
}

} // namespace

void add_incident_commands(CLI::App& outbox, CliState& state) {
    add_errors(outbox, state);
    add_blocked(outbox, state);
}

} // namespace eventctl::cli
