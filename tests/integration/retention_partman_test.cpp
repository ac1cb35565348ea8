// pg_partman manages the partitions of many big outboxes: --drop-partitions works beside it,
// run_maintenance() still succeeds and premakes afterwards, and partman's own retention,
// when configured, is reported by purge and doctor.

#include "outbox_fixture.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

bool partman_available(const TestDatabase& db) {
    return db.scalar("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_partman'") ==
           "1";
}

// The canonical outbox, partitioned by partman: weekly, 10 weeks back, 4 premade ahead.
void partman_outbox(const TestDatabase& db) {
    db.exec("CREATE SCHEMA partman");
    db.exec("CREATE EXTENSION pg_partman SCHEMA partman");
    db.exec("DROP TABLE outbox");
    db.exec("CREATE TABLE outbox (id uuid NOT NULL DEFAULT gen_random_uuid(), tenant_id text, "
            "aggregate_type text, aggregate_id text, sequence bigint, event_type text NOT NULL, "
            "idempotency_key text, payload jsonb NOT NULL, metadata jsonb, status text NOT NULL "
            "DEFAULT 'pending', attempts integer NOT NULL DEFAULT 0, max_attempts integer NOT "
            "NULL DEFAULT 10, last_error text, scheduled_at timestamptz NOT NULL DEFAULT now(), "
            "locked_by text, locked_until timestamptz, created_at timestamptz NOT NULL DEFAULT "
            "now(), updated_at timestamptz NOT NULL DEFAULT now(), processed_at timestamptz, "
            "PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)");
    db.exec("SELECT partman.create_parent('public.outbox', 'created_at', 'native', 'weekly', "
            "p_premake := 4, p_start_partition := (now() - interval '10 weeks')::text)");
}

std::string premade_ahead(const TestDatabase& db) {
    return db.scalar("SELECT count(*) FROM partman.show_partitions('public.outbox') p, "
                     "LATERAL partman.show_partition_info(p.partition_schemaname || '.' || "
                     "p.partition_tablename) i WHERE i.child_start_time > now()");
}

} // namespace

TEST_CASE("purge --drop-partitions on a pg_partman outbox: maintenance still runs and premakes") {
    TestDatabase db;
    if (!partman_available(db)) {
        FAIL("pg_partman is not installed: scripts/install-deps.sh installs postgresql-15-partman");
    }
    partman_outbox(db);
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', '{}', 'completed', now() - i * interval '1 day', "
            "now() - i * interval '1 day' FROM generate_series(1, 60) i");
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) VALUES "
            "('E', '{}', 'pending', now() - interval '50 days')");
    auto partitions_before =
        std::stoi(db.scalar("SELECT count(*) FROM partman.show_partitions('public.outbox')"));
    auto ahead_before = premade_ahead(db);

    auto result = run_eventctl({"outbox", "purge", "--older-than", "30d", "--drop-partitions",
                                "--yes", "-d", db.conninfo(), "--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 31); // days 30..60 finished, the pending one stays
    CHECK(json["warnings"].empty());
    auto partitions_after =
        std::stoi(db.scalar("SELECT count(*) FROM partman.show_partitions('public.outbox')"));
    CHECK(partitions_after < partitions_before);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == "1");
    CHECK(db.scalar("SELECT count(*) FROM outbox_default") == "0");

    db.exec("SELECT partman.run_maintenance('public.outbox')");
    CHECK(std::stoi(premade_ahead(db)) >= std::stoi(ahead_before));
    // New rows still find their partition.
    insert_entry(db, {"pending", "OrderPlaced", "1 minute"});
    CHECK(db.scalar("SELECT count(*) FROM outbox_default") == "0");
}

TEST_CASE("partman's own retention on the table is reported by purge and doctor") {
    TestDatabase db;
    if (!partman_available(db)) {
        FAIL("pg_partman is not installed: scripts/install-deps.sh installs postgresql-15-partman");
    }
    partman_outbox(db);
    db.exec("UPDATE partman.part_config SET retention = '60 days', retention_keep_table = false "
            "WHERE parent_table = 'public.outbox'");
    auto purge = run_eventctl(
        {"outbox", "purge", "--older-than", "30d", "--dry-run", "-d", db.conninfo(), "--json"});
    REQUIRE(purge.exit_code == 0);
    auto warnings = nlohmann::json::parse(purge.out)["warnings"];
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0].get<std::string>(),
               Catch::Contains("pg_partman's own retention") && Catch::Contains("60 days"));

    auto doctor = run_eventctl({"doctor", "-d", db.conninfo(), "--json"});
    auto report = nlohmann::json::parse(doctor.out);
    REQUIRE(report["partitions"].size() >= 1);
    CHECK(report["partitions"][0]["table"] == "public.outbox");
    CHECK(report["partitions"][0]["drop_partitions"] == true);
    CHECK_THAT(report["partitions"][0]["partman_warning"].get<std::string>(),
               Catch::Contains("two retention mechanisms"));
}
