// Throttles that pace the work, and only the work: --rate waits before a batch, never after the
// last, and --sleep takes milliseconds.
#include "outbox_fixture.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

struct Timed {
    ProcessResult result;
    double seconds = 0;
};

Timed timed(const std::vector<std::string>& args) {
    auto started = std::chrono::steady_clock::now();
    auto result = run_eventctl(args);
    return {result,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

} // namespace

TEST_CASE("retry --rate does not wait after the last batch: one entry at 6/m is not ten seconds") {
    TestDatabase db;
    insert_entry(db, {"dead"});
    auto run = timed({"outbox", "retry", "--status", "dead", "--rate", "6/m", "--yes", "-o", "json",
                      "-d", db.conninfo()});
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    CHECK(nlohmann::json::parse(run.result.out)["changed"] == 1);
    CHECK(run.seconds < 5); // it took 10 s and more before
}

TEST_CASE("retry --rate still paces the batches that follow one another") {
    TestDatabase db;
    for (int i = 0; i < 3; ++i) {
        insert_entry(db, {"dead"});
    }
    // 2/s in batches of 2: the second batch is due after one second, and nothing after it.
    auto run = timed({"outbox", "retry", "--status", "dead", "--rate", "2/s", "--yes", "-o", "json",
                      "-d", db.conninfo()});
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    auto json = nlohmann::json::parse(run.result.out);
    CHECK(json["changed"] == 3);
    CHECK(json["batches"] == 2);
    CHECK(run.seconds >= 1.0);
    CHECK(run.seconds < 5);
}

TEST_CASE("purge --sleep takes milliseconds and pauses between batches only") {
    TestDatabase db;
    db.exec("ALTER TABLE outbox SET (fillfactor = 10)");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) SELECT "
            "'E', jsonb_build_object('pad', repeat(md5(i::text), 20)), 'completed', now() - "
            "interval '41 days', now() - interval '40 days' FROM generate_series(1, 60) i");
    db.exec("ANALYZE outbox");
    auto run = timed({"outbox", "purge", "--older-than", "30d", "--batch-size", "10", "--sleep",
                      "300ms", "--yes", "-o", "json", "-d", db.conninfo()});
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    auto json = nlohmann::json::parse(run.result.out);
    CHECK(json["changed"] == 60);
    auto batches = json["batches"].get<int>();
    REQUIRE(batches > 1);
    // (batches - 1) pauses: one after each batch but the last.
    CHECK(run.seconds >= 0.3 * (batches - 1));
    CHECK(run.seconds < 0.3 * batches + 5);
}
