// The execution-store layout: events keyed by (execution_id, sequence) with no global position
// and no consumers. One execution is replayed in order with --stream ID --after-seq N; the
// commands that need a global position or consumers say the layout has none.

#include "layout_run.h"
#include "seed_schemas.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

namespace {

const std::string layout = "execution-store";

void fill(const TestDatabase& db) {
    db.exec(execution_store_ddl);
    // Two executions, interleaved in time; exec-b's events written in reverse sequence order.
    db.exec("INSERT INTO execution_events SELECT 'exec-a', s, 'tenant-1', 'Step' || s, "
            "jsonb_build_object('step', s), now() - (10 - s) * interval '1 minute' "
            "FROM generate_series(1, 5) s");
    db.exec("INSERT INTO execution_events SELECT 'exec-b', s, 'tenant-2', 'Step' || s, "
            "jsonb_build_object('step', s), now() - (20 - s) * interval '1 minute' "
            "FROM generate_series(4, 1, -1) s");
}

} // namespace

TEST_CASE("execution-store: replay --stream reads one execution in order after a sequence") {
    TestDatabase db(false);
    fill(db);
    auto after =
        lines_with_layout(db, layout, {"log", "replay", "--stream", "exec-a", "--after-seq", "2"});
    CHECK(positions(after, "stream_seq") == std::vector<std::int64_t>{3, 4, 5});
    CHECK(after[0]["stream_id"] == "exec-a");
    CHECK(after[0]["seq_no"].is_null());
    CHECK(after[0]["tenant_id"] == "tenant-1");
    CHECK(after[0]["event_type"] == "Step3");
    CHECK(after[0]["payload"] == nlohmann::json{{"step", 3}});

    auto whole = lines_with_layout(db, layout, {"log", "replay", "--stream", "exec-b"});
    CHECK(positions(whole, "stream_seq") == std::vector<std::int64_t>{1, 2, 3, 4});
    auto bounded = lines_with_layout(db, layout,
                                     {"log", "replay", "--stream", "exec-b", "--from-seq", "2",
                                      "--to-seq", "3", "--type", "Step3"});
    CHECK(positions(bounded, "stream_seq") == std::vector<std::int64_t>{3});
    auto none = lines_with_layout(db, layout, {"log", "replay", "--stream", "exec-c"});
    CHECK(none.empty());
}

TEST_CASE("execution-store: commands that need a global position or consumers say so") {
    TestDatabase db(false);
    fill(db);
    struct Refusal {
        std::vector<std::string> args;
        std::string message;
    };
    for (const auto& refusal : std::vector<Refusal>{
             {{"log", "consumers"}, "layout execution-store lacks consumers"},
             {{"log", "seek", "billing", "--to-end"}, "layout execution-store lacks consumers"},
             {{"log", "replay"}, "lacks a global position"},
             {{"log", "replay", "--stream", "exec-a", "--into-outbox", "--yes"},
              "lacks a global position"},
             {{"outbox", "stats"}, "layout execution-store lacks an outbox table"},
         }) {
        auto result = run_with_layout(db, layout, refusal.args);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find(refusal.message) != std::string::npos);
    }
}
