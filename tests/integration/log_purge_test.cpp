// log purge: old events go, never one a consumer still needs (DESIGN 7); the low watermark it
// leaves is shown by log consumers, and seeks and replays below it are refused (exit 65).

#include "partitioned_tables.h"
#include "process.h"
#include "seed_schemas.h"
#include "table_snapshot.h"
#include "temp_directory.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

// Events 1..100; event i created 101 - i days ago (the first ones oldest).
void insert_events(const TestDatabase& db) {
    db.exec("INSERT INTO event_log (stream_id, stream_seq, event_type, payload, created_at) "
            "SELECT 's' || i, 1, 'E', jsonb_build_object('n', i), now() - (101 - i) * "
            "interval '1 day' FROM generate_series(1, 100) i");
}

void set_consumer(const TestDatabase& db, const std::string& name, int position,
                  const std::string& moved_ago) {
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES ('" + name +
            "', " + std::to_string(position) + ", now() - interval '" + moved_ago + "')");
}

ProcessResult log_purge(const TestDatabase& db, std::vector<std::string> extra) {
    std::vector<std::string> args{"log", "purge", "-d", db.conninfo(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_eventctl(args);
}

std::string lowest(const TestDatabase& db) {
    return db.scalar("SELECT min(seq_no) FROM event_log");
}

} // namespace

TEST_CASE("log purge keeps every event at or after the consumers' floor") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "live", 60, "1 minute");
    auto result = log_purge(db, {"--older-than", "30d", "--batch-size", "7", "--yes"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    // Events 1..70 are older than 30 days; the consumer at 60 keeps 60 on.
    CHECK(json["changed"] == 59);
    CHECK(json["selection"]["floor"] == 60);
    CHECK(json["selection"]["floor_consumer"] == "live");
    CHECK(json["batches"].get<int>() > 1);
    CHECK(lowest(db) == "60");
    CHECK(db.scalar("SELECT count(*) FROM event_log") == "41");
    CHECK(db.scalar("SELECT changed FROM eventctl_audit WHERE command = 'log purge'") == "59");
}

TEST_CASE("log purge with --older-than and --before-seq deletes only events both reach") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "live", 90, "1 minute");
    // Events 1..70 are older than 30d12h: below seq_no 50, the sequence bound is the lower.
    auto by_seq = log_purge(db, {"--older-than", "30d12h", "--before-seq", "50", "--yes"});
    INFO(by_seq.err);
    REQUIRE(by_seq.exit_code == 0);
    CHECK(nlohmann::json::parse(by_seq.out)["changed"] == 49);
    CHECK(lowest(db) == "50");
    // Below seq_no 80, the age is: it reaches events 50 to 70 only.
    auto by_age = log_purge(db, {"--older-than", "30d12h", "--before-seq", "80", "--yes"});
    INFO(by_age.err);
    REQUIRE(by_age.exit_code == 0);
    CHECK(nlohmann::json::parse(by_age.out)["changed"] == 21);
    CHECK(lowest(db) == "71");
}

TEST_CASE("log purge --drop-partitions with both bounds drops only partitions both reach") {
    TestDatabase db;
    partition_event_log_by_seq(db, 25, 5);
    insert_events(db);
    set_consumer(db, "live", 90, "1 minute");
    // The sequence bound is the lower: 1..25 dropped, 26..29 deleted by rows.
    auto by_seq = log_purge(
        db, {"--older-than", "30d12h", "--before-seq", "30", "--drop-partitions", "--yes"});
    INFO(by_seq.err);
    REQUIRE(by_seq.exit_code == 0);
    CHECK(nlohmann::json::parse(by_seq.out)["changed"] == 29);
    CHECK(lowest(db) == "30");
    // The age is: 30..50 go with their partition, 51..70 by rows.
    auto by_age = log_purge(
        db, {"--older-than", "30d12h", "--before-seq", "80", "--drop-partitions", "--yes"});
    INFO(by_age.err);
    REQUIRE(by_age.exit_code == 0);
    auto fates = nlohmann::json::parse(by_age.out);
    CHECK(fates["changed"] == 41);
    CHECK(fates["partitions"][0]["decision"] == "drop");
    CHECK(lowest(db) == "71");
    CHECK(partitions_of(db, "event_log") == "event_log_p3,event_log_p4,event_log_p5");
}

