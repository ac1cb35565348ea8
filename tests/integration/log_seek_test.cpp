#include "eventctl/error.h"
#include "eventctl/log/seek.h"
#include "json_documents.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using namespace eventctl;
using namespace eventctl::test;

namespace {

// Events 1..10, event i created at 2026-01-01T00:0i:00Z.
void insert_events(const TestDatabase& db) {
    db.exec("INSERT INTO event_log (stream_id, stream_seq, tenant_id, event_type, payload, "
            "created_at) SELECT 's' || i, 1, 't', 'E', jsonb_build_object('n', i), "
            "timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute' "
            "FROM generate_series(1, 10) i");
}

// A consumer at a position, last moved an hour ago: not live.
void set_consumer(const TestDatabase& db, const std::string& name, int position,
                  const std::string& moved_ago = "1 hour") {
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES ('" + name +
            "', " + std::to_string(position) + ", now() - interval '" + moved_ago +
            "') ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, "
            "updated_at = excluded.updated_at");
}

std::string position(const TestDatabase& db, const std::string& name) {
    return db.scalar("SELECT position FROM event_consumers WHERE consumer = '" + name + "'");
}

ProcessResult seek(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"log", "seek", "-d", db.conninfo()});
    return run_eventctl(args);
}

std::string audit_count(const TestDatabase& db) {
    return db.scalar("SELECT count(*) FROM eventctl_audit WHERE command = 'log seek'");
}

// A file name in /tmp that is removed when the test ends.
class TempPath {
  public:
    TempPath() {
        char path[] = "/tmp/eventctl-seek-XXXXXX";
        int fd = mkstemp(path);
        close(fd);
        m_path = path;
    }
    ~TempPath() { std::remove(m_path.c_str()); }
    const std::string& str() const { return m_path; }
    std::string contents() const {
        std::ifstream in(m_path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

  private:
    std::string m_path;
};

} // namespace

TEST_CASE("log seek lands each target on the exact position") {
    TestDatabase db;
    insert_events(db);
    struct Case {
        std::vector<std::string> target;
        int expected;
        bool warns;
    };
    for (const auto& [target, expected, warns] : std::vector<Case>{
             {{"--to-beginning"}, 0, false},
             {{"--to-end"}, 10, false},
             {{"--to-seq", "4"}, 3, false},   // the next event delivered is 4
             {{"--to-seq", "1"}, 0, false},   // the first event
             {{"--to-seq", "11"}, 10, false}, // the next event to come
             {{"--to-seq", "50"}, 10, true},  // past the end: clamped
             {{"--to-seq", "0"}, 0, true},    // before the beginning: clamped
             {{"--to-seq", "-7"}, 0, true},
             {{"--to-time", "2026-01-01T00:04:30Z"}, 4, false},        // between events 4 and 5
             {{"--to-time", "2026-01-01T00:05:00Z"}, 4, false},        // exactly event 5's time
             {{"--to-time", "2026-01-01T00:10:00.000001Z"}, 10, true}, // after the last event
             {{"--to-time", "2025-12-31"}, 0, false},                  // before the first event
             {{"--shift-by", "-3"}, 2, false},
             {{"--shift-by", "+2"}, 7, false},
             {{"--shift-by", "-100"}, 0, true}, // below zero: clamped
             {{"--shift-by", "100"}, 10, true},
         }) {
        set_consumer(db, "billing", 5);
        std::vector<std::string> args{"billing", "-o", "json"};
        args.insert(args.end(), target.begin(), target.end());
        auto result = seek(db, args);
        INFO(target[0] << " " << (target.size() > 1 ? target[1] : "") << ": " << result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(position(db, "billing") == std::to_string(expected));
        auto plan = nlohmann::json::parse(result.out);
        CHECK(plan["dry_run"] == false);
        CHECK(plan["plan"][0]["from"] == 5);
        CHECK(plan["plan"][0]["to"] == expected);
        CHECK(plan["plan"][0]["lag_after"] == 10 - expected);
        CHECK(plan["plan"][0]["lag_before"] == 5);
        CHECK((result.err.find("warning:") != std::string::npos) == warns);
    }
}

TEST_CASE("log seek --by-duration goes back from now") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload, created_at) VALUES "
            "('E', '{}', now() - interval '3 hours'), ('E', '{}', now() - interval '1 hour'), "
            "('E', '{}', now())");
    set_consumer(db, "billing", 3);
    REQUIRE(seek(db, {"billing", "--by-duration", "2h"}).exit_code == 0);
    CHECK(position(db, "billing") == "1"); // the next event is the one an hour old
    REQUIRE(seek(db, {"billing", "--by-duration", "PT4H", "--force"}).exit_code == 0);
    CHECK(position(db, "billing") == "0");
}

