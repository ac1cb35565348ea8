// What doctor and every purge say about retention: partitioned tables, the index DDL
// PostgreSQL accepts on them, and what holds back the space a purge frees.

#include "outbox_fixture.h"
#include "partitioned_tables.h"
#include "polling.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

using namespace eventctl::test;

TEST_CASE("doctor reports a partitioned outbox and suggests index DDL PostgreSQL accepts") {
    TestDatabase db;
    partition_outbox_weekly(db, 2, 1);
    db.exec("DROP INDEX outbox_created_at_idx");
    auto doctor = run_eventctl({"doctor", "-d", db.conninfo(), "--json"});
    INFO(doctor.err);
    auto report = nlohmann::json::parse(doctor.out);
    REQUIRE(report["partitions"].size() == 1);
    auto outbox = report["partitions"][0];
    CHECK(outbox["key"] == "range (created_at)");
    CHECK(outbox["leaves"] == 5); // w0..w2, a1, default
    CHECK(outbox["has_default"] == true);
    CHECK(outbox["drop_partitions"] == true);

    std::string statement;
    std::string unique_note;
    for (const auto& index : report["indexes"]) {
        if (index["columns"] == nlohmann::json{"created_at", "id"}) {
            statement = index["statement"];
        }
        if (index["unique"] == true && index["table"] == "public.outbox") {
            unique_note = index["note"];
        }
    }
    CHECK_THAT(statement, Catch::StartsWith("CREATE INDEX \"outbox_created_at_idx\" ON ONLY "
                                            "\"public\".\"outbox\""));
    CHECK_THAT(statement, Catch::Contains("CREATE INDEX CONCURRENTLY \"outbox_w1_created_at_idx\" "
                                          "ON \"public\".\"outbox_w1\""));
    CHECK_THAT(statement, Catch::Contains("ALTER INDEX \"public\".\"outbox_created_at_idx\" ATTACH "
                                          "PARTITION \"public\".\"outbox_w1_created_at_idx\";"));
    CHECK_THAT(unique_note, Catch::Contains("must include its partition key"));
    // The statements run as printed, one by one, and then doctor finds the index.
    db.exec_each_line(statement);
    auto again = nlohmann::json::parse(run_eventctl({"doctor", "-d", db.conninfo(), "--json"}).out);
    for (const auto& index : again["indexes"]) {
        if (index["columns"] == nlohmann::json{"created_at", "id"}) {
            CHECK(index["exists"] == true);
        }
    }
}

namespace {

void insert_old_completed(const TestDatabase& db, int entries) {
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', '{}', 'completed', now() - interval '40 days', now() - interval "
            "'40 days' FROM generate_series(1, " +
            std::to_string(entries) + ")");
}

// A session idle in a transaction that holds a snapshot, as a forgotten psql session does
// (repeatable read keeps it between statements), open for over the second after which a purge
// counts it as holding the horizon back.
class IdleSnapshot {
  public:
    IdleSnapshot(const std::string& conninfo, const std::string& application)
        : m_connection(conninfo + " application_name=" + application), m_tx(m_connection) {
        m_tx.exec("SELECT 1");
        m_pid = m_tx.exec("SELECT pg_backend_pid()")[0][0].as<std::string>();
        // Watched from another session: in this one's transaction, now() stands still.
        pqxx::connection watcher(conninfo);
        pqxx::nontransaction watch(watcher);
        REQUIRE(poll_until(
            [&] {
                return watch
                           .exec("SELECT count(*) FROM pg_stat_activity WHERE pid = " + m_pid +
                                 " AND xact_start < now() - interval '1 second'")[0][0]
                           .as<std::string>() == "1";
            },
            std::chrono::seconds(10)));
    }
    const std::string& pid() const { return m_pid; }
    void end() { m_tx.commit(); }

  private:
    pqxx::connection m_connection;
    pqxx::transaction<pqxx::isolation_level::repeatable_read> m_tx;
    std::string m_pid;
};

// doctor's report once it counts dead_tuples dead rows in the outbox (the last report if it never
// does): a purge's session reports the rows it deleted to the statistics as it ends.
nlohmann::json doctor_counting(const TestDatabase& db, int dead_tuples) {
    nlohmann::json doctor;
    poll_until(
        [&] {
            doctor =
                nlohmann::json::parse(run_eventctl({"doctor", "-d", db.conninfo(), "--json"}).out);
            return doctor["vacuum"][0]["dead_tuples"] == dead_tuples;
        },
        std::chrono::seconds(15), std::chrono::milliseconds(200));
    return doctor;
}

} // namespace

TEST_CASE("a purge says when the space it freed is held back, and doctor says by what") {
    TestDatabase db;
    insert_old_completed(db, 50);
    IdleSnapshot idle(db.conninfo(), "forgotten-psql");
    const auto& pid = idle.pid();
    auto purge =
        run_eventctl({"outbox", "purge", "--older-than", "30d", "--yes", "-d", db.conninfo()});
    INFO(purge.err);
    REQUIRE(purge.exit_code == 0);
    CHECK_THAT(purge.out, Catch::Contains("note:            space not reclaimable until pid " +
                                          pid + " (forgotten-psql) ends: idle in transaction"));
    auto doctor = doctor_counting(db, 50);
    CHECK(doctor["vacuum"][0]["dead_tuples"] == 50);
    CHECK_THAT(doctor.dump(),
               Catch::Contains("public.outbox: 50 dead tuples; space not reclaimable "
                               "until pid " +
                               pid + " (forgotten-psql) ends"));
    auto vacuum = doctor["vacuum"][0];
    CHECK(vacuum["table"] == "public.outbox");
    REQUIRE(vacuum["holders"].size() >= 1);
    CHECK(vacuum["holders"][0]["kind"] == "session");
    CHECK(vacuum["holders"][0]["name"] == pid);
    idle.end();
    auto quiet = run_eventctl(
        {"outbox", "purge", "--older-than", "30d", "--yes", "-d", db.conninfo(), "--json"});
    CHECK(nlohmann::json::parse(quiet.out)["vacuum"]["space_note"].is_null());
}

