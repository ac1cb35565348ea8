#include "completion_candidates.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/log/consumers.h"

#include <cstdlib>

namespace eventctl::cli {

std::vector<std::string> database_consumers(const GlobalArgs& global) {
    std::vector<std::string> names;
    try {
        // A shell waits for this on Tab: two seconds to connect, two for each statement.
        setenv("PGCONNECT_TIMEOUT", "2", 1);
        ConnectionSettings settings;
        settings.db = global.db;
        settings.command = Command::completion;
        settings.lock_timeout = settings.statement_timeout = std::chrono::seconds(2);
        auto layout = apply_overrides(load_layout(global.layout), global.tables);
        Session session(settings, [](const char* name) { return std::getenv(name); });
        for (const auto& consumer : list_consumers(session, layout.log.value()).consumers) {
            names.push_back(consumer.consumer);
        }
    } catch (...) {
        // No database, no such table, a layout without consumers: nothing to offer, no error.
    }
    return names;
}

} // namespace eventctl::cli
