// outbox purge --drop-partitions: a partition goes whole only when every row in it is one the
// row-by-row purge deletes; everything else is purged row by row, the DEFAULT partition always.

#include "eventctl_sessions.h"
#include "partitioned_tables.h"
#include "polling.h"
#include "process.h"
#include "table_snapshot.h"
#include "temp_directory.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sys/stat.h>
#include <unistd.h>

using namespace eventctl::test;

namespace {

// Weekly partitions from 8 weeks back; in each of weeks 3..8, 40 completed entries created and
// finished in the middle of that week. Week 8 holds one pending entry too; in week 7 one entry
// created then was completed an hour ago; the DEFAULT partition holds nothing yet.
void insert_weeks(const TestDatabase& db) {
    partition_outbox_weekly(db, 8, 1);
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('w', w, 'i', i), 'completed', "
            "date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '3 days', "
            "date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '3 days' + "
            "interval '1 minute' FROM generate_series(3, 8) w, generate_series(1, 40) i");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) VALUES ('E', '{}', "
            "'pending', date_trunc('week', now()) - interval '7 weeks' - interval '2 days')");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) VALUES "
            "('E', '{}', 'completed', date_trunc('week', now()) - interval '6 weeks' - "
            "interval '2 days', now() - interval '1 hour')");
    db.exec("ANALYZE outbox");
}

