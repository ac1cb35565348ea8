// --read-db against a real streaming standby of the test server (pg_basebackup -R, started by
// tests/harness/pg_standby.sh): the read-only commands read there and say how far behind it is,
// check takes a threshold on that lag, changes go to the primary and refuse a standby, and a
// read the standby cancels to replay the primary's changes exits 75.

#include "child_process.h"
#include "document_examples.h"
#include "piped_eventctl.h"
#include "polling.h"
#include "process.h"
#include "prometheus_text.h"
#include "sandbox_data.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

using namespace eventctl::test;

namespace {

std::string standby_server() {
    std::string state = EVENTCTL_STANDBY_STATE_DIR;
    std::ifstream unavailable(state + "/unavailable");
    std::string why;
    if (std::getline(unavailable, why)) {
        FAIL("no standby: " << why);
    }
    std::ifstream file(state + "/conninfo");
    std::string conninfo;
    if (!std::getline(file, conninfo)) {
        FAIL("no standby conninfo in " << state << ": is the standby fixture running?");
    }
    return conninfo;
}

std::string database_name(const TestDatabase& db) {
    auto conninfo = db.conninfo();
    auto at = conninfo.find("dbname=");
    auto end = conninfo.find(' ', at);
    auto name =
        conninfo.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
    if (name.size() >= 2 && name.front() == '\'') {
        name = name.substr(1, name.size() - 2);
    }
    return name;
}

// The test database on the standby.
std::string on_standby(const TestDatabase& db) {
    return with_database(standby_server(), database_name(db));
}

std::string standby_scalar(const std::string& conninfo, const std::string& sql) {
    pqxx::connection connection(conninfo);
    pqxx::nontransaction tx(connection);
    auto result = tx.exec(sql);
    return result[0][0].is_null() ? "" : result[0][0].as<std::string>();
}

// The last lines of the standby's server log: why it stopped replaying, when it did.
std::string standby_log_tail() {
    std::ifstream dir_file(std::string(EVENTCTL_STANDBY_STATE_DIR) + "/standby_dir");
    std::string dir;
    std::getline(dir_file, dir);
    std::ifstream log(dir + "/server.log");
    std::deque<std::string> lines;
    for (std::string line; std::getline(log, line);) {
        lines.push_back(line);
        if (lines.size() > 20) {
            lines.pop_front();
        }
    }
    std::string tail;
    for (const auto& line : lines) {
        tail += line + "\n";
    }
    return tail;
}

// Waits until the standby has come up to everything the primary has written so far: received
// it (pg_last_wal_receive_lsn) or also replayed it (pg_last_wal_replay_lsn).
void wait_for_standby(const TestDatabase& db, const std::string& position_function) {
    // The insert position: with asynchronous commit the last commits may not be flushed yet,
    // and the standby only gets them once they are.
    auto lsn = db.scalar("SELECT pg_current_wal_insert_lsn()");
    auto standby = standby_server();
    bool reached = poll_until(
        [&] {
            return standby_scalar(standby, "SELECT " + position_function + " >= '" + lsn +
                                               "'::pg_lsn") == "t";
        },
        std::chrono::seconds(30));
    if (!reached) {
        INFO("the standby's log ends:\n" << standby_log_tail());
        FAIL("the standby's " << position_function << " is not up to " << lsn << " after 30 s");
    }
}

void wait_for_replay(const TestDatabase& db) {
    wait_for_standby(db, "pg_last_wal_replay_lsn()");
}

// Pauses the standby's replay for its lifetime: what it received is not applied.
class ReplayPaused {
  public:
    ReplayPaused() : m_standby(standby_server()) {
        standby_scalar(m_standby, "SELECT pg_wal_replay_pause()");
        REQUIRE(poll_until(
            [&] {
                return standby_scalar(m_standby, "SELECT pg_get_wal_replay_pause_state()") ==
                       "paused";
            },
            std::chrono::seconds(30)));
    }
    ~ReplayPaused() { standby_scalar(m_standby, "SELECT pg_wal_replay_resume()"); }

