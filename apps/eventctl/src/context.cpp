#include "context.h"

#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/time.h"
#include "standard_output.h"

#include <chrono>

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

Session Context::open_session(Command command) const {
    ConnectionSettings settings;
    settings.db = global.db;
    settings.command = command;
    settings.lock_timeout = timeout_setting("--lock-timeout", global.lock_timeout);
    settings.statement_timeout = timeout_setting("--statement-timeout", global.statement_timeout);
    Logger logger;
    if (global.verbose) {
        logger = [this](const std::string& line) { err << "eventctl: " << line << '\n'; };
    }
    return Session(settings, env, logger);
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
