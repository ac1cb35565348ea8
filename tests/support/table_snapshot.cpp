#include "table_snapshot.h"

namespace eventctl::test {

std::string table_snapshot(const TestDatabase& db, const std::string& table) {
    return db.scalar("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                     "t::text)), '') FROM " +
                     table + " AS t");
}

std::string data_tables_snapshot(const TestDatabase& db) {
    std::string snapshot;
    for (const char* table : {"public.outbox", "public.event_log", "public.event_consumers"}) {
        snapshot += table_snapshot(db, table) + ";";
    }
    return snapshot;
}

std::string all_tables_snapshot(const TestDatabase& db) {
    return data_tables_snapshot(db) + table_snapshot(db, "public.eventctl_audit");
}

long audited_changes(const TestDatabase& db) {
    // A change that failed before its first batch committed is recorded as failed, with nothing
    // changed: not an audited change.
    return std::stol(db.scalar(
        "SELECT count(*) FROM public.eventctl_audit WHERE changed <> 0 OR "
        "(result ?| array['batches', 'moves'] AND coalesce(result->>'outcome', '') NOT LIKE "
        "'failed:%')"));
}

} // namespace eventctl::test
