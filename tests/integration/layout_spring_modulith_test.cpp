// The spring-modulith and spring-modulith-v1 presets against the tables Spring Modulith's own
// scripts create (schemas/v2 and v1 schema-postgresql.sql), with publications in every state the
// v2 repository tells apart, a legacy NULL status among them. Listeners run inside the
// application, so eventctl reads, purges and (v2) does what the staleness monitor does; retry and
// mark-dead are refused.

#include "layout_run.h"
#include "partitioned_tables.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace eventctl::test;

namespace {

const char* const v2_ddl = R"(
CREATE TABLE IF NOT EXISTS event_publication
(
  id                     UUID NOT NULL,
  listener_id            TEXT NOT NULL,
  event_type             TEXT NOT NULL,
  serialized_event       TEXT NOT NULL,
  publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
  completion_date        TIMESTAMP WITH TIME ZONE,
  status                 TEXT,
  completion_attempts    INT,
  last_resubmission_date TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS event_publication_serialized_event_hash_idx ON event_publication USING hash(serialized_event);
CREATE INDEX IF NOT EXISTS event_publication_by_completion_date_idx ON event_publication (completion_date);
)";

const char* const v1_ddl = R"(
CREATE TABLE IF NOT EXISTS event_publication
(
  id               UUID NOT NULL,
  listener_id      TEXT NOT NULL,
  event_type       TEXT NOT NULL,
  serialized_event TEXT NOT NULL,
  publication_date TIMESTAMP WITH TIME ZONE NOT NULL,
  completion_date  TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (id)
);
)";

struct Publications {
    std::string published, resubmitted, processing_old, processing_new, completed_old,
        completed_new, failed, legacy_failed, legacy_completed;
};

std::string publish(const TestDatabase& db, const std::string& status,
                    const std::string& published_ago, const std::string& completed_ago = "") {
    return db.scalar(
        "INSERT INTO event_publication (id, listener_id, event_type, serialized_event, "
        "publication_date, completion_date, status, completion_attempts, "
        "last_resubmission_date) VALUES (gen_random_uuid(), 'com.acme.Listener.on', "
        "'com.acme.OrderPlaced', '{\"order\": 1}', now() - interval '" +
        published_ago + "', " +
        (completed_ago.empty() ? "NULL" : "now() - interval '" + completed_ago + "'") + ", " +
        (status.empty() ? "NULL" : "'" + status + "'") + ", 1, now() - interval '" + published_ago +
        "') RETURNING id");
}

Publications fill_v2(const TestDatabase& db) {
    db.exec(v2_ddl);
    Publications rows;
    rows.published = publish(db, "PUBLISHED", "1 minute");
    rows.resubmitted = publish(db, "RESUBMITTED", "3 hours");
    rows.processing_old = publish(db, "PROCESSING", "2 hours");
    rows.processing_new = publish(db, "PROCESSING", "1 minute");
    rows.completed_old = publish(db, "COMPLETED", "50 days", "40 days");
    rows.completed_new = publish(db, "COMPLETED", "50 days", "1 day");
    rows.failed = publish(db, "FAILED", "50 days");
    rows.legacy_failed = publish(db, "", "50 days");
    rows.legacy_completed = publish(db, "", "50 days", "45 days");
    return rows;
}

std::string status_of(const TestDatabase& db, const std::string& id) {
    return db.scalar("SELECT coalesce(status, 'null') || ' ' || completion_attempts || ' ' || "
                     "(completion_date IS NULL) FROM event_publication WHERE id = '" +
                     id + "'");
}

} // namespace

TEST_CASE("spring-modulith: states read as the v2 repository reads them") {
    TestDatabase db(false);
    auto rows = fill_v2(db);
    const std::string layout = "spring-modulith";

    auto stats = json_with_layout(db, layout, {"outbox", "stats"});
    CHECK(stats["table"] == "public.event_publication");
    CHECK(
        stats["by_status"] ==
        nlohmann::json{
            {"pending", 2}, {"processing", 2}, {"completed", 3}, {"failed", 2}, {"dead", nullptr}});
    CHECK(stats["total"] == 9);

    auto failed = json_with_layout(db, layout, {"outbox", "list", "--status", "failed"});
    std::set<std::string> ids;
    for (const auto& item : failed["items"]) {
        ids.insert(item["id"].get<std::string>());
        CHECK(item["event_type"] == "com.acme.OrderPlaced");
    }
    CHECK(ids == std::set<std::string>{rows.failed, rows.legacy_failed});

    auto shown = json_with_layout(db, layout, {"outbox", "show", rows.failed});
    CHECK(shown["status"] == "failed");
    CHECK(shown["attempts"] == 1);
    CHECK(shown["payload"] == nlohmann::json{{"order", 1}});
    CHECK(shown["columns"]["listener_id"] == "com.acme.Listener.on");
}

