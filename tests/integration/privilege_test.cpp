// Least privilege: what each kind of role may do, and that secrets never leak. A read-only
// role runs every read command; a role lacking a privilege gets exit 77 with nothing changed;
// a password given in the URL, in PGPASSWORD or in .pgpass never shows in output, in --verbose
// logs or in audit records.
#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

using namespace eventctl::test;

namespace {

// An outbox in every state, a short log and a consumer that has been idle for an hour.
std::string fill(const TestDatabase& db) {
    auto id = insert_entry(db, {"failed", "OrderPlaced", "40 days", "t1"});
    insert_entry(db, {"completed", "OrderPlaced", "40 days"});
    insert_entry(db, {"pending"});
    insert_entry(db, {"processing", "OrderPlaced", "1 hour", "", "", "", "", "-5 minutes"});
    db.exec("INSERT INTO public.event_log (stream_id, stream_seq, event_type, payload) SELECT "
            "'s', i, 'E', '{}' FROM generate_series(1, 5) i");
    db.exec("INSERT INTO public.event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 2, now() - interval '1 hour')");
    return id;
}

// A role of its own for one test, dropped (with its grants) afterwards.
class TestRole {
  public:
    TestRole(const TestDatabase& db, const std::string& name, const std::string& setup)
        : m_db(db), m_name(name) {
        db.exec("DROP ROLE IF EXISTS " + name);
        db.exec("CREATE ROLE " + name + " LOGIN " + setup);
    }
    ~TestRole() {
        try {
            m_db.exec("DROP OWNED BY " + m_name + "; DROP ROLE " + m_name);
        } catch (...) {
            // the database goes with the test anyway
        }
    }
    TestRole(const TestRole&) = delete;
    TestRole& operator=(const TestRole&) = delete;
    std::string conninfo() const { return m_db.conninfo() + " user=" + m_name; }

  private:
    const TestDatabase& m_db;
    std::string m_name;
};

} // namespace

TEST_CASE("a read-only role runs every read command and every dry run") {
    TestDatabase db;
    auto id = fill(db);
    TestRole reader(db, "eventctl_reader", "");
    db.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO eventctl_reader");
    db.exec("ALTER ROLE eventctl_reader SET default_transaction_read_only = on");
    auto before = all_tables_snapshot(db);
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"outbox", "stats"},
             {"outbox", "stats", "--exact", "--by", "tenant"},
             {"outbox", "list", "--payload", "-o", "json"},
             {"outbox", "list", "--status", "failed", "--error-contains", "x", "-o", "ndjson"},
             {"outbox", "show", id},
             {"log", "consumers"},
             {"log", "replay"},
             {"log", "replay", "--consumer", "billing"},
             {"log", "replay", "--stream", "s", "--after-seq", "1"},
             {"log", "replay", "--from-seq", "1", "--into-outbox", "--dry-run"},
             {"log", "seek", "billing", "--to-beginning", "--dry-run"},
             {"outbox", "retry", "--status", "failed", "--dry-run"},
             {"outbox", "mark-dead", "--status", "failed", "--reason", "r", "--dry-run"},
             {"outbox", "unlock-stale", "--all", "--dry-run"},
             {"outbox", "purge", "--older-than", "30d", "--dry-run"},
         }) {
        args.insert(args.end(), {"-d", reader.conninfo()});
        auto result = run_eventctl(args);
        INFO(args[0] << " " << args[1] << ": " << result.err);
        CHECK(result.exit_code == 0);
    }
    // A change, though, is refused by the server, cleanly.
    auto change =
        run_eventctl({"outbox", "retry", "--status", "failed", "--yes", "-d", reader.conninfo()});
    CHECK(change.exit_code == 77);
    CHECK(change.err.rfind("eventctl: ", 0) == 0);
    CHECK(all_tables_snapshot(db) == before);
}

