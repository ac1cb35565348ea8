#include "eventctl/retention/vacuum_horizon.h"

#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "sql/field_values.h"
#include "sql/statement.h"

namespace eventctl {

std::string short_age(std::int64_t seconds) {
    struct Unit {
        std::int64_t seconds;
        const char* suffix;
    };
    static constexpr Unit units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    if (seconds <= 0) {
        return "0s";
    }
    std::string text;
    int parts = 0;
    for (const auto& unit : units) {
        if (seconds >= unit.seconds && parts < 2) {
            text += std::to_string(seconds / unit.seconds) + unit.suffix;
            seconds %= unit.seconds;
            ++parts;
        } else if (parts > 0) {
            break; // "2d4h", never "2d0h13s"
        }
    }
    return text;
}

std::optional<std::string> VacuumHorizon::reclaim_note() const {
    for (const auto& holder : holders) {
        if (!holder.holds_rows) {
            continue;
        }
        std::string until;
        if (holder.kind == "session") {
            until = "pid " + holder.name +
                    (holder.application && !holder.application->empty()
                         ? " (" + *holder.application + ")"
                         : std::string()) +
                    " ends: " + holder.state.value_or("in a transaction") + " for " +
                    short_age(holder.age_seconds.value_or(0));
        } else if (holder.kind == "replication slot") {
            until = "replication slot " + holder.name + " advances: its xmin is " +
                    std::to_string(holder.xmin_age.value_or(0)) + " transactions old";
        } else if (holder.kind == "prepared transaction") {
            until = "prepared transaction '" + holder.name +
                    "' is committed or rolled back: prepared " +
                    short_age(holder.age_seconds.value_or(0)) + " ago";
        } else {
            until = "standby " + holder.name + " releases it (hot_standby_feedback): its xmin is " +
                    std::to_string(holder.xmin_age.value_or(0)) + " transactions old";
        }
        return "space not reclaimable until " + until;
    }
    return std::nullopt;
}

VacuumHorizon read_vacuum_horizon(Session& session, pqxx::transaction_base& tx,
                                  const QualifiedName& table, std::int64_t min_age_seconds) {
    VacuumHorizon horizon;
    horizon.table = table;
    // A session holds the horizon with its snapshot (backend_xmin) or, idle in a transaction
    // that wrote, with its own xid. Sessions younger than min_age are the relays' short
    // transactions and eventctl's own: not what keeps space from coming back. Other roles'
    // sessions show no xmin without pg_read_all_stats: this lists what the role may see.
    // Sessions and prepared transactions hold back the vacuum of their own database's tables
    // only (a long transaction in another database does not keep the outbox's space); slots
    // and standbys' feedback hold back every database.
    SqlParams params;
    auto sql = fmt::format(
        R"(SELECT h.kind, h.name, h.application, h.state, h.age_seconds, h.xmin_age,
       h.catalog_xmin_age, h.holds_rows
FROM (
    SELECT 'session' AS kind, a.pid::text AS name, a.application_name::text AS application,
           a.state::text AS state,
           pg_catalog.floor(EXTRACT(epoch FROM pg_catalog.now() - a.xact_start))::bigint
               AS age_seconds,
           GREATEST(pg_catalog.age(a.backend_xmin), pg_catalog.age(a.backend_xid))::bigint
               AS xmin_age,
           NULL::bigint AS catalog_xmin_age, TRUE AS holds_rows
    FROM pg_catalog.pg_stat_activity a
    WHERE (a.backend_xmin IS NOT NULL OR a.backend_xid IS NOT NULL)
      AND a.datname = pg_catalog.current_database()
      AND a.pid <> pg_catalog.pg_backend_pid()
      AND a.xact_start < pg_catalog.now() - {min_age}
    UNION ALL
    SELECT 'replication slot', s.slot_name::text, NULL,
           CASE WHEN s.active THEN 'active' ELSE 'inactive' END, NULL,
           pg_catalog.age(s.xmin)::bigint, pg_catalog.age(s.catalog_xmin)::bigint,
           s.xmin IS NOT NULL
    FROM pg_catalog.pg_replication_slots s
    WHERE s.xmin IS NOT NULL OR s.catalog_xmin IS NOT NULL
    UNION ALL
    SELECT 'prepared transaction', p.gid, NULL, NULL,
           pg_catalog.floor(EXTRACT(epoch FROM pg_catalog.now() - p.prepared))::bigint,
           pg_catalog.age(p.transaction)::bigint, NULL, TRUE
    FROM pg_catalog.pg_prepared_xacts p
    WHERE p.database = pg_catalog.current_database()
      AND p.prepared < pg_catalog.now() - {min_age}
    UNION ALL
    SELECT 'standby', COALESCE(r.application_name, r.client_addr::text, r.pid::text),
           r.application_name::text, r.state::text, NULL,
           pg_catalog.age(r.backend_xmin)::bigint, NULL, TRUE
    FROM pg_catalog.pg_stat_replication r
    WHERE r.backend_xmin IS NOT NULL
) h
ORDER BY h.holds_rows DESC, h.xmin_age DESC NULLS LAST, h.name COLLATE "C")",
        "min_age"_a = seconds_interval(params, std::chrono::seconds(min_age_seconds)));
    for (const auto& row : session.exec(tx, sql, params)) {
        HorizonHolder holder;
        holder.kind = row[0].as<std::string>();
        holder.name = row[1].as<std::string>();
        holder.application = optional_text(row[2]);
        holder.state = optional_text(row[3]);
        holder.age_seconds = optional_int(row[4]);
        holder.xmin_age = optional_int(row[5]);
        holder.catalog_xmin_age = optional_int(row[6]);
        holder.holds_rows = row[7].as<bool>();
        horizon.holders.push_back(std::move(holder));
    }

