#include "eventctl/session/session.h"
#include "outbox_fixture.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

using namespace eventctl;
using namespace eventctl::test;

TEST_CASE("an unreachable server exits 69 and never shows the password") {
    const std::string secret = "s3cr3t-Pa55word";
    auto refused =
        run_eventctl({"outbox", "stats", "-d", "postgresql://ops:" + secret + "@127.0.0.1:1/app"},
                     {{"PGPASSWORD", "other-" + secret}});
    CHECK(refused.exit_code == 69);
    CHECK(refused.err.rfind("eventctl: cannot reach the database:", 0) == 0);
    CHECK(refused.err.find(secret) == std::string::npos);
    CHECK(refused.out.empty());

    auto verbose = run_eventctl(
        {"outbox", "stats", "-v", "-d", "host=127.0.0.1 port=1 password='" + secret + "'"});
    CHECK(verbose.exit_code == 69);
    CHECK(verbose.err.find("password=***") != std::string::npos); // the connection is logged
    CHECK(verbose.err.find(secret) == std::string::npos);
}

TEST_CASE("a malformed connection string exits 64 with the -d format, never showing the password") {
    const std::string secret = "s3cr3t-Pa55word";
    for (const auto& [conninfo, says] : std::vector<std::pair<std::string, std::string>>{
             {"not a conninfo", "missing \"=\" after \"not\""},
             {"postgresql://ops:" + secret + "@[::1/app", "IPv6 host address"},
             {"postgresql://ops@localhost/app?bogus=1", "invalid URI query parameter: \"bogus\""},
             {"host=localhost bogus=1 password=" + secret, "invalid connection option \"bogus\""},
             {"host=localhost port password=" + secret, "missing \"=\" after \"port\""},
             {"host=localhost password=hun " + secret, "missing \"=\" after \"***\""},
             {"host=localhost sslmode=bogus password=" + secret, "invalid sslmode value"},
             {"host=localhost port=abc", "invalid integer value \"abc\""}}) {
        auto result = run_eventctl({"outbox", "stats", "-d", conninfo});
        INFO(conninfo << "\n" << result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.rfind("eventctl: invalid connection string", 0) == 0);
        CHECK(result.err.find(says) != std::string::npos);
        CHECK(result.err.find("HINT: -d takes a URI such as postgresql://") != std::string::npos);
        CHECK(result.err.find(secret) == std::string::npos);
        CHECK(result.out.empty());
    }
    auto from_env = run_eventctl({"outbox", "stats"}, {{"EVENTCTL_DB", "not a conninfo"}});
    CHECK(from_env.exit_code == 64);
    CHECK(from_env.err.rfind("eventctl: invalid connection string in EVENTCTL_DB: ", 0) == 0);
}

TEST_CASE("a role or a database that does not exist is a configuration error, not unreachable") {
    TestDatabase db;
    auto role = run_eventctl({"outbox", "stats", "-d", db.conninfo() + " user=nobody"});
    INFO(role.err);
    CHECK(role.exit_code == 77);
    CHECK(role.err.find("role \"nobody\" does not exist") != std::string::npos);
    CHECK(role.err.find("cannot reach") == std::string::npos);
    CHECK(role.err.find("HINT: check the user") != std::string::npos);

    auto database =
        run_eventctl({"outbox", "stats", "-d", with_database(db.conninfo(), "no_such_db")});
    INFO(database.err);
    CHECK(database.exit_code == 64);
    CHECK(database.err.find("database \"no_such_db\" does not exist") != std::string::npos);
    CHECK(database.err.find("HINT: check the dbname") != std::string::npos);
}

TEST_CASE("a wrong password exits 77 and never shows the password") {
    TestDatabase db;
    db.exec("CREATE ROLE eventctl_pw_user LOGIN PASSWORD 'the-right-one'");
    auto [host, port] = server_tcp_address();
    const std::string secret = "wr0ng%2Fpass";
    auto result = run_eventctl(
        {"outbox", "list", "-v", "-d",
         "postgresql://eventctl_pw_user:" + secret + "@" + host + ":" + port + "/postgres"});
    db.exec("DROP ROLE eventctl_pw_user");
    CHECK(result.exit_code == 77);
    CHECK(result.err.find("password authentication failed") != std::string::npos);
    CHECK(result.err.find(secret) == std::string::npos);
    CHECK(result.err.find("wr0ng/pass") == std::string::npos); // nor its decoded form

    auto from_env = run_eventctl(
        {"outbox", "list", "-d", "host=" + host + " port=" + port + " user=nobody_here"},
        {{"PGPASSWORD", secret}});
    CHECK(from_env.exit_code == 77);
    CHECK(from_env.err.find(secret) == std::string::npos);
}

