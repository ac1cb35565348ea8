// The openctem layout against the OpenCTEM notification outbox: the five canonical states in a
// VARCHAR with a CHECK, retry_count/max_retries, a UUID tenant, and a lock recorded by when it
// was taken (locked_at, locked_by), stale once older than the layout's stale_after (15m).

#include "layout_run.h"
#include "seed_schemas.h"

#include <catch2/catch.hpp>
#include <set>

using namespace eventctl::test;

namespace {

const std::string layout = "openctem";
const std::string tenant_a = "11111111-1111-1111-1111-111111111111";
const std::string tenant_b = "22222222-2222-2222-2222-222222222222";

struct Notifications {
    std::string pending, claimed_old, claimed_new, failed, dead_old, completed_old, completed_new;
};

std::string insert(const TestDatabase& db, const std::string& tenant, const std::string& type,
                   const std::string& status, const std::string& extra_columns,
                   const std::string& extra_values) {
    return db.scalar("INSERT INTO notification_outbox (tenant_id, event_type, aggregate_type, "
                     "title, body, status" +
                     extra_columns + ") VALUES ('" + tenant + "', '" + type +
                     "', 'finding', 't', '" + "{\"n\": 1}', '" + status + "'" + extra_values +
                     ") RETURNING id");
}

Notifications fill(const TestDatabase& db) {
    db.exec(openctem_ddl);
    Notifications n;
    n.pending = insert(db, tenant_a, "finding.created", "pending", ", created_at",
                       ", now() - interval '1 hour'");
    n.claimed_old =
        insert(db, tenant_a, "finding.created", "processing", ", locked_at, locked_by, retry_count",
               ", now() - interval '1 hour', 'worker-1', 1");
    n.claimed_new = insert(db, tenant_a, "finding.created", "processing", ", locked_at, locked_by",
                           ", now() - interval '1 minute', 'worker-2'");
    n.failed = insert(db, tenant_b, "scan.done", "failed", ", retry_count, last_error",
                      ", 2, 'SMTP 503 from relay'");
    n.dead_old = insert(db, tenant_b, "scan.done", "dead",
                        ", retry_count, last_error, created_at, processed_at",
                        ", 3, 'gave up', now() - interval '50 days', now() - interval '45 days'");
    n.completed_old = insert(db, tenant_b, "scan.done", "completed", ", created_at, processed_at",
                             ", now() - interval '50 days', now() - interval '49 days'");
    n.completed_new = insert(db, tenant_b, "scan.done", "completed", ", created_at, processed_at",
                             ", now() - interval '50 days', now() - interval '1 day'");
    return n;
}

} // namespace

TEST_CASE("openctem: stats counts the five states, stale claims and groups by UUID tenant") {
    TestDatabase db(false);
    auto n = fill(db);
    auto stats = json_with_layout(db, layout, {"outbox", "stats", "--by", "tenant"});
    CHECK(stats["by_status"] ==
          nlohmann::json{
              {"pending", 1}, {"processing", 2}, {"completed", 2}, {"failed", 1}, {"dead", 1}});
    CHECK(stats["stale_locks"] == 1);
    REQUIRE(stats["groups"].size() == 2);
    CHECK(stats["groups"][0]["key"] == tenant_a);
    CHECK(stats["groups"][0]["total"] == 3);
    CHECK(stats["groups"][1]["key"] == tenant_b);
    CHECK(stats["groups"][1]["by_status"]["completed"] == 2);

    auto failing = json_with_layout(
        db, layout, {"outbox", "list", "--tenant", tenant_b, "--error-contains", "smtp"});
    REQUIRE(failing["items"].size() == 1);
    CHECK(failing["items"][0]["id"] == n.failed);
    CHECK(failing["items"][0]["attempts"] == 2);
    CHECK(failing["items"][0]["max_attempts"] == 3);

    // The claim's end, for the output, is locked_at + stale_after.
    auto claimed = json_with_layout(db, layout, {"outbox", "show", n.claimed_old});
    CHECK(claimed["locked_by"] == "worker-1");
    CHECK(claimed["locked_until"].is_string());
    CHECK(claimed["payload"] == nlohmann::json{{"n", 1}}); // JSON in the text body
}

TEST_CASE("openctem: retry, mark-dead, unlock-stale and purge write the table's own columns") {
    TestDatabase db(false);
    auto n = fill(db);
    auto unlocked = json_with_layout(db, layout, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(changed_ids(unlocked) == std::set<std::string>{n.claimed_old});
    CHECK(unlocked["selection"]["lock"] == "claimed over 15m ago");
    CHECK(db.scalar("SELECT status || ' ' || coalesce(locked_at::text, 'null') || ' ' || "
                    "coalesce(locked_by, 'null') FROM notification_outbox WHERE id = '" +
                    n.claimed_old + "'") == "pending null null");
    // --older-than reaches younger claims too.
    auto young = json_with_layout(
        db, layout, {"outbox", "unlock-stale", n.claimed_new, "--older-than", "30s", "--force"});
    CHECK(changed_ids(young) == std::set<std::string>{n.claimed_new});

    auto retried =
        json_with_layout(db, layout, {"outbox", "retry", "--status", "failed,dead", "--yes"});
    CHECK(changed_ids(retried) == std::set<std::string>{n.failed, n.dead_old});
    CHECK(db.scalar("SELECT string_agg(status || ' ' || retry_count || ' ' || (processed_at IS "
                    "NULL) || ' ' || (scheduled_at <= now()), ',') FROM notification_outbox "
                    "WHERE id IN ('" +
                    n.failed + "', '" + n.dead_old + "')") ==
          "pending 0 true true,pending 0 true true");

    auto marked =
        json_with_layout(db, layout, {"outbox", "mark-dead", n.pending, "--reason", "tenant gone"});
    CHECK(changed_ids(marked) == std::set<std::string>{n.pending});
    CHECK(db.scalar("SELECT status || ' ' || last_error || ' ' || (processed_at IS NOT NULL) FROM "
                    "notification_outbox WHERE id = '" +
                    n.pending + "'") == "dead tenant gone true");

    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(db.scalar("SELECT count(*) FROM notification_outbox WHERE id = '" + n.completed_old +
                    "'") == "0");
    CHECK(db.scalar("SELECT count(*) FROM notification_outbox WHERE id = '" + n.completed_new +
                    "'") == "1");
}

TEST_CASE("openctem: commands it cannot support and ids that are not UUIDs are refused") {
    TestDatabase db(false);
    fill(db);
    auto log = run_with_layout(db, layout, {"log", "consumers"});
    CHECK(log.exit_code == 64);
    CHECK(log.err.find("layout openctem lacks an event log table") != std::string::npos);
    auto stream =
        run_with_layout(db, layout, {"log", "replay", "--stream", "x", "--after-seq", "0"});
    CHECK(stream.exit_code == 64);
    auto bad_id = run_with_layout(db, layout, {"outbox", "show", "not-a-uuid"});
    CHECK(bad_id.exit_code == 65);
}
