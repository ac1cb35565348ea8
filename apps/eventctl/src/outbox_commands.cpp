#include "commands.h"
#include "eventctl/error.h"
#include "eventctl/outbox/filter.h"
#include "eventctl/outbox/list_cursor.h"
#include "eventctl/outbox/show.h"
#include "eventctl/render/entry_columns.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/watch.h"
#include "option_values.h"
#include "pager.h"
#include "scrape.h"
#include "watch.h"

#include <array>

namespace eventctl::cli {

namespace {

// outbox stats --watch: one session, a sample every interval until Ctrl-C.
void watch_stats(const Context& context, const StatsOptions& options, const WatchArgs& args) {
    auto interval = watch_interval(args);
    auto display = watch_display(context, "outbox stats");
    validate_stats(context.layout(), options);
    auto session = context.open_session(Command::outbox_stats);
    WatchClock clock(interval);
    std::optional<StatsResult> previous;
    auto previous_at = std::chrono::steady_clock::now();
    do {
        auto result = outbox_stats(session, context.layout(), options);
        auto taken = std::chrono::steady_clock::now();
        double seconds = std::chrono::duration<double>(taken - previous_at).count();
        auto at = std::chrono::time_point_cast<Microseconds>(Clock::now());
        if (display == WatchDisplay::screen) {
            draw_heading(context.out, "outbox stats", session.target(), interval, at);
            render_stats(context.out, result, OutputFormat::table, context.terminal);
            context.out << '\n'
                        << (previous ? stats_changes_text(*previous, result, seconds)
                                     : std::string("changes appear from the next sample on"))
                        << '\n';
        } else {
            auto record = watch_record(stats_json(result), at);
            record["changes"] =
                previous ? stats_changes_json(*previous, result, seconds) : nlohmann::json();
            context.out << json_text(record, false) << '\n';
        }
        context.out.flush();
        previous = std::move(result);
        previous_at = taken;
    } while (clock.wait());
}

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
    add_watch_option(*stats, state.stats.watch);
    stats->footer("Examples:\n"
                  "  eventctl outbox stats\n"
                  "  eventctl outbox stats --by event-type -o json\n"
                  "  eventctl outbox stats --exact --json | jq .by_status.dead\n"
                  "  eventctl outbox stats -o prometheus\n"
                  "  eventctl outbox stats --watch 5s");
    stats->callback([&state] {
        state.accepts_prometheus = true;
        state.action = [&state](Context& context) {
            auto options = to_stats_options(state.stats);
            if (state.stats.watch.given()) {
                watch_stats(context, options, state.stats.watch);
                return;
            }
            if (context.format == OutputFormat::prometheus) {
                if (state.stats.by) {
                    // Refused rather than left out of the page: a label per event type, tenant
                    // or aggregate type is a series per value, without bound.
                    throw UsageError("outbox stats -o prometheus takes no --by: its labels are "
                                     "status, layout and table only",
                                     "-o json gives the breakdown");
                }
                run_scrape(context, std::nullopt, [&](MetricPage& page) {
                    validate_stats(context.layout(), options);
                    auto session = context.open_session(Command::outbox_stats);
                    append_metrics(page,
                                   stats_metrics(outbox_stats(session, context.layout(), options)));
                    append_metrics(page, standby_page(context));
                });
                return;
            }
            validate_stats(context.layout(), options);
            auto session = context.open_session(Command::outbox_stats);
            auto result = outbox_stats(session, context.layout(), options);
            Pager pager(context);
            render_stats(context.out, result, context.format, context.terminal);
        };
    });
}

// The columns of a listing's table, checked before anything connects: --columns as given; under
// -o wide every column; else the default ones for the filter. --payload and --columns are for
// the formats that can honour them, and refused where they would be ignored.
std::vector<std::string> table_columns(const Context& context, const ListArgs& args,
                                       const OutboxFilter& filter) {
    bool table = context.format == OutputFormat::table;
    if (args.payload && table) {
        throw UsageError("--payload has no room in a table: use -o json, ndjson or csv, or "
                         "'eventctl outbox show ID' for one entry");
    }
    if (!args.columns.empty()) {
        if (!table) {
            throw UsageError("--columns chooses a table's columns; -o json, ndjson and csv print "
                             "every field");
        }
        return parse_entry_columns(args.columns);
    }
    if (context.terminal.table.wide) {
        return entry_column_names();
    }
    return default_entry_columns(filter);
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
    list->add_flag("--payload", state.list.payload,
                   "Include payload and metadata (json, ndjson and csv; outbox show prints them "
                   "for one entry)");
    auto* columns = list->add_option("--columns", state.list.columns,
                                     "The table's columns, in order (separate with commas): "
                                     "id, status, event_type, created_at, attempts, last_error, "
                                     "tenant_id, aggregate_type, aggregate_id, scheduled_at, "
                                     "locked_by, locked_until, processed_at");
    accept_only(*list, columns, entry_column_names())->option_text("COLUMN")->delimiter(',');
    list->footer("Examples:\n"
                 "  eventctl outbox list --status failed,dead --created-after 24h\n"
                 "  eventctl outbox list --status dead --limit 0 -o ndjson | jq -r .id\n"
                 "  eventctl outbox list --event-type OrderPlaced -o json | jq -r .next_cursor\n"
                 "  eventctl outbox list --tenant acme,globex --columns id,status,tenant_id\n"
                 "  eventctl outbox list --status failed --since 2026-12-01T10:00 -o wide");
    on_run(*list, state, [&state](Context& context) {
        auto options = to_list_options(state.list, context.now);
        validate_list(context.layout(), options);
        auto columns = table_columns(context, state.list, options.filter);
        auto session = context.open_session(Command::outbox_list);
        Pager pager(context);
        auto writer = make_entry_list_writer(context.format, context.out, context.err,
                                             context.terminal, options.with_payload, columns);
        // Before each page: a reader gets the lines so far, and a failed write stops the
        // listing rather than reading on into the void.
        session.on_wait([&writer, &context] {
            writer->flush();
            context.check_output();
        });
        auto result = list_entries(session, context.layout(), options,
                                   [&writer, &pager](const OutboxEntry& entry) {
                                       pager.check();
                                       writer->write(entry);
                                   });
        writer->finish(result);
    });
}

void add_show(CLI::App& outbox, CliState& state) {
    auto* show = outbox.add_subcommand("show", "Show one entry in full, payload included");
    show->add_option("id", state.show.id, "The entry's id")->option_text("ID")->required();
    show->footer(
        "Examples:\n"
        "  eventctl outbox show 876d13d7-f4a9-4bab-aa8e-182b6d6514cf\n"
        "  eventctl outbox show 876d13d7-f4a9-4bab-aa8e-182b6d6514cf --json | jq .payload");
    on_run(*show, state, [&state](Context& context) {
        validate_show(context.layout(), state.show.id);
        auto session = context.open_session(Command::outbox_show);
        auto entry = show_entry(session, context.layout(), state.show.id);
        Pager pager(context);
        render_entry(context.out, entry, context.format, context.terminal);
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
    add_incident_commands(*outbox, state);
    add_mutation_commands(*outbox, state);
}

} // namespace eventctl::cli
