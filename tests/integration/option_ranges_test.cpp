// Every numeric option has one documented range, checked once before anything connects: a
// value outside it exits 64 naming the range, where it once overflowed (--limit + 1) or reached
// the server.
#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

TEST_CASE("numbers out of their range exit 64 before anything connects") {
    // An unreachable server would exit 69: 64 shows nothing tried to connect.
    const std::string nowhere = "host=127.0.0.1 port=1";
    for (const auto& [args, message] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"log", "replay", "--limit", "9223372036854775807"},
              "--limit must be 0 (no limit) to 1000000000000, not 9223372036854775807"},
             {{"log", "replay", "--limit", "-1"}, "--limit must be 0 (no limit) to"},
             {{"outbox", "list", "--limit", "-5"}, "--limit must be 0 (no limit) to"},
             {{"outbox", "retry", "--all", "--batch-size", "0", "--yes"},
              "--batch-size must be 1 to 100000, not 0"},
             {{"outbox", "retry", "--all", "--limit", "1000000000001", "--yes"},
              "--limit must be 0 (no limit) to 1000000000000"},
             {{"outbox", "retry", "--all", "--rate", "0/s", "--yes"},
              "--rate must be 1/m to 1000000/s"},
             {{"outbox", "retry", "--all", "--rate", "2000000", "--yes"},
              "--rate must be 1/m to 1000000/s"},
             {{"outbox", "purge", "--older-than", "30d", "--batch-size", "0", "--yes"},
              "--batch-size must be 1 to 10000000, not 0"},
             {{"outbox", "purge", "--older-than", "30d", "--max-rows", "-1", "--yes"},
              "--max-rows must be 0 (no cap) to"},
             {{"outbox", "purge", "--older-than", "30d", "--sleep", "2h", "--yes"},
              "--sleep must be 0s (no pause) to 1h, not 2h"},
             {{"outbox", "purge", "--older-than", "30d", "--max-duration", "0s", "--yes"},
              "--max-duration must be 1ms to"},
             {{"outbox", "stats", "--statement-timeout", "30d"},
              "--statement-timeout must be 0s (no timeout) to 24d20h31m23s647ms, not 30d"},
             {{"outbox", "stats", "--lock-timeout", "25d"}, "--lock-timeout must be 0s"},
         }) {
        auto with_db = args;
        with_db.insert(with_db.end(), {"-d", nowhere});
        auto result = run_eventctl(with_db);
        INFO(args[0] << " " << args[1] << " " << args[2] << ": " << result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.rfind("eventctl: " + message, 0) == 0);
    }
}

TEST_CASE("the largest --limit works: one more row than it is still a number") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' FROM "
            "generate_series(1, 3)");
    auto replay = run_eventctl({"log", "replay", "--limit", "1000000000000", "-d", db.conninfo()});
    INFO(replay.err);
    CHECK(replay.exit_code == 0);
    CHECK(std::count(replay.out.begin(), replay.out.end(), '\n') == 3);
    auto list = run_eventctl({"outbox", "list", "--limit", "1000000000000", "-d", db.conninfo()});
    CHECK(list.exit_code == 0);
}

TEST_CASE("durations that can be short take milliseconds") {
    TestDatabase db;
    insert_entry(db, {"completed", "E", "40 days"});
    db.exec("UPDATE outbox SET processed_at = now() - interval '39 days'");
    auto purge =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--sleep", "250ms",
                      "--max-duration", "1s500ms", "--statement-timeout", "1500ms",
                      "--lock-timeout", "200ms", "--yes", "-o", "json", "-d", db.conninfo()});
    INFO(purge.err);
    CHECK(purge.exit_code == 0);
    CHECK(nlohmann::json::parse(purge.out)["changed"] == 1);
    // The session really runs with them.
    auto timeouts = run_eventctl({"outbox", "stats", "-v", "--statement-timeout", "1500ms",
                                  "--lock-timeout", "200ms", "-d", db.conninfo()});
    CHECK(timeouts.exit_code == 0);
    CHECK(timeouts.err.find("'200ms'") != std::string::npos);
    CHECK(timeouts.err.find("'1500ms'") != std::string::npos);
    // Where a whole number of seconds is meant, a fraction of one is refused.
    auto older = run_eventctl(
        {"outbox", "purge", "--older-than", "1500ms", "--force", "--yes", "-d", db.conninfo()});
    CHECK(older.exit_code == 64);
    CHECK(older.err.find("this option takes whole seconds") != std::string::npos);
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' FROM "
            "generate_series(1, 5)");
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES ('c', 0, now() "
            "- interval '2 seconds')");
    auto seek = run_eventctl({"log", "seek", "c", "--to-end", "--active-window", "1500ms", "--yes",
                              "-o", "json", "-d", db.conninfo()});
    INFO(seek.err);
    CHECK(seek.exit_code == 0);
    CHECK(db.scalar("SELECT selection -> 'active_window_seconds' FROM eventctl_audit WHERE "
                    "command = 'log seek'") == "1.5");
}