TEST_CASE("log seek's beginning is before the first event retention kept") {
    TestDatabase db;
    insert_events(db);
    db.exec("DELETE FROM event_log WHERE seq_no <= 3");
    set_consumer(db, "billing", 8);
    REQUIRE(seek(db, {"billing", "--to-beginning"}).exit_code == 0);
    CHECK(position(db, "billing") == "3");
    // Below the low watermark the events are gone: the seek says so instead of starting later.
    set_consumer(db, "billing", 8);
    auto purged = seek(db, {"billing", "--to-seq", "2"});
    CHECK(purged.exit_code == 65);
    CHECK(position(db, "billing") == "8");
    CHECK_THAT(purged.err, Catch::Contains("before seq_no 4 were purged"));
    // Before the first position the log could ever have had there is nothing to miss.
    auto clamped = seek(db, {"billing", "--to-seq", "0"});
    REQUIRE(clamped.exit_code == 0);
    CHECK(position(db, "billing") == "3");
    CHECK_THAT(clamped.err, Catch::Contains("before the beginning"));
}

TEST_CASE("log seek of an unknown consumer needs --create") {
    TestDatabase db;
    insert_events(db);
    auto unknown = seek(db, {"newbie", "--to-seq", "4"});
    CHECK(unknown.exit_code == 65);
    CHECK_THAT(unknown.err, Catch::StartsWith("eventctl: no consumer named \"newbie\""));
    CHECK(db.scalar("SELECT count(*) FROM event_consumers") == "0");
    CHECK(seek(db, {"newbie", "--create", "--shift-by", "1"}).exit_code == 64);

    auto created = seek(db, {"newbie", "--create", "--to-seq", "4", "--json"});
    REQUIRE(created.exit_code == 0);
    CHECK(position(db, "newbie") == "3");
    auto plan = nlohmann::json::parse(created.out);
    CHECK(plan["plan"][0]["from"].is_null());
    CHECK(plan["plan"][0]["lag_before"].is_null());
    CHECK(plan["plan"][0]["to"] == 3);
    // A consumer that exists is simply moved, --create or not; this one just moved, so --force.
    REQUIRE(seek(db, {"newbie", "--create", "--to-end", "--force"}).exit_code == 0);
    CHECK(position(db, "newbie") == "10");
}

TEST_CASE("log seek --dry-run prints the plan and changes nothing") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "billing", 5);
    auto dry = seek(db, {"billing", "--to-seq", "3", "--dry-run", "-o", "json"});
    REQUIRE(dry.exit_code == 0);
    CHECK(without_run_record(nlohmann::json::parse(dry.out)) ==
          nlohmann::json::parse(R"({"dry_run": true, "plan": [{"consumer": "billing", "from": 5,
              "to": 2, "lag_before": 5, "lag_after": 8}]})"));
    CHECK(position(db, "billing") == "5");
    CHECK(audit_count(db) == "0");

    auto table = seek(db, {"billing", "--to-seq", "3", "--dry-run"});
    CHECK_THAT(table.out,
               Catch::StartsWith("CONSUMER") &&
                   Catch::Contains("dry run: 1 consumer would move; nothing was changed"));
    auto csv = seek(db, {"billing", "--to-seq", "3", "--dry-run", "-o", "csv"});
    CHECK(csv.out == "consumer,from,to,lag_before,lag_after\r\nbilling,5,2,5,8\r\n");
}

TEST_CASE("log seek --all moves every consumer, after confirmation") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "a", 1);
    set_consumer(db, "b", 9);
    auto unconfirmed = seek(db, {"--all", "--to-seq", "6"});
    CHECK(unconfirmed.exit_code == 3);
    CHECK_THAT(unconfirmed.err, Catch::Contains("--yes"));
    CHECK(position(db, "a") == "1");

    auto moved = seek(db, {"--all", "--to-seq", "6", "--yes", "--json"});
    REQUIRE(moved.exit_code == 0);
    CHECK(position(db, "a") == "5");
    CHECK(position(db, "b") == "5");
    CHECK(nlohmann::json::parse(moved.out)["plan"].size() == 2);
    CHECK(audit_count(db) == "1");
    auto record = db.exec("SELECT matched, changed, selection->>'to_seq', dry_run, command_line "
                          "FROM eventctl_audit");
    CHECK(record[0][0].as<int>() == 2);
    CHECK(record[0][1].as<int>() == 2);
    CHECK(record[0][2].as<std::string>() == "6");
    CHECK_FALSE(record[0][3].as<bool>());
    CHECK_THAT(record[0][4].as<std::string>(), Catch::Contains("--all --to-seq 6"));
}

