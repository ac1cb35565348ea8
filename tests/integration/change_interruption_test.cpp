// Interruptions are told and audited: a change a signal stops finishes the batch in flight, says
// on stderr what was committed and that a rerun finishes, exits 75, and leaves an audit record
// whose result says interrupted (or failed: and the error) with the batches and ids it did.

#include "eventctl_sessions.h"
#include "polling.h"
#include "process.h"
#include "temp_directory.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

using namespace eventctl::test;

namespace {

void insert_failed(const TestDatabase& db, int count) {
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, attempts, last_error) "
            "SELECT 'E', jsonb_build_object('i', i), 'failed', now() - interval '1 hour' + i * "
            "interval '1 millisecond', 1, 'boom' FROM generate_series(1, " +
            std::to_string(count) + ") i");
}

int count_where(const TestDatabase& db, const std::string& condition) {
    return std::stoi(db.scalar("SELECT count(*) FROM outbox WHERE " + condition));
}

// Waits (bounded) until at least n entries are pending again.
void wait_for_pending(const TestDatabase& db, int n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (count_where(db, "status = 'pending'") < n &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // poll interval
    }
}

} // namespace

TEST_CASE("interrupted: a signal stops a retry after its batch, tells what was done, exits 75 "
          "and audits it as interrupted with the ids") {
    auto signal = GENERATE(SIGINT, SIGTERM);
    std::string name = signal == SIGINT ? "SIGINT" : "SIGTERM";
    TestDatabase db;
    insert_failed(db, 2000);
    BackgroundProcess retry({"outbox", "retry", "--status", "failed", "--rate", "100/s", "--yes",
                             "-o", "json", "-d", db.conninfo()});
    wait_for_pending(db, 100);
    retry.kill(signal);
    auto result = retry.wait_for(std::chrono::seconds(60));
    INFO(result.err);
    CHECK(result.exit_code == 75);
    auto pending = count_where(db, "status = 'pending'");
    CHECK(pending > 0);
    CHECK(pending < 2000);
    CHECK(result.err.find("eventctl: interrupted by " + name + " after ") == 0);
    CHECK(result.err.find(" entries retried (committed); nothing else was changed; run the same "
                          "command again to finish\n") != std::string::npos);
    auto document = nlohmann::json::parse(result.out);
    CHECK(document["complete"] == false);
    CHECK(document["stopped_by"] == name);
    CHECK(document["changed"] == pending);

    auto audit = db.exec("SELECT result->>'outcome', result->>'stopped_by', changed, "
                         "jsonb_array_length(result->'ids'), (result->>'batches')::int "
                         "FROM eventctl_audit");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0][0].as<std::string>() == "interrupted");
    CHECK(audit[0][1].as<std::string>() == name);
    CHECK(audit[0][2].as<int>() == pending);
    CHECK(audit[0][3].as<int>() == pending);
    CHECK(audit[0][4].as<int>() == document["batches"].get<int>());

    // The rerun the message promises finishes the work.
    auto rerun =
        run_eventctl({"outbox", "retry", "--status", "failed", "--yes", "-d", db.conninfo()});
    CHECK(rerun.exit_code == 0);
    CHECK(count_where(db, "status = 'pending'") == 2000);
    CHECK(db.scalar("SELECT result->>'outcome' FROM eventctl_audit ORDER BY id DESC LIMIT 1") ==
          "complete");
}

TEST_CASE("interrupted: a purge stopped by SIGTERM says what it deleted and archived, and its "
          "audit record keeps the counts") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('i', i), 'completed', now() - interval '40 days', "
            "now() - interval '39 days' FROM generate_series(1, 2000) i");
    TempDirectory dir;
    auto archive_path = dir.path("outbox.ndjson");
    BackgroundProcess purge({"outbox", "purge", "--older-than", "30d", "--batch-size", "100",
                             "--sleep", "1s", "--archive-to", archive_path, "--yes", "-o", "ndjson",
                             "-d", db.conninfo()});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::stoi(db.scalar("SELECT count(*) FROM outbox")) == 2000 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // poll interval
    }
    purge.kill(SIGTERM);
    auto result = purge.wait_for(std::chrono::seconds(60));
    INFO(result.err);
    CHECK(result.exit_code == 75);
    auto deleted = 2000 - std::stoi(db.scalar("SELECT count(*) FROM outbox"));
    CHECK(deleted > 0);
    CHECK(result.err.find("eventctl: interrupted by SIGTERM after ") == 0);
    CHECK(result.err.find(" entries deleted, ") != std::string::npos);
    // One compact line: a cron log is one record per run.
    REQUIRE(result.out.find('\n') == result.out.size() - 1);
    auto line = nlohmann::json::parse(result.out);
    CHECK(line["complete"] == false);
    CHECK(line["stopped_by"] == "SIGTERM");
    CHECK(line["changed"] == deleted);
    CHECK(line["archived"] == deleted);
    auto audit = db.exec("SELECT result->>'outcome', changed, (result->>'archived')::int, "
                         "(result->>'batches')::int FROM eventctl_audit");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0][0].as<std::string>() == "interrupted");
    CHECK(audit[0][1].as<int>() == deleted);
    CHECK(audit[0][2].as<int>() == deleted);
    CHECK(audit[0][3].as<int>() == line["batches"].get<int>());
}

