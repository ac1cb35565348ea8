#include "eventctl/layout/layout_file.h"
#include "eventctl/outbox/stats.h"
#include "outbox_fixture.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl;
using namespace eventctl::test;

namespace {

// 3 pending (oldest two hours old), 2 processing (one stale), 5 completed, 2 failed, 1 dead.
void insert_known_mix(const TestDatabase& db) {
    insert_entry(db, {"pending", "OrderPlaced", "2 hours", "t1"});
    insert_entry(db, {"pending", "OrderPlaced", "30 minutes", "t1"});
    insert_entry(db, {"pending", "PaymentCaptured", "10 minutes", "t2"});
    insert_entry(db, {"processing", "OrderPlaced", "5 minutes", "t1", "", "", "", "-1 minute", 1});
    insert_entry(db, {"processing", "OrderPlaced", "5 minutes", "t2", "", "", "", "10 minutes", 1});
    for (int i = 0; i < 5; ++i) {
        insert_entry(db, {"completed", i < 3 ? "OrderPlaced" : "PaymentCaptured", "3 days", "t1"});
    }
    insert_entry(db, {"failed", "PaymentCaptured", "1 day", "t2", "", "", "timeout", "", 2});
    insert_entry(db, {"failed", "OrderPlaced", "1 day", "", "", "", "503", "", 3});
    insert_entry(db, {"dead", "OrderPlaced", "4 days", "t2", "", "", "gave up", "", 10});
}

nlohmann::json stats_json_of(const TestDatabase& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"outbox", "stats", "-d", db.conninfo(), "-o", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

} // namespace

TEST_CASE("outbox stats counts each status exactly, with stale locks and relay lag") {
    TestDatabase db;
    insert_known_mix(db);
    auto stats = stats_json_of(db);
    CHECK(stats["layout"] == "canonical");
    CHECK(stats["table"] == "public.outbox");
    CHECK(stats["total"] == 13);
    CHECK(stats["by_status"] ==
          nlohmann::json{
              {"pending", 3}, {"processing", 2}, {"completed", 5}, {"failed", 2}, {"dead", 1}});
    CHECK(stats["stale_locks"] == 1);
    CHECK(stats["estimated"] == false);
    auto age = stats["oldest_pending_age_seconds"].get<std::int64_t>();
    CHECK(age >= 7200);
    CHECK(age < 7260);
    auto oldest = db.scalar("SELECT to_char(min(created_at) AT TIME ZONE 'UTC', "
                            "'YYYY-MM-DD\"T\"HH24:MI:SS') FROM outbox WHERE status = 'pending'");
    CHECK(stats["oldest_pending_created_at"].get<std::string>().rfind(oldest, 0) == 0);
    CHECK_FALSE(stats.contains("groups"));
}

TEST_CASE("outbox stats on an empty outbox reports zeros and no pending age") {
    TestDatabase db;
    auto stats = stats_json_of(db);
    CHECK(stats["total"] == 0);
    CHECK(stats["stale_locks"] == 0);
    CHECK(stats["oldest_pending_created_at"].is_null());
    CHECK(stats["oldest_pending_age_seconds"].is_null());
}

TEST_CASE("outbox stats --by breaks the counts down per key") {
    TestDatabase db;
    insert_known_mix(db);
    auto stats = stats_json_of(db, {"--by", "event-type"});
    REQUIRE(stats["groups"].size() == 2);
    CHECK(stats["groups"][0]["key"] == "OrderPlaced");
    CHECK(stats["groups"][0]["by_status"] ==
          nlohmann::json{
              {"pending", 2}, {"processing", 2}, {"completed", 3}, {"failed", 1}, {"dead", 1}});
    CHECK(stats["groups"][0]["total"] == 9);
    CHECK(stats["groups"][1]["key"] == "PaymentCaptured");
    CHECK(stats["groups"][1]["total"] == 4);

    auto by_tenant = stats_json_of(db, {"--by", "tenant"});
    REQUIRE(by_tenant["groups"].size() == 3);
    CHECK(by_tenant["groups"][2]["key"].is_null()); // the entry without a tenant comes last
    CHECK(by_tenant["groups"][2]["total"] == 1);
}

TEST_CASE("outbox stats --estimate takes completed from planner statistics") {
    TestDatabase db;
    insert_known_mix(db);
    db.exec("ANALYZE public.outbox");
    auto stats = stats_json_of(db, {"--estimate"});
    CHECK(stats["estimated"] == true);
    CHECK(stats["by_status"]["pending"] == 3); // actionable counts stay exact
    CHECK(stats["by_status"]["completed"] == 5);
    CHECK(stats["total"] == 13);

    auto grouped = stats_json_of(db, {"--estimate", "--by", "event-type"});
    CHECK(grouped["groups"][0]["by_status"]["completed"].is_null());
    CHECK(grouped["groups"][0]["total"].is_null());
    CHECK(grouped["groups"][0]["by_status"]["pending"] == 2);
}

TEST_CASE("outbox stats estimates automatically above the threshold, and --exact overrides") {
    TestDatabase db;
    insert_known_mix(db);
    // Planner statistics that are deliberately off show which path produced the numbers.
    db.exec("ANALYZE public.outbox");
    db.exec("INSERT INTO public.outbox (event_type, payload, status) "
            "SELECT 'Bulk', '{}', 'completed' FROM generate_series(1, 20)");
    auto session = db.session();
    StatsOptions options;
    options.estimate_threshold = 10;
    auto estimated = outbox_stats(session, load_layout("canonical"), options);
    CHECK(estimated.estimated);
    CHECK(estimated.by_status.completed == 5);

    options.mode = CountMode::exact;
    auto exact = outbox_stats(session, load_layout("canonical"), options);
    CHECK_FALSE(exact.estimated);
    CHECK(exact.by_status.completed == 25);
    CHECK(exact.total == 33);
}

TEST_CASE("outbox stats refuses --exact with --estimate") {
    auto result = run_eventctl({"outbox", "stats", "--exact", "--estimate", "-d", "host=/none"});
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("--exact and --estimate") != std::string::npos);
}

TEST_CASE("outbox stats renders csv and table") {
    TestDatabase db;
    insert_known_mix(db);
    auto csv = run_eventctl({"outbox", "stats", "-d", db.conninfo(), "-o", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("table,total,pending,processing,completed,failed,dead,stale_locks,", 0) ==
          0);
    CHECK(csv.out.find("\r\npublic.outbox,13,3,2,5,2,1,1,") != std::string::npos);

    auto table = run_eventctl({"outbox", "stats", "-d", db.conninfo()});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("pending") != std::string::npos);
    CHECK(table.out.find("stale locks:     1") != std::string::npos);
    CHECK(table.out.find("\x1b[") == std::string::npos); // not a terminal: no colour
}
