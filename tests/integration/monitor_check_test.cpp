// eventctl check against a real server: every threshold crossing its warning and its critical
// limit, with the exit code and the perfdata a monitoring system reads, and UNKNOWN (3) for
// whatever keeps it from checking.

#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

using namespace eventctl::test;

namespace {

// An outbox and a log with a known amount of everything check looks at.
void seed_trouble(const TestDatabase& db) {
    // 5 pending, the oldest written 20 minutes ago.
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) SELECT 'E', '{}', "
            "'pending', now() - interval '20 minutes' + i * interval '1 second' "
            "FROM generate_series(1, 5) i");
    // 3 processing entries whose lock expired, 1 still held.
    db.exec("INSERT INTO outbox (event_type, payload, status, locked_by, locked_until) SELECT "
            "'E', '{}', 'processing', 'relay-1', now() - interval '1 minute' "
            "FROM generate_series(1, 3)");
    db.exec("INSERT INTO outbox (event_type, payload, status, locked_by, locked_until) VALUES "
            "('E', '{}', 'processing', 'relay-2', now() + interval '1 minute')");
    // 6 dead: 4 of them died within the hour.
    db.exec("INSERT INTO outbox (event_type, payload, status, processed_at) SELECT 'E', '{}', "
            "'dead', now() - interval '5 minutes' FROM generate_series(1, 4)");
    db.exec("INSERT INTO outbox (event_type, payload, status, processed_at, created_at) SELECT "
            "'E', '{}', 'dead', now() - interval '2 days', now() - interval '3 days' "
            "FROM generate_series(1, 2)");
    // 7 failed.
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'failed' "
            "FROM generate_series(1, 7)");
    // Completed entries, the oldest finished 40 days ago; one written 50 days ago finished
    // only yesterday (purge's age is from processed_at).
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) VALUES "
            "('E', '{}', 'completed', now() - interval '50 days', now() - interval '1 day'), "
            "('E', '{}', 'completed', now() - interval '41 days', now() - interval '40 days'), "
            "('E', '{}', 'completed', now() - interval '1 day', now())");
    // 100 events written two hours ago; billing is 90 behind and has not moved for an hour
    // (stalled), search is caught up.
    db.exec("INSERT INTO event_log (event_type, payload, created_at) SELECT 'E', '{}', "
            "now() - interval '2 hours' FROM generate_series(1, 100)");
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 10, now() - interval '1 hour'), ('search', 100, now())");
}

ProcessResult check(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"check", "-d", db.conninfo()});
    return run_eventctl(args);
}

// The perfdata of the first line: label=value;warn;crit;min;
std::string perfdata(const std::string& out) {
    auto line = out.substr(0, out.find('\n'));
    auto bar = line.find(" | ");
    return bar == std::string::npos ? "" : line.substr(bar + 3);
}

struct Crossing {
    std::string option;
    std::string label;     // in perfdata
    std::string value;     // as perfdata shows it; a duration's seconds are matched loosely
    std::string warning;   // WARN:CRIT with the value between them
    std::string critical;  // WARN:CRIT or CRIT with the value above CRIT
    std::string ok;        // limits the value does not cross
    std::string perf_warn; // the perfdata of the warning case, after the value
};

} // namespace

TEST_CASE("check: every threshold crosses its warning and its critical limit") {
    TestDatabase db;
    seed_trouble(db);
    const std::vector<Crossing> crossings = {
        {"--oldest-pending", "oldest_pending_age", "1[12]\\d\\ds", "10m:1h", "10m:15m", "30m:1h",
         ";600;3600;0;"},
        {"--pending", "pending", "5", "4:10", "2:4", "5:6", ";4;10;0;"},
        {"--stale-locks", "stale_locks", "3", "2:5", "1:2", "3", ";2;5;0;"},
        {"--dead", "dead", "6", "5:10", "1:5", "6:7", ";5;10;0;"},
        {"--new-dead", "new_dead", "4", "3:10", "1:3", "4", ";3;10;0;"},
        {"--failed", "failed", "7", "6:10", "5:6", "7:8", ";6;10;0;"},
        {"--oldest-completed", "oldest_completed_age", "34560\\d\\ds", "30d:60d", "30d:35d",
         "41d:50d", ";2592000;5184000;0;"},
        {"--consumer-lag", "consumer_lag", "90", "50:100", "50:80", "90:100", ";50;100;0;"},
        {"--consumer-lag-time", "consumer_lag_time", "72\\d\\ds", "1h:3h", "30m:1h", "3h:4h",
         ";3600;10800;0;"},
        {"--stalled-consumers", "stalled_consumers", "1", "0:1", "0", "1:2", ";0;1;0;"},
    };
    for (const auto& crossing : crossings) {
        SECTION(crossing.option) {
            auto warning = check(db, {crossing.option, crossing.warning});
            INFO(warning.out << warning.err);
            CHECK(warning.exit_code == 1);
            CHECK_THAT(warning.out, Catch::StartsWith("EVENTCTL WARNING - "));
            CHECK(std::regex_match(
                perfdata(warning.out),
                std::regex(crossing.label + "=" + crossing.value + crossing.perf_warn)));

            auto critical = check(db, {crossing.option, crossing.critical});
            INFO(critical.out << critical.err);
            CHECK(critical.exit_code == 2);
            CHECK_THAT(critical.out, Catch::StartsWith("EVENTCTL CRITICAL - "));
            CHECK(std::regex_search(perfdata(critical.out),
                                    std::regex("^" + crossing.label + "=" + crossing.value + ";")));

            auto ok = check(db, {crossing.option, crossing.ok});
            INFO(ok.out << ok.err);
            CHECK(ok.exit_code == 0);
            CHECK_THAT(ok.out, Catch::StartsWith("EVENTCTL OK - 1 check ok | "));
        }
    }
}

