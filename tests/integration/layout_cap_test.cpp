// The cap preset against the tables .NET CAP's PostgreSqlStorageInitializer creates: quoted
// PascalCase columns in the schema cap, messages of two application versions, dead meaning
// "Failed with Retries at FailedRetryCount". Retry writes what the reference says makes CAP's
// retry processor send it again; nothing is ever processing, so unlock-stale is refused.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <set>

using namespace eventctl::test;

namespace {

const char* const cap_ddl = R"(
CREATE SCHEMA IF NOT EXISTS "cap";
CREATE TABLE IF NOT EXISTS "cap"."published"(
    "Id" BIGINT PRIMARY KEY NOT NULL,
    "Version" VARCHAR(20) NOT NULL,
    "Name" VARCHAR(200) NOT NULL,
    "Content" TEXT NULL,
    "Retries" INT NOT NULL,
    "Added" TIMESTAMP NOT NULL,
    "ExpiresAt" TIMESTAMP NULL,
    "StatusName" VARCHAR(50) NOT NULL
);
CREATE TABLE IF NOT EXISTS "cap"."received"(
    "Id" BIGINT PRIMARY KEY NOT NULL,
    "Version" VARCHAR(20) NOT NULL,
    "Name" VARCHAR(400) NOT NULL,
    "Group" VARCHAR(200) NULL,
    "Content" TEXT NULL,
    "Retries" INT NOT NULL,
    "Added" TIMESTAMP NOT NULL,
    "ExpiresAt" TIMESTAMP NULL,
    "StatusName" VARCHAR(50) NOT NULL
);
)";

const std::string layout = "cap";

void fill(const TestDatabase& db) {
    db.exec(cap_ddl);
    db.exec(R"(INSERT INTO "cap"."published" VALUES
      (1, 'v1', 'orders.placed', '{"Headers": {}, "Value": 1}', 0, now() - interval '1 hour', NULL, 'Scheduled'),
      (2, 'v1', 'orders.placed', '{"Headers": {}, "Value": 2}', 0, now() - interval '1 hour', now() + interval '1 hour', 'Delayed'),
      (3, 'v1', 'orders.paid', '{"Headers": {}, "Value": 3}', 0, now() - interval '40 days', now() - interval '39 days', 'Succeeded'),
      (4, 'v1', 'orders.paid', '{"Headers": {}, "Value": 4}', 0, now() - interval '1 day', now(), 'Succeeded'),
      (5, 'v1', 'orders.paid', '{"Headers": {"cap-exception": "X-->no"}, "Value": 5}', 3, now() - interval '2 days', now() + interval '13 days', 'Failed'),
      (6, 'v1', 'orders.paid', '{"Headers": {"cap-exception": "X-->no"}, "Value": 6}', 50, now() - interval '2 days', now() + interval '13 days', 'Failed'),
      (7, 'v2', 'orders.paid', '{"Headers": {}, "Value": 7}', 50, now() - interval '2 days', now() + interval '13 days', 'Failed'))");
    db.exec(R"(INSERT INTO "cap"."received" VALUES
      (11, 'v1', 'orders.placed', 'billing', '{}', 1, now() - interval '1 hour', now() + interval '1 day', 'Failed'))");
}

} // namespace

TEST_CASE("cap: states from StatusName and Retries, one application version only") {
    TestDatabase db(false);
    fill(db);
    auto stats = json_with_layout(db, layout, {"outbox", "stats"});
    CHECK(stats["table"] == "cap.published");
    CHECK(
        stats["by_status"] ==
        nlohmann::json{
            {"pending", 2}, {"processing", nullptr}, {"completed", 2}, {"failed", 1}, {"dead", 1}});
    CHECK(stats["total"] == 6); // version v2's message is another application's

    auto dead = json_with_layout(db, layout, {"outbox", "list", "--status", "dead"});
    REQUIRE(dead["items"].size() == 1);
    CHECK(dead["items"][0]["id"] == "6");
    CHECK(dead["items"][0]["attempts"] == 50);
    CHECK(dead["items"][0]["event_type"] == "orders.paid");

    auto shown = json_with_layout(db, layout, {"outbox", "show", "5"});
    CHECK(shown["status"] == "failed");
    CHECK(shown["payload"]["Headers"]["cap-exception"] == "X-->no");
    CHECK(shown["columns"]["Version"] == "v1");

    // The received table, by name.
    auto received = json_with_layout(db, layout, {"outbox", "stats", "--outbox-table", "received"});
    CHECK(received["total"] == 1);
    CHECK(received["by_status"]["failed"] == 1);
}

