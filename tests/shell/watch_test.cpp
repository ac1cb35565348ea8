// --watch as an operator and a pipeline see it: on a terminal (a pty) the screen is redrawn in
// place with what changed and Ctrl-C ends it with exit 0; into a pipe, one NDJSON record per
// sample, and SIGINT ends it with exit 0.

#include "child_process.h"
#include "piped_eventctl.h"
#include "polling.h"
#include "pty_session.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

using namespace eventctl::test;

namespace {

std::vector<std::string> eventctl_args(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {EVENTCTL_BINARY, "-d", db.conninfo()});
    return args;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++count;
    }
    return count;
}

} // namespace

TEST_CASE("watch: outbox stats redraws a terminal in place with what changed, Ctrl-C exits 0",
          "[db]") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'pending' "
            "FROM generate_series(1, 4)");
    PtySession session(eventctl_args(db, {"outbox", "stats", "--watch", "1s"}));
    REQUIRE(session.wait_for("changes appear from the next sample on"));
    auto first = session.transcript().size();
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'dead' "
            "FROM generate_series(1, 3)");
    // The next samples: the screen cleared and redrawn, the new dead entries among the changes.
    bool changed = session.wait_for("dead +3", first);
    INFO(without_escapes(session.transcript()));
    CHECK(changed);
    CHECK(count_of(session.transcript(), "\x1b[H\x1b[2J") >= 2);
    CHECK(without_escapes(session.transcript()).find("Every 1s: outbox stats on ") !=
          std::string::npos);
    session.send("\x03");
    CHECK(session.wait_exit() == 0);
}

TEST_CASE("watch: log consumers and check redraw on a terminal, Ctrl-C exits 0", "[db]") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 10)");
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('billing', 2)");
    PtySession consumers(eventctl_args(db, {"log", "consumers", "--watch", "1s"}));
    REQUIRE(consumers.wait_for("rates appear from the next sample on"));
    auto first = consumers.transcript().size();
    db.exec("UPDATE event_consumers SET position = 7, updated_at = now()");
    CHECK(consumers.wait_for("lag trend: billing -5 (falling)", first));
    consumers.send("\x03");
    CHECK(consumers.wait_exit() == 0);

    PtySession check(eventctl_args(db, {"check", "--consumer-lag", "5:9", "--watch", "1s"}));
    REQUIRE(check.wait_for("EVENTCTL OK - 1 check ok"));
    auto before = check.transcript().size();
    db.exec("UPDATE event_consumers SET position = 0");
    CHECK(check.wait_for("EVENTCTL CRITICAL - consumer lag 10 (billing) > 9", before));
    CHECK(check.wait_for("changed from OK", before));
    check.send("\x03");
    CHECK(check.wait_exit() == 0);
}

TEST_CASE("watch: into a pipe, one NDJSON record per sample until SIGINT, which exits 0", "[db]") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status) VALUES ('E', '{}', 'dead')");
    PipedEventctl stats(eventctl_args(db, {"outbox", "stats", "--watch", "1s"}));
    auto first = nlohmann::json::parse(stats.next_line());
    CHECK(first["by_status"]["dead"] == 1);
    CHECK(first["changes"].is_null());
    CHECK(first.contains("sampled_at"));
    db.exec("INSERT INTO outbox (event_type, payload, status) VALUES ('E', '{}', 'dead')");
    bool saw_change = poll_until(
        [&] {
            auto line = stats.next_line();
            if (line.empty()) {
                return false;
            }
            auto record = nlohmann::json::parse(line);
            return record["changes"]["by_status"]["dead"] == 1 &&
                   record["changes"]["dead_per_minute"].get<double>() > 0;
        },
        std::chrono::seconds(20), std::chrono::milliseconds(0));
    CHECK(saw_change);
    stats.signal(SIGINT);
    CHECK(stats.wait_exit() == 0);

    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 10)");
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('billing', 2)");
    PipedEventctl consumers(
        eventctl_args(db, {"log", "consumers", "--watch", "1s", "-o", "ndjson"}));
    auto reading = nlohmann::json::parse(consumers.next_line());
    CHECK(reading["consumers"][0]["lag"] == 8);
    CHECK(reading["lag_changes"].is_null());
    auto second = nlohmann::json::parse(consumers.next_line());
    CHECK(second["lag_changes"]["billing"] == 0);
    CHECK(second["sample_seconds"].get<double>() > 0);
    consumers.signal(SIGTERM);
    CHECK(consumers.wait_exit() == 0);

    PipedEventctl check(eventctl_args(db, {"check", "--consumer-lag", "5", "--watch", "1s"}));
    auto verdict = nlohmann::json::parse(check.next_line());
    CHECK(verdict["status"] == "critical");
    CHECK(verdict["previous_status"].is_null());
    CHECK(nlohmann::json::parse(check.next_line())["previous_status"] == "critical");
    check.signal(SIGINT);
    CHECK(check.wait_exit() == 0);

    // A format that is no stream of samples is refused before anything connects.
    auto csv = run_child(eventctl_args(db, {"outbox", "stats", "--watch", "-o", "csv"}));
    CHECK(csv.exit_code == 64);
}

TEST_CASE("watch: the stop signal delivered twice at once, as timeout(1) delivers it, exits 0",
          "[db]") {
    auto gap = GENERATE(0, 1, 5);
    TestDatabase db;
    PipedEventctl stats(eventctl_args(db, {"outbox", "stats", "--watch", "1s"}));
    // The first sample is out: the watch waits for the next.
    REQUIRE_FALSE(stats.next_line().empty());
    // timeout(1) signals the process, then its process group: here, moments apart.
    stats.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(gap)); // the gap under test
    stats.signal(SIGTERM);
    CHECK(stats.wait_exit() == 0);
}
