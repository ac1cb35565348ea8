#include "commands.h"
#include "eventctl/outbox/blocked.h"
#include "eventctl/outbox/errors.h"
#include "eventctl/render/incident.h"

namespace eventctl::cli {

namespace {

// What an incident report reads, as typed: its filters, and how many groups to print.
template <typename Options, typename Args> Options report_options(const Args& args, TimePoint now) {
    Options options;
    options.filter = to_filter(args.filter, now);
    options.limit = args.limit;
    return options;
}

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
                   "  eventctl outbox retry --error-group 359cb7fe98f1 --dry-run");
    on_run(*errors, state, [&state](Context& context) {
        auto options = report_options<ErrorGroupsOptions>(state.errors, context.now);
        validate_error_groups(context.layout(), options);
        auto session = context.open_session(Command::outbox_errors);
        render_error_groups(context.out, outbox_error_groups(session, context.layout(), options),
                            context.format, context.terminal);
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
    on_run(*blocked, state, [&state](Context& context) {
        auto options = report_options<BlockedOptions>(state.blocked, context.now);
        validate_blocked(context.layout(), options);
        auto session = context.open_session(Command::outbox_blocked);
        render_blocked(context.out, outbox_blocked(session, context.layout(), options),
                       context.format, context.terminal);
    });
}

} // namespace

void add_incident_commands(CLI::App& outbox, CliState& state) {
    add_errors(outbox, state);
    add_blocked(outbox, state);
}

} // namespace eventctl::cli
