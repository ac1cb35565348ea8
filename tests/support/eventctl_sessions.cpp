#include "eventctl_sessions.h"

namespace eventctl::test {

long eventctl_sessions(const TestDatabase& db, const std::string& command,
                       const std::string& condition) {
    return std::stol(db.scalar("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = "
                               "current_database() AND application_name = 'eventctl/" +
                               command + "' AND (" + condition + ")"));
}

} // namespace eventctl::test
