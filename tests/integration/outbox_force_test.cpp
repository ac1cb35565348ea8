// The sharp edges of unlock-stale and purge go through only with --force: refused with 64 and
// a hint, before any statement runs, and nothing changed.
#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

TEST_CASE("unlock-stale --older-than under a minute needs --force: live leases are at stake") {
    TestDatabase db;
    // A worker claimed it two seconds ago and holds a lease for another five minutes.
    auto live =
        insert_entry(db, {"processing", "OrderPlaced", "1 hour", "", "", "", "", "5 minutes", 1});
    db.exec("UPDATE outbox SET updated_at = now() - interval '2 seconds'");
    auto before = table_snapshot(db);
    for (const char* age : {"0s", "59s", "PT30S"}) {
        auto refused = run_eventctl(
            {"outbox", "unlock-stale", "--all", "--older-than", age, "--yes", "-d", db.conninfo()});
        INFO(age << ": " << refused.err);
        CHECK(refused.exit_code == 64);
        CHECK(refused.err.find("would unlock entries a live worker claimed moments ago") !=
              std::string::npos);
        CHECK(refused.err.find("HINT: give a longer --older-than") != std::string::npos);
        CHECK(refused.err.find("--force") != std::string::npos);
    }
    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");

    auto forced = run_eventctl({"outbox", "unlock-stale", "--all", "--older-than", "0s", "--force",
                                "--yes", "-o", "json", "-d", db.conninfo()});
    INFO(forced.err);
    REQUIRE(forced.exit_code == 0);
    auto json = nlohmann::json::parse(forced.out);
    CHECK(json["changed"] == 1);
    CHECK(json["selection"]["force"] == true);
    CHECK(db.scalar("SELECT status FROM outbox WHERE id = '" + live + "'") == "pending");
    // A minute is no sharp edge.
    CHECK(run_eventctl({"outbox", "unlock-stale", "--all", "--older-than", "1m", "--yes", "-d",
                        db.conninfo()})
              .exit_code == 0);
}

TEST_CASE("purge --older-than under a minute and --status failed need --force") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) VALUES "
            "('E', '{}', 'completed', now() - interval '1 hour', now() - interval '2 seconds'), "
            "('E', '{}', 'failed', now() - interval '40 days', NULL), "
            "('E', '{}', 'dead', now() - interval '40 days', now() - interval '40 days')");
    auto before = table_snapshot(db);
    for (const auto& [args, message] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--older-than", "0s"},
              "--older-than 0s would delete entries that finished a "
              "moment ago (under 1m)"},
             {{"--older-than", "30s", "--dry-run"}, "--older-than 30s would delete entries"},
             {{"--older-than", "30d", "--status", "failed"},
              "--status failed would delete entries the relay still retries"},
             {{"--older-than", "30d", "--status", "dead,failed"}, "--status failed would"},
         }) {
        std::vector<std::string> purge{"outbox", "purge"};
        purge.insert(purge.end(), args.begin(), args.end());
        purge.insert(purge.end(), {"--yes", "-d", db.conninfo()});
        auto refused = run_eventctl(purge);
        INFO(refused.err);
        CHECK(refused.exit_code == 64);
        CHECK(refused.err.rfind("eventctl: " + message, 0) == 0);
        CHECK(refused.err.find("--force") != std::string::npos);
    }
    CHECK(table_snapshot(db) == before);

    auto young = run_eventctl({"outbox", "purge", "--older-than", "0s", "--force", "--yes", "-o",
                               "json", "-d", db.conninfo()});
    INFO(young.err);
    REQUIRE(young.exit_code == 0);
    CHECK(nlohmann::json::parse(young.out)["changed"] == 1);
    CHECK(nlohmann::json::parse(young.out)["selection"]["force"] == true);
    auto failed = run_eventctl({"outbox", "purge", "--older-than", "30d", "--status", "failed,dead",
                                "--force", "--yes", "-o", "json", "-d", db.conninfo()});
    INFO(failed.err);
    REQUIRE(failed.exit_code == 0);
    CHECK(nlohmann::json::parse(failed.out)["changed"] == 2);
    CHECK(db.scalar("SELECT count(*) FROM outbox") == "0");
}
