#include "change_runner.h"
#include "commands.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/log/consumers.h"
#include "eventctl/log/seek_file.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/mutation.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/render/watch.h"
#include "option_values.h"
#include "pager.h"
#include "scrape.h"
#include "watch.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace eventctl::cli {

namespace {

// Two readings --sample apart in one session: the second, with the rates between them.
ConsumersResult sampled_consumers(Session& session, const LogSource& source,
                                  const ConsumersOptions& options, std::chrono::seconds interval) {
    auto earlier = list_consumers(session, source, options);
    std::this_thread::sleep_for(interval);
    auto later = list_consumers(session, source, options);
    add_rates(later, earlier, options);
    return later;
}

// log consumers --watch: one session, a sample every interval until Ctrl-C, the rates and the
// lag trend since the sample before.
void watch_consumers(Context& context, const LogSource& source, const ConsumersOptions& options,
                     const WatchArgs& args) {
    auto interval = watch_interval(args);
    auto display = watch_display(context, "log consumers");
    auto session = context.open_session(Command::log_consumers);
    WatchClock clock(interval);
    std::optional<ConsumersResult> previous;
    do {
        auto result = list_consumers(session, source, options);
        if (previous) {
            add_rates(result, *previous, options);
        }
        auto at = std::chrono::time_point_cast<Microseconds>(Clock::now());
        if (display == WatchDisplay::screen) {
            draw_heading(context.out, "log consumers", session.target(), interval, at);
            render_consumers(context.out, result, OutputFormat::table, context.terminal);
            context.out << '\n'
                        << (previous ? lag_changes_text(*previous, result)
                                     : std::string("rates appear from the next sample on"))
                        << '\n';
        } else {
            auto record = watch_record(consumers_json(result), at);
            record["lag_changes"] =
                previous ? lag_changes_json(*previous, result) : nlohmann::json();
            context.out << json_text(record, false) << '\n';
        }
        context.out.flush();
        previous = std::move(result);
    } while (clock.wait());
}

void run_consumers(Context& context, const ConsumersArgs& args) {
    auto options = to_consumers_options(args);
    auto sample = sample_interval(args);
    if (sample && args.watch.given()) {
        throw UsageError("--sample and --watch both take rates from two readings: pick one");
    }
    if (sample && context.format == OutputFormat::prometheus) {
        // Rates in a scrape would be the rates of one moment; Prometheus takes them over its
        // own window from the positions and the head.
        throw UsageError("log consumers -o prometheus takes no --sample: the page has no rates",
                         "leave --sample out and let Prometheus take them: "
                         "rate(eventctl_consumer_position[5m])");
    }
    auto read = [&]() {
        context.require(Command::log_consumers);
        auto source = *context.layout().log;
        auto session = context.open_session(Command::log_consumers);
        return sample ? sampled_consumers(session, source, options, *sample)
                      : list_consumers(session, source, options);
    };
    if (args.watch.given()) {
        context.require(Command::log_consumers);
        watch_consumers(context, *context.layout().log, options, args.watch);
        return;
    }
    if (context.format == OutputFormat::prometheus) {
        run_scrape(context, std::nullopt, [&](MetricPage& page) {
            append_metrics(page, consumers_metrics(read()));
            append_metrics(page, standby_page(context));
        });
        return;
    }
    auto result = read();
    Pager pager(context);
    render_consumers(context.out, result, context.format, context.terminal);
}

void add_consumers(CLI::App& log, CliState& state) {
    auto& args = state.log.consumers;
    auto* consumers = log.add_subcommand(
        "consumers", "Every consumer's position, lag and health, and the head of the log");
    consumers
        ->add_option("--stalled-after", args.stalled_after,
                     "A consumer with lag that has not moved for DUR is stalled (default 5m)")
        ->option_text("DUR");
    consumers
        ->add_option("--sample", args.sample,
                     "Read twice, DUR apart, and add the rates (events written and consumed per "
                     "second) and each consumer's time to drain")
        ->option_text("DUR");
    add_watch_option(*consumers, args.watch);
    consumers->footer(
        "Status: ok, lagging, stalled, idle, behind-the-floor or ahead-of-head (see "
        "eventctl-log(1), CONSUMER HEALTH).\n\n"
        "Examples:\n"
        "  eventctl log consumers\n"
        "  eventctl log consumers --json | jq '.consumers[] | select(.status != \"idle\")'\n"
        "  eventctl log consumers --sample 10s\n"
        "  eventctl log consumers --watch 5s\n"
        "  eventctl log consumers -o prometheus");
    consumers->callback([&state] {
        state.accepts_prometheus = true;
        state.action = [&state](Context& context) { run_consumers(context, state.log.consumers); };
    });
}

void warn_all(const Context& context, const std::vector<std::string>& warnings, std::size_t from) {
    for (auto i = from; i < warnings.size(); ++i) {
        context.warn(warnings[i]);
    }
}

// The --export file: checked writable before anything changes, so a bad path fails the seek
// rather than losing the record of one that happened; written only once the seek is done, so a
// refused seek leaves an existing file as it was (and no new empty one).
class PlanExport {
  public:
    explicit PlanExport(std::optional<std::string> path) : m_path(std::move(path)) {
        if (!m_path) {
            return;
        }
        m_existed = std::filesystem::exists(*m_path);
        std::ofstream probe(*m_path, std::ios::binary | std::ios::app);
        if (!probe) {
            throw UsageError("--export: cannot write " + *m_path + ": " + std::strerror(errno));
        }
    }
    ~PlanExport() {
        if (m_path && !m_written && !m_existed) {
            std::remove(m_path->c_str());
        }
    }
    PlanExport(const PlanExport&) = delete;
    PlanExport& operator=(const PlanExport&) = delete;

