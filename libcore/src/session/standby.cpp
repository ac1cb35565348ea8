#include "eventctl/session/standby.h"

#include "eventctl/session/transactions.h"

namespace eventctl {

StandbyStatus read_standby_status(Session& session) {
    // On an idle primary nothing is replayed for a while and the last replayed commit ages: a
    // standby that replayed everything it received, with a receiver running, is not behind.
    // A receiver that is not running (cut off from the primary) leaves the age growing, which
    // is what an alert on it wants.
    ReadTransaction tx(session.connection());
    auto row = session.exec(tx, "SELECT pg_catalog.pg_is_in_recovery(), CASE WHEN NOT "
                                "pg_catalog.pg_is_in_recovery() THEN NULL WHEN "
                                "pg_catalog.pg_last_wal_receive_lsn() = "
                                "pg_catalog.pg_last_wal_replay_lsn() AND EXISTS (SELECT FROM "
                                "pg_catalog.pg_stat_wal_receiver) THEN 0 ELSE "
                                "EXTRACT(epoch FROM pg_catalog.now() - "
                                "pg_catalog.pg_last_xact_replay_timestamp())::float8 END")[0];
    tx.commit();
    StandbyStatus status;
    status.in_recovery = row[0].as<bool>();
    if (!row[1].is_null()) {
        status.replay_lag_seconds = std::max(0.0, row[1].as<double>());
    }
    return status;
}

} // namespace eventctl