ProcessResult purge(const TestDatabase& db, std::vector<std::string> extra) {
    std::vector<std::string> args{"outbox", "purge",       "--older-than", "14d",
                                  "-d",     db.conninfo(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_eventctl(args);
}

// A purge that must succeed, and its result.
nlohmann::json purged(const TestDatabase& db, const std::vector<std::string>& extra) {
    auto run = purge(db, extra);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return nlohmann::json::parse(run.out);
}

std::map<std::string, nlohmann::json> by_partition(const nlohmann::json& result) {
    std::map<std::string, nlohmann::json> fates;
    for (const auto& fate : result["partitions"]) {
        fates[fate["partition"]] = fate;
    }
    return fates;
}

// The fate of each partition as a dry run with --drop-partitions decides it.
std::map<std::string, nlohmann::json> planned(const TestDatabase& db,
                                              std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--drop-partitions", "--dry-run"});
    auto dry = purge(db, extra);
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    return by_partition(nlohmann::json::parse(dry.out));
}

std::string count_of(const TestDatabase& db, const std::string& where) {
    return db.scalar("SELECT count(*) FROM outbox WHERE " + where);
}

// Every row left, told apart by payload and status: what two purges of the same rows compare.
std::string rows_left(const TestDatabase& db) {
    return db.scalar("SELECT string_agg(payload::text || status, ',' ORDER BY payload::text, "
                     "status) FROM outbox");
}

// Purges one database row by row and the other, holding the same rows, with --drop-partitions:
// the same rows are left (told apart by their payloads) and as many deleted. The drop's result.
nlohmann::json purge_both_ways(const TestDatabase& rows_db, const TestDatabase& drop_db,
                               const std::vector<std::string>& options) {
    auto row_options = options;
    row_options.emplace_back("--yes");
    auto drop_options = row_options;
    drop_options.emplace_back("--drop-partitions");
    auto by_rows = purge(rows_db, row_options);
    auto by_drops = purge(drop_db, drop_options);
    INFO(by_rows.err << by_drops.err);
    REQUIRE(by_rows.exit_code == 0);
    REQUIRE(by_drops.exit_code == 0);
    CHECK(rows_left(rows_db) == rows_left(drop_db));
    auto dropped = nlohmann::json::parse(by_drops.out);
    CHECK(nlohmann::json::parse(by_rows.out)["changed"] == dropped["changed"]);
    return dropped;
}

} // namespace

TEST_CASE(
    "purge --drop-partitions drops the partitions of old finished rows and purges the rest by "
    "rows") {
    TestDatabase db;
    insert_weeks(db);
    auto plan = planned(db);
    CHECK(plan["public.outbox_w3"]["decision"] == "drop");
    CHECK(plan["public.outbox_w3"]["rows"] == 40);
    CHECK(plan["public.outbox_w6"]["decision"] == "drop");
    // One pending entry keeps its partition; its old completed rows go one by one.
    CHECK(plan["public.outbox_w8"]["decision"] == "rows");
    CHECK_THAT(plan["public.outbox_w8"]["reason"].get<std::string>(), Catch::Contains("1 pending"));
    // Created long ago, completed an hour ago: not old enough, and neither is its partition.
    CHECK(plan["public.outbox_w7"]["decision"] == "rows");
    CHECK_THAT(plan["public.outbox_w7"]["reason"].get<std::string>(),
               Catch::Contains("1 completed"));
    // The cutoff falls in week 2; weeks 1, 0 and the one ahead are newer.
    CHECK(plan["public.outbox_w2"]["decision"] == "rows");
    CHECK(plan["public.outbox_w0"]["decision"] == "keep");
    CHECK(plan["public.outbox_a1"]["decision"] == "keep");
    CHECK(plan["public.outbox_default"]["decision"] == "rows");
    CHECK_THAT(plan["public.outbox_default"]["reason"].get<std::string>(),
               Catch::Contains("DEFAULT partition is never dropped"));
    CHECK(partitions_of(db, "outbox").find("outbox_w3") != std::string::npos);

    auto result = purged(db, {"--drop-partitions", "--yes"});
    // Exactly what the row purge deletes: 6 x 40 old completed rows.
    CHECK(result["changed"] == 240);
    auto fates = by_partition(result);
    CHECK(fates["public.outbox_w4"]["decision"] == "drop");
    CHECK(partitions_of(db, "outbox") ==
          "outbox_a1,outbox_default,outbox_w0,outbox_w1,outbox_w2,outbox_w7,outbox_w8");
    CHECK(count_of(db, "true") == "2");
    CHECK(count_of(db, "status = 'pending'") == "1");
    CHECK(count_of(db, "processed_at > now() - interval '1 day'") == "1");
    CHECK(db.scalar("SELECT changed FROM eventctl_audit WHERE command = 'outbox purge'") == "240");
}

TEST_CASE("purge --drop-partitions deletes the same rows as the row purge") {
    TestDatabase rows_db;
    TestDatabase drop_db;
    insert_weeks(rows_db);
    insert_weeks(drop_db);
    purge_both_ways(rows_db, drop_db, {});
}

TEST_CASE("purge --drop-partitions archives a partition's rows before dropping it") {
    TestDatabase db;
    insert_weeks(db);
    TempDirectory dir;
    auto archive = dir.path("outbox.ndjson");
    // The dry run counts the dropped partitions' rows among those it would archive.
    auto before = table_snapshot(db);
    auto dry = purged(db, {"--drop-partitions", "--archive-to", archive, "--dry-run"});
    CHECK(dry["archived"] == 240);
    CHECK(dry["archived"] == dry["changed"]);
    CHECK(table_snapshot(db) == before);
    CHECK_FALSE(std::ifstream(archive).good());

    auto result = purged(db, {"--drop-partitions", "--archive-to", archive, "--yes"});
    CHECK(result["archived"] == 240);
    std::ifstream in(archive);
    int lines = 0;
    for (std::string line; std::getline(in, line); ++lines) {
        CHECK(nlohmann::json::parse(line)["status"] == "completed");
    }
    CHECK(lines == 240);
}

TEST_CASE("purge --drop-partitions is refused, before anything changes, where it cannot apply") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) VALUES "
            "('E', '{}', 'completed', now() - interval '30 days', now() - interval '30 days')");
    auto plain = purge(db, {"--drop-partitions", "--yes"});
    CHECK(plain.exit_code == 64);
    CHECK_THAT(plain.err, Catch::Contains("not partitioned"));
    CHECK(count_of(db, "true") == "1");

    TestDatabase by_list;
    partition_outbox_by(by_list, "list");
    auto list = purge(by_list, {"--drop-partitions", "--yes"});
    CHECK(list.exit_code == 64);
    CHECK_THAT(list.err, Catch::Contains("partitioned by list (status), not by range"));

    auto capped = purge(db, {"--drop-partitions", "--max-rows", "10", "--yes"});
    CHECK(capped.exit_code == 64);
}

