#include "outbox_fixture.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

TEST_CASE("outbox show prints one entry in full with payload and metadata as JSON values") {
    TestDatabase db;
    auto id = insert_entry(db, {"failed", "OrderPlaced", "1 hour", "t1", "Order", "o-1",
                                "broker said \"no\", twice", "", 2});
    auto result = run_eventctl({"outbox", "show", id, "-d", db.conninfo(), "--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto entry = nlohmann::json::parse(result.out);
    CHECK(entry["id"] == id);
    CHECK(entry["status"] == "failed");
    CHECK(entry["aggregate_id"] == "o-1");
    CHECK(entry["attempts"] == 2);
    CHECK(entry["max_attempts"] == 10);
    CHECK(entry["last_error"] == "broker said \"no\", twice");
    CHECK(entry["payload"]["text"] == "h\u00e9, \"q\"");
    CHECK(entry["metadata"]["trace"] == "t1");
    CHECK(entry["locked_until"].is_null());

    auto table = run_eventctl({"outbox", "show", id, "-d", db.conninfo()});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("payload:") != std::string::npos);
    CHECK(table.out.find(id) != std::string::npos);
}

TEST_CASE("outbox show and list keep payload numbers exactly as stored") {
    TestDatabase db;
    auto id = db.scalar("INSERT INTO outbox (event_type, payload) VALUES ('E', "
                        "'{\"amount\": 477.70, \"id\": 123456789012345678901}') RETURNING id");
    auto shown = run_eventctl({"outbox", "show", id, "-d", db.conninfo(), "--json"});
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.out.find("\"amount\": 477.70") != std::string::npos);
    CHECK(shown.out.find("123456789012345678901") != std::string::npos);
    auto listed =
        run_eventctl({"outbox", "list", "--payload", "-d", db.conninfo(), "-o", "ndjson"});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.out.find("\"amount\": 477.70") != std::string::npos);
    CHECK(nlohmann::json::parse(listed.out)["payload"]["amount"] == 477.7);
}

TEST_CASE("outbox show of a missing id exits 65 with a clear message") {
    TestDatabase db;
    auto result = run_eventctl(
        {"outbox", "show", "0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10", "-d", db.conninfo()});
    CHECK(result.exit_code == 65);
    CHECK(result.out.empty());
    CHECK(result.err ==
          "eventctl: no outbox entry with id \"0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10\" "
          "in public.outbox\n");
}

TEST_CASE("outbox show of an id that is not a UUID exits 65 before querying") {
    auto result = run_eventctl({"outbox", "show", "1; DROP TABLE outbox", "-d", "host=/none"});
    CHECK(result.exit_code == 65);
    CHECK(result.err.find("invalid id") != std::string::npos);
}