    // A partitioned table's statistics are its leaves'; pg_partition_tree has no rows for a
    // table that is not partitioned, whose statistics are its own.
    SqlParams table_params;
    auto stats_sql = fmt::format(
        R"(SELECT COALESCE(pg_catalog.sum(s.n_dead_tup), 0)::bigint,
       {last_vacuum}, {last_autovacuum}
FROM pg_catalog.pg_stat_all_tables s
WHERE s.relid = pg_catalog.to_regclass({table})
   OR s.relid IN (SELECT t.relid
                  FROM pg_catalog.pg_partition_tree(pg_catalog.to_regclass({table})) AS t
                  WHERE t.isleaf))",
        "last_vacuum"_a = epoch_micros("pg_catalog.max(s.last_vacuum)"),
        "last_autovacuum"_a = epoch_micros("pg_catalog.max(s.last_autovacuum)"),
        "table"_a = table_params.bind(table.sql()));
    auto stats = session.exec(tx, stats_sql, table_params);
    if (!stats.empty()) {
        horizon.dead_tuples = stats[0][0].as<std::int64_t>();
        if (!stats[0][1].is_null()) {
            horizon.last_vacuum = from_epoch_micros(stats[0][1].as<std::int64_t>());
        }
        if (!stats[0][2].is_null()) {
            horizon.last_autovacuum = from_epoch_micros(stats[0][2].as<std::int64_t>());
        }
    }
    return horizon;
}

VacuumHorizon read_vacuum_horizon(Session& session, const QualifiedName& table) {
    ReadTransaction tx(session.connection());
    auto horizon = read_vacuum_horizon(session, tx, table);
    tx.commit();
    return horizon;
}

nlohmann::json vacuum_horizon_json(const VacuumHorizon& horizon) {
    auto holders = nlohmann::json::array();
    for (const auto& holder : horizon.holders) {
        holders.push_back(
            {{"kind", holder.kind},
             {"name", holder.name},
             {"application",
              holder.application ? nlohmann::json(*holder.application) : nlohmann::json()},
             {"state", holder.state ? nlohmann::json(*holder.state) : nlohmann::json()},
             {"age_seconds",
              holder.age_seconds ? nlohmann::json(*holder.age_seconds) : nlohmann::json()},
             {"xmin_age", holder.xmin_age ? nlohmann::json(*holder.xmin_age) : nlohmann::json()},
             {"catalog_xmin_age", holder.catalog_xmin_age ? nlohmann::json(*holder.catalog_xmin_age)
                                                          : nlohmann::json()},
             {"holds_rows", holder.holds_rows}});
    }
    auto time_or_null = [](const std::optional<TimePoint>& time) {
        return time ? nlohmann::json(format_rfc3339(*time)) : nlohmann::json();
    };
    auto note = horizon.reclaim_note();
    return {{"table", horizon.table.display()},
            {"holders", holders},
            {"dead_tuples", horizon.dead_tuples},
            {"last_vacuum", time_or_null(horizon.last_vacuum)},
            {"last_autovacuum", time_or_null(horizon.last_autovacuum)},
            {"space_note", note ? nlohmann::json(*note) : nlohmann::json()}};
}

} // namespace eventctl
