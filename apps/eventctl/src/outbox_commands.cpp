#include "commands.h"
#include "eventctl/outbox/filter.h"
#include "eventctl/outbox/list_cursor.h"
#include "eventctl/outbox/show.h"
#include "eventctl/render/outbox.h"
#include "option_values.h"

#include <array>

namespace eventctl::cli {

namespace {

void add_stats(CLI::App& outbox, CliState& state) {
    auto* stats =
        outbox.add_subcommand("stats", "Count entries by status, stale locks and relay lag");
    auto* by = stats->add_option("--by", state.stats.by,
                                 "Break the counts down by event-type, tenant or aggregate-type");
    accept_only(*stats, by,
                spellings(std::array{StatsGrouping::event_type, StatsGrouping::tenant,
                                     StatsGrouping::aggregate_type}))
        ->option_text("FIELD");
    stats->add_flag("--exact", state.stats.exact,
                    "Count completed entries and the total exactly, however large the table");
    stats->add_flag(
        "--estimate", state.stats.estimate,
        "Take completed and the total from planner statistics, however small the table");
    stats->footer("Examples:\n"
                  "  eventctl outbox stats\n"
                  "  eventctl outbox stats --by event-type -o json\n"
                  "  eventctl outbox stats --exact --json | jq .by_status.dead");
    stats->callback([&state] {
        state.action = [&state](Context& context) {
            auto options = to_stats_options(state.stats);
            validate_stats(context.layout(), options);
            auto session = context.open_session(Command::outbox_stats);
            auto result = outbox_stats(session, context.layout(), options);
            render_stats(context.out, result, context.format, context.terminal);
        };
    });
}

void add_list(CLI::App& outbox, CliState& state) {
    auto* list = outbox.add_subcommand("list", "List entries, filtered, in pages or streamed");
    add_filter_options(*list, state.list.filter);
    list->add_option("--limit", state.list.limit,
                     "Entries to print, 0 to 1000000000000 (default 50; 0: all, streamed)")
        ->option_text("N");
    list->add_option("--after", state.list.after,
                     "Continue after the page that printed this cursor (next_cursor)")
        ->option_text("CURSOR");
    auto* order = list->add_option("--order", state.list.order,
                                   "By creation time: asc (oldest first, the default) or desc");
    accept_only(*list, order, spellings(std::array{SortOrder::ascending, SortOrder::descending}))
        ->option_text("ORDER");
    list->add_flag("--payload", state.list.payload, "Include payload and metadata");
    list->footer("Examples:\n"
                 "  eventctl outbox list --status failed,dead --created-after 24h\n"
                 "  eventctl outbox list --status dead --limit 0 -o ndjson | jq -r .id\n"
                 "  eventctl outbox list --event-type OrderPlaced --after CURSOR -o json");
    list->callback([&state] {
        state.action = [&state](Context& context) {
            auto options = to_list_options(state.list, context.now);
            validate_list(context.layout(), options);
            auto session = context.open_session(Command::outbox_list);
            auto writer = make_entry_list_writer(context.format, context.out, context.err,
                                                 context.terminal, options.with_payload);
            // Before each page: a reader gets the lines so far, and a failed write stops the
            // listing rather than reading on into the void.
            session.on_wait([&writer, &context] {
                writer->flush();
                context.check_output();
            });
            auto result =
                list_entries(session, context.layout(), options,
                             [&writer](const OutboxEntry& entry) { writer->write(entry); });
            writer->finish(result);
        };
    });
}

void add_show(CLI::App& outbox, CliState& state) {
    auto* show = outbox.add_subcommand("show", "Show one entry in full, payload included");
    show->add_option("id", state.show.id, "The entry's id")->option_text("ID")->required();
    show->footer(
        "Examples:\n"
        "  eventctl outbox show 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10\n"
        "  eventctl outbox show 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10 --json | jq .payload");
    show->callback([&state] {
        state.action = [&state](Context& context) {
            validate_show(context.layout(), state.show.id);
            auto session = context.open_session(Command::outbox_show);
            auto entry = show_entry(session, context.layout(), state.show.id);
            render_entry(context.out, entry, context.format, context.terminal);
        };
    });
}

} // namespace

void add_outbox_commands(CLI::App& app, CliState& state) {
    auto* outbox = app.add_subcommand("outbox", "Inspect and administer the transactional outbox");
    outbox->footer("Examples:\n"
                   "  eventctl outbox stats --by event-type\n"
                   "  eventctl outbox list --status dead -o ndjson --limit 0 | jq -r .id | "
                   "eventctl outbox retry --ids-from -\n"
                   "  eventctl outbox purge --older-than 30d --dry-run");
    outbox->require_subcommand(1);
    add_stats(*outbox, state);
    add_list(*outbox, state);
    add_show(*outbox, state);
    add_mutation_commands(*outbox, state);
}

} // namespace eventctl::cli