TEST_CASE("a partition whose lock is not had falls back to rows, without a pile-up") {
    TestDatabase db;
    insert_weeks(db);
    // A long reader of the table: DETACH and DROP need its lock, the row purge does not.
    pqxx::connection other(db.conninfo());
    pqxx::work reader(other);
    reader.exec("SELECT count(*) FROM outbox");
    auto started = std::chrono::steady_clock::now();
    auto applied = purge(db, {"--drop-partitions", "--yes", "--lock-timeout", "1s"});
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    auto result = nlohmann::json::parse(applied.out);
    CHECK(result["changed"] == 240);
    auto fates = by_partition(result);
    CHECK(fates["public.outbox_w3"]["decision"] == "rows");
    CHECK_THAT(fates["public.outbox_w3"]["reason"].get<std::string>(),
               Catch::Contains("lock was not had"));
    CHECK(seconds < 20);
    reader.commit();
    CHECK(count_of(db, "true") == "2");
    CHECK(partitions_of(db, "outbox").find("outbox_w3") != std::string::npos);
}

TEST_CASE("purge --drop-partitions --sleep pauses after each drop, and a signal ends the pause") {
    TestDatabase db;
    insert_weeks(db);
    const std::string attached = "SELECT count(*) FROM pg_inherits WHERE inhparent = "
                                 "'outbox'::regclass";
    auto before = std::stoi(db.scalar(attached));
    BackgroundProcess purging({"outbox", "purge", "--older-than", "14d", "--drop-partitions",
                               "--sleep", "1h", "--yes", "-d", db.conninfo(), "--json"});
    // One partition dropped, then the session idle, outside any transaction: the pause. An hour
    // of it, so that only the signal can end it.
    REQUIRE(poll_until(
        [&] {
            return std::stoi(db.scalar(attached)) == before - 1 &&
                   eventctl_sessions(db, "outbox purge", "state = 'idle'") == 1;
        },
        std::chrono::seconds(30)));
    CHECK(std::stoi(db.scalar(attached)) == before - 1);
    purging.kill(SIGTERM);
    auto result = purging.wait_for(std::chrono::seconds(30));
    INFO(result.err);
    CHECK(result.exit_code == 75);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["complete"] == false);
    CHECK(json["stopped_by"] == "SIGTERM");
    CHECK(json["changed"] == 40);
    // The partitions it did not reach are still there, their rows untouched.
    CHECK(std::stoi(db.scalar(attached)) == before - 1);
    CHECK(count_of(db, "true") == std::to_string(242 - 40));
}

TEST_CASE("two --drop-partitions at once: the second exits 75 and nothing is lost") {
    TestDatabase db;
    insert_weeks(db);
    // The first purge waits on a lock the test holds, so both run at the same time.
    pqxx::connection other(db.conninfo());
    pqxx::work reader(other);
    reader.exec("SELECT count(*) FROM outbox");
    BackgroundProcess first({"outbox", "purge", "--older-than", "14d", "--drop-partitions", "--yes",
                             "-d", db.conninfo(), "--json", "--lock-timeout", "2s"});
    REQUIRE(poll_until(
        [&] { return eventctl_sessions(db, "outbox purge", "wait_event_type = 'Lock'") == 1; },
        std::chrono::seconds(20)));
    auto second = purge(db, {"--drop-partitions", "--yes"});
    CHECK(second.exit_code == 75);
    CHECK_THAT(second.err, Catch::Contains("another purge"));
    reader.commit();
    auto done = first.wait_for(std::chrono::seconds(60));
    INFO(done.err);
    REQUIRE(done.exit_code == 0);
    CHECK(nlohmann::json::parse(done.out)["changed"] == 240);
    CHECK(count_of(db, "true") == "2");
}

