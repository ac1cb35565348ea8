// Following a hint must not create a shadow outbox: a schema that does not exist, or a table
// that lives in another schema, is said so, with the schema probably meant; schema init is
// suggested only when the schema exists and no such table exists anywhere.

#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

namespace {

ProcessResult stats(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"outbox", "stats", "-d", db.conninfo()});
    return run_eventctl(args);
}

} // namespace

TEST_CASE("missing table: a mistyped --schema is named, with the schema that holds the table") {
    TestDatabase db;
    auto typo = stats(db, {"--schema", "pubilc"});
    CHECK(typo.exit_code == 64);
    CHECK(typo.out.empty());
    CHECK(typo.err == "eventctl: schema \"pubilc\" does not exist (looking for pubilc.outbox)\n"
                      "HINT: did you mean --schema public? it holds a table named outbox\n");
    CHECK(typo.err.find("schema init") == std::string::npos);
    // Nothing was created, so the next run says the same.
    CHECK(db.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'pubilc'") == "0");

    // The same for the changes and the log.
    auto purge = run_eventctl({"outbox", "purge", "--older-than", "30d", "--yes", "--schema",
                               "pubilc", "-d", db.conninfo()});
    CHECK(purge.exit_code == 64);
    CHECK(purge.err.rfind("eventctl: schema \"pubilc\" does not exist", 0) == 0);
    auto consumers = run_eventctl({"log", "consumers", "--schema", "evnts", "-d", db.conninfo()});
    CHECK(consumers.exit_code == 64);
    CHECK(consumers.err.find("HINT: did you mean --schema public?") != std::string::npos);
}

TEST_CASE("missing table: a schema that exists but holds no such table points at the one that "
          "does") {
    TestDatabase db;
    db.exec("CREATE SCHEMA events");
    auto result = stats(db, {"--schema", "events"});
    CHECK(result.exit_code == 64);
    CHECK(result.err == "eventctl: relation \"events.outbox\" does not exist; a table of that "
                        "name is in public\nHINT: did you mean --schema public?\n");
    // A layout whose table lives in another schema is told the same.
    db.exec("CREATE SCHEMA billing; ALTER TABLE public.outbox SET SCHEMA billing");
    auto moved = stats(db, {});
    CHECK(moved.exit_code == 64);
    CHECK(moved.err.find("a table of that name is in billing") != std::string::npos);
    CHECK(moved.err.find("HINT: did you mean --schema billing?") != std::string::npos);
}

TEST_CASE("missing table: a mistyped table name is named, with the table probably meant") {
    TestDatabase db;
    auto result = stats(db, {"--outbox-table", "outbx"});
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("relation \"public.outbx\" does not exist") != std::string::npos);
    CHECK(result.err.find("HINT: did you mean public.outbox?") != std::string::npos);
}

TEST_CASE("missing table: schema init is suggested only for an existing schema with no such "
          "table anywhere") {
    TestDatabase db(false);
    db.exec("CREATE SCHEMA events");
    auto fresh = stats(db, {"--schema", "events"});
    CHECK(fresh.exit_code == 64);
    CHECK(fresh.err.find("nor a table of that name in any schema") != std::string::npos);
    CHECK(fresh.err.find("'eventctl schema init' creates them") != std::string::npos);

    auto nowhere = stats(db, {"--schema", "evnts"});
    CHECK(nowhere.exit_code == 64);
    CHECK(nowhere.err.find("schema \"evnts\" does not exist") != std::string::npos);
    CHECK(nowhere.err.find("did you mean --schema events?") != std::string::npos);
    CHECK(nowhere.err.find("schema init") == std::string::npos);
}