TEST_CASE("a transaction in another database does not hold back the space a purge frees") {
    auto partitioned = GENERATE(false, true);
    TestDatabase db;
    TestDatabase elsewhere(false);
    if (partitioned) {
        // Weekly partitions from 7 weeks back: the entries 40 days old have theirs.
        partition_outbox_weekly(db, 7, 1);
    }
    // An autovacuum's ANALYZE of a table would hold a snapshot in this database meanwhile.
    db.exec("DO $$ DECLARE leaf regclass; BEGIN FOR leaf IN SELECT c.oid FROM pg_class c "
            "WHERE c.relkind = 'r' AND (c.oid = 'public.outbox'::regclass OR c.oid IN (SELECT "
            "relid FROM pg_partition_tree('public.outbox'))) LOOP EXECUTE "
            "format('ALTER TABLE %s SET (autovacuum_enabled = false)', leaf); END LOOP; END $$");
    insert_old_completed(db, 50);
    IdleSnapshot idle(elsewhere.conninfo(), "other-database");
    const auto& pid = idle.pid();
    auto purge = run_eventctl(
        {"outbox", "purge", "--older-than", "30d", "--yes", "-d", db.conninfo(), "--json"});
    INFO(purge.err);
    REQUIRE(purge.exit_code == 0);
    auto vacuum = nlohmann::json::parse(purge.out)["vacuum"];
    CHECK(vacuum["space_note"].is_null());
    for (const auto& holder : vacuum["holders"]) {
        CHECK(holder["name"] != pid);
    }
    // doctor counts the dead rows (a partitioned table's over its partitions), and warns of
    // nothing: nothing in this database holds them.
    auto doctor = doctor_counting(db, 50);
    CHECK(doctor["vacuum"][0]["dead_tuples"] == 50);
    CHECK_THAT(doctor.dump(), !Catch::Contains("space not reclaimable"));
    // PostgreSQL agrees: the table's vacuum removes every row the purge deleted, and gives the
    // emptied pages back (a partitioned table's are its partitions').
    db.exec_each_line("VACUUM public.outbox");
    CHECK(db.scalar("SELECT sum(pg_relation_size(c.oid)) FROM pg_class c WHERE c.oid = "
                    "'public.outbox'::regclass OR c.oid IN (SELECT relid FROM "
                    "pg_partition_tree('public.outbox'))") == "0");
    idle.end();
}

TEST_CASE("doctor recommends the index purge --drop-partitions decides partitions from, and the "
          "decision reads it instead of the partition") {
    TestDatabase db;
    partition_outbox_weekly(db, 6, 1);
    // Week 5: 5,000 old completed entries and, written last, one completed an hour ago, which
    // keeps the partition; finding it without the index means reading the partition through.
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) SELECT "
            "'E', '{}', 'completed', date_trunc('week', now()) - interval '4 weeks' - interval "
            "'3 days', date_trunc('week', now()) - interval '4 weeks' - interval '2 days' FROM "
            "generate_series(1, 5000)");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) VALUES "
            "('E', '{}', 'completed', date_trunc('week', now()) - interval '4 weeks' - interval "
            "'3 days', now() - interval '1 hour')");
    db.exec("ANALYZE outbox");
    auto scans = [&db] {
        return db.scalar("SELECT seq_scan || '/' || COALESCE(idx_scan, 0) FROM "
                         "pg_stat_user_tables WHERE relname = 'outbox_w5'");
    };
    auto purge_w5 = [&db] {
        auto purged = run_eventctl({"outbox", "purge", "--older-than", "14d", "--drop-partitions",
                                    "--yes", "--json", "-d", db.conninfo()});
        INFO(purged.err);
        REQUIRE(purged.exit_code == 0);
        for (const auto& fate : nlohmann::json::parse(purged.out)["partitions"]) {
            if (fate["partition"] == "public.outbox_w5") {
                CHECK(fate["decision"] == "rows");
            }
        }
    };
    auto seq_scans = [](const std::string& counts) { return std::stol(counts); };

    // Without the index, deciding reads week 5 through.
    auto before = scans();
    purge_w5();
    CHECK(seq_scans(scans()) > seq_scans(before));

    auto doctor =
        nlohmann::json::parse(run_eventctl({"doctor", "-d", db.conninfo(), "--json"}).out);
    std::string statement;
    for (const auto& index : doctor["indexes"]) {
        if (index["columns"] == nlohmann::json{"status", "processed_at"}) {
            CHECK(index["exists"] == false);
            CHECK(index["commands"] == nlohmann::json{"outbox purge --drop-partitions"});
            statement = index["statement"];
        }
    }
    REQUIRE_THAT(statement, Catch::StartsWith("CREATE INDEX \"outbox_purge_idx\" ON ONLY "
                                              "\"public\".\"outbox\""));
    db.exec_each_line(statement);
    db.exec("ANALYZE outbox");

    // With it, the same decision reads the index alone.
    before = scans();
    purge_w5();
    auto after = scans();
    CHECK(seq_scans(after) == seq_scans(before));
    CHECK(after != before);
}