TEST_CASE("a deadlock with another session's locks makes the partition wait for a later "
          "attempt") {
    TestDatabase db;
    insert_weeks(db);
    auto deadlocks = [&] {
        return std::stoi(
            db.scalar("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"));
    };
    auto deadlocks_before = deadlocks();
    // A session that locks the old partitions first and the table after: the reverse of the
    // order the purge takes them in. Its own deadlock check is put off, so that the purge's
    // finds the deadlock and is the one the server cancels.
    pqxx::connection other(db.conninfo());
    pqxx::work holder(other);
    holder.exec("SET LOCAL deadlock_timeout = '10min'");
    holder.exec("LOCK TABLE outbox_w3, outbox_w4, outbox_w5, outbox_w6 IN ROW EXCLUSIVE MODE");
    // The purge checks for a deadlock 800 ms into a lock wait, inside its 1 s cap.
    BackgroundProcess purging({"outbox", "purge", "--older-than", "14d", "--drop-partitions",
                               "--yes", "-d", db.conninfo() + " options='-c deadlock_timeout=800'",
                               "--json", "--lock-timeout", "5s"});
    // The purge holds the table's lock and waits for a partition's.
    REQUIRE(poll_until(
        [&] { return eventctl_sessions(db, "outbox purge", "wait_event_type = 'Lock'") == 1; },
        std::chrono::seconds(20)));
    // Now each waits for the other; this returns once the server has cancelled the purge's
    // attempt.
    holder.exec("LOCK TABLE ONLY outbox IN ACCESS SHARE MODE");
    holder.commit();
    auto done = purging.wait_for(std::chrono::seconds(60));
    INFO(done.err);
    REQUIRE(done.exit_code == 0);
    auto result = nlohmann::json::parse(done.out);
    CHECK(result["changed"] == 240);
    CHECK(by_partition(result)["public.outbox_w3"]["decision"] == "drop");
    CHECK(count_of(db, "true") == "2");
    // The server did find the deadlock (the purge's session reports it as it ends).
    CHECK(poll_until([&] { return deadlocks() > deadlocks_before; }, std::chrono::seconds(10)));
}

TEST_CASE("kill -9 while a partition is being dropped leaves nothing half done") {
    TestDatabase db;
    insert_weeks(db);
    pqxx::connection other(db.conninfo());
    pqxx::work reader(other);
    reader.exec("SELECT count(*) FROM outbox");
    BackgroundProcess purging({"outbox", "purge", "--older-than", "14d", "--drop-partitions",
                               "--yes", "-d", db.conninfo(), "--lock-timeout", "5s"});
    // Killed inside the dropping transaction, waiting for the table's lock.
    REQUIRE(poll_until(
        [&] { return eventctl_sessions(db, "outbox purge", "wait_event_type = 'Lock'") == 1; },
        std::chrono::seconds(20)));
    purging.kill(SIGKILL);
    purging.wait();
    reader.commit();
    REQUIRE(poll_until([&] { return eventctl_sessions(db, "outbox purge") == 0; },
                       std::chrono::seconds(20)));
    // Every partition still attached, no table left detached, every row still there.
    CHECK(db.scalar("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    "c.relnamespace WHERE n.nspname = 'public' AND c.relname LIKE 'outbox_%' "
                    "AND c.relkind = 'r' AND NOT c.relispartition") == "0");
    CHECK(count_of(db, "true") == "242");
    auto rerun = purge(db, {"--drop-partitions", "--yes"});
    REQUIRE(rerun.exit_code == 0);
    CHECK(nlohmann::json::parse(rerun.out)["changed"] == 240);
    CHECK(count_of(db, "true") == "2");
}

