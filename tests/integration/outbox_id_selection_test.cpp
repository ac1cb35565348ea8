// Changes selected by ids from --ids-from: an empty list is no error, ids that match nothing
// are counted by why, --strict fails when nothing changed, and a list is bounded and checked
// line by line before anything connects.
#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using namespace eventctl::test;

namespace {

ProcessResult run_with(const TestDatabase& db, std::vector<std::string> args,
                       const std::string& input) {
    args.insert(args.end(), {"-d", db.conninfo(), "-o", "json"});
    return run_eventctl(args, {}, input);
}

nlohmann::json unmatched(int not_found, int already_done, int wrong_state, int left_out) {
    return {{"not_found", not_found},
            {"already_done", already_done},
            {"wrong_state", wrong_state},
            {"left_out", left_out}};
}

// The canonical layout with text ids, for lists that a uuid check would stop at line 1.
std::string text_id_layout() {
    std::ifstream in(std::string(EVENTCTL_SOURCE_DIR) + "/libcore/layouts/canonical.json");
    std::stringstream text;
    text << in.rdbuf();
    auto layout = text.str();
    layout.replace(layout.find("\"id_type\": \"uuid\""), 17, "\"id_type\": \"text\"");
    std::string path = "/tmp/eventctl-text-ids-" + std::to_string(getpid()) + ".json";
    std::ofstream(path) << layout;
    return path;
}

} // namespace

TEST_CASE("an empty id list changes nothing and exits 0, or 3 with --strict") {
    TestDatabase db;
    insert_entry(db, {"failed"});
    insert_entry(db, {"dead"});
    auto before = table_snapshot(db);
    for (const char* input : {"", "\n", "  \n\r\n"}) {
        // With a filter too: an empty list must never widen to everything the filter takes.
        auto result = run_with(
            db, {"outbox", "retry", "--ids-from", "-", "--status", "failed,dead", "--yes"}, input);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        auto json = nlohmann::json::parse(result.out);
        CHECK(json["matched"] == 0);
        CHECK(json["changed"] == 0);
        CHECK(json["selection"]["ids"] == 0);
        CHECK(json["unmatched"] == unmatched(0, 0, 0, 0));
    }
    auto strict =
        run_with(db, {"outbox", "mark-dead", "--ids-from", "-", "--reason", "x", "--strict"}, "");
    CHECK(strict.exit_code == 3);
    CHECK(strict.err.find("nothing matched the selection (--strict)") != std::string::npos);
    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");
}

TEST_CASE("ids that match nothing are counted: not found, already done, wrong state, left out") {
    TestDatabase db;
    auto failed = insert_entry(db, {"failed", "OrderPlaced"});
    auto pending = insert_entry(db, {"pending"});
    auto completed = insert_entry(db, {"completed"});
    auto processing =
        insert_entry(db, {"processing", "OrderPlaced", "1 hour", "", "", "", "", "5 minutes"});
    auto dead_other_type = insert_entry(db, {"dead", "LegacyEvent"});
    const std::string unknown = "00000000-0000-4000-8000-000000000001";
    auto list = failed + "\n" + pending + "\n" + completed + "\n" + processing + "\n" +
                dead_other_type + "\n" + unknown + "\n" + failed + "\n";
    auto result = run_with(
        db, {"outbox", "retry", "--ids-from", "-", "--event-type", "OrderPlaced", "--yes"}, list);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["matched"] == 1);
    CHECK(json["changed"] == 1);
    CHECK(json["selection"]["ids"] == 6); // the repeated one counts once
    CHECK(json["unmatched"] == unmatched(1, 1, 2, 1));

    // The same accounting in a dry run, and in the table a person reads.
    auto table = run_eventctl({"outbox", "mark-dead", "--ids-from", "-", "--reason", "x",
                               "--dry-run", "-d", db.conninfo()},
                              {}, failed + "\n" + unknown + "\n");
    INFO(table.err);
    CHECK(table.exit_code == 0);
    CHECK(table.out.find("  ids not matched: 1 not found, 0 already done, 0 in another state, 0 "
                         "left out\n") != std::string::npos);
}

TEST_CASE("under --strict, nothing changed fails, also when workers held every match") {
    TestDatabase db;
    auto failed = insert_entry(db, {"failed"});
    pqxx::connection worker(db.conninfo());
    pqxx::work claim(worker);
    claim.exec("SELECT id FROM outbox WHERE id = '" + failed + "' FOR UPDATE");
    auto result = run_with(db, {"outbox", "retry", "--ids-from", "-", "--strict"}, failed + "\n");
    INFO(result.err);
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("nothing changed: workers held all 1 matching entries (--strict)") !=
          std::string::npos);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["matched"] == 1);
    CHECK(json["skipped_locked"] == 1);
    claim.abort();
    CHECK(db.scalar("SELECT status FROM outbox WHERE id = '" + failed + "'") == "failed");
}

TEST_CASE("id list errors name the line, and spot ids quoted by jq without -r") {
    TestDatabase db;
    auto failed = insert_entry(db, {"failed"});
    auto before = table_snapshot(db);
    auto quoted =
        run_with(db, {"outbox", "retry", "--ids-from", "-"}, failed + "\n\n\"" + failed + "\"\n");
    CHECK(quoted.exit_code == 65);
    CHECK(quoted.err.rfind("eventctl: --ids-from -: line 3: the id is in double quotes, as jq "
                           "prints a string without -r\nHINT: use jq -r",
                           0) == 0);
    std::string path = "/tmp/eventctl-ids-" + std::to_string(getpid());
    std::ofstream(path) << failed << "\n" << failed.substr(0, 20) << "\n";
    auto bad = run_with(db, {"outbox", "retry", "--ids-from", path}, "");
    std::remove(path.c_str());
    CHECK(bad.exit_code == 65);
    CHECK(bad.err.find("--ids-from " + path + ": line 2: invalid id") != std::string::npos);
    CHECK(table_snapshot(db) == before);
}

TEST_CASE("an endless id list is refused, before anything connects, in bounded memory") {
    // Neither waits for the database: an unreachable one would exit 69.
    const std::string nowhere = "host=127.0.0.1 port=1";
    // `yes` feeds "y" for ever: not a UUID, so the first line ends it.
    BackgroundProcess uuid_ids("/bin/sh", {"-c", "yes | \"$0\" outbox retry --ids-from - -d \"$1\"",
                                           EVENTCTL_BINARY, nowhere});
    auto first = uuid_ids.wait_for(std::chrono::seconds(60));
    CHECK(first.exit_code == 65);
    CHECK(first.err.rfind("eventctl: --ids-from -: line 1: invalid id \"y\"", 0) == 0);
    // With text ids "y" is an id, the same one each line: the line count ends it.
    auto layout = text_id_layout();
    BackgroundProcess text_ids(
        "/bin/sh", {"-c", "yes | \"$0\" outbox retry --ids-from - --layout \"$1\" -d \"$2\"",
                    EVENTCTL_BINARY, layout, nowhere});
    auto endless = text_ids.wait_for(std::chrono::seconds(60));
    std::remove(layout.c_str());
    INFO(endless.err);
    CHECK(endless.exit_code == 65);
    CHECK(endless.err.rfind("eventctl: --ids-from - has more than 1000000 lines\n", 0) == 0);
}