  private:
    std::string m_standby;
};

ProcessResult read_db_eventctl(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", db.conninfo(), "--read-db", on_standby(db)});
    return run_eventctl(args);
}

} // namespace

TEST_CASE("standby: the read-only commands read the standby and note its replay lag", "[standby]") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'pending' "
            "FROM generate_series(1, 3)");
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 5)");
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('billing', 2)");
    wait_for_replay(db);
    {
        ReplayPaused paused;
        // Written on the primary now, not yet applied on the standby.
        db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'pending' "
                "FROM generate_series(1, 4)");
        // Received, so that the standby knows it is behind: one that replayed all it received
        // is not (the primary commits asynchronously here, and its WAL writer may take a while).
        wait_for_standby(db, "pg_last_wal_receive_lsn()");
        auto stats = read_db_eventctl(db, {"outbox", "stats", "--json"});
        INFO(stats.err);
        REQUIRE(stats.exit_code == 0);
        CHECK(nlohmann::json::parse(stats.out)["by_status"]["pending"] == 3);
        CHECK_THAT(stats.err, Catch::Contains("eventctl: read from standby ") &&
                                  Catch::Contains(", replay lag "));
        // The same command without --read-db reads the primary.
        auto primary = run_eventctl({"outbox", "stats", "--json", "-d", db.conninfo()});
        CHECK(nlohmann::json::parse(primary.out)["by_status"]["pending"] == 7);
        // EVENTCTL_READ_DB does what --read-db does.
        auto from_env = run_eventctl({"outbox", "stats", "--json", "-d", db.conninfo()},
                                     {{"EVENTCTL_READ_DB", on_standby(db)}});
        CHECK(nlohmann::json::parse(from_env.out)["by_status"]["pending"] == 3);

        for (std::vector<std::string> args :
             {std::vector<std::string>{"outbox", "list", "-o", "ndjson"},
              {"log", "consumers", "--json"},
              {"log", "replay"},
              {"metrics"}}) {
            auto result = read_db_eventctl(db, args);
            INFO(args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << result.err);
            CHECK(result.exit_code == 0);
            CHECK_THAT(result.err, Catch::Contains("eventctl: read from standby "));
        }
        auto page = parse_prometheus(read_db_eventctl(db, {"metrics"}).out);
        CHECK(sample_value(page, "eventctl_standby_replay_lag_seconds") > 0);

        // check's threshold on the lag: behind while paused.
        auto warning = read_db_eventctl(db, {"check", "--replay-lag", "0s:1h"});
        INFO(warning.out);
        CHECK(warning.exit_code == 1);
        CHECK_THAT(warning.out, Catch::StartsWith("EVENTCTL WARNING - replay lag ") &&
                                    Catch::Contains("| replay_lag="));
        auto critical = read_db_eventctl(db, {"check", "--replay-lag", "0s", "-o", "json"});
        CHECK(critical.exit_code == 2);
        CHECK(nlohmann::json::parse(critical.out)["replay_lag_seconds"].get<double>() > 0);
    }
    // Caught up again, with the receiver running: no lag.
    wait_for_replay(db);
    bool caught_up = poll_until(
        [&] {
            return read_db_eventctl(db, {"check", "--replay-lag", "0s:1h"}).exit_code == 0;
        },
        std::chrono::seconds(30), std::chrono::milliseconds(200));
    CHECK(caught_up);
}

TEST_CASE("standby: changes go to the primary, and a primary that is a standby is refused",
          "[standby]") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'failed' "
            "FROM generate_series(1, 2)");
    wait_for_replay(db);
    // --read-db named to a change would be ignored: refused, nothing changed.
    auto named = read_db_eventctl(db, {"outbox", "retry", "--status", "failed", "--yes"});
    CHECK(named.exit_code == 64);
    CHECK_THAT(named.err, Catch::Contains("'eventctl outbox retry' runs on --db (the primary): "
                                          "--read-db is for the read-only commands"));
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "2");
    // EVENTCTL_READ_DB, set for every command of a shell, leaves the change on the primary.
    auto retry =
        run_eventctl({"outbox", "retry", "--status", "failed", "--yes", "-d", db.conninfo()},
                     {{"EVENTCTL_READ_DB", on_standby(db)}});
    INFO(retry.err);
    CHECK(retry.exit_code == 0);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == "2");

    db.exec("UPDATE outbox SET status = 'failed'");
    wait_for_replay(db);
    auto refused =
        run_eventctl({"outbox", "retry", "--status", "failed", "--yes", "-d", on_standby(db)});
    CHECK(refused.exit_code == 64);
    CHECK_THAT(refused.err, Catch::Contains("is a standby (in recovery): outbox retry changes "
                                            "rows and runs on the primary only"));
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "2");
    auto seek = run_eventctl({"log", "seek", "x", "--create", "--to-end", "-d", on_standby(db)});
    CHECK(seek.exit_code == 64);
}