TEST_CASE("log purge --drop-partitions --archive-to: the dry run counts what the run archives") {
    TestDatabase db;
    partition_event_log_by_seq(db, 25, 5);
    insert_events(db);
    set_consumer(db, "live", 90, "1 minute");
    TempDirectory dir;
    auto archive = dir.path("events.ndjson");
    const std::vector<std::string> args{"--before-seq", "60", "--drop-partitions", "--archive-to",
                                        archive};
    auto before = data_tables_snapshot(db);
    auto dry_args = args;
    dry_args.push_back("--dry-run");
    auto dry = log_purge(db, dry_args);
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    auto planned = nlohmann::json::parse(dry.out);
    CHECK(planned["changed"] == 59); // 1..50 with their partitions, 51..59 by rows
    CHECK(planned["archived"] == 59);
    CHECK(data_tables_snapshot(db) == before);
    CHECK_FALSE(std::ifstream(archive).good());

    auto run_args = args;
    run_args.push_back("--yes");
    auto run = log_purge(db, run_args);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(nlohmann::json::parse(run.out)["archived"] == 59);
    std::ifstream in(archive);
    int lines = 0;
    for (std::string line; std::getline(in, line);) {
        ++lines;
    }
    CHECK(lines == 59);
}

TEST_CASE("the log floor holds with a stalled and a live consumer") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "live", 60, "1 minute");
    set_consumer(db, "stalled", 20, "10 days");
    auto before = table_snapshot(db);
    // The stalled consumer holds back events the purge would delete: refused, naming it.
    auto refused = log_purge(db, {"--older-than", "30d", "--yes"});
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Catch::Contains("\"stalled\"") && Catch::Contains("--ignore-consumer"));
    auto dry = log_purge(db, {"--older-than", "30d", "--dry-run"});
    CHECK(dry.exit_code == 3);
    CHECK(table_snapshot(db) == before);
    // A shorter idle time than --stalled-after is live: the floor is simply respected.
    auto patient = log_purge(db, {"--older-than", "30d", "--stalled-after", "30d", "--yes"});
    REQUIRE(patient.exit_code == 0);
    CHECK(nlohmann::json::parse(patient.out)["changed"] == 19);
    CHECK(lowest(db) == "20");
    // Left out, and audited: the live consumer still holds the floor.
    auto ignored = log_purge(db, {"--older-than", "30d", "--ignore-consumer", "stalled", "--yes"});
    INFO(ignored.err);
    REQUIRE(ignored.exit_code == 0);
    CHECK(nlohmann::json::parse(ignored.out)["changed"] == 40);
    CHECK(lowest(db) == "60");
    CHECK(db.scalar("SELECT selection->'ignored_consumers'->>0 FROM eventctl_audit WHERE "
                    "command = 'log purge' ORDER BY id DESC LIMIT 1") == "stalled");
    auto unknown = log_purge(db, {"--older-than", "30d", "--ignore-consumer", "nobody", "--yes"});
    CHECK(unknown.exit_code == 65);
}

TEST_CASE("after a purge, consumers show the low watermark and reads below it exit 65") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "reader", 50, "1 minute");
    REQUIRE(log_purge(db, {"--before-seq", "40", "--yes"}).exit_code == 0);
    CHECK(lowest(db) == "40");
    auto consumers = run_eventctl({"log", "consumers", "-d", db.conninfo(), "--json"});
    REQUIRE(consumers.exit_code == 0);
    CHECK(nlohmann::json::parse(consumers.out)["low_watermark"] == 40);

    auto seek =
        run_eventctl({"log", "seek", "reader", "--to-seq", "10", "--force", "-d", db.conninfo()});
    CHECK(seek.exit_code == 65);
    CHECK_THAT(seek.err, Catch::Contains("purged"));
    CHECK(db.scalar("SELECT position FROM event_consumers") == "50");
    auto replay = run_eventctl({"log", "replay", "--from-seq", "10", "-d", db.conninfo()});
    CHECK(replay.exit_code == 65);
    CHECK(replay.out.empty());
    CHECK_THAT(replay.err, Catch::Contains("before seq_no 40 were purged"));
    // At the watermark and above, everything as before.
    auto at =
        run_eventctl({"log", "replay", "--from-seq", "40", "--to-seq", "41", "-d", db.conninfo()});
    REQUIRE(at.exit_code == 0);
    CHECK(std::count(at.out.begin(), at.out.end(), '\n') == 2);
    CHECK(run_eventctl({"log", "seek", "reader", "--to-seq", "40", "--force", "-d", db.conninfo()})
              .exit_code == 0);
}