namespace {

// Weeks 3..8 of 20 old completed entries each, and one entry of another kind in weeks 4..8: an
// old dead entry, a failed one, one in a state the layout does not know, a completed one with
// no processed_at (aged by created_at), a dead one that died an hour ago.
void insert_kinds(const TestDatabase& db) {
    partition_outbox_weekly(db, 8, 1);
    db.exec("ALTER TABLE outbox DROP CONSTRAINT outbox_status_check");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('w', w, 'i', i), 'completed', "
            "date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '3 days', "
            "date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '3 days' + "
            "interval '1 minute' FROM generate_series(3, 8) w, generate_series(1, 20) i");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('w', w, 'kind', k.status), k.status, "
            "date_trunc('week', now()) - (w - 1) * interval '1 week' - interval '2 days', "
            "k.processed_at FROM (VALUES (4, 'dead', now() - interval '25 days'), "
            "(5, 'failed', NULL), (6, 'archived', now() - interval '40 days'), "
            "(7, 'completed', NULL), (8, 'dead', now() - interval '1 hour')) "
            "AS k(w, status, processed_at)");
    db.exec("ANALYZE outbox");
}

} // namespace

TEST_CASE("purge --drop-partitions decides every kind of row as the row purge does") {
    TestDatabase rows_db;
    TestDatabase drop_db;
    insert_kinds(rows_db);
    insert_kinds(drop_db);

    auto defaults = planned(drop_db);
    CHECK(defaults["public.outbox_w3"]["decision"] == "drop");
    CHECK(defaults["public.outbox_w4"]["decision"] == "rows"); // dead: not asked for
    CHECK(defaults["public.outbox_w7"]["decision"] == "drop"); // aged by created_at

    auto fates = planned(drop_db, {"--status", "completed,dead"});
    std::map<std::string, std::string> decided;
    for (const auto& [partition, fate] : fates) {
        decided[partition] = fate["decision"];
    }
    CHECK(decided == std::map<std::string, std::string>{{"public.outbox_a1", "keep"},
                                                        {"public.outbox_default", "rows"},
                                                        {"public.outbox_w0", "keep"},
                                                        {"public.outbox_w1", "keep"},
                                                        {"public.outbox_w2", "rows"},
                                                        {"public.outbox_w3", "drop"},
                                                        {"public.outbox_w4", "drop"},
                                                        {"public.outbox_w5", "rows"},
                                                        {"public.outbox_w6", "rows"},
                                                        {"public.outbox_w7", "drop"},
                                                        {"public.outbox_w8", "rows"}});
    CHECK_THAT(fates["public.outbox_w5"]["reason"].get<std::string>(), Catch::Contains("failed"));
    CHECK_THAT(fates["public.outbox_w6"]["reason"].get<std::string>(),
               Catch::Contains("in no state"));

    auto dropped = purge_both_ways(rows_db, drop_db, {"--status", "completed,dead"});
    CHECK(count_of(drop_db, "true") == "3"); // the failed, the unknown, the young dead
    CHECK(dropped["changed"] == 122);
    CHECK(partitions_of(drop_db, "outbox") ==
          "outbox_a1,outbox_default,outbox_w0,outbox_w1,outbox_w2,outbox_w5,outbox_w6,outbox_w8");
}

