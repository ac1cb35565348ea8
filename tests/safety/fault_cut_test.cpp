// A connection cut (pg_terminate_backend of eventctl's own session) and a server restart in
// the middle of purge, retry, log seek and log replay --into-outbox: eventctl exits 69 or 75
// with one clear line, the database is consistent, and a rerun completes the work.
#include "fault_scenarios.h"
#include "fault_support.h"
#include "polling.h"
#include "safety_figures.h"

#include <catch2/catch.hpp>
#include <functional>

using namespace eventctl::test;

namespace {

// Runs the scenario's command, cuts it off with `cut` once it is in the middle, and checks what
// it left; returns the exit code it gave.
int cut_in_the_middle(const TestDatabase& db, FaultScenario& scenario,
                      const std::function<void()>& cut) {
    scenario.setup(db);
    scenario.block_midway(db);
    BackgroundProcess command(scenario.args(db, true));
    REQUIRE(poll_until([&] { return scenario.midway(db); }, std::chrono::seconds(60)));
    cut();
    auto result = command.wait_for(std::chrono::seconds(60));
    scenario.unblock();
    INFO(scenario.command() << ": exit " << result.exit_code << ", stderr:\n" << result.err);
    CHECK((result.exit_code == 69 || result.exit_code == 75));
    CHECK(is_one_line_error(result.err));
    if (result.exit_code == 69) {
        CHECK(result.err.rfind("eventctl: lost the connection to the database", 0) == 0);
    }
    REQUIRE(wait_until_no_eventctl_session(db, std::chrono::seconds(30)));
    INFO(scenario.inconsistency(db));
    CHECK(scenario.inconsistency(db).empty());
    auto rerun = rerun_until_done(scenario.args(db, false), std::chrono::seconds(60));
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(scenario.incompleteness(db).empty());
    return result.exit_code;
}

} // namespace

TEST_CASE(
    "faults: a connection cut mid-command exits 69 or 75 with one line, and a rerun completes") {
    TestDatabase db;
    nlohmann::json exits;
    for (auto& scenario : fault_scenarios()) {
        auto code = cut_in_the_middle(
            db, *scenario, [&] { CHECK(terminate_sessions(db, scenario->command()) == 1); });
        exits[scenario->command()] = code;
    }
    record_figures("faults: connection cut", {{"faults_injected", 4}, {"exit_codes", exits}});
}

TEST_CASE(
    "faults: a server restart mid-command exits 69 or 75 with one line, and a rerun completes",
    "[own-server]") {
    TestDatabase db(fault_server(), true);
    nlohmann::json exits;
    for (auto& scenario : fault_scenarios()) {
        exits[scenario->command()] = cut_in_the_middle(db, *scenario, restart_fault_server);
    }
    record_figures("faults: server restart", {{"faults_injected", 4}, {"exit_codes", exits}});
}