TEST_CASE("cap: retry resets Retries and ExpiresAt and schedules the message again") {
    TestDatabase db(false);
    fill(db);
    auto retried = json_with_layout(db, layout, {"outbox", "retry", "--status", "dead", "--yes"});
    CHECK(changed_ids(retried) == std::set<std::string>{"6"});
    CHECK(
        db.scalar(
            R"(SELECT "StatusName" || ' ' || "Retries" || ' ' || ("ExpiresAt" IS NULL) || ' ' || ("Added" < now() - interval '1 day') FROM "cap"."published" WHERE "Id" = 6)") ==
        "Scheduled 0 true true");
    // The other version's dead message is not this application's to retry.
    CHECK(db.scalar(
              R"(SELECT "StatusName" || ' ' || "Retries" FROM "cap"."published" WHERE "Id" = 7)") ==
          "Failed 50");
    auto failed = json_with_layout(db, layout, {"outbox", "retry", "5"});
    CHECK(changed_ids(failed) == std::set<std::string>{"5"});
    CHECK(db.scalar(
              R"(SELECT "StatusName" || ' ' || "Retries" FROM "cap"."published" WHERE "Id" = 5)") ==
          "Scheduled 0");
}

TEST_CASE("cap: mark-dead sets Retries to the threshold, with an audit table for the reason") {
    TestDatabase db(false);
    fill(db);
    // No column keeps the reason: without an audit table mark-dead is refused.
    auto before = table_snapshot(db, "cap.published");
    auto refused = run_with_layout(db, layout, {"outbox", "mark-dead", "5", "--reason", "x"});
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("a place to keep the --reason") != std::string::npos);
    CHECK(table_snapshot(db, "cap.published") == before);

    // The canonical tables in the schema cap bring an audit table there.
    REQUIRE(run_eventctl({"schema", "init", "-d", db.conninfo(), "--schema", "cap"}).exit_code ==
            0);
    auto marked = json_with_layout(
        db, layout,
        {"outbox", "mark-dead", "5", "--reason", "poison", "--audit-table", "eventctl_audit"});
    CHECK(changed_ids(marked) == std::set<std::string>{"5"});
    CHECK(
        db.scalar(
            R"(SELECT "StatusName" || ' ' || "Retries" || ' ' || ("ExpiresAt" IS NOT NULL) FROM "cap"."published" WHERE "Id" = 5)") ==
        "Failed 50 true");
}

TEST_CASE("cap: purge by Added, and what CAP keeps in memory is refused") {
    TestDatabase db(false);
    fill(db);
    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(db.scalar(R"(SELECT count(*) FROM "cap"."published" WHERE "Id" = 3)") == "0");

    auto before = table_snapshot(db, "cap.published");
    auto unlock = run_with_layout(db, layout, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(unlock.exit_code == 64);
    CHECK(unlock.err.find("layout cap lacks") != std::string::npos);
    auto processing = run_with_layout(db, layout, {"outbox", "list", "--status", "processing"});
    CHECK(processing.exit_code == 64);
    auto delay = run_with_layout(db, layout, {"outbox", "retry", "5", "--delay", "5m"});
    CHECK(delay.exit_code == 64);
    auto log = run_with_layout(db, layout, {"log", "replay"});
    CHECK(log.exit_code == 64);
    CHECK(table_snapshot(db, "cap.published") == before);
}