TEST_CASE("the connection comes from --db, then EVENTCTL_DB, then DATABASE_URL") {
    TestDatabase db;
    insert_entry(db, {"pending"});
    const std::string dead = "host=127.0.0.1 port=1";
    auto stats_total = [](const ProcessResult& result) {
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        return nlohmann::json::parse(result.out)["total"].get<int>();
    };
    CHECK(stats_total(run_eventctl({"outbox", "stats", "--json"},
                                   {{"EVENTCTL_DB", db.conninfo()}, {"DATABASE_URL", dead}})) == 1);
    CHECK(stats_total(
              run_eventctl({"outbox", "stats", "--json"}, {{"DATABASE_URL", db.conninfo()}})) == 1);
    CHECK(
        run_eventctl({"outbox", "stats", "-d", dead}, {{"EVENTCTL_DB", db.conninfo()}}).exit_code ==
        69);
    // With nothing configured, libpq's own variables decide.
    auto [host, port] = server_tcp_address();
    auto dbname = db.scalar("SELECT current_database()");
    CHECK(stats_total(run_eventctl({"outbox", "stats", "--json"}, {{"PGHOST", host},
                                                                   {"PGPORT", port},
                                                                   {"PGUSER", "postgres"},
                                                                   {"PGDATABASE", dbname}})) == 1);
}

TEST_CASE("sessions carry application_name, UTC, an empty search_path and the timeouts") {
    TestDatabase db;
    ConnectionSettings settings;
    settings.db = db.conninfo();
    settings.command = Command::outbox_stats;
    settings.lock_timeout = std::chrono::milliseconds(1500);
    settings.statement_timeout = std::chrono::seconds(42);
    Session session(settings, [](const char* name) { return std::getenv(name); });
    pqxx::read_transaction tx(session.connection());
    auto row = session.exec(tx, "SELECT current_setting('application_name'), "
                                "current_setting('lock_timeout'), "
                                "current_setting('statement_timeout'), "
                                "current_setting('search_path'), current_setting('TimeZone'), "
                                "current_setting('client_encoding')")[0];
    CHECK(row[0].as<std::string>() == "eventctl/outbox stats");
    CHECK(row[1].as<std::string>() == "1500ms");
    CHECK(row[2].as<std::string>() == "42s");
    CHECK(row[3].as<std::string>().empty());
    CHECK(row[4].as<std::string>() == "UTC");
    CHECK(row[5].as<std::string>() == "UTF8");
}

TEST_CASE("a role without SELECT exits 77 with a hint") {
    TestDatabase db;
    db.exec("CREATE ROLE eventctl_nobody LOGIN");
    auto result = run_eventctl({"outbox", "stats", "-d", db.conninfo() + " user=eventctl_nobody"});
    db.exec("DROP ROLE eventctl_nobody");
    CHECK(result.exit_code == 77);
    CHECK(result.err.rfind("eventctl: permission denied for table outbox\n", 0) == 0);
    CHECK(result.err.find("HINT: ") != std::string::npos);
}

TEST_CASE("a lock held too long exits 75 after --lock-timeout") {
    TestDatabase db;
    pqxx::connection holder(db.conninfo());
    pqxx::work lock(holder);
    lock.exec("LOCK TABLE public.outbox IN ACCESS EXCLUSIVE MODE");
    auto started = std::chrono::steady_clock::now();
    auto result = run_eventctl({"outbox", "stats", "-d", db.conninfo(), "--lock-timeout", "1s"});
    auto waited = std::chrono::steady_clock::now() - started;
    lock.abort();
    CHECK(result.exit_code == 75);
    CHECK(result.err.find("lock timeout") != std::string::npos);
    CHECK(waited < std::chrono::seconds(30));
}

TEST_CASE("a statement running past --statement-timeout exits 75") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'completed' "
            "FROM generate_series(1, 200000)");
    auto result = run_eventctl({"outbox", "stats", "--exact", "-d", db.conninfo(),
                                "--statement-timeout", "0s", "--by", "event-type"});
    CHECK(result.exit_code == 0); // 0s: no timeout
    db.exec("CREATE FUNCTION public.slow_type(t text) RETURNS text LANGUAGE sql AS "
            "$$ SELECT t || pg_sleep(0.01)::text $$");
    db.exec("CREATE VIEW public.slow_outbox AS SELECT id, public.slow_type(event_type) AS "
            "event_type, payload, metadata, status, tenant_id, aggregate_type, aggregate_id, "
            "attempts, max_attempts, last_error, scheduled_at, locked_by, locked_until, "
            "created_at, processed_at, sequence, idempotency_key, updated_at FROM public.outbox");
    auto slow =
        run_eventctl({"outbox", "list", "--limit", "0", "-d", db.conninfo(), "--outbox-table",
                      "slow_outbox", "--statement-timeout", "1s", "-o", "ndjson"});
    CHECK(slow.exit_code == 75);
    CHECK(slow.err.find("statement timeout") != std::string::npos);
}

TEST_CASE("a missing outbox table exits 64 and points at schema init") {
    TestDatabase db(false);
    auto result = run_eventctl({"outbox", "stats", "-d", db.conninfo()});
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("relation \"public.outbox\" does not exist") != std::string::npos);
    CHECK(result.err.find("HINT: if the tables are new, 'eventctl schema init' creates them") !=
          std::string::npos);
}
