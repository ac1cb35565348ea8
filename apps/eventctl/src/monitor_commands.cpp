// eventctl metrics and eventctl check: what monitoring reads, in one read-only session each.

#include "commands.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/render/check.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/outbox.h"
#include "option_values.h"
#include "scrape.h"
#include "watch.h"

namespace eventctl::cli {

namespace {

// What metrics reads: the outbox's counts and the consumers, as much of them as the layout has.
struct MetricsReading {
    std::optional<StatsResult> stats;
    std::optional<ConsumersResult> consumers;
};

MetricsReading read_metrics(const Context& context) {
    const auto& layout = context.layout();
    require_capability(layout, Command::metrics);
    auto session = context.open_session(Command::metrics);
    MetricsReading reading;
    if (layout.outbox) {
        reading.stats = outbox_stats(session, layout, {});
    }
    if (layout.log && layout.log->consumers) {
        reading.consumers = list_consumers(session, *layout.log);
    }
    return reading;
}

nlohmann::json metrics_json(const Context& context, const MetricsReading& reading) {
    nlohmann::json json = {
        {"outbox", reading.stats ? stats_json(*reading.stats) : nlohmann::json()},
        {"log", reading.consumers ? consumers_json(*reading.consumers) : nlohmann::json()}};
    if (context.standby && context.standby->in_recovery) {
        json["replay_lag_seconds"] = context.standby->replay_lag_seconds
                                         ? nlohmann::json(*context.standby->replay_lag_seconds)
                                         : nlohmann::json();
    }
    return json;
}

// format_chosen: -o or --json given; the default table stands for the Prometheus text here, and
// a table asked for by name is refused, since there is none.
void run_metrics(const Context& context, const MetricsArgs& args, bool format_chosen) {
    switch (context.format) {
    case OutputFormat::table:
        if (format_chosen) {
            break;
        }
        [[fallthrough]];
    case OutputFormat::prometheus:
        run_scrape(context, args.textfile, [&](MetricPage& page) {
            auto reading = read_metrics(context);
            if (reading.stats) {
                append_metrics(page, stats_metrics(*reading.stats));
            }
            if (reading.consumers) {
                append_metrics(page, consumers_metrics(*reading.consumers));
            }
            append_metrics(page, standby_page(context));
        });
        return;
    case OutputFormat::json:
    case OutputFormat::ndjson:
        if (args.textfile) {
            throw UsageError("--textfile writes the Prometheus text format; drop -o " +
                             std::string(to_string(context.format)));
        }
        context.out << json_text(metrics_json(context, read_metrics(context)),
                                 context.format == OutputFormat::json)
                    << '\n';
        return;
    case OutputFormat::csv:
        break;
    }
    refuse_format(context.format, "metrics");
}

void add_metrics(CLI::App& app, CliState& state) {
    auto* metrics = app.add_subcommand(
        "metrics", "Prometheus gauges of the outbox and the consumers, read in one session");
    auto* textfile = metrics->add_option(
        "--textfile", state.metrics.textfile,
        "Write the page to FILE instead of stdout, atomically (a temporary file renamed over "
        "it), for node_exporter's textfile collector");
    complete_files(*metrics, textfile)->option_text("FILE");
    metrics->footer("Output: the Prometheus text format (the default, or -o prometheus), or -o "
                    "json. A failed read still writes a valid page, with eventctl_scrape_success "
                    "0, and exits with the error's code.\n\n"
                    "Examples:\n"
                    "  eventctl metrics\n"
                    "  eventctl metrics --textfile "
                    "/var/lib/prometheus/node-exporter/eventctl.prom\n"
                    "  eventctl --read-db postgresql://monitor@standby/shop metrics");
    const auto* output = app.get_option("--output");
    const auto* json = app.get_option("--json");
    metrics->callback([&state, output, json] {
        state.accepts_prometheus = true;
        state.action = [&state, output, json](Context& context) {
            run_metrics(context, state.metrics, output->count() > 0 || json->count() > 0);
        };
    });
}

// One reading of every threshold asked for, with the standby's lag beside it.
CheckReport run_check_once(const Context& context, Session& session, const CheckOptions& options) {
    auto facts = read_check_facts(session, context.layout(), options);
    if (!facts.standby && context.standby && context.standby->in_recovery) {
        facts.standby = context.standby;
    }
    return assess(facts, options);
}

void watch_check(Context& context, const CheckOptions& options, const WatchArgs& args) {
    auto interval = watch_interval(args);
    auto display = watch_display(context, "check");
    auto session = context.open_session(Command::check);
    WatchClock clock(interval);
    std::optional<CheckState> previous;
    bool first = true;
    do {
        if (!first && context.standby) {
            context.standby = read_standby_status(session);
        }
        first = false;
        auto report = run_check_once(context, session, options);
        auto at = std::chrono::time_point_cast<Microseconds>(Clock::now());
        if (display == WatchDisplay::screen) {
            draw_heading(context.out, "check", session.target(), interval, at);
            context.out << nagios_text(report);
            if (previous && *previous != report.state) {
                context.out << "\nchanged from " << to_string(*previous) << '\n';
            }
        } else {
            auto record = watch_record(check_json(report), at);
            // Spelled as the document's own status is.
            record["previous_status"] =
                previous ? check_json(CheckReport{*previous, {}, {}})["status"] : nlohmann::json();
            context.out << json_text(record, false) << '\n';
        }
        context.out.flush();
        previous = report.state;
    } while (clock.wait());
}

void run_check(Context& context, const CheckArgs& args) {
    auto options = to_check_options(args);
    if (context.format == OutputFormat::csv || context.format == OutputFormat::prometheus) {
        refuse_format(context.format, "check");
    }
    validate_check(context.layout(), options);
    if (args.watch.given()) {
        watch_check(context, options, args.watch);
        return;
    }
    auto session = context.open_session(Command::check);
    auto report = run_check_once(context, session, options);
    render_check(context.out, report, context.format);
    context.exit_code = static_cast<int>(report.state);
}

std::string threshold_help(CheckMetric metric) {
    switch (metric) {
    case CheckMetric::oldest_pending:
        return "Age of the oldest due pending entry (the relay's lag)";
    case CheckMetric::pending:
        return "Pending entries";
    case CheckMetric::stale_locks:
        return "Processing entries whose lock expired (a dead worker)";
    case CheckMetric::dead:
        return "Dead entries";
    case CheckMetric::new_dead:
        return "Entries that died within --new-dead-window";
    case CheckMetric::failed:
        return "Failed entries";
    case CheckMetric::oldest_completed:
        return "Age of the oldest completed entry, as purge measures it: a purge that has not "
               "run (give a little more than its --older-than)";
    case CheckMetric::consumer_lag:
        return "The largest consumer lag, in events";
    case CheckMetric::consumer_lag_time:
        return "The largest consumer lag in time: the age of its oldest unacknowledged event";
    case CheckMetric::stalled_consumers:
        return "Consumers with lag that have not moved for --stalled-after";
    case CheckMetric::replay_lag:
        return "How far the standby read (--read-db) is behind its primary";
    }
    return {};
}

void add_check(CLI::App& app, CliState& state) {
    auto* check = app.add_subcommand(
        "check", "Compare the outbox and the consumers with thresholds, as a monitoring plugin");
    const auto& metrics = all_check_metrics();
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        auto kind = threshold_kind(metrics[i]);
        check
            ->add_option("--" + std::string(option_name(metrics[i])), state.check.thresholds[i],
                         threshold_help(metrics[i]) + ": warn above WARN, critical above CRIT")
            ->option_text(kind == ThresholdKind::duration ? "[WARN:]CRIT" : "[WARN:]CRIT")
            ->group("Thresholds (" +
                    std::string(kind == ThresholdKind::duration ? "durations" : "counts") +
                    " as WARN:CRIT or CRIT)");
    }
    check
        ->add_option("--new-dead-window", state.check.new_dead_window,
                     "What --new-dead counts: entries that died within DUR (default 1h)")
        ->option_text("DUR");
    check
        ->add_option("--stalled-after", state.check.stalled_after,
                     "A consumer with lag that has not moved for DUR is stalled (default 5m)")
        ->option_text("DUR");
    add_watch_option(*check, state.check.watch);
    check->footer("Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (eventctl could not check: "
                  "the database unreachable, a bad option or layout), as monitoring plugins "
                  "report; not eventctl's usual codes.\n\n"
                  "Examples:\n"
                  "  eventctl check --oldest-pending 5m:15m --dead 10:100 --consumer-lag "
                  "1000:10000 --stalled-consumers 0:1\n"
                  "  eventctl check --new-dead 0:10 --new-dead-window 15m -o json\n"
                  "  eventctl --read-db postgresql://monitor@standby/shop check --replay-lag "
                  "30s:5m --oldest-pending 15m");
    check->callback([&state] {
        state.check_command = true;
        state.action = [&state](Context& context) { run_check(context, state.check); };
    });
}

} // namespace

void add_monitor_commands(CLI::App& app, CliState& state) {
    add_metrics(app, state);
    add_check(app, state);
}

} // namespace eventctl::cli