TEST_CASE("check: the worst state wins, and -o json says what each threshold found") {
    TestDatabase db;
    seed_trouble(db);
    auto result =
        check(db, {"--dead", "5:10", "--failed", "1:2", "--pending", "100", "-o", "json"});
    INFO(result.out << result.err);
    CHECK(result.exit_code == 2);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["status"] == "critical");
    CHECK(json["exit_code"] == 2);
    REQUIRE(json["checks"].size() == 3);
    CHECK(json["checks"][0] == nlohmann::json::parse(R"({"check": "pending", "status": "ok",
        "value": 5.0, "unit": null, "warning": null, "critical": 100.0, "consumer": null})"));
    CHECK(json["checks"][1]["check"] == "dead");
    CHECK(json["checks"][1]["status"] == "warning");
    CHECK(json["checks"][2]["status"] == "critical");
    CHECK(json["summary"] == "failed 7 > 2; dead 6 > 5");
}

TEST_CASE("check: what keeps it from checking is UNKNOWN (3), on stdout as monitoring reads it") {
    TestDatabase db;
    auto unreachable = run_eventctl({"check", "-d", "host=/nonexistent port=1", "--dead", "1:2"});
    CHECK(unreachable.exit_code == 3);
    CHECK_THAT(unreachable.out, Catch::StartsWith("EVENTCTL UNKNOWN - cannot reach the database"));
    CHECK_THAT(unreachable.err, Catch::Contains("eventctl: cannot reach the database"));

    auto no_consumers = check(db, {"--layout", "openctem", "--consumer-lag", "10"});
    CHECK(no_consumers.exit_code == 3);
    CHECK_THAT(no_consumers.out, Catch::StartsWith("EVENTCTL UNKNOWN - layout openctem lacks"));

    auto bad_threshold = check(db, {"--dead", "ten"});
    CHECK(bad_threshold.exit_code == 3);
    CHECK_THAT(bad_threshold.out,
               Catch::StartsWith("EVENTCTL UNKNOWN - --dead: invalid threshold"));

    auto unknown_option = check(db, {"--deadd", "1"});
    CHECK(unknown_option.exit_code == 3);
    CHECK_THAT(unknown_option.out, Catch::StartsWith("EVENTCTL UNKNOWN - "));
    // Under -o json too, the plugin line is the one record on stdout.
    auto unknown_as_json = check(db, {"--deadd", "1", "-o", "json"});
    CHECK(unknown_as_json.exit_code == 3);
    CHECK_THAT(unknown_as_json.out, Catch::StartsWith("EVENTCTL UNKNOWN - "));

    // A setting of a threshold not asked for would be taken and left unused.
    auto window_alone = check(db, {"--new-dead-window", "15m", "--dead", "1:2"});
    CHECK(window_alone.exit_code == 3);
    CHECK_THAT(window_alone.out,
               Catch::StartsWith("EVENTCTL UNKNOWN - --new-dead-window says what --new-dead"));
    auto stalled_alone = check(db, {"--stalled-after", "1m", "--consumer-lag", "1:2"});
    CHECK(stalled_alone.exit_code == 3);
    CHECK_THAT(stalled_alone.out, Catch::StartsWith("EVENTCTL UNKNOWN - --stalled-after says"));

    auto nothing = check(db, {});
    CHECK(nothing.exit_code == 3);
    CHECK_THAT(nothing.out, Catch::StartsWith("EVENTCTL UNKNOWN - no thresholds given"));

    auto as_json =
        run_eventctl({"check", "-d", "host=/nonexistent port=1", "--dead", "1:2", "-o", "json"});
    CHECK(as_json.exit_code == 3);
    auto error = nlohmann::json::parse(as_json.out);
    CHECK(error["status"] == "unknown");
    CHECK(error["exit_code"] == 3);
    CHECK_THAT(error["error"].get<std::string>(), Catch::StartsWith("cannot reach the database"));

    auto help = run_eventctl({"check", "--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"));
}

TEST_CASE("check: a replay-lag threshold on a server that is no standby is UNKNOWN") {
    TestDatabase db;
    auto result = check(db, {"--replay-lag", "30s:5m"});
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.out, Catch::Contains("is not a standby"));
}

TEST_CASE("check: a threshold the layout cannot read is UNKNOWN, naming what it lacks") {
    TestDatabase db(false);
    auto dead = run_eventctl({"check", "-d", db.conninfo(), "--layout", "klauthed", "--dead", "1"});
    CHECK(dead.exit_code == 3);
    CHECK_THAT(dead.out,
               Catch::StartsWith("EVENTCTL UNKNOWN - layout klauthed lacks a dead state"));
}
