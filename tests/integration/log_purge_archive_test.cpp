// log purge --archive-to writes the archive outbox purge writes: checked before anything runs
// (standard output, pipes, a file a killed run cut off), zstd frames, and a manifest line per
// run that verifies the bytes it appended.
#include "process.h"
#include "table_snapshot.h"
#include "temp_directory.h"
#include "test_database.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace eventctl::test;

namespace {

// Events 1..count, each created 100 days ago, and a consumer past all of them.
void insert_old_events(const TestDatabase& db, int count) {
    db.exec("INSERT INTO event_log (stream_id, stream_seq, event_type, payload, created_at) "
            "SELECT 's' || i, 1, 'E', jsonb_build_object('n', i), now() - interval '100 days' "
            "FROM generate_series(1, " +
            std::to_string(count) + ") i");
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('reader', " +
            std::to_string(count) + ")");
}

std::vector<std::string> purge_args(const TestDatabase& db, const std::string& archive,
                                    std::vector<std::string> more = {}) {
    std::vector<std::string> args{"log",   "purge", "--older-than", "30d", "--archive-to", archive,
                                  "--yes", "-o",    "json",         "-d",  db.conninfo()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::int64_t> archived_seqs(const std::string& text) {
    std::vector<std::int64_t> seqs;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        seqs.push_back(nlohmann::json::parse(line)["seq_no"].get<std::int64_t>());
    }
    return seqs;
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

} // namespace

TEST_CASE("log purge's .zst archive holds the deleted events and its manifest verifies it") {
    TestDatabase db;
    insert_old_events(db, 250);
    TempDirectory dir;
    auto archive = dir.path("events.ndjson.zst");
    auto result = run_eventctl(purge_args(db, archive, {"--batch-size", "100"}));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 249); // the consumer at 250 keeps its own event
    CHECK(json["archived"] == 249);

    auto seqs = archived_seqs(shell("zstd -dcq '" + archive + "'"));
    REQUIRE(seqs.size() == 249);
    CHECK(std::is_sorted(seqs.begin(), seqs.end()));
    CHECK(seqs.front() == 1);
    CHECK(seqs.back() == 249);

    auto manifest = nlohmann::json::parse(contents(archive + ".manifest"));
    CHECK(manifest["archive"] == "events.ndjson.zst");
    CHECK(manifest["compression"] == "zstd");
    CHECK(manifest["command"] == "log purge");
    CHECK(manifest["table"] == "public.event_log");
    CHECK(manifest["cutoff"] == json["selection"]["cutoff"]);
    CHECK(manifest["database"] == json["database"]);
    CHECK(manifest["complete"] == true);
    CHECK(manifest["rows"] == 249);
    CHECK(manifest["deleted"] == 249);
    CHECK(manifest["from_byte"] == 0);
    CHECK(manifest["to_byte"] == contents(archive).size());
    CHECK(shell("sha256sum '" + archive + "'").substr(0, 64) == manifest["sha256"]);
}

TEST_CASE("log purge refuses an archive it cannot write safely before any statement runs") {
    TestDatabase db;
    insert_old_events(db, 20);
    TempDirectory dir;
    auto before = table_snapshot(db);

    auto to_stdout = run_eventctl(purge_args(db, "/dev/stdout"));
    CHECK(to_stdout.exit_code == 64);
    CHECK(to_stdout.err.find("standard output") != std::string::npos);
    CHECK(to_stdout.out.find("\"payload\"") == std::string::npos);

    // A file a killed run cut off in the middle of a line.
    auto torn = dir.path("torn.ndjson");
    std::ofstream(torn) << "{\"seq_no\": 1}\n{\"seq_no\"";
    auto cut_off = run_eventctl(purge_args(db, torn));
    CHECK(cut_off.exit_code == 65);

    auto fifo = dir.path("fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto pipe = run_eventctl(purge_args(db, fifo));
    CHECK(pipe.exit_code == 64);
    CHECK(pipe.err.find("--archive-unsafe-pipe") != std::string::npos);

    auto alone = run_eventctl({"log", "purge", "--older-than", "30d", "--archive-unsafe-pipe",
                               "--yes", "-d", db.conninfo()});
    CHECK(alone.exit_code == 64);

    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");

    // With the flag, the pipe's reader gets every deleted event, and there is no manifest.
    auto received = dir.path("received.ndjson");
    BackgroundProcess reader("/bin/sh", {"-c", "exec cat \"$0\" > \"$1\"", fifo, received});
    auto piped = run_eventctl(purge_args(db, fifo, {"--archive-unsafe-pipe"}));
    INFO(piped.err);
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find("warning: --archive-to " + fifo + " is a pipe") != std::string::npos);
    CHECK(reader.wait_for(std::chrono::seconds(30)).exit_code == 0);
    CHECK(archived_seqs(contents(received)).size() == 19);
    CHECK(db.scalar("SELECT count(*) FROM event_log") == "1");
    CHECK_FALSE(std::ifstream(fifo + ".manifest").good());
}

TEST_CASE("log purge's dry run with --archive-to says how many events it would archive") {
    TestDatabase db;
    insert_old_events(db, 20);
    TempDirectory dir;
    auto archive = dir.path("log.ndjson");
    auto before = data_tables_snapshot(db);

    auto json = run_eventctl(purge_args(db, archive, {"--dry-run"}));
    INFO(json.err);
    REQUIRE(json.exit_code == 0);
    auto result = nlohmann::json::parse(json.out);
    CHECK(result["dry_run"] == true);
    CHECK(result["changed"] == 19); // the consumer at 20 keeps its own event
    CHECK(result["archived"] == 19);

    CHECK(data_tables_snapshot(db) == before);
    CHECK_FALSE(std::ifstream(archive).good());
}
