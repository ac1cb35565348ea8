#pragma once

// Reads from a standby (--read-db): whether the server is one, and how far behind its primary
// it is.

#include "eventctl/session/session.h"

#include <optional>

namespace eventctl {

// What a server says of its recovery.
struct StandbyStatus {
    bool in_recovery = false;
    // How far the data read lags the primary: 0 while the standby has replayed all it received
    // and is still receiving, else now() - pg_last_xact_replay_timestamp(). Empty off a standby,
    // or before the standby replayed any transaction.
    std::optional<double> replay_lag_seconds;
};

// Asks the server in its own read-only statement.
StandbyStatus read_standby_status(Session& session);

} // namespace eventctl