TEST_CASE("interrupted: a change that fails part way finishes its audit record as failed, with "
          "what it committed") {
    TestDatabase db;
    insert_failed(db, 300);
    // The third batch's first row refuses to change.
    db.exec("CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.payload->>'i' = '201' AND NEW.status = 'pending' THEN "
            "RAISE EXCEPTION 'refused by a trigger'; END IF; RETURN NEW; END $$; "
            "CREATE TRIGGER refuse_one BEFORE UPDATE ON outbox FOR EACH ROW "
            "EXECUTE FUNCTION refuse_one()");
    auto result = run_eventctl({"outbox", "retry", "--status", "failed", "--batch-size", "100",
                                "--yes", "-d", db.conninfo()});
    INFO(result.err);
    CHECK(result.exit_code != 0);
    CHECK(result.err.find("refused by a trigger") != std::string::npos);
    CHECK(count_where(db, "status = 'pending'") == 200);
    auto audit = db.exec("SELECT result->>'outcome', changed, (result->>'batches')::int, "
                         "jsonb_array_length(result->'ids') FROM eventctl_audit");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0][0].as<std::string>().rfind("failed: ", 0) == 0);
    CHECK(audit[0][0].as<std::string>().find("refused by a trigger") != std::string::npos);
    CHECK(audit[0][1].as<int>() == 200);
    CHECK(audit[0][2].as<int>() == 2);
    CHECK(audit[0][3].as<int>() == 200);
}

TEST_CASE("interrupted: the audit record keeps the command line quoted as a shell would") {
    TestDatabase db;
    insert_failed(db, 1);
    auto result = run_eventctl({"outbox", "retry", "--status", "failed", "--event-type",
                                "it's here", "--yes", "-d", db.conninfo()});
    CHECK(result.exit_code == 0);
    auto line = db.scalar("SELECT command_line FROM eventctl_audit");
    CHECK(line.find("--event-type 'it'\\''s here'") != std::string::npos);
}

namespace {

// 30 failed entries whose retry waits, inside its first batch's transaction, for an advisory
// lock the returned session holds.
std::unique_ptr<pqxx::connection> hold_batches(const TestDatabase& db) {
    insert_failed(db, 30);
    db.exec("CREATE FUNCTION wait_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM pg_advisory_xact_lock(7301); RETURN NEW; END $$; "
            "CREATE TRIGGER wait_for_test BEFORE UPDATE ON outbox FOR EACH ROW "
            "EXECUTE FUNCTION wait_for_test()");
    auto holder = std::make_unique<pqxx::connection>(db.conninfo());
    pqxx::nontransaction(*holder).exec("SELECT pg_advisory_lock(7301)");
    return holder;
}

// A retry with a batch in flight for as long as the test wants: until release().
struct HeldRetry {
    explicit HeldRetry(const TestDatabase& db)
        : holder(hold_batches(db)), retry({"outbox", "retry", "--status", "failed", "--batch-size",
                                           "10", "--yes", "-o", "json", "-d", db.conninfo()}) {
        REQUIRE(poll_until(
            [&] { return eventctl_sessions(db, "outbox retry", "wait_event = 'advisory'") == 1; },
            std::chrono::seconds(30)));
    }
    void release() { pqxx::nontransaction(*holder).exec("SELECT pg_advisory_unlock(7301)"); }

    std::unique_ptr<pqxx::connection> holder;
    BackgroundProcess retry;
};

} // namespace

TEST_CASE("interrupted: the same signal delivered twice at once, as timeout(1) delivers it, "
          "still lets the batch in flight commit") {
    auto gap = GENERATE(0, 20);
    TestDatabase db;
    HeldRetry held(db);
    auto& retry = held.retry;
    retry.kill(SIGTERM);
    // timeout(1) signals the process, then its process group: here, moments apart.
    std::this_thread::sleep_for(std::chrono::milliseconds(gap)); // the gap under test
    retry.kill(SIGTERM);
    held.release();
    auto result = retry.wait_for(std::chrono::seconds(60));
    INFO(result.err);
    REQUIRE(result.exit_code == 75);
    auto document = nlohmann::json::parse(result.out);
    CHECK(document["changed"] == 10);
    CHECK(document["stopped_by"] == "SIGTERM");
    CHECK(count_where(db, "status = 'pending'") == 10);
}

TEST_CASE("interrupted: a second signal, later, ends the change at once and rolls back the batch "
          "in flight") {
    TestDatabase db;
    HeldRetry held(db);
    auto& retry = held.retry;
    retry.kill(SIGINT);
    // An operator's second Ctrl-C, well after the first.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // the gap under test
    retry.kill(SIGINT);
    auto result = retry.wait_for(std::chrono::seconds(60));
    CHECK(result.exit_code == 128 + SIGINT);
    CHECK(result.out.empty());
    held.release();
    // The server ends the gone client's session, and its transaction, once the batch has the lock.
    REQUIRE(poll_until([&] { return eventctl_sessions(db, "outbox retry") == 0; },
                       std::chrono::seconds(30)));
    CHECK(count_where(db, "status = 'pending'") == 0);
    CHECK(db.scalar("SELECT changed FROM eventctl_audit") == "0");
}
