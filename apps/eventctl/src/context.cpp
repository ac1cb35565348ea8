#include "context.h"

#include "eventctl/error.h"
#include "eventctl/time.h"

#include <chrono>

namespace eventctl::cli {

namespace {

std::chrono::milliseconds timeout_setting(const std::string& option, const std::string& text) {
    try {
        return std::chrono::duration_cast<std::chrono::milliseconds>(parse_duration(text));
    } catch (const UsageError& e) {
        throw UsageError(option + ": " + e.what());
    }
}

} // namespace

Session Context::open_session(const std::string& command) const {
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

void Context::warn(const std::string& message) const {
    if (!global.quiet) {
        err << "eventctl: warning: " << message << '\n';
    }
}

} // namespace eventctl::cli
