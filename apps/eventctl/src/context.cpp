#include "context.h"

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/time.h"
#include "standard_output.h"

#include <chrono>
#include <cstdio>

namespace eventctl::cli {

namespace {

std::chrono::milliseconds timeout_setting(const std::string& option, const std::string& text) {
    try {
        return parse_duration_ms(text);
    } catch (const UsageError& e) {
        throw UsageError(option + ": " + e.what());
    }
}

} // namespace

std::optional<std::string> Context::read_db() const {
    if (global.read_db) {
        return global.read_db;
    }
    const char* value = env("EVENTCTL_READ_DB");
    if (value != nullptr && *value != '\0') {
        return std::string(value);
    }
    return std::nullopt;
}

namespace {

// The commands that only read a layout's tables: what --read-db sends to a standby. doctor
// stays on the primary, whose privileges and indexes it reports.
bool reads_from_standby(Command command) {
    return !command_writes(command) && uses_layout(command);
}

std::string lag_text(const std::optional<double>& seconds) {
    if (!seconds) {
        return "unknown (nothing replayed yet)";
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3fs", *seconds);
    return buffer;
}

} // namespace

Session Context::open_session(Command command) const {
    ConnectionSettings settings;
    settings.db = global.db;
    settings.command = command;
    auto standby_db = reads_from_standby(command) ? read_db() : std::nullopt;
    if (standby_db) {
        settings.db = standby_db;
    }
    settings.lock_timeout = timeout_setting("--lock-timeout", global.lock_timeout);
    settings.statement_timeout = timeout_setting("--statement-timeout", global.statement_timeout);
    Logger logger;
    if (global.verbose) {
        logger = [this](const std::string& line) { err << "eventctl: " << line << '\n'; };
    }
    session_command = command;
    Session session(settings, env, logger);
    if (standby_db) {
        standby = read_standby_status(session);
        if (!standby->in_recovery) {
            warn("--read-db: " + session.target() +
                 " is not a standby (not in recovery); read from it all the same");
        } else if (!global.quiet) {
            err << "eventctl: read from standby " << session.target() << ", replay lag "
                << lag_text(standby->replay_lag_seconds) << '\n';
        }
    }
    session_role = session.user();
    return session;
}

const Layout& Context::layout() const {
    if (!loaded_layout) {
        loaded_layout = apply_overrides(load_layout(global.layout), global.tables);
    }
    return *loaded_layout;
}

void Context::require(Command command) const {
    require_capability(layout(), command);
}

TableNames Context::canonical_tables() const {
    TableNames names;
    const auto& overrides = global.tables;
    names.schema = overrides.schema.value_or(names.schema);
    names.outbox = overrides.outbox.value_or(names.outbox);
    names.event_log = overrides.event_log.value_or(names.event_log);
    names.consumers = overrides.consumers.value_or(names.consumers);
    names.audit = overrides.audit.value_or(names.audit);
    return names;
}

void Context::confirm(const std::string& question, bool yes) const {
    if (yes) {
        return;
    }
    if (!can_prompt()) {
        throw RefusedError("refusing to change rows selected by a filter without --yes: " +
                               question,
                           "check the selection with --dry-run, then add --yes");
    }
    err << question << " [y/N] " << std::flush;
    std::string answer;
    std::getline(in, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
        throw RefusedError("declined; nothing was changed");
    }
}

void Context::check_output() const {
    require_written(out, applied_change);
}

void Context::warn(const std::string& message) const {
    if (!global.quiet) {
        err << "eventctl: warning: " << message << '\n';
    }
}

} // namespace eventctl::cli
