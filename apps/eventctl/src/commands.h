#pragma once

#include "context.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <utility>

namespace eventctl::cli {

// Makes action what runs when command is the one given. CLI11 calls back while it parses, before
// the context exists; main runs the action once it does.
inline void on_run(CLI::App& command, CliState& state, std::function<void(Context&)> action) {
    command.callback([&state, action = std::move(action)] { state.action = action; });
}

// The global options every command accepts, before or after the command name.
void add_global_options(CLI::App& app, GlobalArgs& global);

// outbox stats|list|show.
void add_outbox_commands(CLI::App& app, CliState& state);

// outbox errors|blocked, added to the outbox command.
void add_incident_commands(CLI::App& outbox, CliState& state);

// audit list|show.
void add_audit_commands(CLI::App& app, CliState& state);

// outbox retry|mark-dead|unlock-stale|purge, added to the outbox command.
void add_mutation_commands(CLI::App& outbox, CliState& state);

// log consumers|seek|replay.
void add_log_commands(CLI::App& app, CliState& state);

// layouts, layouts show.
void add_layouts_commands(CLI::App& app, CliState& state);

// schema init|print.
void add_schema_commands(CLI::App& app, CliState& state);

// metrics, check.
void add_monitor_commands(CLI::App& app, CliState& state);

// doctor.
void add_doctor_command(CLI::App& app, CliState& state);

// completion bash|zsh|fish: prints the script that hands the shell's Tab to `eventctl __complete`.
void add_completion_command(CLI::App& app, CliState& state);

} // namespace eventctl::cli
