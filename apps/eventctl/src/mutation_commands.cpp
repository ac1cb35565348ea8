#include "commands.h"
#include "eventctl/error.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/mutation.h"
#include "mutation_args.h"
#include "option_values.h"
#include "progress_display.h"

#include <algorithm>
#include <array>
#include <optional>

namespace eventctl::cli {

namespace {

// A change, run for real or as a dry run, reporting progress to the sink when given one.
// confirmed is the preview the user said yes to, or null: a confirmed run changes no more than
// the preview showed.
using Change = std::function<MutationResult(Session&, bool dry_run, ProgressSink progress,
                                            const MutationResult* confirmed)>;

// How a change runs, as the command line asked.
struct RunMode {
    bool needs_confirmation = false; // selected by filters, not by ids alone
    bool dry_run = false;
    bool yes = false;
    bool strict = false;
};

// Under --strict a run that matched nothing fails, after its result is printed: a cron job or
// a script that expected entries learns there were none. Nothing was changed, as exit 3 says.
void check_strict(const RunMode& mode, const MutationResult& result) {
    if (mode.strict && result.matched == 0) {
        throw RefusedError(result.command + ": nothing matched the selection (--strict)");
    }
}

// The run half every outbox change shares. A change selected by filters is confirmed first,
// with the count a dry run finds: on a terminal by a prompt, otherwise by --yes (exit 3 without
// it, nothing changed, whatever the count, so a cron job fails the same way on a quiet day as on
// a busy one). On a terminal, a preview that finds nothing is the result: nothing to ask, nothing
// to run. With --yes there is nothing to ask, so no counting pass either.
void run_change(Context& context, const std::string& command, const std::string& verb,
                const RunMode& mode, const Change& change) {
    auto session = context.open_session(command);
    std::optional<MutationResult> confirmed;
    if (mode.needs_confirmation && !mode.dry_run && !mode.yes) {
        auto preview = change(session, true, {}, nullptr);
        auto question = verb + " " + std::to_string(preview.changed) + " entries selected by " +
                        json_text(preview.selection, false) + "?";
        if (preview.changed == 0 && context.can_prompt()) {
            preview.dry_run = false;
            render_mutation(context.out, preview, context.format);
            check_strict(mode, preview);
            return;
        }
        context.confirm(question, false);
        confirmed = std::move(preview);
    }
    ProgressDisplay progress(context);
    auto result = change(session, mode.dry_run, mode.dry_run ? ProgressSink{} : progress.sink(),
                         confirmed ? &*confirmed : nullptr);
    progress.finish();
    render_mutation(context.out, result, context.format);
    check_strict(mode, result);
}

// The run mode of a change selected as the flags say.
RunMode run_mode(const OutboxSelection& selection, const ChangeFlags& flags) {
    return {!selection.by_ids_only(), flags.dry_run, flags.yes, flags.strict};
}

// What the layout must support and the ids must be, checked before anything connects.
void check_selection(const Context& context, const std::string& command,
                     const OutboxSelection& selection) {
    context.require(command);
    validate_selection(selection, context.layout().outbox->id_type);
    require_filter_support(context.layout(), selection.filter);
}

// The selection a run acts on: after a confirmed preview, the entries it showed (the filters
// still apply, and the UPDATE checks each entry is still eligible), so an entry that came to
// match while the prompt waited is not changed unasked.
OutboxSelection confirmed_selection(const OutboxSelection& selection,
                                    const MutationResult* confirmed) {
    if (confirmed == nullptr || !confirmed->ids) {
        return selection;
    }
    auto narrowed = selection;
    narrowed.ids = *confirmed->ids;
    return narrowed;
}

// Applies the per-run settings to a copy of the options.
MutationOptions for_run(MutationOptions options, bool dry_run, ProgressSink progress) {
    options.dry_run = dry_run;
    options.progress = std::move(progress);
    return options;
}

const char* selection_examples_note =
    "Select entries by id (arguments or --ids-from), by filters, or both; --all is needed to "
    "select without either.";

void add_retry(CLI::App& outbox, CliState& state) {
    auto* retry = outbox.add_subcommand(
        "retry", "Send failed and dead entries back to pending for the relay to publish again");
    auto& args = state.retry;
    add_selection_options(*retry, args.selection);
    add_change_flags(*retry, args.flags);
    retry->add_flag("--include-completed", args.include_completed,
                    "Also re-publish completed entries");
    retry->add_option("--delay", args.delay, "Schedule the retried entries this far in the future")
        ->option_text("DURATION");
    retry->add_option("--rate", args.rate, "Retry at most this many entries per second or minute")
        ->option_text("N/s");
    retry
        ->add_option("--payload-contains", args.payload_contains,
                     "Only entries whose payload contains this JSON (jsonb @>)")
        ->option_text("JSON");
    retry->footer(
        std::string(selection_examples_note) +
        "\n\nExamples:\n"
        "  eventctl outbox retry 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10\n"
        "  eventctl outbox list --status dead -o ndjson | jq -r .id | eventctl outbox "
        "retry --ids-from -\n"
        "  eventctl outbox retry --status dead --event-type OrderPlaced --rate 50/s --yes");
    retry->callback([&state] {
        state.action = [&state](Context& context) {
            auto& args = state.retry;
            auto selection = to_retry_selection(args, context.now, context.in);
            check_selection(context,
                            args.include_completed ? "outbox retry --include-completed"
                                                   : "outbox retry",
                            selection);
            auto options = to_mutation_options(args.flags);
            if (args.rate) {
                options.rate = parse_rate(*args.rate);
            }
            options.command_line = context.command_line;
            auto retry = to_retry_options(args);
            run_change(context, "outbox retry", "Retry", run_mode(selection, args.flags),
                       [&](Session& session, bool dry_run, ProgressSink progress,
                           const MutationResult* confirmed) {
                           return retry_entries(session, context.layout(),
                                                confirmed_selection(selection, confirmed), retry,
                                                for_run(options, dry_run, std::move(progress)));
                       });
        };
    });
}

void add_mark_dead(CLI::App& outbox, CliState& state) {
    auto* mark_dead = outbox.add_subcommand(
        "mark-dead", "Give up on pending or failed entries: mark them dead with a reason");
    auto& args = state.mark_dead;
    add_selection_options(*mark_dead, args.selection);
    add_change_flags(*mark_dead, args.flags);
    mark_dead->add_option("--reason", args.reason, "Why, kept in last_error")
        ->option_text("TEXT")
        ->required();
    mark_dead->footer(std::string(selection_examples_note) +
                      "\n\nExamples:\n"
                      "  eventctl outbox mark-dead 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10 --reason "
                      "'poison message, INC-1234'\n"
                      "  eventctl outbox mark-dead --event-type LegacyEvent --status pending "
                      "--reason 'consumer retired' --dry-run");
    mark_dead->callback([&state] {
        state.action = [&state](Context& context) {
            auto& args = state.mark_dead;
            auto selection = to_selection(args.selection, context.now, context.in);
            check_selection(context, "outbox mark-dead", selection);
            auto options = to_mutation_options(args.flags);
            options.command_line = context.command_line;
            run_change(context, "outbox mark-dead", "Mark dead", run_mode(selection, args.flags),
                       [&](Session& session, bool dry_run, ProgressSink progress,
                           const MutationResult* confirmed) {
                           return mark_dead_entries(
                               session, context.layout(), confirmed_selection(selection, confirmed),
                               args.reason, for_run(options, dry_run, std::move(progress)));
                       });
        };
    });
}

void add_unlock_stale(CLI::App& outbox, CliState& state) {
    auto* unlock = outbox.add_subcommand(
        "unlock-stale", "Send processing entries whose worker died (lock expired) back to pending");
    auto& args = state.unlock_stale;
    add_selection_options(*unlock, args.selection);
    add_change_flags(*unlock, args.flags);
    unlock
        ->add_option("--older-than", args.older_than,
                     "Also unlock entries claimed longer ago than this, lease or not")
        ->option_text("DURATION");
    unlock->footer("Selects processing entries whose locked_until has passed (and, with "
                   "--older-than, those whose claim, updated_at, is older than that).\n\n"
                   "Examples:\n"
                   "  eventctl outbox unlock-stale --all --dry-run\n"
                   "  eventctl outbox unlock-stale --all --older-than 15m --yes");
    unlock->callback([&state] {
        state.action = [&state](Context& context) {
            auto& args = state.unlock_stale;
            auto selection = to_selection(args.selection, context.now, context.in);
            check_selection(context, "outbox unlock-stale", selection);
            auto options = to_mutation_options(args.flags);
            options.command_line = context.command_line;
            auto older_than = to_unlock_older_than(args);
            run_change(context, "outbox unlock-stale", "Unlock", run_mode(selection, args.flags),
                       [&](Session& session, bool dry_run, ProgressSink progress,
                           const MutationResult* confirmed) {
                           return unlock_stale_entries(
                               session, context.layout(), confirmed_selection(selection, confirmed),
                               older_than, for_run(options, dry_run, std::move(progress)));
                       });
        };
    });
}

// A confirmed purge deletes what the prompt counted: rows older than the cutoff it showed (not
// one recomputed after the wait at the prompt), and no more of them than it counted.
void confirm_purge(PurgeOptions& run, const MutationResult& confirmed, TimePoint now) {
    run.cutoff = parse_time(confirmed.selection.at("cutoff").get<std::string>(), now);
    run.max_rows = run.max_rows > 0 ? std::min(run.max_rows, confirmed.changed) : confirmed.changed;
}

void add_purge(CLI::App& outbox, CliState& state) {
    auto* purge = outbox.add_subcommand(
        "purge", "Delete finished entries older than a duration, in short batches");
    auto& args = state.purge;
    purge
        ->add_option("--older-than", args.older_than,
                     "Delete entries finished (processed_at, else created_at) longer ago")
        ->option_text("DURATION")
        ->required();
    auto* status = purge->add_option("--status", args.statuses,
                                     "States to delete: completed (the default), failed, dead; "
                                     "never pending or processing");
    accept_only(*purge, status,
                spellings(std::array{Status::completed, Status::failed, Status::dead}))
        ->option_text("STATUS")
        ->delimiter(',');
    purge->add_flag("--dry-run", args.dry_run, "Count what would be deleted; delete nothing");
    purge->add_flag("-y,--yes", args.yes,
                    "Do not ask for confirmation (required without a terminal)");
    purge
        ->add_option("--batch-size", args.batch_size,
                     "About this many rows per transaction (default 10000)")
        ->option_text("N");
    purge
        ->add_option("--max-rows", args.max_rows,
                     "Stop after deleting this many rows (default 0: all)")
        ->option_text("N");
    purge
        ->add_option("--max-duration", args.max_duration,
                     "Stop starting new batches after this long")
        ->option_text("DURATION");
    purge->add_option("--sleep", args.sleep, "Pause between batches, leaving room for relays")
        ->option_text("DURATION");
    auto* archive_to = purge->add_option(
        "--archive-to", args.archive_to,
        "Append every deleted row to FILE as NDJSON, on disk before it is deleted");
    complete_files(*purge, archive_to)->option_text("FILE");
    purge->footer("Examples:\n"
                  "  eventctl outbox purge --older-than 30d --dry-run\n"
                  "  eventctl outbox purge --older-than 30d --status completed,dead --archive-to "
                  "/var/backups/outbox-$(date +%F).ndjson --yes\n"
                  "  15 3 * * * eventctl outbox purge --older-than 30d --max-duration 1h --yes -q");
    purge->callback([&state] {
        state.action = [&state](Context& context) {
            auto options = to_purge_options(state.purge);
            options.command_line = context.command_line;
            require_purge_support(context.layout(), options);
            // Every purge is selected by age, never by ids: always confirmed.
            // No --strict: a night with nothing old enough to delete is a quiet night, not a
            // failure, and the retention job is watched by its exit status and "changed".
            RunMode mode{true, options.dry_run, state.purge.yes, false};
            run_change(context, "outbox purge", "Delete", mode,
                       [&](Session& session, bool dry_run, ProgressSink progress,
                           const MutationResult* confirmed) {
                           auto run = options;
                           run.dry_run = dry_run;
                           run.progress = std::move(progress);
                           if (confirmed != nullptr) {
                               confirm_purge(run, *confirmed, context.now);
                           }
                           return purge_entries(session, context.layout(), run);
                       });
        };
    });
}

} // namespace

void add_mutation_commands(CLI::App& outbox, CliState& state) {
    add_retry(outbox, state);
    add_mark_dead(outbox, state);
    add_unlock_stale(outbox, state);
    add_purge(outbox, state);
}

} // namespace eventctl::cli
