// The pgmq preset against a queue as pgmq.create makes it: pgmq.q_<queue> and its archive
// pgmq.a_<queue>, the queue named with --outbox-table. The visibility timeout is the lease and
// frees itself, and pgmq has no failed or dead state, so the reading commands and purge of the
// archive run, and every change is refused before any statement. A missing or wrong queue is a
// usage error, never an empty result.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace eventctl::test;

namespace {

const char* const pgmq_ddl = R"(
CREATE SCHEMA IF NOT EXISTS pgmq;
CREATE TABLE pgmq.meta (
    queue_name varchar UNIQUE NOT NULL,
    is_partitioned boolean NOT NULL,
    is_unlogged boolean NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE pgmq.q_orders (
    msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    read_ct int DEFAULT 0 NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
    last_read_at timestamp with time zone,
    vt timestamp with time zone NOT NULL,
    message jsonb,
    headers jsonb
);
CREATE INDEX q_orders_vt_idx ON pgmq.q_orders (vt ASC);
CREATE TABLE pgmq.a_orders (
    msg_id bigint PRIMARY KEY,
    read_ct int DEFAULT 0 NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
    last_read_at timestamp with time zone,
    archived_at timestamp with time zone DEFAULT now() NOT NULL,
    vt timestamp with time zone NOT NULL,
    message jsonb,
    headers jsonb
);
CREATE INDEX archived_at_idx_orders ON pgmq.a_orders (archived_at);
INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged) VALUES ('orders', false, false);
)";

const std::string layout = "pgmq";

