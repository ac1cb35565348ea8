// purge --archive-to where the data leaves the database: a full disk, a file a killed run cut
// off, pipes, standard output, zstd and the manifest.
#include "process.h"
#include "small_filesystem.h"
#include "table_snapshot.h"
#include "temp_directory.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace eventctl::test;

namespace {

// count completed entries, finished 40 days ago, each with a payload of payload_bytes.
void insert_old_completed(const TestDatabase& db, int count, int payload_bytes = 20) {
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('i', i, 'pad', repeat('x', " +
            std::to_string(payload_bytes) +
            ")), 'completed', now() - interval '41 days', now() - interval '40 days' "
            "FROM generate_series(1, " +
            std::to_string(count) + ") i");
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The ids of an NDJSON archive's lines; every line must parse.
std::vector<std::string> archived_ids(const std::string& text) {
    std::vector<std::string> ids;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        ids.push_back(nlohmann::json::parse(line)["id"]);
    }
    return ids;
}

std::set<std::string> remaining_ids(const TestDatabase& db) {
    std::set<std::string> ids;
    for (const auto& row : db.exec("SELECT id::text FROM outbox")) {
        ids.insert(row[0].as<std::string>());
    }
    return ids;
}

std::string shell(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    pclose(pipe);
    return out;
}

std::vector<std::string> purge_args(const TestDatabase& db, const std::string& archive,
                                    std::vector<std::string> more = {}) {
    std::vector<std::string> args{"outbox", "purge", "--older-than", "30d", "--archive-to", archive,
                                  "--yes",  "-o",    "json",         "-d",  db.conninfo()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

} // namespace

TEST_CASE("a purge that fills the disk cuts its archive back and its rerun loses no row") {
    // The reproduction of the lost row: a 2 MB file system with 4 KB free, 50 rows of 10 KB.
    TestDatabase db;
    insert_old_completed(db, 50, 10 * 1024);
    auto all = remaining_ids(db);
    SmallFilesystem fs(2 * 1024 * 1024);
    auto archive = fs.path("outbox.ndjson");
    fs.fill_until(4096);

    auto full = run_eventctl(purge_args(db, archive));
    INFO(full.err);
    CHECK(full.exit_code == 75);
    CHECK(full.err.find("cannot write the archive " + archive +
                        ": No space left on device; "
                        "this batch was not deleted") != std::string::npos);
    CHECK(full.err.find("the archive was cut back to the 0 bytes it had before it") !=
          std::string::npos);
    CHECK(contents(archive).empty()); // no fragment for the rerun to append to
    CHECK(remaining_ids(db) == all);

    std::remove(fs.path("filler").c_str());
    auto rerun = run_eventctl(purge_args(db, archive));
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(remaining_ids(db).empty());
    auto ids = archived_ids(contents(archive)); // every line parses
    CHECK(std::set<std::string>(ids.begin(), ids.end()) == all);
    CHECK(ids.size() == all.size());
}

TEST_CASE("a purge that fills the disk after some batches keeps exactly those, archived") {
    TestDatabase db;
    // Few rows a page, so that batches of 10 rows span several pages and the disk fills
    // between batches.
    db.exec("ALTER TABLE outbox SET (fillfactor = 10)");
    insert_old_completed(db, 50, 10 * 1024);
    db.exec("ANALYZE outbox");
    auto all = remaining_ids(db);
    SmallFilesystem fs(2 * 1024 * 1024);
    auto archive = fs.path("outbox.ndjson");
    fs.fill_until(260 * 1024);

    auto full = run_eventctl(purge_args(db, archive, {"--batch-size", "10"}));
    INFO(full.err);
    CHECK(full.exit_code == 75);
    auto first = archived_ids(contents(archive)); // every line whole
    auto left = remaining_ids(db);
    CHECK(left.size() < all.size());
    CHECK(!left.empty());
    // What the archive holds is exactly what was deleted: the failed batch went from both.
    CHECK(first.size() == all.size() - left.size());
    for (const auto& id : first) {
        CHECK(left.count(id) == 0);
    }
    // The failed run's manifest line says what it did archive and delete, and why it stopped.
    auto manifest = nlohmann::json::parse(contents(archive + ".manifest"));
    CHECK(manifest["complete"] == false);
    CHECK(manifest["deleted"] == first.size());
    CHECK(manifest["rows"] == first.size());
    CHECK(manifest["failed"].get<std::string>().find("No space left") != std::string::npos);

    std::remove(fs.path("filler").c_str());
    auto rerun = run_eventctl(purge_args(db, archive, {"--batch-size", "10"}));
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(remaining_ids(db).empty());
    auto ids = archived_ids(contents(archive));
    CHECK(std::set<std::string>(ids.begin(), ids.end()) == all);
    CHECK(ids.size() == all.size());
}

TEST_CASE("an archive that ends in a cut-off line is refused before anything is deleted") {
    TestDatabase db;
    insert_old_completed(db, 30);
    TempDirectory dir;
    auto archive = dir.path("cut.ndjson");
    std::ofstream(archive, std::ios::binary) << "{\"id\": \"a\"}\n{\"id\": \"b\", \"pay";
    auto before = table_snapshot(db);
    auto refused = run_eventctl(purge_args(db, archive));
    INFO(refused.err);
    CHECK(refused.exit_code == 65);
    CHECK(refused.err.find("ends with 16 bytes of a cut-off line") != std::string::npos);
    CHECK(refused.err.find("HINT: cut the partial batch off with 'truncate -s 12 " + archive +
                           "'") != std::string::npos);
    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");
    // As the hint says.
    REQUIRE(truncate(archive.c_str(), 12) == 0);
    auto fixed = run_eventctl(purge_args(db, archive));
    INFO(fixed.err);
    CHECK(fixed.exit_code == 0);
    CHECK(archived_ids(contents(archive)).size() == 31);
}

TEST_CASE("a pipe as archive needs --archive-unsafe-pipe, and then its reader gets every row") {
    TestDatabase db;
    insert_old_completed(db, 40);
    TempDirectory dir;
    auto fifo = dir.path("fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto before = table_snapshot(db);

    // Refused before any statement runs: nothing deleted, nothing audited, nothing written.
    auto refused = run_eventctl(purge_args(db, fifo));
    INFO(refused.err);
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("is a pipe: a pipe cannot be flushed to disk") != std::string::npos);
    CHECK(refused.err.find("--archive-unsafe-pipe") != std::string::npos);
    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");

    auto received = dir.path("received.ndjson");
    BackgroundProcess reader("/bin/sh", {"-c", "exec cat \"$0\" > \"$1\"", fifo, received});
    auto piped = run_eventctl(purge_args(db, fifo, {"--archive-unsafe-pipe"}));
    INFO(piped.err);
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find("warning: --archive-to " + fifo + " is a pipe") != std::string::npos);
    CHECK(reader.wait_for(std::chrono::seconds(30)).exit_code == 0);
    CHECK(archived_ids(contents(received)).size() == 40);
    CHECK(remaining_ids(db).empty());
    CHECK_FALSE(std::ifstream(fifo + ".manifest").good()); // a pipe has no manifest

    // The option alone, or with a regular file, is refused.
    CHECK(run_eventctl({"outbox", "purge", "--older-than", "30d", "--archive-unsafe-pipe", "--yes",
                        "-d", db.conninfo()})
              .exit_code == 64);
    CHECK(run_eventctl(purge_args(db, dir.path("file.ndjson"), {"--archive-unsafe-pipe"}))
              .exit_code == 64);
}

TEST_CASE("standard output is refused as an archive: the result goes there too") {
    TestDatabase db;
    insert_old_completed(db, 5);
    auto before = table_snapshot(db);
    auto refused = run_eventctl(purge_args(db, "/dev/stdout"));
    INFO(refused.err);
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("is standard output, where the result is written too") !=
          std::string::npos);
    // Under -o json the refusal is the one document on stdout; no archived row went there.
    auto record = nlohmann::json::parse(refused.out);
    CHECK(record["exit_code"] == 64);
    CHECK(refused.out.find("\"payload\"") == std::string::npos);
    CHECK(table_snapshot(db) == before);
}

TEST_CASE("a .zst archive decompresses to the deleted rows, and its manifest verifies it") {
    TestDatabase db;
    insert_old_completed(db, 300, 200);
    auto all = remaining_ids(db);
    TempDirectory dir;
    auto archive = dir.path("outbox.ndjson.zst");
    auto result = run_eventctl(purge_args(db, archive, {"--batch-size", "100"}));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 300);
    CHECK(json["archived"] == 300);