TEST_CASE("log purge archives events before deleting them, and --dry-run changes nothing") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "reader", 100, "1 minute");
    auto before = table_snapshot(db);
    // 90.5 days: events 1..10 (event 11, created 90 days ago, is not old enough yet).
    auto dry = log_purge(db, {"--older-than", "2172h", "--dry-run"});
    REQUIRE(dry.exit_code == 0);
    CHECK(nlohmann::json::parse(dry.out)["changed"] == 10);
    CHECK(table_snapshot(db) == before);
    TempDirectory dir;
    auto archive = dir.path("events.ndjson");
    auto result = log_purge(db, {"--older-than", "2172h", "--archive-to", archive, "--yes"});
    REQUIRE(result.exit_code == 0);
    CHECK(nlohmann::json::parse(result.out)["archived"] == 10);
    std::ifstream in(archive);
    std::vector<int> seqs;
    for (std::string line; std::getline(in, line);) {
        seqs.push_back(nlohmann::json::parse(line)["seq_no"]);
    }
    CHECK(seqs == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
}

TEST_CASE("log purge is refused where it cannot keep its promise") {
    TestDatabase db;
    insert_events(db);
    auto nothing = log_purge(db, {"--yes"});
    CHECK(nothing.exit_code == 64);
    auto no_consumers = log_purge(db, {"--older-than", "30d", "--no-consumers", "--yes"});
    CHECK(no_consumers.exit_code == 64);
    CHECK_THAT(no_consumers.err, Catch::Contains("--ignore-consumer"));

    TestDatabase store(false);
    store.exec(execution_store_ddl);
    auto refused = run_eventctl({"--layout", "execution-store", "log", "purge", "--older-than",
                                 "30d", "--no-consumers", "--yes", "-d", store.conninfo()});
    CHECK(refused.exit_code == 64);
    CHECK_THAT(refused.err, Catch::Contains("source of truth"));
}

TEST_CASE("log purge and every log command work on a log partitioned by seq_no") {
    TestDatabase db;
    partition_event_log_by_seq(db, 25, 5);
    insert_events(db);
    set_consumer(db, "reader", 60, "1 minute");
    auto consumers = run_eventctl({"log", "consumers", "-d", db.conninfo(), "--json"});
    REQUIRE(consumers.exit_code == 0);
    CHECK(nlohmann::json::parse(consumers.out)["head"] == 100);
    auto replay = run_eventctl({"log", "replay", "--consumer", "reader", "-d", db.conninfo()});
    REQUIRE(replay.exit_code == 0);
    CHECK(std::count(replay.out.begin(), replay.out.end(), '\n') == 40);
    REQUIRE(
        run_eventctl({"log", "seek", "reader", "--to-seq", "56", "--force", "-d", db.conninfo()})
            .exit_code == 0);
    CHECK(db.scalar("SELECT position FROM event_consumers") == "55");

    auto dry = log_purge(db, {"--older-than", "30d", "--drop-partitions", "--dry-run"});
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    auto plan = nlohmann::json::parse(dry.out)["partitions"];
    REQUIRE(plan.size() == 5);
    CHECK(plan[0]["decision"] == "drop"); // 1..25
    CHECK(plan[1]["decision"] == "drop"); // 26..50
    CHECK(plan[2]["decision"] == "rows"); // 51..75: the floor, 55, falls in it
    CHECK(plan[3]["decision"] == "keep");
    auto applied = log_purge(db, {"--older-than", "30d", "--drop-partitions", "--yes"});
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(nlohmann::json::parse(applied.out)["changed"] == 54);
    CHECK(lowest(db) == "55");
    CHECK(partitions_of(db, "event_log") == "event_log_p3,event_log_p4,event_log_p5");
}