// Visible (1: never read, 2: read and its timeout passed), delayed (3), held by a reader (4),
// archived long ago (5) and lately (6).
void fill(const TestDatabase& db) {
    db.exec(pgmq_ddl);
    db.exec(
        R"(INSERT INTO pgmq.q_orders (read_ct, enqueued_at, last_read_at, vt, message, headers) VALUES
      (0, now() - interval '1 hour', NULL, now() - interval '1 hour', '{"order": 1}', NULL),
      (2, now() - interval '1 hour', now() - interval '10 minutes', now() - interval '9 minutes', '{"order": 2}', '{"x-pgmq-group": "eu"}'),
      (0, now() - interval '1 minute', NULL, now() + interval '1 hour', '{"order": 3}', NULL),
      (1, now() - interval '2 minutes', now() - interval '1 minute', now() + interval '30 seconds', '{"order": 4}', NULL))");
    db.exec(
        R"(INSERT INTO pgmq.a_orders (msg_id, read_ct, enqueued_at, last_read_at, archived_at, vt, message) VALUES
      (5, 1, now() - interval '41 days', now() - interval '40 days', now() - interval '40 days', now() - interval '40 days', '{"order": 5}'),
      (6, 1, now() - interval '41 days', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', '{"order": 6}'))");
}

std::vector<std::string> queue(std::vector<std::string> args) {
    args.insert(args.end(), {"--outbox-table", "q_orders"});
    return args;
}

std::string both_tables(const TestDatabase& db) {
    return table_snapshot(db, "pgmq.q_orders") + table_snapshot(db, "pgmq.a_orders");
}

} // namespace

TEST_CASE("pgmq: states from the visibility timeout and read_ct, the archive as completed") {
    TestDatabase db(false);
    fill(db);
    auto stats = json_with_layout(db, layout, queue({"outbox", "stats"}));
    CHECK(stats["table"] == "pgmq.q_orders");
    CHECK(stats["by_status"] == nlohmann::json{{"pending", 3},
                                               {"processing", 1},
                                               {"completed", 2},
                                               {"failed", nullptr},
                                               {"dead", nullptr}});

    auto held = json_with_layout(db, layout, queue({"outbox", "list", "--status", "processing"}));
    REQUIRE(held["items"].size() == 1);
    CHECK(held["items"][0]["id"] == "4");
    CHECK(held["items"][0]["attempts"] == 1);
    auto archived =
        json_with_layout(db, layout, queue({"outbox", "list", "--status", "completed"}));
    REQUIRE(archived["items"].size() == 2);

    auto shown = json_with_layout(db, layout, queue({"outbox", "show", "2"}));
    CHECK(shown["status"] == "pending");
    CHECK(shown["payload"]["order"] == 2);
    CHECK(shown["metadata"]["x-pgmq-group"] == "eu");
    CHECK(shown["attempts"] == 2);
    auto old = json_with_layout(db, layout, queue({"outbox", "show", "5"}));
    CHECK(old["status"] == "completed");
    CHECK(old["processed_at"].is_string());
}

TEST_CASE("pgmq: purge deletes archived messages by archived_at, never the queue's") {
    TestDatabase db(false);
    fill(db);
    auto purged =
        json_with_layout(db, layout, queue({"outbox", "purge", "--older-than", "30d", "--yes"}));
    CHECK(purged["changed"] == 1);
    CHECK(db.scalar("SELECT string_agg(msg_id::text, ',') FROM pgmq.a_orders") == "6");
    CHECK(db.scalar("SELECT count(*) FROM pgmq.q_orders") == "4");
    // Enqueued 41 days ago, archived yesterday: its age is from the archiving.
    auto all_old =
        json_with_layout(db, layout, queue({"outbox", "purge", "--older-than", "2d", "--yes"}));
    CHECK(all_old["changed"] == 0);
}

TEST_CASE("pgmq: the queue is named or the command is refused") {
    TestDatabase db(false);
    fill(db);
    auto before = both_tables(db);
    auto unnamed = run_with_layout(db, layout, {"outbox", "stats"});
    CHECK(unnamed.exit_code == 64);
    CHECK(unnamed.err.find("no --outbox-table says which queue") != std::string::npos);
    auto not_queue = run_with_layout(db, layout, {"outbox", "stats", "--outbox-table", "orders"});
    CHECK(not_queue.exit_code == 64);
    CHECK(not_queue.err.find("start with \"q_\"") != std::string::npos);
    auto unknown = run_with_layout(db, layout, {"outbox", "list", "--outbox-table", "q_invoices"});
    CHECK(unknown.exit_code == 64);
    CHECK(unknown.err.find("q_invoices") != std::string::npos);
    CHECK(unknown.out.empty());
    CHECK(both_tables(db) == before);
}

TEST_CASE(
    "pgmq: what the visibility timeout does by itself, and dead states pgmq lacks, are refused") {
    TestDatabase db(false);
    fill(db);
    auto before = both_tables(db);
    struct Refusal {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Refusal> refusals = {
        {{"outbox", "unlock-stale", "--all", "--yes"}, "frees it by itself"},
        {{"outbox", "unlock-stale", "--all", "--older-than", "1m", "--yes"}, "frees it by itself"},
        {{"outbox", "retry", "5"}, "new msg_id"},
        {{"outbox", "retry", "--include-completed", "--all", "--yes"}, "new msg_id"},
        {{"outbox", "mark-dead", "1", "--reason", "poison", "--yes"}, "pgmq.archive means done"},
        {{"outbox", "list", "--status", "dead"}, "dead"},
        {{"log", "replay"}, "event log"},
    };
    for (const auto& refusal : refusals) {
        auto result = run_with_layout(db, layout, queue(refusal.args));
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find("layout pgmq") != std::string::npos);
        CHECK(result.err.find(refusal.says) != std::string::npos);
    }
    CHECK(both_tables(db) == before);
}

namespace {

// A partitioned queue as pgmq.create_partitioned makes it with a time interval, pg_partman's
// part left out: the queue by enqueued_at, the archive by archived_at (PARTITION_KEY, "by
// msg_id" for a numeric interval), daily. In each of the archive's days 1..5, 10 messages
// archived at noon; a message of day 4 enqueued long before it was archived.
void fill_partitioned(const TestDatabase& db, const std::string& archive_key) {
    db.exec(R"(
CREATE SCHEMA pgmq;
CREATE TABLE pgmq.meta (queue_name varchar UNIQUE NOT NULL, is_partitioned boolean NOT NULL,
    is_unlogged boolean NOT NULL, created_at timestamp with time zone DEFAULT now() NOT NULL);
INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged) VALUES ('jobs', true, false);
CREATE TABLE pgmq.q_jobs (msg_id bigint GENERATED ALWAYS AS IDENTITY, read_ct int DEFAULT 0 NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL, last_read_at timestamp with time zone,
    vt timestamp with time zone NOT NULL, message jsonb, headers jsonb) PARTITION BY RANGE (enqueued_at);
CREATE TABLE pgmq.q_jobs_default PARTITION OF pgmq.q_jobs DEFAULT;
CREATE TABLE pgmq.a_jobs (msg_id bigint NOT NULL, read_ct int DEFAULT 0 NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL, last_read_at timestamp with time zone,
    archived_at timestamp with time zone DEFAULT now() NOT NULL, vt timestamp with time zone NOT NULL,
    message jsonb, headers jsonb) PARTITION BY RANGE ()" +
            archive_key + R"();
CREATE INDEX archived_at_idx_jobs ON pgmq.a_jobs (archived_at);
)");
    if (archive_key == "archived_at") {
        db.exec(R"(DO $$ BEGIN FOR d IN 0..5 LOOP
  EXECUTE format('CREATE TABLE pgmq.a_jobs_p%s PARTITION OF pgmq.a_jobs FOR VALUES FROM (%L) TO (%L)',
                 d, date_trunc('day', now()) - d * interval '1 day',
                 date_trunc('day', now()) - (d - 1) * interval '1 day');
END LOOP; END $$)");
    } else {
        db.exec("CREATE TABLE pgmq.a_jobs_p0 PARTITION OF pgmq.a_jobs FOR VALUES FROM (0) TO "
                "(1000)");
    }
    db.exec(R"(
INSERT INTO pgmq.a_jobs (msg_id, read_ct, enqueued_at, archived_at, vt, message)
  SELECT d * 100 + i, 1, t - CASE WHEN d = 4 AND i = 1 THEN interval '30 days' ELSE interval '0' END,
         t, t, jsonb_build_object('d', d, 'i', i)
  FROM generate_series(1, 5) d, generate_series(1, 10) i,
       LATERAL (SELECT date_trunc('day', now()) - (d - 1) * interval '1 day' - interval '12 hours') a(t);
INSERT INTO pgmq.q_jobs (enqueued_at, vt, message) VALUES (now() - interval '10 days', now(), '{}');
ANALYZE pgmq.a_jobs;
)");
}

std::vector<std::string> jobs(std::vector<std::string> args) {
    args.insert(args.end(), {"--outbox-table", "q_jobs"});
    return args;
}

} // namespace

