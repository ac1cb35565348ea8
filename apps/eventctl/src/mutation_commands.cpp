#include "change_runner.h"
#include "commands.h"
#include "eventctl/error.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/mutation.h"
#include "mutation_args.h"
#include "option_values.h"

#include <algorithm>
#include <array>
#include <optional>

namespace eventctl::cli {

namespace {

// Under --strict a run that changed nothing fails, after its result is printed: a cron job or
// a script that expected entries learns there were none, or that workers held every one.
// Nothing was changed, as exit 3 says.
void check_strict(bool strict, const MutationResult& result) {
    if (!strict || result.changed > 0) {
        return;
    }
    auto name = std::string(invoked_name(result.command));
    if (result.skipped_locked > 0) {
        throw RefusedError(name + ": nothing changed: workers held all " +
                           std::to_string(result.skipped_locked) + " matching entries (--strict)");
    }
    throw RefusedError(name + ": nothing matched the selection (--strict)");
}

// The layout's id type, once the layout is known to have what the command needs: ids read
// from a list are checked as they are read.
const std::string& id_type(const Context& context, Command command) {
    context.require(command);
    return context.layout().outbox->id_type;
}

// What a person should know of a result beyond its counts: entries an ordered relay now holds
// back, a redrive cut short and how to go on. A canary that failed again exits 3 (nothing more
// was retried, as a refusal), after its result named the failures.
void follow_up(Context& context, const MutationResult& result) {
    if (result.waiting_behind && result.waiting_behind->entries > 0) {
        context.warn(std::to_string(result.waiting_behind->entries) + " entries of " +
                     std::to_string(result.waiting_behind->aggregates) +
                     " aggregates wait behind the " + (result.dry_run ? "selected" : "dead") +
                     " entries: an ordered relay cannot publish them (eventctl outbox blocked)");
    }
    // A canary the relay never settled proved nothing: the redrive went on as the wait ended,
    // and the person running it should know it was not checked.
    if (result.canary && result.canary->passed() && result.canary->unsettled > 0) {
        context.warn("the canary wait ended with " + std::to_string(result.canary->unsettled) +
                     " of " + std::to_string(result.canary->ids.size()) +
                     " canary entries neither published nor failed again; the rest was retried "
                     "unchecked (is the relay running?)");
    }
    if (result.canary && !result.canary->passed()) {
        std::string groups;
        for (const auto& group : result.canary->failed_again_groups) {
            groups += (groups.empty() ? "" : ", ") + group.fingerprint + " (" +
                      std::to_string(group.entries) + "x \"" + group.pattern + "\")";
        }
        throw RefusedError(
            "the canary failed again: " + std::to_string(result.canary->failed_again) + " of " +
                std::to_string(result.canary->ids.size()) + " entries, more than --max-refail " +
                std::to_string(result.canary->max_failed_again) +
                "; nothing else was retried. Failures: " + groups,
            "see them with 'eventctl outbox list --error-group FINGERPRINT'");
    }
    if (!result.dry_run && !result.run.complete && result.audit_id) {
        context.warn("stopped by " + *result.run.stopped_by +
                     "; continue with: eventctl outbox retry --resume " +
                     std::to_string(*result.audit_id));
    }
}

// Runs a planned status change or purge and prints its result.
template <typename Change>
void run_and_render(Context& context, const Change& change, const ChangeFlags& flags, bool strict) {
    auto result = run_change(context, change, flags);
    render_mutation(context.out, result, context.format);
    context.result_written = true; // --strict's refusal below goes to stderr alone
    follow_up(context, result);
    check_strict(strict, result);
}

// The same, for a status change: its flags say how it runs.
template <typename Change>
void run_and_render(Context& context, const Change& change, const MutationFlags& flags) {
    run_and_render(context, change, {flags.dry_run, flags.yes}, flags.strict);
}

// The entries a status change selects, ids read in the layout's id type.
OutboxSelection selected(const Context& context, const SelectionArgs& args, Command command) {
    return to_selection(args, context.now, context.in, id_type(context, command));
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
    retry->add_flag("--in-order", args.in_order,
                    "Take the earlier failed and dead entries of each selected entry's aggregate "
                    "too (with --strict: refuse, naming them)");
    retry
        ->add_option("--canary", args.canary,
                     "Retry N entries first and wait for the relay to publish them before the "
                     "rest")
        ->option_text("N");
    retry
        ->add_option("--canary-wait", args.canary_wait,
                     "How long to wait for the canary to be published or fail again")
        ->option_text("DURATION");
    retry
        ->add_option("--max-refail", args.max_refail,
                     "Stop (exit 3) when more than K canary entries fail again (default 0)")
        ->option_text("K");
    retry
        ->add_option("--resume", args.resume,
                     "Continue the interrupted redrive of this audit record where it stopped")
        ->option_text("AUDIT_ID");
    retry->footer(
        std::string(selection_examples_note) +
        "\n\nExamples:\n"
        "  eventctl outbox retry 876d13d7-f4a9-4bab-aa8e-182b6d6514cf\n"
        "  eventctl outbox list --status dead -o ndjson | jq -r .id | eventctl outbox "
        "retry --ids-from -\n"
        "  eventctl outbox retry --status dead --event-type OrderPlaced --rate 50/s --yes\n"
        "  eventctl outbox retry --error-group 359cb7fe98f1 --canary 5 --canary-wait 10s "
        "--rate 50/s --yes\n"
        "  eventctl outbox retry --resume 1 --yes");
    on_run(*retry, state, [&state](Context& context) {
        auto& args = state.retry;
        auto options = to_mutation_options(args.flags, context.command_line);
        if (args.rate) {
            options.rate = parse_rate(*args.rate);
        }
        auto command =
            args.include_completed ? Command::outbox_retry_completed : Command::outbox_retry;
        auto selection =
            to_retry_selection(args, context.now, context.in, id_type(context, command));
        auto change =
            plan_retry(context.layout(), std::move(selection), to_retry_options(args), options);
        run_and_render(context, change, args.flags);
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
                      "  eventctl outbox mark-dead 876d13d7-f4a9-4bab-aa8e-182b6d6514cf --reason "
                      "'poison message, INC-1234'\n"
                      "  eventctl outbox mark-dead --event-type LegacyEvent --status pending "
                      "--reason 'consumer retired' --dry-run");
    on_run(*mark_dead, state, [&state](Context& context) {
        auto& args = state.mark_dead;
        auto change = plan_mark_dead(
            context.layout(), selected(context, args.selection, Command::outbox_mark_dead),
            args.reason, to_mutation_options(args.flags, context.command_line));
        run_and_render(context, change, args.flags);
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
                     "Also unlock entries claimed longer ago than this, lease or not (under 1m "
                     "takes --force)")
        ->option_text("DURATION");
    unlock->add_flag("--force", args.force,
                     "Allow an --older-than under a minute: the workers are known to be gone");
    unlock->footer("Selects processing entries whose locked_until has passed (and, with "
                   "--older-than, those whose claim, updated_at, is older than that).\n\n"
                   "Examples:\n"
                   "  eventctl outbox unlock-stale --all --dry-run\n"
                   "  eventctl outbox unlock-stale --all --older-than 15m --yes");
    on_run(*unlock, state, [&state](Context& context) {
        auto& args = state.unlock_stale;
        auto change = plan_unlock_stale(
            context.layout(), selected(context, args.selection, Command::outbox_unlock_stale),
            to_unlock_older_than(args), to_unlock_options(args, context.command_line));
        run_and_render(context, change, args.flags);
    });
}

void add_purge(CLI::App& outbox, CliState& state) {
    auto* purge = outbox.add_subcommand(
        "purge", "Delete finished entries older than a duration, in short batches");
    auto& args = state.purge;
    purge
        ->add_option("--older-than", args.older_than,
                     "Delete entries finished (processed_at, else created_at) longer ago (under "
                     "1m takes --force)")
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
                     "About this many rows per transaction, 1 to 10000000 (default 10000)")
        ->option_text("N");
    purge
        ->add_option("--max-rows", args.max_rows,
                     "Stop after deleting this many rows, 0 to 1000000000000 (default 0: all)")
        ->option_text("N");
    purge
        ->add_option("--max-duration", args.max_duration,
                     "Stop starting new batches after this long (e.g. 1h, 90s, 500ms)")
        ->option_text("DURATION");
    purge
        ->add_option("--sleep", args.sleep,
                     "Pause between batches, leaving room for relays: up to 1h (e.g. 2s, 250ms)")
        ->option_text("DURATION");
    auto* archive_to = purge->add_option(
        "--archive-to", args.archive_to,
        "Append every deleted row to FILE as NDJSON, on disk before it is deleted; FILE.zst is "
        "compressed; a manifest goes to FILE.manifest");
    complete_files(*purge, archive_to)->option_text("FILE");
    purge->add_flag("--drop-partitions", args.drop_partitions,
                    "Drop whole partitions whose every row is one the purge deletes (a table "
                    "partitioned by range on created_at or processed_at)");
    purge->add_flag("--archive-unsafe-pipe", args.archive_unsafe_pipe,
                    "Let --archive-to be a pipe: rows are deleted once written into it, which "
                    "cannot be made durable");
    purge->add_flag("--force", args.force, "Allow --older-than under a minute and --status failed");
    purge->footer("On a partitioned table the purge walks every leaf partition. With "
                  "--drop-partitions, a partition whose rows are all old enough finished entries "
                  "is dropped in one short transaction (checked again under its lock, waited for "
                  "at most --lock-timeout and never over 1s); the others are purged row by row, a "
                  "DEFAULT partition always. --dry-run lists each partition and its fate.\n\n"
                  "Examples:\n"
                  "  eventctl outbox purge --older-than 30d --dry-run\n"
                  "  eventctl outbox purge --older-than 30d --status completed,dead --archive-to "
                  "/var/backups/outbox-$(date +%F).ndjson --yes\n"
                  "  eventctl outbox purge --older-than 30d --drop-partitions --dry-run\n"
                  "  eventctl outbox purge --older-than 30d --archive-to outbox.ndjson.zst --sleep "
                  "250ms --yes\n"
                  "  15 3 * * * eventctl outbox purge --older-than 30d --max-duration 1h --yes -q");
    on_run(*purge, state, [&state](Context& context) {
        auto options = to_purge_options(state.purge);
        options.command_line = context.command_line;
        auto change = plan_purge(context.layout(), std::move(options));
        warn_pipe_archive(context, change.archive());
        // No --strict: a night with nothing old enough to delete is a quiet night, not a
        // failure, and the retention job is watched by its exit status and "changed".
        run_and_render(context, change, {state.purge.dry_run, state.purge.yes}, false);
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
