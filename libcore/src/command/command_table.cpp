#include "command/command_table.h"

#include <stdexcept>

namespace eventctl {

const std::vector<CommandRow>& command_rows() {
    using C = Command;
    static const std::vector<CommandRow> rows = {
        {C::outbox_stats, "outbox stats", "outbox stats", "outbox stats", false, needs_outbox,
         privileges_to_read_outbox},
        {C::outbox_list, "outbox list", "outbox list", "outbox list", false, needs_outbox,
         privileges_to_read_outbox},
        {C::outbox_show, "outbox show", "outbox show", "outbox show", false, needs_outbox,
         privileges_to_read_outbox},
        {C::outbox_errors, "outbox errors", "outbox errors", "outbox errors", false,
         needs_error_groups, privileges_to_read_outbox},
        {C::outbox_blocked, "outbox blocked", "outbox blocked", "outbox blocked", false,
         needs_aggregates, privileges_to_read_outbox},
        {C::outbox_retry, "outbox retry", "outbox retry", "outbox retry", true, needs_to_retry,
         privileges_to_retry},
        {C::outbox_retry_completed, "outbox retry --include-completed", "outbox retry",
         "outbox retry", true, needs_to_republish, privileges_to_republish},
        {C::outbox_mark_dead, "outbox mark-dead", "outbox mark-dead", "outbox mark-dead", true,
         needs_to_mark_dead, privileges_to_mark_dead},
        {C::outbox_unlock_stale, "outbox unlock-stale", "outbox unlock-stale",
         "outbox unlock-stale", true, needs_to_unlock_stale, privileges_to_unlock_stale},
        {C::outbox_purge, "outbox purge", "outbox purge", "outbox purge", true, needs_to_purge,
         privileges_to_purge},
        {C::log_consumers, "log consumers", "log consumers", "log consumers", false,
         needs_consumers, privileges_to_read_consumers},
        {C::log_seek, "log seek", "log seek", "log seek", true, needs_consumers,
         privileges_to_seek},
        {C::log_seek_create, "log seek --create", "log seek", "log seek", true,
         needs_to_create_consumers, privileges_to_seek_and_create},
        {C::log_replay, "log replay", "log replay", "log replay", false, needs_global_position,
         privileges_to_read_log},
        {C::log_replay_consumer, "log replay --consumer", "log replay", "log replay", false,
         needs_consumers, privileges_to_read_consumers},
        {C::log_replay_stream, "log replay --stream", "log replay", "log replay", false,
         needs_streams, privileges_to_read_log},
        {C::log_replay_into_outbox, "log replay --into-outbox", "log replay",
         "log replay --into-outbox", true, needs_to_replay_into_outbox,
         privileges_to_replay_into_outbox},
        {C::log_purge, "log purge", "log purge", "log purge", true, needs_to_purge_log,
         privileges_to_purge_log},
        {C::audit_list, "audit list", "audit list", "audit list", false, needs_audit_table,
         privileges_to_read_audit},
        {C::audit_show, "audit show", "audit show", "audit show", false, needs_audit_table,
         privileges_to_read_audit},
        {C::schema_init, "schema init", "schema init", "schema init", true, nullptr, nullptr},
        {C::schema_print, "schema print", "schema print", "schema print", false, nullptr, nullptr},
        {C::layouts, "layouts", "layouts", "layouts", false, nullptr, nullptr},
        {C::doctor, "doctor", "doctor", "doctor", false, nullptr, nullptr},
        {C::completion, "completion", "completion", "completion", false, nullptr, nullptr},
        {C::metrics, "metrics", "metrics", "metrics", false, needs_outbox_or_consumers,
         privileges_to_monitor},
        {C::check, "check", "check", "check", false, needs_outbox_or_consumers,
         privileges_to_monitor},
    };
    return rows;
}

const CommandRow& command_row(Command command) {
    for (const auto& row : command_rows()) {
        if (row.command == command) {
            return row;
        }
    }
    // Every value has a row; the table test walks them all.
    throw std::logic_error("the command table has no row for a command");
}

const std::vector<Command>& all_commands() {
    static const std::vector<Command> commands = [] {
        std::vector<Command> all;
        for (const auto& row : command_rows()) {
            all.push_back(row.command);
        }
        return all;
    }();
    return commands;
}

std::string_view command_name(Command command) {
    return command_row(command).name;
}

std::string_view invoked_name(Command command) {
    return command_row(command).invoked;
}

std::string_view audit_name(Command command) {
    return command_row(command).audit;
}

bool command_writes(Command command) {
    return command_row(command).writes;
}

bool uses_layout(Command command) {
    return command_row(command).lacking != nullptr;
}

std::string application_name(Command command) {
    return "eventctl/" + std::string(invoked_name(command));
}

} // namespace eventctl
