// The klauthed layout against klauthed-data's SqlOutbox table: TEXT ids, the payload as JSON
// in a TEXT column, RFC 3339 TEXT times, and done meaning published = 1. There is no lock, no
// retry and no dead state: those commands are refused by name.

#include "layout_run.h"
#include "seed_schemas.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

namespace {

const std::string layout = "klauthed";

void fill(const TestDatabase& db) {
    db.exec(klauthed_ddl);
    db.exec("INSERT INTO outbox VALUES "
            "('01J1', 'account', 'a-1', 'account.opened', 1, '{\"owner\": \"ann\"}', "
            "'2026-10-01T10:00:00Z', 1, '2026-10-01T10:00:05Z'), "
            "('01J2', 'account', 'a-1', 'account.credited', 2, E'{\\n  \"amount\": 5\\n}', "
            "'2026-11-25T08:00:00Z', 0, NULL), "
            "('01J3', 'account', 'a-2', 'account.opened', 1, 'not json at all', "
            "'2026-11-30T11:00:00.5+01:00', 0, NULL), "
            "('01J4', 'account', 'a-2', 'account.closed', 2, '{}', '2026-11-20T08:00:00Z', 1, "
            "to_char(now() - interval '2 days', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))");
}

} // namespace

TEST_CASE("klauthed: stats, list and show read TEXT times and TEXT payloads") {
    TestDatabase db(false);
    fill(db);
    auto stats = json_with_layout(db, layout, {"outbox", "stats", "--by", "aggregate-type"});
    CHECK(stats["by_status"] == nlohmann::json{{"pending", 2},
                                               {"processing", nullptr},
                                               {"completed", 2},
                                               {"failed", nullptr},
                                               {"dead", nullptr}});
    CHECK(stats["total"] == 4);
    CHECK(stats["stale_locks"] == 0);
    CHECK(stats["groups"].size() == 1);
    CHECK(stats["groups"][0]["key"] == "account");

    auto listed = lines_with_layout(db, layout, {"outbox", "list", "--payload"});
    REQUIRE(listed.size() == 4);
    CHECK(listed[0]["id"] == "01J1");
    CHECK(listed[0]["created_at"] == "2026-10-01T10:00:00Z");
    CHECK(listed[0]["processed_at"] == "2026-10-01T10:00:05Z");
    CHECK(listed[0]["status"] == "completed");
    CHECK(listed[0]["payload"] == nlohmann::json{{"owner", "ann"}});
    CHECK(listed[1]["id"] == "01J4");
    // A pretty-printed payload comes out on one line (ndjson).
    CHECK(listed[2]["id"] == "01J2");
    CHECK(listed[2]["payload"] == nlohmann::json{{"amount", 5}});
    // An offset time is shown in UTC; a payload that is not JSON comes out as a string.
    CHECK(listed[3]["id"] == "01J3");
    CHECK(listed[3]["created_at"] == "2026-11-30T10:00:00.500000Z");
    CHECK(listed[3]["payload"] == "not json at all");

    auto filtered = json_with_layout(db, layout,
                                     {"outbox", "list", "--status", "pending", "--created-after",
                                      "2026-11-01", "--aggregate-id", "a-1"});
    REQUIRE(filtered["items"].size() == 1);
    CHECK(filtered["items"][0]["id"] == "01J2");

    auto shown = json_with_layout(db, layout, {"outbox", "show", "01J3"});
    CHECK(shown["aggregate_id"] == "a-2");
    auto missing = run_with_layout(db, layout, {"outbox", "show", "01J9"});
    CHECK(missing.exit_code == 65);
}