TEST_CASE("a role without DELETE gets exit 77 from purge, with a clear message, nothing changed") {
    TestDatabase db;
    fill(db);
    TestRole keeper(db, "eventctl_no_delete", "");
    db.exec("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO eventctl_no_delete");
    auto before = data_tables_snapshot(db);
    auto result =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--yes", "-d", keeper.conninfo()});
    CHECK(result.exit_code == 77);
    CHECK(result.err.rfind("eventctl: permission denied for table outbox\n", 0) == 0);
    CHECK(result.err.find("HINT: outbox purge needs ") != std::string::npos);
    CHECK(result.err.find("ON TABLE \"public\".\"outbox\" TO \"eventctl_no_delete\"") !=
          std::string::npos);
    CHECK(data_tables_snapshot(db) == before);
    CHECK(audited_changes(db) == 0);

    // Without UPDATE, the same for the changes that update.
    db.exec("REVOKE UPDATE ON public.outbox FROM eventctl_no_delete");
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"outbox", "retry", "--status", "failed", "--yes"},
             {"outbox", "mark-dead", "--status", "failed", "--reason", "r", "--yes"},
             {"outbox", "unlock-stale", "--all", "--yes"},
         }) {
        args.insert(args.end(), {"-d", keeper.conninfo()});
        auto refused = run_eventctl(args);
        INFO(args[1] << ": " << refused.err);
        CHECK(refused.exit_code == 77);
        CHECK(refused.err.rfind("eventctl: permission denied for table outbox\n", 0) == 0);
    }
    CHECK(data_tables_snapshot(db) == before);
    CHECK(audited_changes(db) == 0);
}

TEST_CASE("passwords from the URL, PGPASSWORD and .pgpass never appear anywhere") {
    TestDatabase db;
    fill(db);
    const std::string secret = "Pw-" + std::to_string(getpid()) + "-s3cr%2Ft";
    const std::string decoded = "Pw-" + std::to_string(getpid()) + "-s3cr/t";
    TestRole role(db, "eventctl_pw", "PASSWORD '" + decoded + "'");
    db.exec("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO eventctl_pw");
    auto port = server_tcp_address().second;
    auto dbname = db.scalar("SELECT current_database()");

    char home[] = "/tmp/eventctl-pgpass-XXXXXX";
    REQUIRE(mkdtemp(home) != nullptr);
    auto pgpass = std::string(home) + "/.pgpass";
    std::ofstream(pgpass) << "127.0.0.1:" << port << ":" << dbname << ":eventctl_pw:" << decoded
                          << "\n";
    chmod(pgpass.c_str(), 0600);

    const std::string no_password =
        "host=127.0.0.1 port=" + port + " dbname=" + dbname + " user=eventctl_pw";
    struct Way {
        std::string name;
        std::string db;
        std::map<std::string, std::string> env;
    };
    const std::vector<Way> ways = {
        {"URL", "postgresql://eventctl_pw:" + secret + "@127.0.0.1:" + port + "/" + dbname, {}},
        {"conninfo", no_password + " password='" + decoded + "'", {}},
        {"PGPASSWORD", no_password, {{"PGPASSWORD", decoded}}},
        {".pgpass", no_password, {{"HOME", home}}},
    };
    for (const auto& way : ways) {
        INFO("password from " << way.name);
        for (auto [args, expected] : std::vector<std::pair<std::vector<std::string>, int>>{
                 {{"outbox", "stats"}, 0},
                 {{"outbox", "list", "--status", "failed", "-o", "json"}, 0},
                 {{"outbox", "retry", "--status", "failed", "--yes"}, 0},
                 {{"outbox", "mark-dead", "--status", "pending", "--reason", "r", "--yes"}, 0},
                 {{"outbox", "purge", "--older-than", "30d", "--yes"}, 0},
                 {{"log", "seek", "billing", "--to-beginning", "--yes", "--force"}, 0},
                 {{"outbox", "stats", "--outbox-table", "missing"}, 64}, // an error message too
             }) {
            args.insert(args.end(), {"-v", "-d", way.db});
            auto result = run_eventctl(args, way.env);
            INFO(args[0] << " " << args[1] << ": exit " << result.exit_code << ": " << result.err);
            CHECK(result.exit_code == expected);
            for (const auto& leak : {secret, decoded}) {
                CHECK(result.out.find(leak) == std::string::npos);
                CHECK(result.err.find(leak) == std::string::npos);
            }
        }
        CHECK(db.scalar("SELECT count(*) FROM public.eventctl_audit WHERE db_user = "
                        "'eventctl_pw'") != "0");
    }
    auto audit = db.scalar("SELECT string_agg(t::text, ' ') FROM public.eventctl_audit t");
    CHECK(audit.find(secret) == std::string::npos);
    CHECK(audit.find(decoded) == std::string::npos);
    CHECK(audit.find("eventctl_pw:***@") != std::string::npos); // the URL, masked
    std::remove(pgpass.c_str());
    rmdir(home);
}
