#include "outbox_fixture.h"

namespace eventctl::test {

namespace {

std::string literal_or_null(const std::string& value) {
    if (value.empty()) {
        return "NULL";
    }
    std::string quoted = "'";
    for (char c : value) {
        quoted += (c == '\'') ? std::string("''") : std::string(1, c);
    }
    return quoted + "'";
}

} // namespace

std::string insert_entry(const TestDatabase& db, const FixtureEntry& entry) {
    std::string locked_until =
        entry.locked_until_from_now.empty()
            ? "NULL"
            : "now() + " + literal_or_null(entry.locked_until_from_now) + "::interval";
    std::string finished =
        (entry.status == "completed" || entry.status == "dead")
            ? "now() - " + literal_or_null(entry.created_ago) + "::interval + interval '1 second'"
            : "NULL";
    return db.scalar(
        "INSERT INTO public.outbox (event_type, payload, metadata, status, tenant_id, "
        "aggregate_type, aggregate_id, last_error, attempts, locked_until, created_at, "
        "processed_at) VALUES (" +
        literal_or_null(entry.event_type) + ", '{\"n\": 1, \"text\": \"h\\u00e9, \\\"q\\\"\"}', " +
        "'{\"trace\": \"t1\"}', " + literal_or_null(entry.status) + ", " +
        literal_or_null(entry.tenant_id) + ", " + literal_or_null(entry.aggregate_type) + ", " +
        literal_or_null(entry.aggregate_id) + ", " + literal_or_null(entry.last_error) + ", " +
        std::to_string(entry.attempts) + ", " + locked_until + ", now() - " +
        literal_or_null(entry.created_ago) + "::interval, " + finished + ") RETURNING id::text");
}

} // namespace eventctl::test
