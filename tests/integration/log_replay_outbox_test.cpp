#include "eventctl/log/replay_outbox.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl;
using namespace eventctl::test;

namespace {

void insert_events(const TestDatabase& db, int count) {
    db.exec("INSERT INTO event_log (stream_id, stream_seq, tenant_id, event_type, payload, "
            "metadata) SELECT 'order-' || (i % 3), i, 't' || (i % 2), 'E' || (i % 4), "
            "jsonb_build_object('n', i), jsonb_build_object('trace', i) "
            "FROM generate_series(1, " +
            std::to_string(count) + ") i");
}

ProcessResult into_outbox(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"log", "replay", "--into-outbox", "-d", db.conninfo()});
    return run_eventctl(args);
}

nlohmann::json json_result(const ProcessResult& result) {
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

std::string outbox_count(const TestDatabase& db) {
    return db.scalar("SELECT count(*) FROM outbox");
}

std::string audit_count(const TestDatabase& db) {
    return db.scalar(
        "SELECT count(*) FROM eventctl_audit WHERE command = 'log replay --into-outbox'");
}

} // namespace

TEST_CASE("log replay --into-outbox enqueues once, however often it runs") {
    TestDatabase db;
    insert_events(db, 8);
    std::vector<std::string> range{"--from-seq", "3", "--to-seq", "6", "--json"};

    auto dry = range;
    dry.push_back("--dry-run");
    auto preview = json_result(into_outbox(db, dry));
    CHECK(preview["dry_run"] == true);
    CHECK(preview["matched"] == 4);
    CHECK(preview["changed"] == 4);
    CHECK(outbox_count(db) == "0");
    CHECK(audit_count(db) == "0");

    auto unconfirmed = into_outbox(db, range);
    CHECK(unconfirmed.exit_code == 3);
    CHECK(outbox_count(db) == "0");

    auto confirmed = range;
    confirmed.push_back("--yes");
    auto first = json_result(into_outbox(db, confirmed));
    CHECK(first["command"] == "log replay");
    CHECK(first["dry_run"] == false);
    CHECK(first["matched"] == 4);
    CHECK(first["changed"] == 4);
    CHECK(first["label"] == "replay");
    CHECK(first["selection"]["from_seq"] == 3);
    CHECK(first["selection"]["positions"]["through"] == 6);
    CHECK(outbox_count(db) == "4");

    auto second = json_result(into_outbox(db, confirmed));
    CHECK(second["matched"] == 4);
    CHECK(second["changed"] == 0);
    CHECK(second["already_enqueued"] == 4);
    CHECK(outbox_count(db) == "4");
    CHECK(json_result(into_outbox(db, dry))["changed"] == 0);

    // Each entry is the event, pending, under a key naming the label and the seq_no.
    auto rows = db.exec("SELECT idempotency_key, status, event_type, tenant_id, aggregate_id, "
                        "sequence, payload->>'n', metadata->>'trace' FROM outbox "
                        "ORDER BY created_at");
    REQUIRE(rows.size() == 4);
    for (int i = 0; i < 4; ++i) {
        auto seq = i + 3;
        CHECK(rows[i][0].as<std::string>() ==
              replay_idempotency_key(canonical_log_source(TableNames{}), "replay", seq));
        CHECK(rows[i][0].as<std::string>() ==
              "eventctl-replay:public.event_log:replay:" + std::to_string(seq));
        CHECK(rows[i][1].as<std::string>() == "pending");
        CHECK(rows[i][2].as<std::string>() == "E" + std::to_string(seq % 4));
        CHECK(rows[i][3].as<std::string>() == "t" + std::to_string(seq % 2));
        CHECK(rows[i][4].as<std::string>() == "order-" + std::to_string(seq % 3));
        CHECK(rows[i][5].as<int>() == seq);
        CHECK(rows[i][6].as<int>() == seq);
        CHECK(rows[i][7].as<int>() == seq);
    }

    // A new label replays the same events anew.
    auto again = confirmed;
    again.insert(again.end(), {"--label", "incident-7"});
    CHECK(json_result(into_outbox(db, again))["changed"] == 4);
    CHECK(outbox_count(db) == "8");
    CHECK(audit_count(db) == "3");
    auto audit = db.exec("SELECT matched, changed, selection->>'from_seq' FROM eventctl_audit "
                         "ORDER BY id");
    CHECK(audit[0][1].as<int>() == 4);
    CHECK(audit[1][1].as<int>() == 0);
    CHECK(audit[2][2].as<std::string>() == "3");
}

TEST_CASE("log replay --into-outbox keeps the log's order across batches, with filters") {
    TestDatabase db;
    insert_events(db, 2600);
    auto result = json_result(into_outbox(db, {"--all", "--yes", "--json", "--label", "big"}));
    CHECK(result["matched"] == 2600);
    CHECK(result["changed"] == 2600);
    CHECK(result["batches"] == 3);
    CHECK(db.scalar("SELECT bool_and(ordered) FROM (SELECT created_at > lag(created_at) OVER "
                    "(ORDER BY split_part(idempotency_key, ':', 4)::bigint) AS ordered "
                    "FROM outbox) s WHERE ordered IS NOT NULL") == "t");
    CHECK(db.scalar("SELECT bool_and(scheduled_at = created_at) FROM outbox") == "t");

    auto filtered = json_result(into_outbox(
        db, {"--type", "E1", "--tenant", "t1", "--limit", "5", "--label", "f", "--yes", "--json"}));
    CHECK(filtered["matched"] == 5);
    CHECK(filtered["changed"] == 5);
    CHECK(db.scalar("SELECT string_agg(split_part(idempotency_key, ':', 4), ',' ORDER BY "
                    "created_at) FROM outbox WHERE idempotency_key LIKE "
                    "'eventctl-replay:public.event_log:f:%'") == "1,5,9,13,17");
    auto stream = json_result(into_outbox(
        db, {"--stream", "order-1", "--after-seq", "2590", "--label", "s", "--yes", "--json"}));
    CHECK(stream["matched"] == 3); // stream_seq 2593, 2596, 2599
    CHECK(stream["changed"] == 3);
}

TEST_CASE("log replay --into-outbox refuses the whole log without --all") {
    TestDatabase db;
    insert_events(db, 3);
    auto refused = into_outbox(db, {"--yes"});
    CHECK(refused.exit_code == 64);
    CHECK_THAT(refused.err, Catch::Contains("whole log"));
    CHECK(outbox_count(db) == "0");
    auto table = into_outbox(db, {"--all", "--yes"});
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::StartsWith("enqueued 3 of 3 events as pending outbox entries"));
    auto rerun = into_outbox(db, {"--all", "--dry-run"});
    CHECK_THAT(rerun.out, Catch::StartsWith("dry run: would enqueue 0 of 3 events") &&
                              Catch::Contains("3 already enqueued under it"));
}