TEST_CASE("log seek refuses a live consumer unless --force") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "live", 5, "2 seconds");
    set_consumer(db, "idle", 5);
    auto refused = seek(db, {"live", "--to-seq", "2"});
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Catch::StartsWith("eventctl: refusing to move live consumers") &&
                                Catch::Contains("\"live\" (moved ") && Catch::Contains("--force"));
    CHECK(position(db, "live") == "5");

    // A refused seek leaves an --export file as it was, and makes none.
    TempPath kept;
    std::ofstream(kept.str()) << "old plan\n";
    CHECK(seek(db, {"live", "--to-seq", "2", "--export", kept.str()}).exit_code == 3);
    CHECK(kept.contents() == "old plan\n");
    auto fresh = kept.str() + ".new";
    CHECK(seek(db, {"live", "--to-seq", "2", "--export", fresh}).exit_code == 3);
    CHECK_FALSE(std::filesystem::exists(fresh));
    CHECK(seek(db, {"idle", "--to-end", "--export", "/nonexistent/plan.csv"}).exit_code == 64);
    CHECK(position(db, "idle") == "5");

    // --all with one live consumer moves none.
    CHECK(seek(db, {"--all", "--to-seq", "2", "--yes"}).exit_code == 3);
    CHECK(position(db, "idle") == "5");

    // A dry run shows the plan and says it would be refused.
    auto dry = seek(db, {"live", "--to-seq", "2", "--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK_THAT(dry.err, Catch::Contains("would refuse"));

    CHECK(seek(db, {"live", "--to-seq", "2", "--active-window", "1s"}).exit_code == 0);
    CHECK(position(db, "live") == "1");
    CHECK(seek(db, {"live", "--to-seq", "3", "--force"}).exit_code == 0);
    CHECK(position(db, "live") == "2");
    CHECK(audit_count(db) == "2");
}

TEST_CASE("log seek of a live consumer already at its target is no move, so not refused") {
    // The rerun of a seek that went through (its client killed before it printed the result)
    // must not be refused as moving consumers it would leave where they are.
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "live", 3, "1 second");
    set_consumer(db, "idle", 5);
    auto rerun = seek(db, {"live", "--to-seq", "4", "-o", "json"});
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(nlohmann::json::parse(rerun.out)["plan"][0]["to"] == 3);
    CHECK(position(db, "live") == "3");
    // Moving it is still refused, and so is an --all that would move it along with others.
    CHECK(seek(db, {"live", "--to-seq", "2"}).exit_code == 3);
    CHECK(seek(db, {"--all", "--to-seq", "2", "--yes"}).exit_code == 3);
    CHECK(seek(db, {"--all", "--to-seq", "4", "--yes"}).exit_code == 0);
    CHECK(position(db, "idle") == "3");
    CHECK(position(db, "live") == "3");
}

TEST_CASE("log seek does not count its own moves as the consumer's activity") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "billing", 5);
    REQUIRE(seek(db, {"billing", "--to-seq", "9"}).exit_code == 0);
    // A mistake corrected at once: the last update was the seek's, not the consumer's.
    auto corrected = seek(db, {"billing", "--to-seq", "4"});
    INFO(corrected.err);
    CHECK(corrected.exit_code == 0);
    CHECK(position(db, "billing") == "3");
    // The same for a consumer the seek just created, and for a saved plan applied right after.
    REQUIRE(seek(db, {"audit-sink", "--create", "--to-end"}).exit_code == 0);
    CHECK(seek(db, {"audit-sink", "--to-beginning"}).exit_code == 0);
    CHECK(position(db, "audit-sink") == "0");
    TempPath plan;
    REQUIRE(seek(db, {"--all", "--to-seq", "7", "--dry-run", "--export", plan.str()}).exit_code ==
            0);
    auto applied = seek(db, {"--from-file", plan.str()});
    INFO(applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(position(db, "billing") == "6");
    CHECK(position(db, "audit-sink") == "6");
    CHECK(audit_count(db) == "5");

    // Once the consumer acknowledges on its own, it is live again.
    db.exec("UPDATE event_consumers SET position = 7, updated_at = now() WHERE consumer = "
            "'billing'");
    auto live = seek(db, {"billing", "--to-seq", "2"});
    CHECK(live.exit_code == 3);
    CHECK_THAT(live.err, Catch::Contains("\"billing\" (moved "));
    // So is one that acknowledges the very position the seek wrote.
    REQUIRE(seek(db, {"audit-sink", "--to-seq", "3"}).exit_code == 0);
    db.exec("UPDATE event_consumers SET updated_at = now() WHERE consumer = 'audit-sink'");
    CHECK(seek(db, {"audit-sink", "--to-seq", "5"}).exit_code == 3);
    CHECK(position(db, "audit-sink") == "2");
}

