#include "eventctl/log/horizon.h"

#include "event_row.h"
#include "eventctl/session/transactions.h"
#include "sql/field_values.h"
#include "sql/statement.h"

#include <algorithm>

namespace eventctl {

std::int64_t Horizon::beginning() const {
    if (!first) {
        return 0;
    }
    return std::max<std::int64_t>(0, std::min(*first - 1, head));
}

std::int64_t consumer_lag(std::int64_t head, std::int64_t position) {
    return std::max<std::int64_t>(0, head - position);
}

namespace {
// The bound below which a row's writer has ended: the oldest transaction in flight in the
// snapshot, leaving out those still running that hold no writing lock on the log. Those never
// wrote to it (an INSERT holds its lock to the end), so every seq_no they draw from now on lies
// above every seq_no visible now: they cannot hide one below the head. Leaving them out means a
// long transaction elsewhere (another table, another database of the cluster) does not hold the
// head back. A transaction that ended since the snapshot holds no lock and so stays in: its
// rows are invisible to the snapshot. pg_locks is read once (MATERIALIZED), after the snapshot
// was taken. With nothing in flight, the bound is the snapshot's xmax: every row counts.
// "ended" says the bound is such a transaction, gone by the time pg_locks was read. The writing
// modes are those a transaction holds on a table it wrote to (INSERT takes ROW EXCLUSIVE);
// readers' ACCESS SHARE, and vacuum's or CREATE INDEX's, are not writing events.
std::string horizon_bound_ctes(const LogSource& source, SqlParams& params) {
    return fmt::format(R"(WITH locks AS MATERIALIZED (
    SELECT l.locktype, l.mode, l.granted, l.transactionid, l.virtualtransaction, l.relation,
           l.database
    FROM pg_catalog.pg_locks l),
writers AS MATERIALIZED (
    SELECT w.virtualtransaction FROM locks w
    WHERE w.locktype = 'relation'
      AND w.mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
                     'AccessExclusiveLock')
      AND w.relation = {log}::regclass
      AND w.database = (SELECT d.oid FROM pg_catalog.pg_database d
                        WHERE d.datname = pg_catalog.current_database())),
running AS MATERIALIZED (
    SELECT r.transactionid, r.virtualtransaction FROM locks r
    WHERE r.locktype = 'transactionid' AND r.mode = 'ExclusiveLock' AND r.granted),
oldest AS MATERIALIZED (
    SELECT pg_catalog.min(x) AS xid
    FROM pg_catalog.pg_snapshot_xip(pg_catalog.pg_current_snapshot()) AS x
    WHERE x::xid NOT IN (SELECT transactionid FROM running
                         WHERE virtualtransaction NOT IN (SELECT virtualtransaction
                                                          FROM writers))),
bound AS MATERIALIZED (
    SELECT COALESCE(o.xid, pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())) AS xid,
           o.xid IS NOT NULL AND o.xid::xid NOT IN (SELECT transactionid FROM running) AS ended
    FROM oldest o)
)",
                       "log"_a = params.bind(source.table.sql()));
}

// A bound that ended between the snapshot and the read of pg_locks holds the head back for
// nothing more than a moment; a fresh snapshot no longer has it. On a busy cluster that moment
// comes up now and then, so the read is taken again a few times before the lower head stands.
constexpr int horizon_attempts = 8;

} // namespace

Horizon read_horizon(Session& session, pqxx::transaction_base& tx, const LogSource& source) {
    auto table = source.table.sql();
    auto seq = quote_identifier(source.seq_column.value_or("seq_no"));
    SqlParams params;
    // A log that is one of several in its table (a row filter) ends where its own rows do.
    auto rows = log_rows(source, params);
    auto where = rows.clause(" WHERE ");
    auto and_rows = rows.clause(" AND ");
    // Each end is one step of a walk of the seq_no index: the last and first rows, and for the
    // head the last row whose writer is older than every transaction in flight, walking back
    // over the (few) rows written since.
    std::string latest =
        "(SELECT " + seq + " FROM " + table + where + " ORDER BY " + seq + " DESC LIMIT 1)";
    std::string first =
        "(SELECT " + seq + " FROM " + table + where + " ORDER BY " + seq + " LIMIT 1)";
    Horizon horizon;
    horizon.stable = source.txid_column.has_value();
    if (!horizon.stable) {
        auto row = session.exec(tx, "SELECT " + latest + ", " + first, params)[0];
        horizon.latest = optional_int(row[0]).value_or(0);
        horizon.head = horizon.latest;
        horizon.first = optional_int(row[1]);
        return horizon;
    }
    // Why "txid < bound" and not "below the first row with txid >= bound": a transaction in
    // flight holds seq_no values that are invisible, so nothing visible tells where they lie;
    // what is known is that every writer older than the bound has ended. eventctl-log(1), STABLE
    // HORIZON, spells out what this guarantees and what writers must do for it to hold. A row
    // without a txid was written before the column existed, long ago: it counts as old.
    auto txid = quote_identifier(*source.txid_column);
    auto sql = horizon_bound_ctes(source, params) +
               "SELECT (SELECT xid FROM bound)::text, (SELECT ended FROM bound), (SELECT " + seq +
               " FROM " + table + " WHERE (" + txid + " < (SELECT xid FROM bound) OR " + txid +
               " IS NULL)" + and_rows + " ORDER BY " + seq + " DESC LIMIT 1), " + latest + ", " +
               first;
    auto row = session.exec(tx, sql, params)[0];
    horizon.bound = row[0].as<std::string>();
    horizon.settled = !row[1].as<bool>();
    horizon.head = optional_int(row[2]).value_or(0);
    horizon.latest = optional_int(row[3]).value_or(0);
    horizon.first = optional_int(row[4]);
    return horizon;
}

LogSnapshot::LogSnapshot(Session& session, const LogSource& source, bool with_horizon) {
    for (int attempt = 1;; ++attempt) {
        m_tx = std::make_unique<ReadTransaction>(session.connection());
        if (!with_horizon) {
            return;
        }
        m_horizon = read_horizon(session, *m_tx, source);
        if (m_horizon->settled || attempt == horizon_attempts) {
            return;
        }
        // Said, so that a verbose log that shows the statement twice says why (and the golden SQL
        // test, which records each statement once, can tell a retry from a second statement).
        session.note(std::string(horizon_read_again) + " (attempt " + std::to_string(attempt + 1) +
                     " of " + std::to_string(horizon_attempts) + ")");
        m_tx->abort();
        m_tx.reset();
    }
}

LogSnapshot::~LogSnapshot() = default;

void LogSnapshot::commit() {
    m_tx->commit();
}

} // namespace eventctl
