// The oxide-outbox layout against outbox-postgres's own tables: the enum type status, the
// locked_until lease that reads -infinity when free, and the dead letters kept in a table of
// their own, which mark-dead moves rows into and retry moves them out of.

#include "layout_run.h"
#include "partitioned_tables.h"
#include "seed_schemas.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

using namespace eventctl::test;

namespace {

const std::string layout = "oxide-outbox";

struct OxideRows {
    std::string pending, stale, live, sent_old, sent_new, dead;
};

std::string insert_event(const TestDatabase& db, const std::string& status, const std::string& type,
                         const std::string& created_ago, const std::string& locked_until) {
    return db.scalar("INSERT INTO outbox_events (event_type, payload, created_at, status, "
                     "locked_until) VALUES ('" +
                     type + "', '{\"t\": \"" + type + "\"}', now() - interval '" + created_ago +
                     "', '" + status + "', " + locked_until + ") RETURNING id");
}

OxideRows fill(const TestDatabase& db) {
    db.exec(oxide_outbox_ddl);
    OxideRows rows;
    rows.pending = insert_event(db, "Pending", "OrderPlaced", "3 days", "'-infinity'");
    rows.stale =
        insert_event(db, "Processing", "OrderPlaced", "2 days", "now() - interval '5 minutes'");
    rows.live =
        insert_event(db, "Processing", "OrderPaid", "2 days", "now() + interval '5 minutes'");
    rows.sent_old = insert_event(db, "Sent", "OrderPaid", "40 days", "'-infinity'");
    rows.sent_new = insert_event(db, "Sent", "OrderPaid", "1 day", "'-infinity'");
    rows.dead = db.scalar("INSERT INTO outbox_dead_letters (id, event_type, payload, "
                          "original_status, created_at, locked_until, failure_count, "
                          "quarantined_at, last_error) VALUES (gen_random_uuid(), 'OrderPlaced', "
                          "'{}', 'Processing', now() - interval '10 days', now() - interval '9 "
                          "days', 10, now() - interval '9 days', 'broker said no') RETURNING id");
    return rows;
}

} // namespace

TEST_CASE("oxide-outbox: stats, list and show read both tables with canonical names") {
    TestDatabase db(false);
    auto rows = fill(db);

    auto stats = json_with_layout(db, layout, {"outbox", "stats"});
    CHECK(stats["layout"] == "oxide-outbox");
    CHECK(stats["table"] == "public.outbox_events");
    CHECK(
        stats["by_status"] ==
        nlohmann::json{
            {"pending", 1}, {"processing", 2}, {"completed", 2}, {"failed", nullptr}, {"dead", 1}});
    CHECK(stats["total"] == 6);
    CHECK(stats["stale_locks"] == 1);

    auto listed = json_with_layout(db, layout, {"outbox", "list"});
    REQUIRE(listed["items"].size() == 6);
    std::vector<std::string> order;
    for (const auto& item : listed["items"]) {
        order.push_back(item["id"]);
    }
    // Oldest first across both tables, the dead letter in its place by created_at.
    CHECK(order == std::vector<std::string>{rows.sent_old, rows.dead, rows.pending, order[3],
                                            order[4], rows.sent_new});
    CHECK(std::set<std::string>{order[3], order[4]} ==
          std::set<std::string>{rows.stale, rows.live});
    auto dead = json_with_layout(db, layout, {"outbox", "list", "--status", "dead"});
    REQUIRE(dead["items"].size() == 1);
    CHECK(dead["items"][0]["id"] == rows.dead);
    CHECK(dead["items"][0]["status"] == "dead");
    CHECK(dead["items"][0]["last_error"] == "broker said no");
    CHECK(dead["items"][0]["attempts"].is_null());

    // A lease at -infinity is no lease: null, not an error.
    auto pending = json_with_layout(db, layout, {"outbox", "show", rows.pending});
    CHECK(pending["status"] == "pending");
    CHECK(pending["locked_until"].is_null());
    CHECK(pending["payload"] == nlohmann::json{{"t", "OrderPlaced"}});
    auto shown = json_with_layout(db, layout, {"outbox", "show", rows.dead});
    CHECK(shown["status"] == "dead");

    // Paging walks both tables with one cursor.
    auto first = json_with_layout(db, layout, {"outbox", "list", "--limit", "2"});
    REQUIRE(first["next_cursor"].is_string());
    auto rest = json_with_layout(
        db, layout, {"outbox", "list", "--limit", "10", "--after", first["next_cursor"]});
    CHECK(rest["items"].size() == 4);
    CHECK(rest["items"][0]["id"] == rows.pending);
}

