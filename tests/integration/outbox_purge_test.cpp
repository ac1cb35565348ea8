#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

using namespace eventctl::test;

namespace {

// 600 old completed, 50 old dead, 50 old failed, 30 old pending and processing, 100 recent
// completed: only the old finished rows may go.
void insert_purgeable(const TestDatabase& db) {
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('i', i), s.status, now() - interval '40 days', "
            "CASE WHEN s.status IN ('completed', 'dead') THEN now() - interval '39 days' END "
            "FROM generate_series(1, 780) i CROSS JOIN LATERAL (SELECT CASE "
            "WHEN i <= 600 THEN 'completed' WHEN i <= 650 THEN 'dead' WHEN i <= 700 THEN 'failed' "
            "WHEN i <= 740 THEN 'pending' ELSE 'processing' END AS status) s");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', '{}', 'completed', now() - interval '40 days', now() - interval '1 day' "
            "FROM generate_series(1, 100)");
}

std::map<std::string, int> counts_by_status(const TestDatabase& db) {
    std::map<std::string, int> counts;
    for (const auto& row : db.exec("SELECT status, count(*) FROM outbox GROUP BY status")) {
        counts[row[0].as<std::string>()] = row[1].as<int>();
    }
    return counts;
}

std::vector<std::string> archived_ids(const std::string& path) {
    std::vector<std::string> ids;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        ids.push_back(nlohmann::json::parse(line)["id"]);
    }
    return ids;
}

std::string temp_path(const std::string& name) {
    return "/tmp/eventctl-purge-" + std::to_string(getpid()) + "-" + name;
}

} // namespace

TEST_CASE("purge deletes old completed entries in batches and nothing else") {
    TestDatabase db;
    insert_purgeable(db);
    auto result = run_eventctl({"outbox", "purge", "--older-than", "30d", "--batch-size", "100",
                                "--yes", "-d", db.conninfo(), "--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["command"] == "outbox purge");
    CHECK(json["matched"] == 600);
    CHECK(json["changed"] == 600);
    CHECK(json["batches"].get<int>() > 1);
    CHECK(json["selection"]["status"] == nlohmann::json{"completed"});
    CHECK(json["selection"]["age_from"] == "processed_at, else created_at");
    CHECK_FALSE(json.contains("archived"));
    CHECK(
        counts_by_status(db) ==
        std::map<std::string, int>{
            {"completed", 100}, {"dead", 50}, {"failed", 50}, {"pending", 40}, {"processing", 40}});
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit WHERE command = 'outbox purge' AND "
                    "changed = 600") == "1");
}

TEST_CASE("purge deletes around an old row that another session holds, and counts it skipped") {
    TestDatabase db;
    insert_purgeable(db);
    // A held row makes its range's plain DELETE give up after 20 ms; that range is then locked
    // row by row with SKIP LOCKED, the other ranges take the plain DELETE.
    pqxx::connection other(db.conninfo());
    pqxx::work holder(other);
    // FOR UPDATE would lock the rows OFFSET skips as well: pick the row first, then lock it.
    auto held = holder
                    .exec("SELECT id::text FROM outbox WHERE id = (SELECT id FROM outbox WHERE "
                          "status = 'completed' AND processed_at < now() - interval '30 days' "
                          "ORDER BY ctid OFFSET 250 LIMIT 1) FOR UPDATE")[0][0]
                    .as<std::string>();
    auto started = std::chrono::steady_clock::now();
    auto result = run_eventctl({"outbox", "purge", "--older-than", "30d", "--batch-size", "100",
                                "--yes", "-d", db.conninfo(), "--json"});
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["matched"] == 600);
    CHECK(json["changed"] == 599);
    CHECK(json["skipped_locked"] == 1);
    CHECK(seconds.count() < 4); // never the session's 5 s lock_timeout
    holder.commit();
    CHECK(db.scalar("SELECT status FROM outbox WHERE id = '" + held + "'") == "completed");
    CHECK(counts_by_status(db)["completed"] == 101);
    CHECK(db.scalar("SELECT changed FROM eventctl_audit WHERE command = 'outbox purge'") == "599");
}

TEST_CASE("purge takes dead and failed only when named, and never pending or processing") {
    TestDatabase db;
    insert_purgeable(db);
    auto named = run_eventctl({"outbox", "purge", "--older-than", "30d", "--status", "dead,failed",
                               "--force", "--yes", "-d", db.conninfo(), "--json"});
    REQUIRE(named.exit_code == 0);
    CHECK(nlohmann::json::parse(named.out)["changed"] == 100);
    CHECK(counts_by_status(db)["completed"] == 700);

    auto before = table_snapshot(db);
    for (const char* status : {"pending", "processing", "completed,pending"}) {
        auto refused = run_eventctl({"outbox", "purge", "--older-than", "0s", "--status", status,
                                     "--yes", "-d", db.conninfo()});
        CHECK(refused.exit_code == 64);
    }
    CHECK(table_snapshot(db) == before);
}

TEST_CASE("purge stops at --max-rows and archives every deleted row") {
    TestDatabase db;
    insert_purgeable(db);
    auto archive = temp_path("max-rows.ndjson");
    auto result =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--max-rows", "250", "--batch-size",
                      "100", "--archive-to", archive, "--yes", "-d", db.conninfo(), "--json"});
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 250);
    CHECK(json["archived"] == 250);
    // Cut short by the bound it was given: said so, and exit 0 (it did what was asked).
    CHECK(json["complete"] == false);
    CHECK(json["stopped_by"] == "max-rows");
    CHECK(db.scalar("SELECT result->>'outcome' || ' ' || (result->>'stopped_by') FROM "
                    "eventctl_audit") == "stopped max-rows");
    auto ids = archived_ids(archive);
    CHECK(ids.size() == 250);
    CHECK(counts_by_status(db)["completed"] == 450);
    std::remove(archive.c_str());
    std::remove((archive + ".manifest").c_str());
}

