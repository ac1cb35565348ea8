#include "eventctl/session/connection.h"

namespace eventctl {

ResolvedConninfo resolve_conninfo(const ConnectionSettings& settings, const EnvLookup& env) {
    if (settings.db) {
        return {*settings.db, "--db"};
    }
    // An empty variable counts as unset, as it does for libpq's own PG* variables.
    for (const char* name : {"EVENTCTL_DB", "DATABASE_URL"}) {
        const char* value = env(name);
        if (value != nullptr && *value != '\0') {
            return {value, name};
        }
    }
    return {"", "libpq defaults"};
}

} // namespace eventctl