    // Writes the plan, replacing what the file held.
    void write(const std::vector<SeekMove>& moves) {
        if (!m_path) {
            return;
        }
        std::ofstream file(*m_path, std::ios::binary | std::ios::trunc);
        write_seek_plan_csv(file, moves);
        file.flush();
        if (!file) {
            throw UsageError("--export: writing " + *m_path + " failed: " + std::strerror(errno));
        }
        m_written = true;
    }

  private:
    std::optional<std::string> m_path;
    bool m_existed = false;
    bool m_written = false;
};

void run_seek(Context& context, const SeekArgs& args) {
    auto options = to_seek_options(args, context.now);
    options.command_line = context.command_line;
    auto change = plan_seek(context.layout(), std::move(options));
    PlanExport plan_export(args.export_file);
    auto plan = run_change(context, change, {args.dry_run, args.yes});
    warn_all(context, plan.warnings, 0);
    if (plan.dry_run) {
        for (const auto& name : plan.live) {
            context.warn("consumer " + in_quotes(name) +
                         " moved within --active-window: the seek would refuse it without "
                         "--force");
        }
    }
    plan_export.write(plan.moves);
    render_seek(context.out, plan, context.format, context.terminal);
}

void add_seek(CLI::App& log, CliState& state) {
    auto& args = state.log.seek;
    auto* seek = log.add_subcommand("seek", "Move consumers to another position in the log");
    auto* consumer = seek->add_option("consumer", args.consumer, "The consumer to move");
    complete_consumers(*seek, consumer)->option_text("CONSUMER");
    seek->add_flag("--all", args.all, "Move every consumer");
    seek->add_flag("--create", args.create, "Create the consumer when it does not exist yet");

    const std::string targets = "Targets (exactly one)";
    seek->add_flag("--to-beginning", args.to_beginning,
                   "Before the first event: the consumer receives the whole log again")
        ->group(targets);
    seek->add_flag("--to-end", args.to_end,
                   "To the stable head: the consumer skips everything written so far")
        ->group(targets);
    seek->add_option("--to-seq", args.to_seq,
                     "The next event delivered is N (the stored position is N-1)")
        ->option_text("N")
        ->group(targets);
    seek->add_option("--to-time", args.to_time,
                     "The next event delivered is the first created at or after TIME (RFC 3339, "
                     "a date, or a duration ago such as 2h)")
        ->option_text("TIME")
        ->group(targets);
    seek->add_option("--shift-by", args.shift_by,
                     "Move the position by N: negative to go back and receive events again")
        ->option_text("N")
        ->group(targets);
    seek->add_option("--by-duration", args.by_duration,
                     "To the first event created at or after DUR ago (same as --to-time DUR)")
        ->option_text("DUR")
        ->group(targets);
    auto* from_file =
        seek->add_option("--from-file", args.from_file,
                         "Apply a plan saved with --export: each consumer to its \"to\" position");
    complete_files(*seek, from_file)->option_text("FILE")->group(targets);

    auto* export_file = seek->add_option(
        "--export", args.export_file,
        "Also write the plan as CSV (consumer,from,to), for review or --from-file");
    complete_files(*seek, export_file)->option_text("FILE");
    seek->add_option("--active-window", args.active_window,
                     "A consumer that moved within DUR (e.g. 30s, 500ms) is live and refused "
                     "(default 30s)")
        ->option_text("DUR");
    seek->add_flag("--force", args.force,
                   "Move live consumers too (they may overwrite the move with their next ack)");
    seek->add_flag("--dry-run", args.dry_run, "Print the plan and change nothing");
    seek->add_flag("-y,--yes", args.yes,
                   "Do not ask for confirmation (needed for --all without a terminal)");
    seek->footer("Examples:\n"
                 "  eventctl log seek search-indexer --to-seq 1500 --dry-run\n"
                 "  eventctl log seek search-indexer --shift-by -100\n"
                 "  eventctl log seek audit-sink --create --to-time 2026-11-01\n"
                 "  eventctl log seek search-indexer --to-end --dry-run --export plan.csv\n"
                 "  eventctl log seek --from-file plan.csv");
    on_run(*seek, state, [&state](Context& context) { run_seek(context, state.log.seek); });
}

void run_replay(Context& context, const ReplayArgs& args, OutputFormat format) {
    auto options = to_replay_options(args, context.now);
    auto into = to_into_outbox_options(args);
    if (args.into_outbox) {
        into.command_line = context.command_line;
        auto change = plan_replay_into_outbox(context.layout(), options, into);
        auto result = run_change(context, change, {args.dry_run, args.yes});
        warn_all(context, result.warnings, 0);
        render_into_outbox(context.out, result, context.format);
        return;
    }
    auto command = options.stream     ? Command::log_replay_stream
                   : options.consumer ? Command::log_replay_consumer
                                      : Command::log_replay;
    context.require(command);
    auto source = *context.layout().log;
    validate_replay_options(source, options);
    auto session = context.open_session(command);
    // Paged only as a table: NDJSON, the default, is for pipes.
    std::optional<Pager> pager;
    if (format == OutputFormat::table) {
        pager.emplace(context);
    }
    auto writer = make_event_writer(format, context.out, context.err, context.terminal);
    // Before each page: a reader gets the events so far, and a failed write stops the replay
    // rather than reading on into the void.
    session.on_wait([&writer, &context] {
        writer->flush();
        context.check_output();
    });
    auto result = replay_events(session, source, options, [&writer, &pager](const LogEvent& event) {
        if (pager) {
            pager->check();
        }
        writer->write(event);
    });
    writer->finish(result);
    warn_all(context, result.range.warnings, 0);
}

void add_replay(CLI::App& log, CliState& state, const CLI::Option* output,
                const CLI::Option* json) {
    auto& args = state.log.replay;
    auto* replay =
        log.add_subcommand("replay", "Stream events of the log (NDJSON), or re-enqueue them");
    const std::string range = "Range";
    replay->add_option("--from-seq", args.from_seq, "Start at position N (inclusive)")
        ->option_text("N")
        ->group(range);
    replay->add_option("--after-seq", args.after_seq, "Start after position N")
        ->option_text("N")
        ->group(range);
    replay
        ->add_option("--from-time", args.from_time,
                     "Start at the first event created at or after TIME")
        ->option_text("TIME")
        ->group(range);
    auto* consumer =
        replay->add_option("--consumer", args.consumer, "Start after this consumer's position");
    complete_consumers(*replay, consumer)->option_text("NAME")->group(range);
    replay->add_option("--to-seq", args.to_seq, "End at position N (inclusive)")
        ->option_text("N")
        ->group(range);
    replay
        ->add_option("--to-time", args.to_time,
                     "End at the last event created at or before TIME (inclusive)")
        ->option_text("TIME")
        ->group(range);

    const std::string filters = "Filters";
    replay
        ->add_option("--stream", args.stream,
                     "Only this stream, in its own order: positions are then its stream_seq")
        ->option_text("ID")
        ->group(filters);
    replay->add_option("--tenant", args.tenant, "Only events of this tenant")
        ->option_text("ID")
        ->group(filters);
    replay
        ->add_option("--type", args.types,
                     "Only events of these types (repeat or separate with commas)")
        ->option_text("TYPE")
        ->delimiter(',')
        ->group(filters);
    replay
        ->add_option("--limit", args.limit, "At most N events, 0 to 1000000000000 (default 0: all)")
        ->option_text("N")
        ->group(filters);

    const std::string outbox = "Re-enqueue";
    replay
        ->add_flag("--into-outbox", args.into_outbox,
                   "Insert the events into the outbox as pending entries, idempotently")
        ->group(outbox);
    replay
        ->add_option("--label", args.label,
                     "Name of this replay in the idempotency keys (default replay); a new label "
                     "enqueues the same events again")
        ->option_text("NAME")
        ->group(outbox);
    replay->add_flag("--dry-run", args.dry_run, "Count what --into-outbox would enqueue")
        ->group(outbox);
    replay
        ->add_flag("-y,--yes", args.yes,
                   "Do not ask for confirmation (required without a terminal)")
        ->group(outbox);
    replay
        ->add_flag("--all", args.all,
                   "Allow --into-outbox without any range or filter: the whole log")
        ->group(outbox);
    replay->footer(
        "Examples:\n"
        "  eventctl log replay --from-seq 1000 --to-seq 2000\n"
        "  eventctl log replay --consumer search-indexer --type OrderPlaced | jq .payload\n"
        "  eventctl log replay --stream ord-100295 --after-seq 4\n"
        "  eventctl log replay --from-time 2h --into-outbox --label incident-42 --yes");
    on_run(*replay, state, [&state, output, json](Context& context) {
        // Replay streams by default: NDJSON unless a format was asked for.
        bool chosen = output->count() > 0 || json->count() > 0;
        run_replay(context, state.log.replay, chosen ? context.format : OutputFormat::ndjson);
    });
}

void add_purge(CLI::App& log, CliState& state) {
    auto& args = state.log.purge;
    auto* purge = log.add_subcommand(
        "purge", "Delete old events that every consumer has acknowledged, in short batches");
    purge
        ->add_option("--older-than", args.older_than,
                     "Delete events created longer ago than this (created_at)")
        ->option_text("DURATION");
    purge->add_option("--before-seq", args.before_seq, "Delete events with seq_no below N")
        ->option_text("N");
    purge
        ->add_option("--stalled-after", args.stalled_after,
                     "A consumer idle this long is stalled: a purge it holds back is refused "
                     "(default 7d)")
        ->option_text("DURATION");
    auto* ignore = purge->add_option("--ignore-consumer", args.ignore_consumers,
                                     "Leave this consumer out of the floor (repeatable; audited)");
    complete_consumers(*purge, ignore)->option_text("CONSUMER");
    purge->add_flag("--no-consumers", args.no_consumers,
                    "Purge a log whose layout keeps no consumers, by age or position alone");
    purge->add_flag("--dry-run", args.dry_run, "Count what would be deleted; delete nothing");
    purge->add_flag("-y,--yes", args.yes,
                    "Do not ask for confirmation (required without a terminal)");
    purge->add_option("--batch-size", args.batch_size, "Positions per transaction (default 10000)")
        ->option_text("N");
    purge
        ->add_option("--max-duration", args.max_duration,
                     "Stop starting new batches after this long")
        ->option_text("DURATION");
    auto* archive_to = purge->add_option(
        "--archive-to", args.archive_to,
        "Append every deleted event to FILE as NDJSON, on disk before it is deleted; FILE.zst is "
        "compressed; a manifest goes to FILE.manifest");
    complete_files(*purge, archive_to)->option_text("FILE");
    purge->add_flag("--archive-unsafe-pipe", args.archive_unsafe_pipe,
                    "Let --archive-to be a pipe: events are deleted once written into it, which "
                    "cannot be made durable");
    purge->add_flag("--drop-partitions", args.drop_partitions,
                    "Drop whole partitions whose every event the purge deletes (a log "
                    "partitioned by range on seq_no or created_at)");
    purge->footer(
        "Never deletes an event at or after the smallest consumer position (the floor). A "
        "consumer idle for --stalled-after still holds the floor, and a purge it holds back is "
        "refused naming it (exit 3): leave it out with --ignore-consumer NAME, or move it with "
        "log seek. Afterwards log consumers shows the low watermark; seeks and replays below it "
        "exit 65.\n\n"
        "Examples:\n"
        "  eventctl log purge --older-than 90d --dry-run\n"
        "  eventctl log purge --older-than 7d --ignore-consumer analytics-export --yes\n"
        "  eventctl log purge --older-than 30d --drop-partitions --archive-to "
        "/var/backups/events.ndjson --yes");
    on_run(*purge, state, [&state](Context& context) {
        auto options = to_log_purge_options(state.log.purge);
        options.command_line = context.command_line;
        auto change = plan_log_purge(context.layout(), std::move(options));
        warn_pipe_archive(context, change.archive());
        auto result = run_change(context, change, {state.log.purge.dry_run, state.log.purge.yes});
        render_mutation(context.out, result, context.format);
        context.result_written = true;
    });
}

} // namespace

void add_log_commands(CLI::App& app, CliState& state) {
    auto* log =
        app.add_subcommand("log", "Inspect and move event-log consumers, replay and purge events");
    log->footer("Examples:\n"
                "  eventctl log consumers\n"
                "  eventctl log seek search-indexer --to-time 2026-11-01T00:00:00Z --dry-run\n"
                "  eventctl log replay --consumer search-indexer --type OrderPlaced --limit 10");
    log->require_subcommand(1);
    add_consumers(*log, state);
    add_seek(*log, state);
    add_replay(*log, state, app.get_option("--output"), app.get_option("--json"));
    add_purge(*log, state);
}

} // namespace eventctl::cli
