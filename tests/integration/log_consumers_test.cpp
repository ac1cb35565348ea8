#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

ProcessResult consumers(const TestDatabase& db, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"log", "consumers", "-d", db.conninfo()});
    return run_eventctl(args);
}

} // namespace

TEST_CASE("log consumers reports every position, the head and the lag") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 12)");
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 12, '2026-01-01T00:00:00Z'), ('Audit', 4, '2026-01-02T03:04:05.5Z'), "
            "('ahead', 15, '2026-01-01T00:00:00Z')");
    auto json = consumers(db, {"--json"});
    REQUIRE(json.exit_code == 0);
    CHECK(nlohmann::json::parse(json.out) ==
          nlohmann::json::parse(R"({"head": 12, "low_watermark": 1, "consumers": [
        {"consumer": "Audit", "position": 4, "lag": 8, "updated_at": "2026-01-02T03:04:05.500000Z"},
        {"consumer": "ahead", "position": 15, "lag": 0, "updated_at": "2026-01-01T00:00:00Z"},
        {"consumer": "billing", "position": 12, "lag": 0, "updated_at": "2026-01-01T00:00:00Z"}
    ]})"));

    auto table = consumers(db);
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::StartsWith("CONSUMER") && Catch::Contains("Audit") &&
                              Catch::EndsWith("3 consumers; head 12; low watermark 1\n"));
    auto csv = consumers(db, {"-o", "csv"});
    CHECK_THAT(csv.out, Catch::StartsWith("consumer,position,lag,updated_at,head,low_watermark\r\n"
                                          "Audit,4,8,2026-01-02T03:04:05.500000Z,12,1\r\n"));
    auto ndjson = consumers(db, {"-o", "ndjson"});
    auto first = nlohmann::json::parse(ndjson.out.substr(0, ndjson.out.find('\n')));
    CHECK(first["consumer"] == "Audit");
    CHECK(first["head"] == 12);
}

TEST_CASE("log consumers of an empty log is not an error") {
    TestDatabase db;
    auto json = consumers(db, {"--json"});
    REQUIRE(json.exit_code == 0);
    CHECK(nlohmann::json::parse(json.out) ==
          nlohmann::json{
              {"head", 0}, {"low_watermark", nullptr}, {"consumers", nlohmann::json::array()}});
    CHECK(consumers(db).out == "no consumers; head 0\n");
}

TEST_CASE("log consumers works with a role that may only read") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) VALUES ('E', '{}')");
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('c', 1)");
    db.exec("DROP ROLE IF EXISTS eventctl_log_reader");
    db.exec("CREATE ROLE eventctl_log_reader LOGIN");
    db.exec("GRANT SELECT ON event_log, event_consumers TO eventctl_log_reader");
    auto result = run_eventctl(
        {"log", "consumers", "-d", db.conninfo() + " user=eventctl_log_reader", "--json"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(nlohmann::json::parse(result.out)["head"] == 1);
    db.exec("DROP OWNED BY eventctl_log_reader");
    db.exec("DROP ROLE eventctl_log_reader");
}