TEST_CASE("oxide-outbox: mark-dead moves entries into the dead letters and retry moves them "
          "back") {
    TestDatabase db(false);
    auto rows = fill(db);

    auto marked = json_with_layout(
        db, layout, {"outbox", "mark-dead", rows.pending, "--reason", "poison message"});
    CHECK(changed_ids(marked) == std::set<std::string>{rows.pending});
    CHECK(db.scalar("SELECT count(*) FROM outbox_events WHERE id = '" + rows.pending + "'") == "0");
    CHECK(db.scalar("SELECT last_error || ' ' || event_type || ' ' || (payload->>'t') || ' ' || "
                    "(quarantined_at > now() - interval '1 minute') FROM outbox_dead_letters WHERE "
                    "id = '" +
                    rows.pending + "'") == "poison message OrderPlaced OrderPlaced true");
    // The NOT NULL columns the crate's own move fills: the state the row was in, its lease as it
    // was, and a failure count (kept outside PostgreSQL by the crate: 0 here).
    CHECK(db.scalar("SELECT original_status::text || ' ' || locked_until::text || ' ' || "
                    "failure_count FROM outbox_dead_letters WHERE id = '" +
                    rows.pending + "'") == "Pending -infinity 0");
    // Processing and sent entries cannot be marked dead: nothing matches, nothing moves.
    auto refused =
        json_with_layout(db, layout, {"outbox", "mark-dead", rows.live, "--reason", "no"});
    CHECK(refused["changed"] == 0);

    auto retried = json_with_layout(db, layout, {"outbox", "retry", "--status", "dead", "--yes"});
    CHECK(changed_ids(retried) == std::set<std::string>{rows.pending, rows.dead});
    CHECK(db.scalar("SELECT count(*) FROM outbox_dead_letters") == "0");
    CHECK(db.scalar("SELECT string_agg(status::text || ' ' || locked_until::text, ',') FROM "
                    "outbox_events WHERE id IN ('" +
                    rows.pending + "', '" + rows.dead + "')") ==
          "Pending -infinity,Pending -infinity");
    // The dead letter's own created_at came along.
    CHECK(
        db.scalar("SELECT created_at < now() - interval '9 days' FROM outbox_events WHERE id = '" +
                  rows.dead + "'") == "t");
}

