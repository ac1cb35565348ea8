// Errors that teach: the privilege, the table and the GRANT; a read-only server said so before
// anything runs; where an unreachable server's connection string came from; libpq's two-line
// messages kept apart; a service no file defines and a bad sslmode are configuration errors.

#include "outbox_fixture.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

TEST_CASE("errors: a permission error names the privilege, the table and the GRANT") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    insert_entry(db, failed);
    db.exec("DROP ROLE IF EXISTS eventctl_reader; CREATE ROLE eventctl_reader LOGIN; "
            "GRANT USAGE ON SCHEMA public TO eventctl_reader; "
            "GRANT SELECT, UPDATE ON public.outbox TO eventctl_reader");
    auto result = run_eventctl({"outbox", "retry", "--status", "failed", "--yes", "-d",
                                db.conninfo() + " user=eventctl_reader"});
    db.exec("DROP OWNED BY eventctl_reader; DROP ROLE eventctl_reader");
    INFO(result.err);
    CHECK(result.exit_code == 77);
    CHECK(result.err == "eventctl: permission denied for table eventctl_audit\n"
                        "HINT: outbox retry needs SELECT, INSERT, UPDATE on table "
                        "public.eventctl_audit: GRANT SELECT, INSERT, UPDATE ON TABLE "
                        "\"public\".\"eventctl_audit\" TO \"eventctl_reader\"; 'eventctl doctor' "
                        "lists what every command needs\n");
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "1");
}

TEST_CASE("errors: a change against a read-only server is refused before anything runs") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    insert_entry(db, failed);
    db.exec("ALTER DATABASE " + db.scalar("SELECT quote_ident(current_database())") +
            " SET default_transaction_read_only = on");
    auto retry =
        run_eventctl({"outbox", "retry", "--status", "failed", "--yes", "-d", db.conninfo()});
    INFO(retry.err);
    CHECK(retry.exit_code == 77);
    CHECK(retry.err.rfind("eventctl: outbox retry changes rows, and ", 0) == 0);
    CHECK(retry.err.find(" makes every transaction read-only (default_transaction_read_only)") !=
          std::string::npos);
    CHECK(retry.err.find("HINT: run it against the primary") != std::string::npos);
    // Reading still works.
    CHECK(run_eventctl({"outbox", "stats", "-d", db.conninfo()}).exit_code == 0);
    // The test's own connection is read-only too now: this transaction says otherwise.
    db.exec("SET TRANSACTION READ WRITE; ALTER DATABASE " +
            db.scalar("SELECT quote_ident(current_database())") +
            " RESET default_transaction_read_only");
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "1");
}

TEST_CASE("errors: an unreachable server's hint names where the connection string came from, "
          "and libpq's two lines stay two sentences") {
    auto from_env = run_eventctl({"outbox", "stats"}, {{"EVENTCTL_DB", "host=127.0.0.1 port=1"}});
    INFO(from_env.err);
    CHECK(from_env.exit_code == 69);
    CHECK(from_env.err.find("Connection refused; Is the server running") != std::string::npos);
    CHECK(from_env.err.find("HINT: the connection string came from EVENTCTL_DB: ") !=
          std::string::npos);
    auto from_url = run_eventctl({"outbox", "stats"}, {{"DATABASE_URL", "host=127.0.0.1 port=1"}});
    CHECK(from_url.err.find("HINT: the connection string came from DATABASE_URL: ") !=
          std::string::npos);
    auto from_option = run_eventctl({"outbox", "stats", "-d", "host=127.0.0.1 port=1"});
    CHECK(from_option.err.find("HINT: check the server is up, and the host and port in --db") !=
          std::string::npos);
    auto from_libpq = run_eventctl({"outbox", "stats"}, {{"PGHOST", "127.0.0.1"}, {"PGPORT", "1"}});
    CHECK(from_libpq.exit_code == 69);
    CHECK(from_libpq.err.find("HINT: no connection string was given") != std::string::npos);
}

TEST_CASE("errors: an undefined service and an invalid sslmode are configuration errors (64)") {
    for (const auto& [args, env] :
         std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::string>>>{
             {{"-d", "service=nosuch"}, {}},
             {{}, {{"PGSERVICE", "nosuch"}}},
             {{"-d", "host=127.0.0.1 port=1"}, {{"PGSSLMODE", "bogus"}}},
             {{"-d", "host=127.0.0.1 port=1 sslmode=bogus"}, {}}}) {
        auto command = args;
        command.insert(command.begin(), {"outbox", "stats"});
        auto result = run_eventctl(command, env);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find("cannot reach") == std::string::npos);
    }
    auto service = run_eventctl({"outbox", "stats", "-d", "service=nosuch"});
    CHECK(service.err == "eventctl: unknown connection service: definition of service \"nosuch\" "
                         "not found\nHINT: define the service in ~/.pg_service.conf (or the file "
                         "PGSERVICEFILE names), or give --db\n");
}
