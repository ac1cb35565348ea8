// outbox blocked, retry --in-order and mark-dead's warning: the aggregates an ordered relay is
// stuck on, and redriving them so the relay publishes them in order.

#include "ordered_relay.h"
#include "polling.h"
#include "process.h"
#include "table_snapshot.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace eventctl::test;

namespace {

// Inserts the entry at place sequence of the aggregate, written minutes_ago minutes ago.
std::string insert_at(const TestDatabase& db, const std::string& aggregate, int sequence,
                      const std::string& status, int minutes_ago,
                      const std::string& error = "HTTP 503 from partner") {
    return db.scalar("INSERT INTO public.outbox (event_type, payload, status, aggregate_type, "
                     "aggregate_id, sequence, last_error, created_at, updated_at) VALUES "
                     "('OrderEvent', '{}', '" +
                     status + "', 'Order', '" + aggregate + "', " + std::to_string(sequence) +
                     ", " + (status == "failed" || status == "dead" ? "'" + error + "'" : "NULL") +
                     ", now() - interval '" + std::to_string(minutes_ago) +
                     " minutes', now() - interval '" + std::to_string(minutes_ago) +
                     " minutes' + interval '30 seconds') RETURNING id::text");
}

nlohmann::json run_json(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.end(), {"-d", db.conninfo(), "-o", "json"});
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

std::set<std::string> ids_of(const nlohmann::json& ids) {
    return {ids.begin(), ids.end()};
}

// The sequences of an aggregate in the order the relay published them.
std::string published(const TestDatabase& db, const std::string& aggregate) {
    return db.scalar("SELECT coalesce(string_agg(sequence::text, ',' ORDER BY published), '') "
                     "FROM relay_published WHERE aggregate_id = '" +
                     aggregate + "'");
}

} // namespace

TEST_CASE("outbox blocked finds the aggregates whose head failed or is dead, with what waits") {
    TestDatabase db;
    // A: dead head, two waiting. B: published, then a failed entry, one waiting.
    // C: pending head (the relay is just behind). D: a dead entry with nothing behind it.
    auto a1 = insert_at(db, "A", 1, "dead", 60);
    insert_at(db, "A", 2, "pending", 50);
    insert_at(db, "A", 3, "pending", 40);
    insert_at(db, "B", 1, "completed", 30);
    auto b2 = insert_at(db, "B", 2, "failed", 20, "broker timeout after 30s");
    insert_at(db, "B", 3, "pending", 10);
    insert_at(db, "C", 1, "pending", 60);
    insert_at(db, "C", 2, "failed", 50);
    insert_at(db, "D", 1, "dead", 60);

    auto result = run_json(db, {"outbox", "blocked"});
    CHECK(result["total"] == 2);
    REQUIRE(result["aggregates"].size() == 2);
    const auto& a = result["aggregates"][0]; // held longest: its first waiting entry is older
    CHECK(a["aggregate_type"] == "Order");
    CHECK(a["aggregate_id"] == "A");
    CHECK(a["blocking_id"] == a1);
    CHECK(a["blocking_status"] == "dead");
    CHECK(a["blocking_error"] == "HTTP 503 from partner");
    CHECK(a["waiting"] == 2);
    CHECK(a["waiting_since"] < result["aggregates"][1]["waiting_since"]);
    const auto& b = result["aggregates"][1];
    CHECK(b["blocking_id"] == b2);
    CHECK(b["blocking_status"] == "failed");
    CHECK(b["waiting"] == 1);

    // The filters select the blocking entry.
    auto dead_only = run_json(db, {"outbox", "blocked", "--status", "dead"});
    REQUIRE(dead_only["aggregates"].size() == 1);
    CHECK(dead_only["aggregates"][0]["aggregate_id"] == "A");
    auto one = run_json(db, {"outbox", "blocked", "--limit", "1"});
    CHECK(one["aggregates"].size() == 1);
    CHECK(one["total"] == 2);
    auto ndjson = run_eventctl({"outbox", "blocked", "-d", db.conninfo(), "-o", "ndjson"});
    CHECK(std::count(ndjson.out.begin(), ndjson.out.end(), '\n') == 2);
    auto csv = run_eventctl({"outbox", "blocked", "-d", db.conninfo(), "-o", "csv"});
    CHECK(csv.out.rfind("aggregate_type,aggregate_id,blocking_id,blocking_status,", 0) == 0);
    auto table = run_eventctl({"outbox", "blocked", "-d", db.conninfo()});
    CHECK(table.out.find("Order/A") != std::string::npos);
    CHECK(table.out.find("2 blocked aggregates") != std::string::npos);

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--layout", "oxide-outbox", "outbox", "blocked"},
             {"--layout", "klauthed", "outbox", "blocked"},
             {"outbox", "blocked", "--status", "pending"},
             {"--layout", "oxide-outbox", "outbox", "retry", "--all", "--in-order", "--yes"}}) {
        auto with_db = args;
        with_db.insert(with_db.end(), {"-d", db.conninfo()});
        auto refused = run_eventctl(with_db);
        INFO(refused.err);
        CHECK(refused.exit_code == 64);
    }
}