TEST_CASE("standby: a read the standby cancels for a recovery conflict exits 75", "[standby]") {
    TestDatabase db;
    // Enough events that the replay fills a pipe nobody reads and waits, its snapshot open.
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', jsonb_build_object('n', i, "
            "'pad', repeat('x', 10)) FROM generate_series(1, 50000) i");
    // A standby learns that transactions without a commit or abort record (sessions other tests
    // ended) are over from the primary's next running-transactions record; until then its stable
    // head stays below them. A checkpoint writes one; the head then reaches the events.
    db.exec("CHECKPOINT");
    wait_for_replay(db);
    REQUIRE(poll_until(
        [&] {
            auto consumers = run_eventctl({"log", "consumers", "-o", "json", "-d", db.conninfo(),
                                           "--read-db", on_standby(db)});
            return consumers.exit_code == 0 &&
                   nlohmann::json::parse(consumers.out)["head"] == 50000;
        },
        std::chrono::seconds(30)));
    PipedEventctl replay(
        {EVENTCTL_BINARY, "log", "replay", "-d", db.conninfo(), "--read-db", on_standby(db)});
    REQUIRE_FALSE(replay.next_line().empty());
    auto standby = on_standby(db);
    // Its session sits idle in its transaction while eventctl waits for the pipe to drain.
    REQUIRE(poll_until(
        [&] {
            return standby_scalar(standby,
                                  "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND application_name = 'eventctl/log replay' "
                                  "AND state = 'idle in transaction'") == "1";
        },
        std::chrono::seconds(30)));
    // A lock the standby must replay: it waits max_standby_streaming_delay (1s) for the reader,
    // then ends its session.
    db.exec("BEGIN; LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE; COMMIT;");
    REQUIRE(poll_until(
        [&] {
            return standby_scalar(standby, "SELECT count(*) FROM pg_stat_activity WHERE "
                                           "application_name = 'eventctl/log replay'") == "0";
        },
        std::chrono::seconds(30)));
    replay.drain();
    CHECK(replay.wait_exit() == 75);
}

TEST_CASE(
    "standby: the examples of the manual and the help that read from a standby run against one",
    "[standby]") {
    // The others run in tests/integration/man_examples_run_test.cpp and help_examples_run_test.cpp.
    TestDatabase db;
    load_sandbox_data(db);
    wait_for_replay(db);
    ExampleShell shell("man-standby", db.conninfo());
    shell.set_variable("EVENTCTL_READ_DB", on_standby(db));
    std::vector<std::pair<std::string, ExampleBlock>> blocks;
    for (const auto& entry : std::filesystem::directory_iterator(man_source_dir())) {
        for (const auto& block : example_blocks(entry.path())) {
            blocks.emplace_back(entry.path().filename().string() + ":" +
                                    std::to_string(block.lines.front().number),
                                block);
        }
    }
    for (const auto& block : help_example_blocks()) {
        blocks.emplace_back("eventctl " + block.section + " --help", block);
    }
    std::size_t ran = 0;
    for (const auto& [where, block] : blocks) {
        auto script = example_script(block);
        if (!script || !reads_a_standby(*script)) {
            continue;
        }
        INFO(where << ":\n" << *script);
        auto result = shell.run(*script);
        INFO("printed:\n" << result.out << result.err);
        CHECK(result.exit_code == 0);
        ++ran;
    }
    // The check page's, and the help of metrics and check.
    CHECK(ran >= 3);
}