    auto ids = archived_ids(shell("zstd -dcq '" + archive + "'"));
    CHECK(std::set<std::string>(ids.begin(), ids.end()) == all);
    CHECK(ids.size() == 300);

    auto manifest = nlohmann::json::parse(contents(archive + ".manifest"));
    CHECK(manifest["archive"] == "outbox.ndjson.zst");
    CHECK(manifest["compression"] == "zstd");
    CHECK(manifest["command"] == "outbox purge");
    CHECK(manifest["table"] == "public.outbox");
    CHECK(manifest["cutoff"] == json["selection"]["cutoff"]);
    CHECK(manifest["database"] == json["database"]);
    CHECK(manifest["complete"] == true);
    CHECK(manifest["rows"] == 300);
    CHECK(manifest["deleted"] == 300);
    CHECK(manifest["min_id"] == *std::min_element(ids.begin(), ids.end()));
    CHECK(manifest["max_id"] == *std::max_element(ids.begin(), ids.end()));
    CHECK(manifest["from_byte"] == 0);
    CHECK(manifest["to_byte"] == contents(archive).size());
    CHECK(shell("sha256sum '" + archive + "'").substr(0, 64) == manifest["sha256"]);

    // A second run appends a frame and a manifest line of its own, whose bytes verify alone.
    insert_old_completed(db, 7);
    REQUIRE(run_eventctl(purge_args(db, archive)).exit_code == 0);
    std::istringstream lines(contents(archive + ".manifest"));
    std::string line;
    std::vector<nlohmann::json> runs;
    while (std::getline(lines, line)) {
        runs.push_back(nlohmann::json::parse(line));
    }
    REQUIRE(runs.size() == 2);
    auto from = runs[1]["from_byte"].get<long>();
    auto to = runs[1]["to_byte"].get<long>();
    CHECK(from == runs[0]["to_byte"].get<long>());
    CHECK(runs[1]["rows"] == 7);
    CHECK(shell("tail -c +" + std::to_string(from + 1) + " '" + archive + "' | head -c " +
                std::to_string(to - from) + " | sha256sum")
              .substr(0, 64) == runs[1]["sha256"]);
    CHECK(std::stoi(shell("zstd -dcq '" + archive + "' | wc -l")) == 307);
}

TEST_CASE("a dry run with --archive-to says how many rows it would archive, and writes nothing") {
    TestDatabase db;
    insert_old_completed(db, 30);
    TempDirectory dir;
    auto archive = dir.path("outbox.ndjson");
    auto before = table_snapshot(db);

    auto json = run_eventctl(purge_args(db, archive, {"--dry-run"}));
    INFO(json.err);
    REQUIRE(json.exit_code == 0);
    auto result = nlohmann::json::parse(json.out);
    CHECK(result["dry_run"] == true);
    CHECK(result["changed"] == 30);
    CHECK(result["archived"] == 30);

    auto text = run_eventctl({"outbox", "purge", "--older-than", "30d", "--archive-to", archive,
                              "--dry-run", "-d", db.conninfo()});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("  would archive:   30\n") != std::string::npos);

    CHECK(table_snapshot(db) == before);
    CHECK_FALSE(std::ifstream(archive).good());
    CHECK_FALSE(std::ifstream(archive + ".manifest").good());
}
