// Inputs as people type them: times without seconds, --since/--until, several tenants, ranges
// that end before they start refused, and a list cursor bound to the filters that printed it.

#include "outbox_fixture.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

nlohmann::json list_json(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"outbox", "list", "-o", "json", "-d", db.conninfo()});
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

} // namespace

TEST_CASE("inputs: --since and --until are the created-after and created-before filters, and "
          "take a time without seconds") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) VALUES "
            "('A', '{}', 'pending', '2026-12-01T09:59:00Z'), "
            "('B', '{}', 'pending', '2026-12-01T10:00:00Z'), "
            "('C', '{}', 'pending', '2026-12-01T10:30:00Z')");
    auto since = list_json(db, {"--since", "2026-12-01T10:00", "--until", "2026-12-01T10:30"});
    REQUIRE(since["items"].size() == 1);
    CHECK(since["items"][0]["event_type"] == "B");
    auto long_form = list_json(
        db, {"--created-after", "2026-12-01T10:00", "--created-before", "2026-12-01T10:30"});
    CHECK(long_form == since);
}

TEST_CASE("inputs: --tenant takes several values like --status") {
    TestDatabase db;
    for (const char* tenant : {"acme", "globex", "initech"}) {
        FixtureEntry entry;
        entry.tenant_id = tenant;
        insert_entry(db, entry);
    }
    auto two = list_json(db, {"--tenant", "acme,initech"});
    CHECK(two["items"].size() == 2);
    auto repeated = list_json(db, {"--tenant", "acme", "--tenant", "initech"});
    CHECK(repeated["items"].size() == 2);
    CHECK(list_json(db, {"--tenant", "globex"})["items"].size() == 1);
}

TEST_CASE("inputs: a range that ends before it starts is refused before anything runs") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    insert_entry(db, failed);
    auto list =
        run_eventctl({"outbox", "list", "--since", "1h", "--until", "2h", "-d", db.conninfo()});
    CHECK(list.exit_code == 64);
    CHECK(list.err.rfind("eventctl: the range ends before it starts: --created-before ", 0) == 0);
    auto retry =
        run_eventctl({"outbox", "retry", "--status", "failed", "--created-after", "2026-12-02",
                      "--created-before", "2026-12-01", "--yes", "-d", db.conninfo()});
    CHECK(retry.exit_code == 64);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "1");
    auto replay =
        run_eventctl({"log", "replay", "--from-seq", "10", "--to-seq", "5", "-d", db.conninfo()});
    CHECK(replay.exit_code == 64);
    CHECK(replay.err.find("the range ends before it starts: --to-seq 5 is before --from-seq 10") !=
          std::string::npos);
}

TEST_CASE("inputs: a list cursor continues only the listing with the filters that printed it") {
    TestDatabase db;
    for (int i = 0; i < 3; ++i) {
        FixtureEntry entry;
        entry.status = "failed";
        entry.created_ago = std::to_string(3 - i) + " hours";
        insert_entry(db, entry);
        entry.status = "pending";
        insert_entry(db, entry);
    }
    auto first = list_json(db, {"--status", "failed", "--limit", "1"});
    REQUIRE(first["next_cursor"].is_string());
    auto cursor = first["next_cursor"].get<std::string>();
    auto same = list_json(db, {"--status", "failed", "--limit", "5", "--after", cursor});
    CHECK(same["items"].size() == 2);
    auto other = run_eventctl(
        {"outbox", "list", "--status", "pending", "--after", cursor, "-d", db.conninfo()});
    CHECK(other.exit_code == 64);
    CHECK(other.err.find("this cursor continues a listing with other filters") !=
          std::string::npos);
}