TEST_CASE("retry --in-order takes the earlier entries along, and the ordered relay publishes in "
          "order") {
    TestDatabase db;
    // In each aggregate the partner's 503 (the group retried) comes after another error.
    auto a1 = insert_at(db, "A", 1, "dead", 60, "schema registry: incompatible");
    auto a2 = insert_at(db, "A", 2, "dead", 50);
    insert_at(db, "A", 3, "pending", 40);
    auto b1 = insert_at(db, "B", 1, "failed", 60, "schema registry: incompatible");
    auto b2 = insert_at(db, "B", 2, "dead", 50);
    auto b3 = insert_at(db, "B", 3, "dead", 40);
    insert_at(db, "B", 4, "pending", 30);
    insert_at(db, "C", 1, "dead", 60, "schema registry: incompatible");
    auto c2 = insert_at(db, "C", 2, "dead", 50);
    insert_at(db, "C", 3, "pending", 40);
    auto group = run_json(db, {"outbox", "errors", "--error-contains",
                               "partner"})["groups"][0]["fingerprint"]
                     .get<std::string>();

    // Strictly: refused, naming the entries the selection leaves out, nothing changed.
    auto before = table_snapshot(db);
    auto strict = run_eventctl({"outbox", "retry", "--error-group", group, "--in-order", "--strict",
                                "--yes", "-d", db.conninfo()});
    CHECK(strict.exit_code == 3);
    CHECK(strict.err.find(a1) != std::string::npos);
    CHECK(strict.err.find(b1) != std::string::npos);
    CHECK(table_snapshot(db) == before);

    OrderedRelay relay(db);
    // Out of order, C stays stuck: its head is still dead, so nothing after it is published.
    run_json(db, {"outbox", "retry", c2});

    auto dry = run_json(db, {"outbox", "retry", "--error-group", group, "--in-order", "--dry-run"});
    CHECK(ids_of(dry["taken_in_order"]) == std::set<std::string>{a1, b1});
    auto retried = run_json(db, {"outbox", "retry", "--error-group", group, "--in-order", "--yes"});
    CHECK(ids_of(retried["ids"]) == std::set<std::string>{a1, a2, b1, b2, b3});
    CHECK(ids_of(retried["taken_in_order"]) == std::set<std::string>{a1, b1});
    CHECK(retried["selection"]["in_order"] == true);

    REQUIRE(poll_until([&] { return db.scalar("SELECT count(*) FROM relay_published") == "7"; },
                       std::chrono::seconds(30)));
    CHECK(relay.stop().empty());
    CHECK(published(db, "A") == "1,2,3");
    CHECK(published(db, "B") == "1,2,3,4");
    CHECK(published(db, "C").empty());
    auto blocked = run_json(db, {"outbox", "blocked"});
    REQUIRE(blocked["total"] == 1);
    CHECK(blocked["aggregates"][0]["aggregate_id"] == "C");
}

TEST_CASE("mark-dead warns of the entries it leaves waiting behind the dead ones") {
    TestDatabase db;
    auto a1 = insert_at(db, "A", 1, "failed", 60);
    insert_at(db, "A", 2, "pending", 50);
    insert_at(db, "A", 3, "failed", 40);
    auto b1 = insert_at(db, "B", 1, "failed", 60);
    auto lonely = insert_at(db, "C", 1, "failed", 60);

    auto dry = run_eventctl({"outbox", "mark-dead", a1, b1, lonely, "--reason", "poison",
                             "--dry-run", "-d", db.conninfo(), "-o", "json"});
    REQUIRE(dry.exit_code == 0);
    CHECK(nlohmann::json::parse(dry.out)["waiting_behind"] ==
          nlohmann::json{{"aggregates", 1}, {"entries", 2}});
    CHECK(dry.err.find("2 entries of 1 aggregates wait behind") != std::string::npos);

    auto applied = run_eventctl(
        {"outbox", "mark-dead", a1, lonely, "--reason", "poison", "-d", db.conninfo()});
    REQUIRE(applied.exit_code == 0);
    CHECK(applied.out.find("waiting behind:  2 entries of 1 aggregates") != std::string::npos);
    CHECK(applied.err.find("outbox blocked") != std::string::npos);

    auto quiet = run_eventctl(
        {"outbox", "mark-dead", b1, "--reason", "poison", "-d", db.conninfo(), "-o", "json"});
    REQUIRE(quiet.exit_code == 0);
    CHECK(nlohmann::json::parse(quiet.out)["waiting_behind"]["entries"] == 0);
    CHECK(quiet.err.empty());
}