TEST_CASE("pgmq: purge --drop-partitions drops the archive's days of old messages, as the row "
          "purge deletes them") {
    TestDatabase rows_db(false);
    TestDatabase drop_db(false);
    fill_partitioned(rows_db, "archived_at");
    fill_partitioned(drop_db, "archived_at");
    const std::vector<std::string> purge{"outbox", "purge", "--older-than", "2d", "--yes"};

    auto plan = json_with_layout(
        drop_db, layout,
        jobs({"outbox", "purge", "--older-than", "2d", "--drop-partitions", "--dry-run"}));
    auto decisions = partition_decisions(plan);
    // The cutoff falls in day 2; days 3 to 5 are older, day 4's message enqueued long before
    // included: its age is from the archiving.
    CHECK(decisions == std::map<std::string, std::string>{{"pgmq.a_jobs_p0", "keep"},
                                                          {"pgmq.a_jobs_p1", "keep"},
                                                          {"pgmq.a_jobs_p2", "rows"},
                                                          {"pgmq.a_jobs_p3", "drop"},
                                                          {"pgmq.a_jobs_p4", "drop"},
                                                          {"pgmq.a_jobs_p5", "drop"}});

    auto with_drop = purge;
    with_drop.emplace_back("--drop-partitions");
    auto by_rows = json_with_layout(rows_db, layout, jobs(purge));
    auto by_drops = json_with_layout(drop_db, layout, jobs(with_drop));
    CHECK(by_drops["changed"] == by_rows["changed"]);
    const std::string left =
        "SELECT string_agg(msg_id::text, ',' ORDER BY msg_id) FROM pgmq.a_jobs";
    CHECK(drop_db.scalar(left) == rows_db.scalar(left));
    // Days 3 to 5 went whole; day 1 stays; day 2's noon is before the cutoff only in the
    // afternoon, and went or stayed as the row purge's did.
    const std::string days_left = "SELECT string_agg(DISTINCT message->>'d', ',') FROM pgmq.a_jobs "
                                  "WHERE message->>'d' <> '2'";
    CHECK(drop_db.scalar(days_left) == "1");
    CHECK(drop_db.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                         "'pgmq.a_jobs'::regclass") == "3");
    CHECK(drop_db.scalar("SELECT count(*) FROM pgmq.q_jobs") == "1");
}

TEST_CASE("pgmq: an archive partitioned by msg_id refuses --drop-partitions, however the queue "
          "is partitioned") {
    TestDatabase db(false);
    fill_partitioned(db, "msg_id");
    auto before = table_snapshot(db, "pgmq.a_jobs") + table_snapshot(db, "pgmq.q_jobs");
    // The queue is partitioned by enqueued_at, but the purge deletes from the archive alone.
    for (const auto& extra : {std::vector<std::string>{"--yes"}, {"--dry-run"}}) {
        auto args = jobs({"outbox", "purge", "--older-than", "2d", "--drop-partitions"});
        args.insert(args.end(), extra.begin(), extra.end());
        auto refused = run_with_layout(db, layout, args);
        INFO(refused.err);
        CHECK(refused.exit_code == 64);
        CHECK_THAT(refused.err, Catch::Contains("pgmq.a_jobs is partitioned by range (msg_id)"));
        CHECK(refused.out.empty());
    }
    CHECK(table_snapshot(db, "pgmq.a_jobs") + table_snapshot(db, "pgmq.q_jobs") == before);

    auto doctor = json_with_layout(db, layout, jobs({"doctor"}));
    std::map<std::string, nlohmann::json> partitions;
    for (const auto& report : doctor["partitions"]) {
        partitions[report["table"]] = report;
    }
    CHECK(partitions["pgmq.q_jobs"]["drop_partitions"] == false);
    CHECK(partitions["pgmq.a_jobs"]["drop_partitions"] == false);
    // The archive is called what pgmq calls it, in the tables and in the partitions.
    CHECK(partitions["pgmq.a_jobs"]["role"] == "archive");
    std::map<std::string, std::string> roles;
    for (const auto& table : doctor["layout"]["tables"]) {
        roles[table["table"]] = table["role"];
    }
    CHECK(roles == std::map<std::string, std::string>{{"pgmq.q_jobs", "outbox"},
                                                      {"pgmq.a_jobs", "archive"}});
}
