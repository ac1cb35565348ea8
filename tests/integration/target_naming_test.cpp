// Every prompt and table footer names the target in human words: the table, the database and
// where it runs, counts with thousands separators; the JSON keeps its machine form.

#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

void insert_failed(const TestDatabase& db, int count) {
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, attempts) "
            "SELECT 'OrderPlaced', '{}', 'failed', now() - interval '1 hour', 1 "
            "FROM generate_series(1, " +
            std::to_string(count) + ")");
}

} // namespace

TEST_CASE("target: the confirmation question names table, database and selection in words") {
    TestDatabase db;
    insert_failed(db, 1500);
    auto target = "public.outbox on " + db.scalar("SELECT current_database()") + "@";
    // Without a terminal the question is the refusal's message: nothing changes.
    auto refused = run_eventctl({"outbox", "retry", "--status", "failed", "--event-type",
                                 "OrderPlaced", "-d", db.conninfo()});
    INFO(refused.err);
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("Retry 1,500 entries of " + target) != std::string::npos);
    CHECK(refused.err.find(", selected by event type OrderPlaced, status failed?") !=
          std::string::npos);
    CHECK(refused.err.find('{') == std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "1500");
}

TEST_CASE("target: stats names where its counts come from, with thousands separators") {
    TestDatabase db;
    insert_failed(db, 1500);
    auto stats = run_eventctl({"outbox", "stats", "--exact", "-d", db.conninfo()});
    INFO(stats.out);
    REQUIRE(stats.exit_code == 0);
    CHECK(stats.out.find("1,500") != std::string::npos);
    CHECK(stats.out.find("table:           public.outbox on " +
                         db.scalar("SELECT current_database()") + "@") != std::string::npos);
    // JSON keeps plain numbers.
    auto json = run_eventctl({"outbox", "stats", "--exact", "-o", "json", "-d", db.conninfo()});
    REQUIRE(json.exit_code == 0);
    CHECK(nlohmann::json::parse(json.out)["total"] == 1500);
}
