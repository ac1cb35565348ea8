// SIGKILL of eventctl at random points of purge, retry, log seek and log replay --into-outbox:
// whatever the moment, the database is consistent (whole batches, audit records matching what
// was committed) and a rerun completes the work.
//
// EVENTCTL_FAULT_ITERATIONS sets the kills per command (CI: 12; try 200 locally);
// EVENTCTL_FAULT_SEED replays a run's random kill points (the seed is printed on failure).
#include "fault_scenarios.h"
#include "fault_support.h"
#include "polling.h"
#include "safety_figures.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <random>
#include <thread>

using namespace eventctl::test;

TEST_CASE("faults: SIGKILL at random points leaves a consistent database and a rerun completes") {
    const int iterations = env_setting("EVENTCTL_FAULT_ITERATIONS", 12);
    const auto seed = static_cast<unsigned>(
        env_setting("EVENTCTL_FAULT_SEED", static_cast<int>(std::random_device{}() >> 1)));
    std::mt19937 random(seed);
    INFO("EVENTCTL_FAULT_SEED=" << seed);
    TestDatabase db;
    nlohmann::json figures{{"faults_injected", 0}, {"kills_mid_work", 0}, {"reruns", 0}};
    for (auto& scenario : fault_scenarios()) {
        INFO(scenario->command());
        // One whole run, timed, gives the spans the kill points are drawn from: the whole run,
        // and the part after the work began. Start-up dominates under the sanitizers, so a
        // fraction of the whole span would often outlast the work.
        scenario->setup(db);
        auto started = std::chrono::steady_clock::now();
        BackgroundProcess timed(scenario->args(db, false));
        poll_until([&] { return timed.exited() || scenario->midway(db); }, std::chrono::seconds(60),
                   std::chrono::milliseconds(1));
        auto work_began = std::chrono::steady_clock::now();
        // The work ends when its last change is visible, not when the process exits: the
        // sanitizers' leak check runs after it.
        poll_until([&] { return timed.exited() || scenario->incompleteness(db).empty(); },
                   std::chrono::seconds(60), std::chrono::milliseconds(1));
        auto work_ended = std::chrono::steady_clock::now();
        auto whole = timed.wait_for(std::chrono::seconds(60));
        auto span = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started);
        auto work_span =
            std::chrono::duration_cast<std::chrono::microseconds>(work_ended - work_began);
        INFO(whole.err);
        REQUIRE(whole.exit_code == 0);
        REQUIRE(scenario->incompleteness(db).empty());

        // A kill inside the work is what the test is for, and where one lands is chance: past
        // the planned kills it goes on, at most four times as long, until one has.
        const bool has_middle = scenario->command() != "log seek";
        long killed_mid_work = 0;
        int kills = 0;
        for (int i = 0;
             i < iterations || (has_middle && killed_mid_work == 0 && i < 4 * iterations);
             ++i, ++kills) {
            scenario->setup(db);
            // Half the kill points are drawn over the whole span, start-up included; the other
            // half over the first half of the work (the timed run's polling slowed it there).
            bool after_start = i % 2 == 1;
            auto kill_at = std::chrono::microseconds(std::uniform_int_distribution<long>(
                0, after_start ? work_span.count() / 2 : span.count())(random));
            BackgroundProcess command(scenario->args(db, false));
            if (after_start) {
                poll_until([&] { return command.exited() || scenario->midway(db); },
                           std::chrono::duration_cast<std::chrono::milliseconds>(span),
                           std::chrono::milliseconds(1));
            }
            std::this_thread::sleep_for(kill_at); // the random point of the fault, not a wait
            command.kill(SIGKILL);
            auto killed = command.wait();
            INFO("iteration " << i << ", killed " << kill_at.count() << " us after "
                              << (after_start ? "the work began" : "the start") << ", exit "
                              << killed.exit_code);
            REQUIRE(wait_until_no_eventctl_session(db, std::chrono::seconds(30)));
            CHECK(scenario->inconsistency(db).empty());
            INFO(scenario->inconsistency(db));
            if (killed.exit_code == 128 + SIGKILL && !scenario->incompleteness(db).empty() &&
                scenario->midway(db)) {
                ++killed_mid_work;
            }
            auto rerun = rerun_until_done(scenario->args(db, false), std::chrono::seconds(60));
            INFO(rerun.err);
            CHECK(rerun.exit_code == 0);
            CHECK(scenario->incompleteness(db).empty());
        }
        if (has_middle) {
            CHECK(killed_mid_work > 0);
        }
        figures["faults_injected"] = figures["faults_injected"].get<long>() + kills;
        figures["kills_mid_work"] = figures["kills_mid_work"].get<long>() + killed_mid_work;
        figures["reruns"] = figures["reruns"].get<long>() + kills;
        figures["by_command"][scenario->command()] = {{"kills", kills},
                                                      {"mid_work", killed_mid_work}};
    }
    record_figures("faults: SIGKILL", figures);
}
