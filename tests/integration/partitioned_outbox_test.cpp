// Every outbox command on a partitioned canonical outbox (DESIGN 7: partitioned tables are
// normal): range by created_at with a DEFAULT partition, list by status with a second level
// by hash, and hash by id.

#include "outbox_fixture.h"
#include "partitioned_tables.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

nlohmann::json run_json(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.end(), {"-d", db.conninfo(), "--json"});
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

std::string count_of(const TestDatabase& db, const std::string& where) {
    return db.scalar("SELECT count(*) FROM outbox WHERE " + where);
}

// Entries spread over several partitions: old finished ones, unfinished ones, recent ones.
void insert_spread(const TestDatabase& db) {
    for (const char* ago : {"20 days", "13 days", "6 days", "1 hour"}) {
        insert_entry(db, {"pending", "OrderPlaced", ago});
        insert_entry(db, {"failed", "OrderPlaced", ago, "", "", "", "HTTP 503"});
        insert_entry(db, {"dead", "OrderPlaced", ago});
        insert_entry(db, {"processing", "OrderPlaced", ago, "", "", "", "", "-5 minutes"});
        insert_entry(db, {"completed", "OrderPlaced", ago});
    }
}

} // namespace

TEST_CASE("every outbox command works on an outbox partitioned by range, list or hash") {
    auto strategy = GENERATE(as<std::string>{}, "range", "list", "hash");
    DYNAMIC_SECTION("partitioned by " << strategy) {
        TestDatabase db;
        if (strategy == "range") {
            partition_outbox_weekly(db, 4, 2);
        } else {
            partition_outbox_by(db, strategy);
        }
        insert_spread(db);
        db.exec("ANALYZE outbox");

        auto stats = run_json(db, {"outbox", "stats"});
        CHECK(stats["total"] == 20);
        CHECK(stats["by_status"]["pending"] == 4);
        CHECK(stats["by_status"]["completed"] == 4);
        CHECK(stats["stale_locks"] == 4);
        // The estimate reads the leaves' statistics: the parent's are those of an empty table.
        auto estimated = run_json(db, {"outbox", "stats", "--estimate"});
        CHECK(estimated["estimated"] == true);
        CHECK(estimated["by_status"]["completed"] == 4);

        // Keyset paging across partitions: every entry once, in creation order.
        auto first = run_json(db, {"outbox", "list", "--limit", "7"});
        REQUIRE(first["items"].size() == 7);
        auto rest = run_json(db, {"outbox", "list", "--after", first["next_cursor"]});
        CHECK(rest["items"].size() == 13);
        std::string id = first["items"][0]["id"];
        CHECK(run_json(db, {"outbox", "show", id})["id"] == id);

        auto unlocked = run_json(db, {"outbox", "unlock-stale", "--all", "--yes"});
        CHECK(unlocked["changed"] == 4);
        auto dead =
            run_json(db, {"outbox", "mark-dead", "--status", "failed", "--reason", "x", "--yes"});
        CHECK(dead["changed"] == 4);
        auto retried = run_json(db, {"outbox", "retry", "--status", "dead", "--yes"});
        CHECK(retried["changed"] == 8);
        CHECK(count_of(db, "status = 'pending'") == "16");

        // The purge walks every leaf: the old completed entries go, nothing else does.
        auto purged = run_json(db, {"outbox", "purge", "--older-than", "3d", "--yes"});
        CHECK(purged["changed"] == 3);
        CHECK(count_of(db, "status = 'completed'") == "1");
        CHECK(count_of(db, "true") == "17");
    }
}

TEST_CASE("a purge of a partitioned outbox deletes the old finished rows, where it used to "
          "report 0") {
    TestDatabase db;
    partition_outbox_weekly(db, 6, 1);
    // 300 old completed rows across three partitions, 20 old pending ones, 50 recent ones.
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', '{}', 'completed', now() - (10 + i % 30) * interval '1 day', "
            "now() - (9 + i % 30) * interval '1 day' FROM generate_series(1, 300) i");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) SELECT 'E', '{}', "
            "'pending', now() - interval '20 days' FROM generate_series(1, 20)");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', '{}', 'completed', now() - interval '1 hour', now() FROM "
            "generate_series(1, 50)");
    auto dry = run_json(db, {"outbox", "purge", "--older-than", "7d", "--dry-run"});
    CHECK(dry["changed"] == 300);
    auto purged =
        run_json(db, {"outbox", "purge", "--older-than", "7d", "--batch-size", "40", "--yes"});
    CHECK(purged["matched"] == 300);
    CHECK(purged["changed"] == 300);
    CHECK(purged["batches"].get<int>() >= 3);
    CHECK(purged["vacuum"]["table"] == "public.outbox");
    CHECK(count_of(db, "status = 'completed'") == "50");
    CHECK(count_of(db, "status = 'pending'") == "20");
}

TEST_CASE("check --new-dead counts every partition's dead entries, and doctor's index for it "
          "builds on a partitioned outbox") {
    TestDatabase db;
    partition_outbox_weekly(db, 4, 2);
    insert_spread(db); // dead entries that died 20 days, 13 days, 6 days and an hour ago
    auto new_dead = [&] {
        auto result = run_eventctl({"check", "-d", db.conninfo(), "--new-dead", "1:5",
                                    "--new-dead-window", "14d", "-o", "json"});
        INFO(result.err);
        CHECK(result.exit_code == 1); // 3 is a warning
        auto json = nlohmann::json::parse(result.out);
        REQUIRE(json["checks"].size() == 1);
        return json["checks"][0]["value"];
    };
    CHECK(new_dead() == 3);

    // The fixture has no such index: doctor suggests it as PostgreSQL takes it on a
    // partitioned table, the statements run as printed, and the count stays the same.
    auto report =
        nlohmann::json::parse(run_eventctl({"doctor", "-d", db.conninfo(), "--json"}).out);
    std::string statement;
    for (const auto& index : report["indexes"]) {
        if (index["columns"] == nlohmann::json{"processed_at", "updated_at"}) {
            CHECK(index["exists"] == false);
            statement = index["statement"];
        }
    }
    CHECK_THAT(statement, Catch::StartsWith("CREATE INDEX \"outbox_dead_idx\" ON ONLY "
                                            "\"public\".\"outbox\" (\"processed_at\", "
                                            "\"updated_at\") WHERE \"status\" = 'dead';"));
    db.exec_each_line(statement);
    CHECK(db.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                    "'public.outbox_dead_idx'::regclass") ==
          db.scalar("SELECT count(*) FROM pg_partition_tree('public.outbox') WHERE isleaf"));
    CHECK(new_dead() == 3);
}