TEST_CASE("klauthed: a TEXT payload that is not UTF-8 is bad data (65), and only its rows fail") {
    // A SQL_ASCII database keeps any bytes in a TEXT column. eventctl reads in UTF-8, so the
    // server refuses to send such a value: the command exits 65 with one line and a hint, and
    // reads that leave the row out work.
    TestDatabase db(server_conninfo(), false, "SQL_ASCII");
    db.exec(klauthed_ddl);
    db.exec("INSERT INTO outbox VALUES "
            "('01J5', 'account', 'a-3', 'account.opened', 1, E'{\"name\": \"\\xff\\xfe\"}', "
            "'2026-11-20T08:00:00Z', 0, NULL), "
            "('01J6', 'account', 'a-3', 'account.opened', 2, '{\"name\": \"ok\"}', "
            "'2026-11-21T08:00:00Z', 0, NULL)");
    auto before = table_snapshot(db);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"outbox", "list", "--payload", "-o", "ndjson"}, {"outbox", "show", "01J5"}}) {
        auto failed = run_with_layout(db, layout, args);
        INFO(args[1] << ": " << failed.err);
        CHECK(failed.exit_code == 65);
        CHECK_THAT(failed.err, Catch::StartsWith("eventctl: invalid byte sequence for encoding"));
        CHECK_THAT(failed.err, Catch::Contains("HINT: a row read holds bytes that are not UTF-8"));
        // Nothing but the error: under -o ndjson it is also the one object on stdout.
        CHECK((failed.out.empty() ||
               nlohmann::json::parse(failed.out)["exit_code"] == failed.exit_code));
    }
    auto shown = json_with_layout(db, layout, {"outbox", "show", "01J6"});
    CHECK(shown["payload"] == nlohmann::json{{"name", "ok"}});
    auto later = lines_with_layout(
        db, layout, {"outbox", "list", "--payload", "--created-after", "2026-11-21"});
    REQUIRE(later.size() == 1);
    CHECK(later[0]["id"] == "01J6");
    CHECK(json_with_layout(db, layout, {"outbox", "stats"})["total"] == 2);
    CHECK(table_snapshot(db) == before);
}

TEST_CASE("klauthed: retry --include-completed republishes, purge deletes by published_at") {
    TestDatabase db(false);
    fill(db);
    auto republished =
        json_with_layout(db, layout, {"outbox", "retry", "01J4", "--include-completed"});
    CHECK(republished["changed"] == 1);
    CHECK(db.scalar("SELECT published || ' ' || coalesce(published_at, 'null') FROM outbox WHERE "
                    "id = '01J4'") == "0 null");

    auto purged = json_with_layout(db, layout, {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(purged["selection"]["age_from"] == "published_at, else occurred_at");
    CHECK(db.scalar("SELECT string_agg(id, ',' ORDER BY id) FROM outbox") == "01J2,01J3,01J4");
}

TEST_CASE("klauthed: commands the table cannot support are refused by name") {
    TestDatabase db(false);
    fill(db);
    auto before = table_snapshot(db, "public.outbox");
    struct Refusal {
        std::vector<std::string> args;
        std::string message;
    };
    for (const auto& refusal : std::vector<Refusal>{
             {{"outbox", "retry", "--all", "--yes"},
              "layout klauthed lacks a failed or dead state"},
             {{"outbox", "mark-dead", "01J2", "--reason", "x"},
              "layout klauthed lacks a dead state, which outbox mark-dead needs"},
             {{"outbox", "unlock-stale", "--all", "--yes"},
              "layout klauthed lacks a processing state, which outbox unlock-stale needs"},
             {{"outbox", "purge", "--older-than", "1d", "--status", "dead", "--yes"},
              "layout klauthed lacks a dead state"},
             {{"outbox", "list", "--error-contains", "x"}, "lacks a last_error column"},
             {{"log", "replay"}, "layout klauthed lacks an event log table"},
         }) {
        auto result = run_with_layout(db, layout, refusal.args);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find(refusal.message) != std::string::npos);
    }
    // Refused before connecting: an unreachable database changes nothing about the answer.
    auto offline = run_eventctl({"outbox", "mark-dead", "01J2", "--reason", "x", "--layout", layout,
                                 "-d", "host=/nonexistent dbname=x"});
    CHECK(offline.exit_code == 64);
    // A bad id for a TEXT id column is only an empty one.
    auto empty = run_with_layout(db, layout, {"outbox", "retry", "", "--include-completed"});
    CHECK(empty.exit_code == 65);
    CHECK(table_snapshot(db, "public.outbox") == before);
}