namespace {

const std::string detached_mark =
    "eventctl purge --drop-partitions detached this partition of \"public\".\"outbox\"";

std::string detached_tables(const TestDatabase& db) {
    return db.scalar("SELECT COALESCE(string_agg(c.relname, ',' ORDER BY c.relname), '') FROM "
                     "pg_class c WHERE c.relname LIKE 'outbox_%' AND c.relkind = 'r' AND NOT "
                     "c.relispartition");
}

// Kills a purge after it detached week 3's partition and before it dropped it: the archive is a
// pipe nobody reads, and week 3's rows are more than the pipe holds, so the drop's transaction
// blocks writing them.
void kill_between_detach_and_drop(const TestDatabase& db) {
    insert_weeks(db);
    db.exec("UPDATE outbox SET payload = jsonb_build_object('pad', repeat('x', 4000)) WHERE "
            "tableoid = 'outbox_w3'::regclass");
    auto fifo = "/tmp/eventctl-drop-fifo-" + std::to_string(getpid());
    std::remove(fifo.c_str());
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    BackgroundProcess purging({"outbox", "purge", "--older-than", "14d", "--drop-partitions",
                               "--archive-to", fifo, "--archive-unsafe-pipe", "--yes", "-d",
                               db.conninfo()});
    REQUIRE(poll_until(
        [&] {
            return db.scalar("SELECT count(*) FROM pg_description WHERE starts_with(description, "
                             "'" +
                             detached_mark + "')") == "1";
        },
        std::chrono::seconds(20)));
    purging.kill(SIGKILL);
    purging.wait();
    close(reader);
    std::remove(fifo.c_str());
    REQUIRE(poll_until([&] { return eventctl_sessions(db, "outbox purge") == 0; },
                       std::chrono::seconds(20)));
    // Detached and not dropped: its rows are no longer the outbox's, and still there.
    REQUIRE(detached_tables(db) == "outbox_w3");
    CHECK(db.scalar("SELECT count(*) FROM outbox_w3") == "40");
    CHECK(count_of(db, "true") == "202");
}

} // namespace

TEST_CASE("a purge killed between detaching a partition and dropping it: the rerun drops it") {
    TestDatabase db;
    kill_between_detach_and_drop(db);

    auto plan = planned(db);
    CHECK(plan["public.outbox_w3"]["decision"] == "drop");
    CHECK(plan["public.outbox_w3"]["rows"] == 40);
    CHECK_THAT(plan["public.outbox_w3"]["reason"].get<std::string>(),
               Catch::Contains("stopped before dropping it"));
    CHECK(detached_tables(db) == "outbox_w3");

    auto rerun = purge(db, {"--drop-partitions", "--yes"});
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    // The 40 of the detached table, and the 200 other old completed entries.
    CHECK(nlohmann::json::parse(rerun.out)["changed"] == 240);
    CHECK(detached_tables(db) == "");
    CHECK(count_of(db, "true") == "2");
}

TEST_CASE("a table a killed purge detached, that now holds a row the purge keeps, is attached "
          "again") {
    TestDatabase db;
    kill_between_detach_and_drop(db);
    // Written into by name while detached: a pending entry, which no purge may delete.
    db.exec("INSERT INTO outbox_w3 (event_type, payload, status, created_at) VALUES ('E', '{}', "
            "'pending', date_trunc('week', now()) - interval '2 weeks' - interval '2 days')");

    auto result = purged(db, {"--drop-partitions", "--yes"});
    auto fates = by_partition(result);
    CHECK(fates["public.outbox_w3"]["decision"] == "rows");
    CHECK_THAT(fates["public.outbox_w3"]["reason"].get<std::string>(),
               Catch::Contains("attached again"));
    // Back in the outbox: its old completed entries purged by rows, the pending one kept.
    CHECK(partitions_of(db, "outbox").find("outbox_w3") != std::string::npos);
    CHECK(detached_tables(db) == "");
    CHECK(result["changed"] == 240);
    CHECK(count_of(db, "status = 'pending'") == "2");
    CHECK(count_of(db, "true") == "3");
    CHECK(db.scalar("SELECT obj_description('outbox_w3'::regclass, 'pg_class') IS NULL") == "t");
}

