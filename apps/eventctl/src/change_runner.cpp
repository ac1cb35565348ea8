#include "change_runner.h"

#include "eventctl/render/human_text.h"

namespace eventctl::cli {

namespace {

// What the change does to what it selects, in a prompt's words.
std::string verb(Command command) {
    switch (command) {
    case Command::outbox_retry:
    case Command::outbox_retry_completed:
        return "Retry";
    case Command::outbox_mark_dead:
        return "Mark dead";
    case Command::outbox_unlock_stale:
        return "Unlock";
    case Command::outbox_purge:
    case Command::log_purge:
        return "Delete";
    case Command::log_seek:
    case Command::log_seek_create:
        return "Move";
    case Command::log_replay_into_outbox:
        return "Enqueue";
    default:
        return std::string(command_name(command));
    }
}

} // namespace

namespace {

std::optional<std::string> interrupted(const RunRecord& run, std::int64_t changed,
                                       std::int64_t batches, const std::string& done) {
    if (run.complete || !(run.stopped_by == "SIGINT" || run.stopped_by == "SIGTERM")) {
        return std::nullopt;
    }
    return "interrupted by " + *run.stopped_by + " after " + grouped(batches) +
           (batches == 1 ? " batch: " : " batches: ") + grouped(changed) + " " + done +
           " (committed); nothing else was changed; run the same command again to finish";
}

} // namespace

std::optional<std::string> interruption_note(const MutationResult& result) {
    std::string done = result.command == Command::outbox_purge          ? "entries deleted"
                       : result.command == Command::outbox_mark_dead    ? "entries marked dead"
                       : result.command == Command::outbox_unlock_stale ? "entries unlocked"
                                                                        : "entries retried";
    if (result.archived) {
        done += ", " + grouped(*result.archived) + " archived";
    }
    return interrupted(result.run, result.changed, result.batches, done);
}

std::optional<std::string> interruption_note(const IntoOutboxResult& result) {
    return interrupted(result.run, result.changed, result.batches, "events enqueued");
}

void warn_unaudited(const Context& context) {
    const auto& layout = context.layout();
    if (!layout.audit) {
        context.warn("layout " + layout.name +
                     " has no audit table: this change is not audited (--verbose logs the "
                     "record instead)");
    }
}

void warn_pipe_archive(const Context& context, const std::optional<ArchiveTarget>& archive) {
    if (archive && archive->kind == ArchiveKind::pipe) {
        context.warn("--archive-to " + archive->request.path +
                     " is a pipe: each batch is deleted once it is written into the pipe, not "
                     "once its reader has stored it, and a pipe has no manifest");
    }
}

std::string confirmation_question(const ChangeSummary& summary, const std::string& database) {
    return verb(summary.command) + " " + grouped(summary.count) + " " + summary.unit + " of " +
           target_words(summary.table.display(), database) + ", selected by " +
           describe_selection(summary.selection) + "?";
}

std::string applied_text(const ChangeSummary& summary, std::int64_t changed) {
    return std::string(invoked_name(summary.command)) + " changed " + std::to_string(changed) +
           " " + summary.unit + " of " + summary.table.display();
}

} // namespace eventctl::cli