TEST_CASE("spring-modulith: unlock-stale marks old PROCESSING publications FAILED, as the "
          "staleness monitor does") {
    TestDatabase db(false);
    auto rows = fill_v2(db);
    const std::string layout = "spring-modulith";

    // No lease: only an age says what is stale.
    auto bare = run_with_layout(db, layout, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(bare.exit_code == 64);

    auto unlocked = json_with_layout(
        db, layout, {"outbox", "unlock-stale", "--all", "--older-than", "1h", "--yes"});
    CHECK(changed_ids(unlocked) == std::set<std::string>{rows.processing_old});
    // Only the status: the publication date, attempts and completion stay as they were.
    CHECK(status_of(db, rows.processing_old) == "FAILED 1 true");
    CHECK(db.scalar("SELECT publication_date < now() - interval '1 hour' FROM event_publication "
                    "WHERE id = '" +
                    rows.processing_old + "'") == "t");
    CHECK(status_of(db, rows.processing_new) == "PROCESSING 1 true");
    CHECK(status_of(db, rows.resubmitted) == "RESUBMITTED 1 true");
}

TEST_CASE("spring-modulith: purge deletes completed publications by completion date") {
    TestDatabase db(false);
    auto rows = fill_v2(db);
    const std::string layout = "spring-modulith";
    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 2);
    CHECK(db.scalar("SELECT count(*) FROM event_publication WHERE id IN ('" + rows.completed_old +
                    "', '" + rows.legacy_completed + "')") == "0");
    CHECK(purged["selection"]["age_from"] == "completion_date");
    CHECK(db.scalar("SELECT count(*) FROM event_publication") == "7");
}

TEST_CASE("spring-modulith: retry and mark-dead are refused before anything runs") {
    TestDatabase db(false);
    auto rows = fill_v2(db);
    const std::string layout = "spring-modulith";
    auto before = table_snapshot(db, "public.event_publication");
    auto retry = run_with_layout(db, layout, {"outbox", "retry", rows.failed});
    CHECK(retry.exit_code == 64);
    CHECK(retry.err.find("resubmits publications only inside the application") !=
          std::string::npos);
    auto dead = run_with_layout(db, layout, {"outbox", "mark-dead", rows.failed, "--reason", "x"});
    CHECK(dead.exit_code == 64);
    CHECK(dead.err.find("layout spring-modulith lacks") != std::string::npos);
    auto log = run_with_layout(db, layout, {"log", "consumers"});
    CHECK(log.exit_code == 64);
    CHECK(table_snapshot(db, "public.event_publication") == before);
}

TEST_CASE("spring-modulith-v1: incomplete and completed by completion_date, purge only") {
    TestDatabase db(false);
    db.exec(v1_ddl);
    auto insert = [&db](const std::string& completed) {
        return db.scalar("INSERT INTO event_publication VALUES (gen_random_uuid(), 'l', "
                         "'com.acme.OrderPlaced', '{}', now() - interval '50 days', " +
                         completed + ") RETURNING id");
    };
    auto incomplete = insert("NULL");
    auto old = insert("now() - interval '40 days'");
    auto recent = insert("now() - interval '1 day'");
    const std::string layout = "spring-modulith-v1";

    auto stats = json_with_layout(db, layout, {"outbox", "stats"});
    CHECK(stats["by_status"] == nlohmann::json{{"pending", 1},
                                               {"processing", nullptr},
                                               {"completed", 2},
                                               {"failed", nullptr},
                                               {"dead", nullptr}});
    auto before = table_snapshot(db, "public.event_publication");
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"outbox", "retry", incomplete},
             {"outbox", "mark-dead", incomplete, "--reason", "x"},
             {"outbox", "unlock-stale", "--all", "--older-than", "1h", "--yes"}}) {
        auto refused = run_with_layout(db, layout, command);
        INFO(command[1]);
        CHECK(refused.exit_code == 64);
        CHECK(refused.err.find("layout spring-modulith-v1 lacks") != std::string::npos);
    }
    CHECK(table_snapshot(db, "public.event_publication") == before);

    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(db.scalar("SELECT count(*) FROM event_publication WHERE id = '" + old + "'") == "0");
    CHECK(db.scalar("SELECT count(*) FROM event_publication WHERE id IN ('" + incomplete + "', '" +
                    recent + "')") == "2");
}