TEST_CASE("oxide-outbox: unlock-stale frees expired leases to -infinity, purge deletes old Sent") {
    TestDatabase db(false);
    auto rows = fill(db);

    auto unlocked = json_with_layout(db, layout, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(changed_ids(unlocked) == std::set<std::string>{rows.stale});
    CHECK(db.scalar("SELECT status::text || ' ' || locked_until::text FROM outbox_events WHERE id "
                    "= '" +
                    rows.stale + "'") == "Pending -infinity");
    CHECK(db.scalar("SELECT status FROM outbox_events WHERE id = '" + rows.live + "'") ==
          "Processing");

    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(purged["selection"]["age_from"] == "created_at (the layout records no finishing time)");
    CHECK(db.scalar("SELECT count(*) FROM outbox_events WHERE id = '" + rows.sent_old + "'") ==
          "0");
    CHECK(db.scalar("SELECT count(*) FROM outbox_events") == "4");

    // Dead letters are purged from their own table, by when they were moved there.
    // By when they were quarantined, not when they were created.
    db.exec("UPDATE outbox_dead_letters SET created_at = now() - interval '40 days'");
    auto young = json_with_layout(
        db, layout, {"outbox", "purge", "--older-than", "30d", "--status", "dead", "--yes"});
    CHECK(young["changed"] == 0);
    CHECK(young["selection"]["age_from"] == "quarantined_at");
    db.exec("UPDATE outbox_dead_letters SET quarantined_at = now() - interval '40 days'");
    auto dead = json_with_layout(
        db, layout, {"outbox", "purge", "--older-than", "30d", "--status", "dead", "--yes"});
    CHECK(dead["changed"] == 1);
    CHECK(db.scalar("SELECT count(*) FROM outbox_dead_letters") == "0");
}

TEST_CASE("oxide-outbox: purge --archive-to archives the old Sent events its dry run counted") {
    TestDatabase db(false);
    auto rows = fill(db);
    auto archive = "/tmp/eventctl-oxide-archive-" + std::to_string(getpid()) + ".ndjson";
    std::remove(archive.c_str());

    auto dry = json_with_layout(
        db, layout,
        {"outbox", "purge", "--older-than", "30d", "--archive-to", archive, "--dry-run"});
    CHECK(dry["changed"] == 1);
    CHECK(dry["archived"] == 1);
    CHECK(db.scalar("SELECT count(*) FROM outbox_events") == "5");
    CHECK_FALSE(std::ifstream(archive).good());

    auto purged = json_with_layout(
        db, layout, {"outbox", "purge", "--older-than", "30d", "--archive-to", archive, "--yes"});
    CHECK(purged["archived"] == 1);
    std::ifstream in(archive);
    std::vector<std::string> ids;
    for (std::string line; std::getline(in, line);) {
        ids.push_back(nlohmann::json::parse(line)["id"]);
    }
    CHECK(ids == std::vector<std::string>{rows.sent_old});
    std::remove(archive.c_str());
    std::remove((archive + ".manifest").c_str());
}

TEST_CASE("oxide-outbox: what the layout cannot express is refused before anything runs") {
    TestDatabase db(false);
    fill(db);
    auto before = table_snapshot(db, "public.outbox_events");
    auto failed = run_with_layout(db, layout, {"outbox", "list", "--status", "failed"});
    CHECK(failed.exit_code == 64);
    CHECK(
        failed.err.find("layout oxide-outbox lacks a failed state, which --status failed needs") !=
        std::string::npos);
    auto tenant = run_with_layout(db, layout, {"outbox", "list", "--tenant", "t1"});
    CHECK(tenant.exit_code == 64);
    CHECK(tenant.err.find("lacks a tenant_id column, which --tenant needs") != std::string::npos);
    auto delay =
        run_with_layout(db, layout, {"outbox", "retry", "--all", "--delay", "5m", "--yes"});
    CHECK(delay.exit_code == 64);
    CHECK(delay.err.find("lacks a scheduled_at column") != std::string::npos);
    // Only an expired lease tells a stale claim here: an age would be echoed and ignored.
    auto older =
        run_with_layout(db, layout, {"outbox", "unlock-stale", "--older-than", "5s", "--yes"});
    CHECK(older.exit_code == 64);
    CHECK(older.err.find("records no claim time (locked_at or updated_at), which --older-than "
                         "needs") != std::string::npos);
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"log", "consumers"}, {"log", "seek", "billing", "--to-end"}, {"log", "replay"}}) {
        auto result = run_with_layout(db, layout, command);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find("layout oxide-outbox lacks an event log table") != std::string::npos);
    }
    CHECK(table_snapshot(db, "public.outbox_events") == before);

    // A table that does not fit is refused too: a renamed column.
    db.exec("ALTER TABLE outbox_events RENAME COLUMN locked_until TO lease_end");
    auto renamed = run_with_layout(db, layout, {"outbox", "stats"});
    CHECK(renamed.exit_code == 64);
    CHECK(renamed.err.find("has no column \"locked_until\"") != std::string::npos);
}