TEST_CASE("a partition detached but not droppable is attached again and purged by rows") {
    TestDatabase db;
    insert_weeks(db);
    // A view on week 3's partition: DETACH lets it be, DROP TABLE refuses.
    db.exec("CREATE VIEW week_three AS SELECT id FROM outbox_w3");
    db.exec("COMMENT ON TABLE outbox_w3 IS 'week three: ''kept''\nfor the auditors'");
    auto result = purged(db, {"--drop-partitions", "--yes"});
    auto fates = by_partition(result);
    CHECK(fates["public.outbox_w3"]["decision"] == "rows");
    // The server's detail says what is in the way, on the same line.
    CHECK_THAT(fates["public.outbox_w3"]["reason"].get<std::string>(),
               Catch::Contains("cannot be dropped") &&
                   Catch::Contains("view public.week_three depends on table "
                                   "public.outbox_w3") &&
                   Catch::Contains("attached again"));
    CHECK(fates["public.outbox_w3"]["reason"].get<std::string>().find('\n') == std::string::npos);
    // Not the server's hint to drop with CASCADE, which would drop the view too.
    CHECK(fates["public.outbox_w3"]["reason"].get<std::string>().find("CASCADE") ==
          std::string::npos);
    CHECK(fates["public.outbox_w4"]["decision"] == "drop");
    // Back in the outbox with its own comment, and its old rows purged one by one like the
    // others'.
    CHECK(partitions_of(db, "outbox").find("outbox_w3") != std::string::npos);
    CHECK(db.scalar("SELECT obj_description('outbox_w3'::regclass, 'pg_class')") ==
          "week three: 'kept'\nfor the auditors");
    CHECK(result["changed"] == 240);
    CHECK(count_of(db, "true") == "2");
    CHECK(db.scalar("SELECT count(*) FROM week_three") == "0");
}

TEST_CASE("the partition the cutoff falls early in: only the blocks of its old rows are walked, "
          "and they go as the row purge's do") {
    TestDatabase rows_db;
    TestDatabase drop_db;
    // Week 2's 20,000 completed entries, one every 30 seconds in the order they are written, a
    // pending one among the first, and one of the old ones rewritten at the end of the table;
    // the cutoff an hour into the week. The purge reads only the blocks from the first old
    // entry to the last (from the index doctor recommends), which must lose none of them.
    for (const auto* db : {&rows_db, &drop_db}) {
        partition_outbox_weekly(*db, 4, 1);
        db->exec("CREATE INDEX ON outbox (status, processed_at)");
        db->exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
                 "SELECT 'E', jsonb_build_object('i', i), 'completed', date_trunc('week', now()) "
                 "- interval '2 weeks' + i * interval '30 seconds', date_trunc('week', now()) - "
                 "interval '2 weeks' + i * interval '30 seconds' + interval '1 minute' FROM "
                 "generate_series(0, 19999) i");
        db->exec("INSERT INTO outbox (event_type, payload, status, created_at) VALUES ('E', "
                 "'{\"pending\": 1}', 'pending', date_trunc('week', now()) - interval '2 weeks' + "
                 "interval '10 minutes')");
        db->exec("UPDATE outbox SET metadata = '{\"moved\": true}' WHERE payload = '{\"i\": 5}'");
        db->exec("ANALYZE outbox");
    }
    CHECK(drop_db.scalar("SELECT (ctid::text::point)[0] > 100 FROM outbox WHERE payload = "
                         "'{\"i\": 5}'") == "t");
    auto older_than = drop_db.scalar("SELECT EXTRACT(epoch FROM now() - date_trunc('week', now()) "
                                     "+ interval '2 weeks' - interval '1 hour' - interval '15 "
                                     "seconds')::bigint") +
                      "s";
    auto by_rows = run_eventctl({"outbox", "purge", "--older-than", older_than, "--yes", "--json",
                                 "-d", rows_db.conninfo()});
    auto by_drops =
        run_eventctl({"outbox", "purge", "--older-than", older_than, "--drop-partitions", "--yes",
                      "--json", "-d", drop_db.conninfo()});
    INFO(by_rows.err << by_drops.err);
    REQUIRE(by_rows.exit_code == 0);
    REQUIRE(by_drops.exit_code == 0);
    auto result = nlohmann::json::parse(by_drops.out);
    CHECK(by_partition(result)["public.outbox_w2"]["decision"] == "rows");
    // The entries finished in the week's first hour, the moved one among them, and no other.
    CHECK(result["changed"] == 119);
    CHECK(nlohmann::json::parse(by_rows.out)["changed"] == 119);
    CHECK(rows_left(rows_db) == rows_left(drop_db));
    CHECK(count_of(drop_db, "payload = '{\"i\": 5}'") == "0");
    CHECK(count_of(drop_db, "status = 'pending'") == "1");
}
