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
    // The contract's fields, as they were; the health fields beside them are tested below.
    auto document = nlohmann::json::parse(json.out);
    nlohmann::json contract = {{"head", document["head"]},
                               {"low_watermark", document["low_watermark"]},
                               {"consumers", nlohmann::json::array()}};
    for (const auto& consumer : document["consumers"]) {
        contract["consumers"].push_back({{"consumer", consumer["consumer"]},
                                         {"position", consumer["position"]},
                                         {"lag", consumer["lag"]},
                                         {"updated_at", consumer["updated_at"]}});
    }
    CHECK(contract == nlohmann::json::parse(R"({"head": 12, "low_watermark": 1, "consumers": [
        {"consumer": "Audit", "position": 4, "lag": 8, "updated_at": "2026-01-02T03:04:05.500000Z"},
        {"consumer": "ahead", "position": 15, "lag": 0, "updated_at": "2026-01-01T00:00:00Z"},
        {"consumer": "billing", "position": 12, "lag": 0, "updated_at": "2026-01-01T00:00:00Z"}
    ]})"));

    auto table = consumers(db);
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::StartsWith("CONSUMER") && Catch::Contains("Audit") &&
                              Catch::Contains("\n3 consumers of public.event_consumers on " +
                                              db.scalar("SELECT current_database()") + "@") &&
                              Catch::EndsWith("; head 12\n"));
    auto csv = consumers(db, {"-o", "csv"});
    CHECK_THAT(csv.out, Catch::StartsWith("consumer,position,lag,updated_at,head,"
                                          "updated_age_seconds,lag_seconds,status,"
                                          "consumed_per_second,drain_seconds,low_watermark\r\n"
                                          "Audit,4,8,2026-01-02T03:04:05.500000Z,12,"));
    CHECK_THAT(csv.out, Catch::Contains(",1\r\nahead,"));
    auto ndjson = consumers(db, {"-o", "ndjson"});
    auto first = nlohmann::json::parse(ndjson.out.substr(0, ndjson.out.find('\n')));
    CHECK(first["consumer"] == "Audit");
    CHECK(first["head"] == 12);
    CHECK(first["low_watermark"] == 1);
}

TEST_CASE("log consumers of an empty log is not an error") {
    TestDatabase db;
    auto json = consumers(db, {"--json"});
    REQUIRE(json.exit_code == 0);
    auto empty = nlohmann::json::parse(json.out);
    CHECK(empty["head"] == 0);
    CHECK(empty["low_watermark"].is_null());
    CHECK(empty["consumers"] == nlohmann::json::array());
    CHECK_THAT(consumers(db).out, Catch::StartsWith("no consumers in public.event_consumers on ") &&
                                      Catch::EndsWith("; head 0\n"));
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

namespace {

nlohmann::json by_name(const nlohmann::json& document) {
    nlohmann::json consumers = nlohmann::json::object();
    for (const auto& consumer : document["consumers"]) {
        consumers[consumer["consumer"].get<std::string>()] = consumer;
    }
    return consumers;
}

} // namespace

TEST_CASE("log consumers: every status of consumer health") {
    TestDatabase db;
    // Events 1..10 written an hour ago, 11..30 just now; then 1..5 purged: the low watermark,
    // the lowest seq_no left, is 6.
    db.exec("INSERT INTO event_log (event_type, payload, created_at) SELECT 'E', '{}', "
            "now() - interval '1 hour' FROM generate_series(1, 10)");
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 20)");
    db.exec("DELETE FROM event_log WHERE seq_no <= 5");
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES "
            "('ok', 25, now()), "     // moving, its work 0s old
            "('lagging', 6, now()), " // moving, its work an hour old
            "('stalled', 20, now() - interval '10 minutes'), "
            "('idle', 30, now() - interval '3 days'), "
            "('behind', 3, now()), "                       // events 4 and 5 were purged
            "('at-floor', 5, now() - interval '1 hour'), " // next is 6, still there: stalled
            "('ahead', 40, now())");
    auto result = consumers(db, {"--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto document = nlohmann::json::parse(result.out);
    CHECK(document["low_watermark"] == 6);
    CHECK(document["latest"] == 30);
    auto all = by_name(document);
    CHECK(all["ok"]["status"] == "ok");
    CHECK(all["lagging"]["status"] == "lagging");
    CHECK(all["lagging"]["lag_seconds"].get<std::int64_t>() >= 3600);
    CHECK(all["stalled"]["status"] == "stalled");
    CHECK(all["stalled"]["updated_age_seconds"].get<std::int64_t>() >= 600);
    CHECK(all["idle"]["status"] == "idle");
    CHECK(all["idle"]["lag_seconds"] == 0);
    CHECK(all["behind"]["status"] == "behind-the-floor");
    CHECK(all["at-floor"]["status"] == "stalled");
    CHECK(all["ahead"]["status"] == "ahead-of-head");

    // --stalled-after moves the line between stalled and the rest.
    auto patient =
        by_name(nlohmann::json::parse(consumers(db, {"--json", "--stalled-after", "2h"}).out));
    CHECK(patient["stalled"]["status"] == "ok");
    CHECK(patient["lagging"]["status"] == "ok");

    auto table = consumers(db);
    CHECK_THAT(table.out, Catch::Contains("behind-the-floor") && Catch::Contains("LAG TIME") &&
                              Catch::Contains("low watermark 6"));
}

TEST_CASE("log consumers --sample reads twice and adds the rates and the time to drain") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 10)");
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 4, now()), ('search', 10, now())");
    auto result = consumers(db, {"--json", "--sample", "1s"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto document = nlohmann::json::parse(result.out);
    CHECK(document["sample_seconds"].get<double>() >= 1.0);
    CHECK(document["written_per_second"] == 0.0);
    auto all = by_name(document);
    CHECK(all["billing"]["consumed_per_second"] == 0.0);
    CHECK(all["billing"]["drain_seconds"].is_null()); // not moving: it never drains
    CHECK(all["search"]["drain_seconds"] == 0.0);
    auto table = consumers(db, {"--sample", "1s"});
    CHECK_THAT(table.out, Catch::Contains("RATE") && Catch::Contains("never"));
    CHECK(consumers(db, {"--sample", "0s"}).exit_code == 64);
    CHECK(consumers(db, {"--sample", "1s", "--watch"}).exit_code == 64);
}
