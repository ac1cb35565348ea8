#include "change_runner.h"

#include "eventctl/render/json_text.h"

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

std::string confirmation_question(const ChangeSummary& summary, const std::string& database) {
    return verb(summary.command) + " " + std::to_string(summary.count) + " " + summary.unit +
           " of " + summary.table.display() + " on " + database + " selected by " +
           json_text(summary.selection, false) + "?";
}

std::string applied_text(const ChangeSummary& summary, std::int64_t changed) {
    return std::string(invoked_name(summary.command)) + " changed " + std::to_string(changed) +
           " " + summary.unit + " of " + summary.table.display();
}

} // namespace eventctl::cli
