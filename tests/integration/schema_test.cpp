#include "eventctl/schema/schema.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using eventctl::test::run_eventctl;
using eventctl::test::TestDatabase;

TEST_CASE("schema init creates the canonical tables and is idempotent") {
    TestDatabase db(false);
    auto first = run_eventctl({"schema", "init", "-d", db.conninfo(), "-o", "json"});
    REQUIRE(first.exit_code == 0);
    auto created = nlohmann::json::parse(first.out);
    for (const auto& object : created["objects"]) {
        CHECK(object["created"] == true);
    }
    CHECK(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN "
                    "('outbox', 'event_log', 'event_consumers', 'eventctl_audit')") == "4");

    auto second = run_eventctl({"schema", "init", "-d", db.conninfo(), "--json"});
    REQUIRE(second.exit_code == 0);
    auto again = nlohmann::json::parse(second.out);
    for (const auto& object : again["objects"]) {
        CHECK(object["created"] == false);
    }
}

TEST_CASE("schema init -v logs the DDL it runs, like every other statement") {
    TestDatabase db(false);
    auto result = run_eventctl({"schema", "init", "-v", "-d", db.conninfo()});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.find("eventctl: SQL: CREATE TABLE IF NOT EXISTS \"public\".\"outbox\"") !=
          std::string::npos);
    for (const char* table : {"outbox", "event_log", "event_consumers", "eventctl_audit"}) {
        INFO(table);
        CHECK(result.err.find(std::string("CREATE TABLE IF NOT EXISTS \"public\".\"") + table +
                              "\"") != std::string::npos);
    }
    CHECK(result.err.find("CREATE INDEX IF NOT EXISTS") != std::string::npos);
}

TEST_CASE("schema init honours --schema and quotes names that need it") {
    TestDatabase db(false);
    auto result = run_eventctl({"schema", "init", "-d", db.conninfo(), "--schema", "Events; drop",
                                "--outbox-table", "my \"outbox\""});
    REQUIRE(result.exit_code == 0);
    CHECK(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'Events; drop' AND "
                    "tablename = 'my \"outbox\"'") == "1");
    CHECK(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0");
}

TEST_CASE("schema print shows the DDL without connecting") {
    // A database no server answers for: the DDL is printed all the same.
    auto result = run_eventctl({"schema", "print"}, {{"EVENTCTL_DB", "host=/nonexistent"}});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("CREATE TABLE IF NOT EXISTS \"public\".\"outbox\"") != std::string::npos);
    CHECK(result.out.find(
              "CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead'))") !=
          std::string::npos);
}

TEST_CASE("schema init works for a role that may create only inside an existing schema") {
    TestDatabase db(false);
    db.exec("CREATE ROLE eventctl_owner LOGIN; CREATE SCHEMA events AUTHORIZATION eventctl_owner; "
            "REVOKE CREATE ON DATABASE " +
            db.scalar("SELECT quote_ident(current_database())") + " FROM PUBLIC");
    auto result = run_eventctl(
        {"schema", "init", "--schema", "events", "-d", db.conninfo() + " user=eventctl_owner"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(db.scalar("SELECT tableowner FROM pg_tables WHERE schemaname = 'events' AND tablename = "
                    "'outbox'") == "eventctl_owner");
    db.exec("DROP SCHEMA events CASCADE; DROP ROLE eventctl_owner");
}