TEST_CASE("log seek leaves a consumer already at its target alone: it neither blocks nor is "
          "written") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "at-head", 10, "2 seconds"); // live, and already at the end
    set_consumer(db, "behind", 3);
    auto updated_at = [&db](const std::string& name) {
        return db.scalar("SELECT updated_at FROM event_consumers WHERE consumer = '" + name + "'");
    };
    auto before = updated_at("at-head");
    auto all = seek(db, {"--all", "--to-end", "--yes", "--json"});
    INFO(all.err);
    REQUIRE(all.exit_code == 0);
    CHECK(position(db, "behind") == "10");
    CHECK(updated_at("at-head") == before);
    CHECK(nlohmann::json::parse(all.out)["plan"].size() == 2);
    CHECK(audit_count(db) == "1");

    auto alone = seek(db, {"at-head", "--to-end"});
    INFO(alone.err);
    CHECK(alone.exit_code == 0);
    CHECK(updated_at("at-head") == before);
    CHECK(audit_count(db) == "1"); // nothing moved: nothing to audit
}

TEST_CASE("log seek --export then --from-file reproduces the same positions") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "a", 2);
    set_consumer(db, "b, \"quoted\"", 7);
    set_consumer(db, "c", 9);
    TempPath backup;
    auto exported = seek(db, {"--all", "--shift-by", "0", "--dry-run", "--export", backup.str()});
    REQUIRE(exported.exit_code == 0);
    CHECK(backup.contents() ==
          "consumer,from,to\r\na,2,2\r\n\"b, \"\"quoted\"\"\",7,7\r\nc,9,9\r\n");

    TempPath plan;
    auto planned = seek(db, {"--all", "--to-seq", "5", "--dry-run", "--export", plan.str()});
    REQUIRE(planned.exit_code == 0);
    CHECK(position(db, "a") == "2");
    auto applied = seek(db, {"--from-file", plan.str(), "-o", "json"});
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(applied.err.empty());
    for (const auto& name : {"a", "b, \"quoted\"", "c"}) {
        CHECK(position(db, name) == "4");
    }
    CHECK(audit_count(db) == "1");

    // The backup restores the positions from before, though they moved since (a warning each).
    auto restored = seek(db, {"--from-file", backup.str(), "--force"});
    REQUIRE(restored.exit_code == 0);
    CHECK(position(db, "a") == "2");
    CHECK(position(db, "b, \"quoted\"") == "7");
    CHECK(position(db, "c") == "9");
    CHECK_THAT(restored.err, Catch::Contains("the plan has it at 2, it is at 4 now"));

    // A plan naming a consumer that is gone needs --create.
    db.exec("DELETE FROM event_consumers WHERE consumer = 'c'");
    CHECK(seek(db, {"--from-file", backup.str(), "--force"}).exit_code == 65);
    REQUIRE(seek(db, {"--from-file", backup.str(), "--force", "--create"}).exit_code == 0);
    CHECK(position(db, "c") == "9");

    TempPath broken;
    std::ofstream(broken.str()) << "consumer,from,to\na,1,many\n";
    auto bad = seek(db, {"--from-file", broken.str()});
    CHECK(bad.exit_code == 65);
    CHECK_THAT(bad.err, Catch::Contains(":2: to: \"many\" is not a position"));
}

TEST_CASE("log seek rechecks under the row lock a consumer that moved after the plan") {
    TestDatabase db;
    insert_events(db);
    set_consumer(db, "billing", 5);
    auto source = canonical_log_source(TableNames{});
    SeekOptions options;
    options.consumers = {"billing"};
    options.target = {SeekTargetKind::shift, -2, {}};
    options.audit_table = TableNames{}.audit_table();
    auto session = db.session(Command::log_seek);
    auto plan = preview_seek(session, source, options);
    REQUIRE(plan.moves.size() == 1);
    CHECK(plan.moves[0].to == 3);

    // The consumer acknowledges 8 between the plan and the lock: it is live after all.
    db.exec("UPDATE event_consumers SET position = 8, updated_at = now() "
            "WHERE consumer = 'billing'");
    CHECK_THROWS_AS(apply_seek(session, source, options, plan), RefusedError);
    CHECK(position(db, "billing") == "8");
    CHECK(audit_count(db) == "0");

    options.force = true;
    auto applied = apply_seek(session, source, options, plan);
    CHECK(applied.moves[0].from == 8);
    CHECK(applied.moves[0].to == 6); // replanned from where it is now
    CHECK(position(db, "billing") == "6");
    CHECK_FALSE(applied.warnings.empty());
    CHECK(audit_count(db) == "1");
}