namespace {

// Spring Modulith's v2 table as a shop partitions it: weekly by publication_date (the primary
// key then has to hold it). In weeks 3..8, 20 publications completed a minute after they were
// published; beside them a FAILED one (week 8), a legacy completed one with a NULL status
// (week 7), a legacy incomplete one (week 6) and one completed an hour ago (week 4).
void fill_v2_weekly(const TestDatabase& db) {
    db.exec(R"(
CREATE TABLE event_publication (
  id UUID NOT NULL, listener_id TEXT NOT NULL, event_type TEXT NOT NULL,
  serialized_event TEXT NOT NULL, publication_date TIMESTAMPTZ NOT NULL,
  completion_date TIMESTAMPTZ, status TEXT, completion_attempts INT,
  last_resubmission_date TIMESTAMPTZ, PRIMARY KEY (id, publication_date)
) PARTITION BY RANGE (publication_date);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
)");
    partition_weekly(db, "event_publication", 8, 0);
    db.exec(R"(
CREATE TABLE event_publication_default PARTITION OF event_publication DEFAULT;
INSERT INTO event_publication
  SELECT gen_random_uuid(), 'l', 'E', jsonb_build_object('w', w, 'i', i)::text, p, p + interval '1 minute',
         'COMPLETED', 1, NULL
  FROM generate_series(3, 8) w, generate_series(1, 20) i,
       LATERAL (SELECT date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '3 days') d(p);
INSERT INTO event_publication VALUES
  (gen_random_uuid(), 'l', 'E', 'failed', date_trunc('week', now()) - interval '7 weeks 2 days',
   NULL, 'FAILED', 1, NULL),
  (gen_random_uuid(), 'l', 'E', 'legacy completed', date_trunc('week', now()) - interval '6 weeks 2 days',
   now() - interval '30 days', NULL, 1, NULL),
  (gen_random_uuid(), 'l', 'E', 'legacy incomplete', date_trunc('week', now()) - interval '5 weeks 2 days',
   NULL, NULL, 1, NULL),
  (gen_random_uuid(), 'l', 'E', 'completed lately', date_trunc('week', now()) - interval '3 weeks 2 days',
   now() - interval '1 hour', 'COMPLETED', 1, NULL);
ANALYZE event_publication;
)");
}

std::string publications_left(const TestDatabase& db) {
    return db.scalar("SELECT string_agg(serialized_event || coalesce(status, 'null'), ',' ORDER BY "
                     "serialized_event) FROM event_publication");
}

} // namespace

TEST_CASE("spring-modulith: purge --drop-partitions on a table partitioned by publication date "
          "deletes exactly what the row purge deletes") {
    TestDatabase rows_db(false);
    TestDatabase drop_db(false);
    fill_v2_weekly(rows_db);
    fill_v2_weekly(drop_db);
    const std::string layout = "spring-modulith";
    const std::vector<std::string> purge{"outbox", "purge", "--older-than", "14d", "--yes"};

    auto plan = json_with_layout(
        drop_db, layout,
        {"outbox", "purge", "--older-than", "14d", "--drop-partitions", "--dry-run"});
    auto decisions = partition_decisions(plan);
    // Weeks of completed publications go whole, the legacy completed one's too; a FAILED or a
    // legacy incomplete publication, or one completed an hour ago, keeps its week.
    CHECK(decisions ==
          std::map<std::string, std::string>{{"public.event_publication_default", "rows"},
                                             {"public.event_publication_w0", "keep"},
                                             {"public.event_publication_w1", "keep"},
                                             {"public.event_publication_w2", "rows"},
                                             {"public.event_publication_w3", "drop"},
                                             {"public.event_publication_w4", "rows"},
                                             {"public.event_publication_w5", "drop"},
                                             {"public.event_publication_w6", "rows"},
                                             {"public.event_publication_w7", "drop"},
                                             {"public.event_publication_w8", "rows"}});

    auto by_rows = json_with_layout(rows_db, layout, purge);
    auto with_drop = purge;
    with_drop.emplace_back("--drop-partitions");
    auto by_drops = json_with_layout(drop_db, layout, with_drop);
    CHECK(by_rows["changed"] == 121);
    CHECK(by_drops["changed"] == 121);
    CHECK(publications_left(drop_db) == publications_left(rows_db));
    CHECK(publications_left(drop_db) ==
          "completed latelyCOMPLETED,failedFAILED,legacy incompletenull");
    CHECK(drop_db.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                         "'event_publication'::regclass") == "7");
}
