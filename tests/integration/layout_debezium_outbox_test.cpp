// The debezium-outbox preset against the outbox table of the Debezium Quarkus extension. A row
// carries no state: Debezium reads the insert from the WAL, and what it published is kept in the
// replication slot and Kafka Connect's offsets. stats, list, show and purge run; every change
// that would need a state is refused before any statement.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <set>

using namespace eventctl::test;

namespace {

const char* const debezium_ddl = R"(
CREATE TABLE outboxevent (
    id uuid NOT NULL,
    aggregatetype varchar(255) NOT NULL,
    aggregateid varchar(255) NOT NULL,
    type varchar(255) NOT NULL,
    "timestamp" timestamp NOT NULL,
    payload varchar(8000),
    tracingspancontext varchar(256),
    PRIMARY KEY (id)
);
)";

const std::string layout = "debezium-outbox";

void fill(const TestDatabase& db) {
    db.exec(debezium_ddl);
    db.exec(R"(INSERT INTO outboxevent VALUES
      ('00000000-0000-4000-8000-000000000001', 'Order', '17', 'OrderCreated', now() at time zone 'utc' - interval '40 days', '{"id": 17}', NULL),
      ('00000000-0000-4000-8000-000000000002', 'Order', '17', 'OrderPaid', now() at time zone 'utc' - interval '31 days', '{"id": 17, "paid": true}', NULL),
      ('00000000-0000-4000-8000-000000000003', 'Customer', '4', 'CustomerMoved', now() at time zone 'utc' - interval '2 days', '{"id": 4}', 'uber-trace-id=1'))");
}

} // namespace

TEST_CASE("debezium-outbox: a row exists until deleted, read by aggregate") {
    TestDatabase db(false);
    fill(db);
    auto stats = json_with_layout(db, layout, {"outbox", "stats"});
    CHECK(stats["table"] == "public.outboxevent");
    CHECK(stats["by_status"] == nlohmann::json{{"pending", nullptr},
                                               {"processing", nullptr},
                                               {"completed", 3},
                                               {"failed", nullptr},
                                               {"dead", nullptr}});

    auto orders = json_with_layout(db, layout, {"outbox", "list", "--aggregate-type", "Order"});
    REQUIRE(orders["items"].size() == 2);
    for (const auto& item : orders["items"]) {
        CHECK(item["aggregate_id"] == "17");
    }
    auto shown =
        json_with_layout(db, layout, {"outbox", "show", "00000000-0000-4000-8000-000000000003"});
    CHECK(shown["event_type"] == "CustomerMoved");
    CHECK(shown["payload"]["id"] == 4);
    CHECK(shown["columns"]["tracingspancontext"] == "uber-trace-id=1");
}

TEST_CASE("debezium-outbox: purge deletes rows older than the cutoff, changes are refused") {
    TestDatabase db(false);
    fill(db);
    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 2);
    CHECK(db.scalar("SELECT string_agg(type, ',') FROM outboxevent") == "CustomerMoved");

    auto before = table_snapshot(db, "public.outboxevent");
    struct Refusal {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Refusal> refusals = {
        {{"outbox", "retry", "00000000-0000-4000-8000-000000000003"}, "inserting a new row"},
        {{"outbox", "retry", "--include-completed", "--all", "--yes"}, "inserting a new row"},
        {{"outbox", "mark-dead", "00000000-0000-4000-8000-000000000003", "--reason", "x", "--yes"},
         "replication slot"},
        {{"outbox", "unlock-stale", "--all", "--older-than", "1h", "--yes"}, "no lease"},
        {{"outbox", "list", "--status", "pending"}, "pending"},
        {{"outbox", "list", "--tenant", "acme"}, "tenant"},
        {{"log", "replay"}, "event log"},
    };
    for (const auto& refusal : refusals) {
        auto result = run_with_layout(db, layout, refusal.args);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find("layout debezium-outbox") != std::string::npos);
        CHECK(result.err.find(refusal.says) != std::string::npos);
    }
    CHECK(table_snapshot(db, "public.outboxevent") == before);
}
