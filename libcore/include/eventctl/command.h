#pragma once

// The command table (DESIGN 7): every command and variant of eventctl, named once. What users
// type, the audit record's command, application_name, what a command needs of a layout and
// the privileges it needs all come from the row of its value; a new command is a new value and
// a new row, and the compiler finds every switch that forgets it.

#include <string>
#include <string_view>
#include <vector>

namespace eventctl {

enum class Command {
    outbox_stats,
    outbox_list,
    outbox_show,
    outbox_errors,
    outbox_blocked,
    outbox_retry,
    outbox_retry_completed, // retry --include-completed
    outbox_mark_dead,
    outbox_unlock_stale,
    outbox_purge,
    log_consumers,
    log_seek,
    log_seek_create, // seek --create
    log_replay,
    log_replay_consumer, // replay --consumer: reads the consumers table too
    log_replay_stream,   // replay --stream
    log_replay_into_outbox,
    log_purge,
    audit_list,
    audit_show,
    schema_init,
    schema_print,
    layouts,
    doctor,
    completion,
    metrics, // the outbox's and the consumers' gauges, in one session
    check,   // thresholds, for monitoring systems
};

// Every command and variant, in manual order.
const std::vector<Command>& all_commands();

// The name the manual and doctor list: "outbox retry --include-completed".
std::string_view command_name(Command command);

// The command a user runs for it ("outbox retry" for retry --include-completed): what
// application_name says.
std::string_view invoked_name(Command command);

// What its audit records name in their command column: the invoked name, or a variant whose
// records must stay apart ("log replay --into-outbox").
std::string_view audit_name(Command command);

// Whether it changes rows: a read-only session cannot run it.
bool command_writes(Command command);

// Whether it works on a layout's tables: doctor and 'eventctl layouts' list those.
bool uses_layout(Command command);

// The value of application_name for the command, e.g. "eventctl/outbox stats".
std::string application_name(Command command);

} // namespace eventctl
