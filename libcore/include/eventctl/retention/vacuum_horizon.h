#pragma once

// Why space a purge freed may not come back yet (DESIGN 7): deleted rows are reclaimed only
// once no snapshot can see them, and the oldest snapshot in the cluster decides. What holds
// that horizon back: a session's backend_xmin, a replication slot's xmin (catalog_xmin holds
// only the catalogs), a prepared transaction, a standby's hot_standby_feedback; and where the
// table stands: its dead tuples and last (auto)vacuum.

#include "eventctl/session/session.h"
#include "eventctl/sql/sql.h"
#include "eventctl/time.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// One thing that holds the horizon back.
struct HorizonHolder {
    std::string kind; // "session", "replication slot", "prepared transaction", "standby"
    std::string name; // pid, slot name, gid or standby application_name
    std::optional<std::string> application;
    std::optional<std::string> state;             // a session's state, e.g. idle in transaction
    std::optional<std::int64_t> age_seconds;      // since its transaction (or preparation) began
    std::optional<std::int64_t> xmin_age;         // transactions since its xmin
    std::optional<std::int64_t> catalog_xmin_age; // a slot's catalog_xmin
    bool holds_rows = true; // false: only catalog rows (a slot with a catalog_xmin only)
};

// The horizon and one table's vacuum state.
struct VacuumHorizon {
    QualifiedName table;
    std::vector<HorizonHolder> holders; // oldest first, those holding rows before the rest
    std::int64_t dead_tuples = 0;       // summed over the table's leaves
    std::optional<TimePoint> last_vacuum;
    std::optional<TimePoint> last_autovacuum;

    // "space not reclaimable until pid 4242 ends: idle in transaction for 3h", when something
    // holds deleted rows back (the first holder of rows); empty otherwise.
    std::optional<std::string> reclaim_note() const;
};

// Reads it in the caller's transaction; holders are those older than min_age_seconds (so a
// purge's own session and the relays' short transactions are left out), this session never.
VacuumHorizon read_vacuum_horizon(Session& session, pqxx::transaction_base& tx,
                                  const QualifiedName& table, std::int64_t min_age_seconds = 1);

// Reads it in a read-only transaction of its own.
VacuumHorizon read_vacuum_horizon(Session& session, const QualifiedName& table);

// The JSON of it, as purge results and doctor spell it.
nlohmann::json vacuum_horizon_json(const VacuumHorizon& horizon);

// "3h", "2d4h", "45s": an age for a one-line message.
std::string short_age(std::int64_t seconds);

} // namespace eventctl