namespace {

// outbox_events as a shop partitions it, weekly by created_at (the keys then hold it), its dead
// letters left whole: in weeks 3..6, 10 Sent events each, week 5 one Pending beside them; one
// dead letter quarantined 40 days ago, one yesterday.
void fill_weekly(const TestDatabase& db) {
    db.exec(R"(
CREATE TYPE public.status AS ENUM ('Pending', 'Processing', 'Sent');
CREATE TABLE public.outbox_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(), idempotency_token text, event_type text NOT NULL,
    payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz NOT NULL DEFAULT '-infinity',
    status public.status NOT NULL DEFAULT 'Pending',
    PRIMARY KEY (id, created_at), UNIQUE (idempotency_token, created_at)
) PARTITION BY RANGE (created_at);
)");
    partition_weekly(db, "outbox_events", 6, 0);
    db.exec(R"(
CREATE TABLE public.outbox_dead_letters (
    id uuid PRIMARY KEY, idempotency_token text, event_type text NOT NULL, payload jsonb NOT NULL,
    original_status public.status NOT NULL, created_at timestamptz NOT NULL,
    locked_until timestamptz NOT NULL, failure_count integer NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(), last_error text
);
INSERT INTO outbox_events (event_type, payload, created_at, status)
  SELECT 'E', jsonb_build_object('w', w, 'i', i),
         date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '3 days', 'Sent'
  FROM generate_series(3, 6) w, generate_series(1, 10) i;
INSERT INTO outbox_events (event_type, payload, created_at) VALUES
  ('E', '"pending"', date_trunc('week', now()) - interval '4 weeks 2 days');
INSERT INTO outbox_dead_letters (id, event_type, payload, original_status, created_at,
    locked_until, failure_count, quarantined_at)
  SELECT gen_random_uuid(), 'E', to_jsonb(q), 'Processing', now() - interval '50 days',
         '-infinity', 10, now() - q * interval '1 day' FROM unnest(ARRAY[40, 1]) q;
ANALYZE outbox_events;
)");
}

std::string rows_left(const TestDatabase& db) {
    return db.scalar("SELECT string_agg(payload::text || status, ',' ORDER BY payload::text) FROM "
                     "outbox_events") +
           " / " +
           db.scalar("SELECT string_agg(payload::text, ',' ORDER BY payload::text) FROM "
                     "outbox_dead_letters");
}

} // namespace

TEST_CASE("oxide-outbox: purge --drop-partitions drops weeks of Sent events and purges the dead "
          "letters beside them by rows") {
    TestDatabase rows_db(false);
    TestDatabase drop_db(false);
    fill_weekly(rows_db);
    fill_weekly(drop_db);
    const std::vector<std::string> purge{"outbox",   "purge",    "--older-than",
                                         "14d",      "--status", "completed",
                                         "--status", "dead",     "--yes"};
    auto with_drop = purge;
    with_drop.emplace_back("--drop-partitions");
    auto by_rows = json_with_layout(rows_db, layout, purge);
    auto by_drops = json_with_layout(drop_db, layout, with_drop);
    CHECK(by_rows["changed"] == 41);
    CHECK(by_drops["changed"] == 41);
    CHECK(rows_left(drop_db) == rows_left(rows_db));
    CHECK(rows_left(drop_db) == "\"pending\"Pending / 1");
    auto decisions = partition_decisions(by_drops);
    // Weeks 3, 4 and 6 go whole; the Pending event keeps week 5.
    CHECK(decisions["public.outbox_events_w3"] == "drop");
    CHECK(decisions["public.outbox_events_w5"] == "rows");
    CHECK(decisions["public.outbox_events_w6"] == "drop");
    CHECK(drop_db.scalar("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits "
                         "JOIN pg_class c ON c.oid = inhrelid WHERE inhparent = "
                         "'outbox_events'::regclass") ==
          "outbox_events_w0,outbox_events_w1,outbox_events_w2,outbox_events_w5");

    // Dead letters alone: their table is what the purge deletes from, and it is not partitioned.
    auto before = table_snapshot(drop_db, "public.outbox_dead_letters");
    auto dead_only = run_with_layout(drop_db, layout,
                                     {"outbox", "purge", "--older-than", "14d", "--status", "dead",
                                      "--drop-partitions", "--yes"});
    INFO(dead_only.err);
    CHECK(dead_only.exit_code == 64);
    CHECK_THAT(dead_only.err, Catch::Contains("outbox_dead_letters is not partitioned"));
    CHECK(table_snapshot(drop_db, "public.outbox_dead_letters") == before);
}
