#include "eventctl/check/check.h"
#include "eventctl/error.h"
#include "eventctl/render/check.h"

#include <catch2/catch.hpp>

using namespace eventctl;

TEST_CASE("check thresholds: WARN:CRIT and CRIT, as counts and as durations") {
    auto both = parse_threshold("10:100", ThresholdKind::count, "--dead");
    CHECK(both.warning == 10.0);
    CHECK(both.critical == 100.0);
    auto only = parse_threshold("7", ThresholdKind::count, "--dead");
    CHECK_FALSE(only.warning);
    CHECK(only.critical == 7.0);
    auto times = parse_threshold("5m:1h30m", ThresholdKind::duration, "--oldest-pending");
    CHECK(times.warning == 300.0);
    CHECK(times.critical == 5400.0);
}

TEST_CASE("check thresholds: anything else is refused naming the option") {
    for (const char* bad : {"", ":", "10:", ":10", "1:2:3", "-1", "1.5", "ten", "10:5", "@10"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_threshold(bad, ThresholdKind::count, "--dead"), UsageError);
    }
    CHECK_THROWS_WITH(parse_threshold("5x", ThresholdKind::duration, "--oldest-pending"),
                      Catch::StartsWith("--oldest-pending: invalid threshold \"5x\""));
    CHECK_THROWS_WITH(parse_threshold("15m:5m", ThresholdKind::duration, "--oldest-pending"),
                      Catch::Contains("above the critical one"));
}

TEST_CASE("check thresholds: a value above a limit crosses it, a value at it does not") {
    Threshold threshold{10.0, 100.0};
    CHECK(evaluate(0, threshold) == CheckState::ok);
    CHECK(evaluate(10, threshold) == CheckState::ok);
    CHECK(evaluate(11, threshold) == CheckState::warning);
    CHECK(evaluate(100, threshold) == CheckState::warning);
    CHECK(evaluate(101, threshold) == CheckState::critical);
    CHECK(evaluate(5, Threshold{std::nullopt, 4.0}) == CheckState::critical);
    CHECK(worse(CheckState::ok, CheckState::unknown) == CheckState::unknown);
    CHECK(worse(CheckState::unknown, CheckState::warning) == CheckState::warning);
    CHECK(worse(CheckState::critical, CheckState::warning) == CheckState::critical);
}

TEST_CASE("check: the plugin line names what crossed, worst first, with perfdata") {
    CheckOptions options;
    options.checks = {{CheckMetric::dead, {10.0, 100.0}},
                      {CheckMetric::oldest_pending, {300.0, 900.0}},
                      {CheckMetric::consumer_lag, {std::nullopt, 1000.0}}};
    CheckFacts facts;
    facts.stats = StatsResult{};
    facts.stats->by_status.dead = 50;
    facts.stats->oldest_pending_age_seconds = 1200;
    facts.consumers = ConsumersResult{};
    ConsumerPosition billing;
    billing.consumer = "billing";
    billing.lag = 12;
    facts.consumers->consumers.push_back(billing);
    auto report = assess(facts, options);
    CHECK(report.state == CheckState::critical);
    auto text = nagios_text(report);
    CHECK_THAT(text, Catch::StartsWith("EVENTCTL CRITICAL - oldest pending 20m > 15m; dead 50 > "
                                       "10 | oldest_pending_age=1200s;300;900;0; "
                                       "dead=50;10;100;0; consumer_lag=12;;1000;0;\n"));
    CHECK_THAT(text, Catch::Contains("OK: consumer lag 12 (billing) (critical above 1000)\n"));
    auto json = check_json(report);
    CHECK(json["status"] == "critical");
    CHECK(json["exit_code"] == 2);
    CHECK(json["checks"][0]["check"] == "oldest-pending");
    CHECK(json["checks"][0]["unit"] == "seconds");
    CHECK(json["checks"][2]["consumer"] == "billing");
}

TEST_CASE("check: a replay lag the standby cannot tell yet is UNKNOWN, not OK") {
    CheckOptions options;
    options.checks = {{CheckMetric::replay_lag, {std::nullopt, 60.0}}};
    CheckFacts facts;
    facts.standby = StandbyStatus{true, std::nullopt};
    auto report = assess(facts, options);
    CHECK(report.state == CheckState::unknown);
    CHECK_THAT(nagios_text(report), Catch::StartsWith("EVENTCTL UNKNOWN - replay lag unknown\n"));
}