TEST_CASE("purge stops at --max-duration between batches, and says so") {
    TestDatabase db;
    insert_purgeable(db);
    auto result =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--max-duration", "1s", "--sleep",
                      "2s", "--batch-size", "100", "--yes", "-o", "ndjson", "-d", db.conninfo()});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(result.out.find('\n') == result.out.size() - 1);
    auto line = nlohmann::json::parse(result.out);
    CHECK(line["complete"] == false);
    CHECK(line["stopped_by"] == "max-duration");
    CHECK(line["changed"] > 0);
    CHECK(counts_by_status(db)["completed"] == 700 - line["changed"].get<int>());
    CHECK(db.scalar("SELECT result->>'outcome' FROM eventctl_audit") == "stopped");
}

TEST_CASE("a purge refused for its archive or its table leaves no audit record") {
    TestDatabase db;
    insert_purgeable(db);
    auto before = table_snapshot(db);
    auto archive = run_eventctl({"outbox", "purge", "--older-than", "30d", "--archive-to",
                                 "/nonexistent/dir/a.ndjson", "--yes", "-d", db.conninfo()});
    CHECK(archive.exit_code == 64);
    CHECK(archive.err.find("--archive-to: cannot create /nonexistent/dir/a.ndjson") !=
          std::string::npos);
    auto table =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--outbox-table", "no_such_outbox",
                      "--archive-to", temp_path("unused.ndjson"), "--yes", "-d", db.conninfo()});
    CHECK(table.exit_code == 64);
    CHECK(table.err.find("\"public.no_such_outbox\" does not exist") != std::string::npos);
    CHECK_FALSE(std::ifstream(temp_path("unused.ndjson")).good()); // no empty archive either
    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");
}

TEST_CASE("a second purge of the same table exits 75 while one runs") {
    TestDatabase db;
    insert_purgeable(db);
    pqxx::connection other(db.conninfo());
    pqxx::nontransaction lock(other);
    lock.exec(
        "SELECT pg_advisory_lock(hashtextextended('eventctl purge \"public\".\"outbox\"', 0))");
    auto result =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--yes", "-d", db.conninfo()});
    CHECK(result.exit_code == 75);
    CHECK(result.err.find("another purge of public.outbox is running") != std::string::npos);
    CHECK(counts_by_status(db)["completed"] == 700);
}

TEST_CASE(
    "purge killed mid-run leaves whole batches, and a rerun finishes with every row archived") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('i', i), 'completed', now() - interval '40 days', "
            "now() - interval '39 days' FROM generate_series(1, 3000) i");
    auto ids_before = db.exec("SELECT id::text FROM outbox");
    auto first_archive = temp_path("first.ndjson");
    auto second_archive = temp_path("second.ndjson");
    {
        BackgroundProcess purge({"outbox", "purge", "--older-than", "30d", "--batch-size", "100",
                                 "--sleep", "1s", "--archive-to", first_archive, "--yes", "-d",
                                 db.conninfo()});
        // Wait (bounded) until two batches are on disk, then crash it.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            auto deleted = std::stoi(db.scalar("SELECT 3000 - count(*) FROM outbox"));
            if (deleted > 0 &&
                archived_ids(first_archive).size() > static_cast<std::size_t>(deleted)) {
                break; // a batch is flushed but not yet committed: the worst moment
            }
            if (deleted >= 200) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20)); // poll interval
        }
        purge.kill(SIGKILL);
        CHECK(purge.wait().exit_code == 128 + SIGKILL);
    }
    auto remaining_after_kill = std::stoi(db.scalar("SELECT count(*) FROM outbox"));
    CHECK(remaining_after_kill < 3000);
    CHECK(remaining_after_kill > 0);
    // The advisory lock went with the killed session, so the rerun may start.
    auto rerun = run_eventctl({"outbox", "purge", "--older-than", "30d", "--archive-to",
                               second_archive, "--yes", "-d", db.conninfo(), "--json"});
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(db.scalar("SELECT count(*) FROM outbox") == "0");
    // The killed run's audit record counts exactly what it committed.
    CHECK(db.scalar("SELECT string_agg(changed::text, ',' ORDER BY id) FROM eventctl_audit") ==
          std::to_string(3000 - remaining_after_kill) + "," + std::to_string(remaining_after_kill));

    std::map<std::string, int> seen;
    for (const auto& path : {first_archive, second_archive}) {
        for (const auto& id : archived_ids(path)) {
            ++seen[id];
        }
    }
    for (const auto& row : ids_before) {
        CHECK(seen.count(row[0].as<std::string>()) == 1);
    }
    int twice = 0;
    for (const auto& [id, times] : seen) {
        CHECK(times <= 2);
        twice += times == 2 ? 1 : 0;
    }
    // Only the batch flushed but not committed when the kill came can be in both archives.
    CHECK(twice <= 200);
    for (const auto& path : {first_archive, second_archive}) {
        std::remove(path.c_str());
        std::remove((path + ".manifest").c_str());
    }
}
