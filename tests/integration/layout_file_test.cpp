// A layout file for tables no built-in layout covers, as a user would write one: states told by
// which timestamp is set (processed_at: completed, abandoned_at: dead) and by a lease in the
// future (processing), a bigint id, a json payload, timestamp-without-zone creation times; a log
// without txid, whose consumers keep zero-padded text positions. Every command runs through it.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace eventctl::test;

namespace {

const char* const jobs_ddl = R"(
CREATE TABLE public.jobs_outbox (
    job_id       bigserial   PRIMARY KEY,
    kind         text        NOT NULL,
    body         json        NOT NULL,
    enqueued_at  timestamp   NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    lease_until  timestamptz,
    lease_owner  text,
    tries        integer     NOT NULL DEFAULT 0,
    failure      text,
    processed_at timestamptz,
    abandoned_at timestamptz
);
CREATE TABLE public.domain_events (
    position bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic    text        NOT NULL,
    data     text        NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.subscribers (
    name       text        PRIMARY KEY,
    cursor     text        NOT NULL,
    touched_at timestamptz NOT NULL DEFAULT now()
);
)";

const char* const jobs_layout = R"({
  "name": "jobs",
  "description": "our jobs outbox and domain events",
  "outbox": {
    "table": "jobs_outbox",
    "id_type": "bigint",
    "columns": {
      "id": "job_id", "event_type": "kind", "payload": "body", "created_at": "enqueued_at",
      "locked_until": "lease_until", "locked_by": "lease_owner", "attempts": "tries",
      "last_error": "failure", "processed_at": "processed_at"
    },
    "states": {
      "pending": {"when": [{"column": "processed_at", "is_null": true},
                           {"column": "abandoned_at", "is_null": true},
                           {"column": "lease_until", "in_future": false}]},
      "processing": {"when": [{"column": "processed_at", "is_null": true},
                              {"column": "abandoned_at", "is_null": true},
                              {"column": "lease_until", "in_future": true}]},
      "completed": {"when": [{"column": "processed_at", "is_null": false}]},
      "dead": {"when": [{"column": "abandoned_at", "is_null": false}]}
    }
  },
  "log": {
    "table": "domain_events",
    "columns": {"seq_no": "position", "event_type": "topic", "payload": "data", "created_at": "at"},
    "consumers": {
      "table": "subscribers",
      "columns": {"consumer": "name", "position": "cursor", "updated_at": "touched_at"},
      "position_width": 12
    }
  }
})";

// The layout written to a file of the test's own, removed afterwards.
class LayoutFile {
  public:
    LayoutFile() : m_path("/tmp/eventctl-layout-" + std::to_string(getpid()) + ".json") {
        std::ofstream(m_path) << jobs_layout;
    }
    ~LayoutFile() { std::remove(m_path.c_str()); }
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
};

struct Jobs {
    std::string pending, leased, expired, done_old, done_new, abandoned;
};

std::string insert_job(const TestDatabase& db, const std::string& kind, const std::string& columns,
                       const std::string& values) {
    return db.scalar("INSERT INTO jobs_outbox (kind, body" + columns + ") VALUES ('" + kind +
                     "', '{\"k\": \"" + kind + "\"}'" + values + ") RETURNING job_id");
}

Jobs fill(const TestDatabase& db) {
    db.exec(jobs_ddl);
    Jobs jobs;
    jobs.done_old = insert_job(db, "invoice", ", enqueued_at, processed_at",
                               ", now() AT TIME ZONE 'UTC' - interval '60 days', now() - "
                               "interval '59 days'");
    jobs.abandoned = insert_job(db, "invoice", ", enqueued_at, abandoned_at, tries, failure",
                                ", now() AT TIME ZONE 'UTC' - interval '10 days', now() - "
                                "interval '9 days', 7, 'card declined'");
    jobs.done_new = insert_job(db, "email", ", enqueued_at, processed_at",
                               ", now() AT TIME ZONE 'UTC' - interval '3 days', now() - "
                               "interval '2 days'");
    jobs.expired = insert_job(db, "email", ", enqueued_at, lease_until, lease_owner, tries",
                              ", now() AT TIME ZONE 'UTC' - interval '2 days', now() - "
                              "interval '1 minute', 'w1', 1");
    jobs.leased = insert_job(db, "email", ", enqueued_at, lease_until, lease_owner",
                             ", now() AT TIME ZONE 'UTC' - interval '1 day', now() + "
                             "interval '10 minutes', 'w2'");
    jobs.pending = insert_job(db, "invoice", ", enqueued_at",
                              ", now() AT TIME ZONE 'UTC' - interval '1 hour'");
    db.exec("INSERT INTO domain_events (topic, data, at) SELECT 't' || (i % 2), "
            "json_build_object('i', i)::text, now() - (100 - i) * interval '1 minute' "
            "FROM generate_series(1, 10) i");
    db.exec("INSERT INTO subscribers VALUES ('mailer', '000000000004', now() - interval '1 hour')");
    return jobs;
}

} // namespace

TEST_CASE("layout file: stats and list read states from timestamps and a lease") {
    TestDatabase db(false);
    LayoutFile file;
    auto jobs = fill(db);
    auto stats = json_with_layout(db, file.path(), {"outbox", "stats"});
    CHECK(stats["layout"] == "jobs");
    CHECK(
        stats["by_status"] ==
        nlohmann::json{
            {"pending", 2}, {"processing", 1}, {"completed", 2}, {"failed", nullptr}, {"dead", 1}});
    // A lease that ran out is free again (pending): this table has no stale locks.
    CHECK(stats["stale_locks"] == 0);

    auto listed = json_with_layout(db, file.path(), {"outbox", "list"});
    std::vector<std::string> order;
    for (const auto& item : listed["items"]) {
        order.push_back(item["id"]);
    }
    CHECK(order == std::vector<std::string>{jobs.done_old, jobs.abandoned, jobs.done_new,
                                            jobs.expired, jobs.leased, jobs.pending});
    CHECK(listed["items"][1]["status"] == "dead");
    CHECK(listed["items"][1]["attempts"] == 7);
    CHECK(listed["items"][1]["last_error"] == "card declined");
    CHECK(listed["items"][4]["status"] == "processing");
    CHECK(listed["items"][4]["locked_by"] == "w2");

    auto page = json_with_layout(db, file.path(),
                                 {"outbox", "list", "--status", "pending", "--limit", "1"});
    REQUIRE(page["items"].size() == 1);
    CHECK(page["items"][0]["id"] == jobs.expired);
    auto next = json_with_layout(
        db, file.path(), {"outbox", "list", "--status", "pending", "--after", page["next_cursor"]});
    REQUIRE(next["items"].size() == 1);
    CHECK(next["items"][0]["id"] == jobs.pending);

    auto shown = json_with_layout(db, file.path(), {"outbox", "show", jobs.pending});
    CHECK(shown["payload"] == nlohmann::json{{"k", "invoice"}});
    CHECK(run_with_layout(db, file.path(), {"outbox", "show", "x1"}).exit_code == 65);
}

TEST_CASE("layout file: retry, mark-dead and purge write the timestamps that mean the states") {
    TestDatabase db(false);
    LayoutFile file;
    auto jobs = fill(db);
    auto marked = json_with_layout(
        db, file.path(),
        {"outbox", "mark-dead", "--status", "pending", "--reason", "bad", "--yes"});
    CHECK(changed_ids(marked) == std::set<std::string>{jobs.expired, jobs.pending});
    CHECK(db.scalar("SELECT string_agg((abandoned_at IS NOT NULL) || ' ' || (processed_at IS "
                    "NULL) || ' ' || failure || ' ' || coalesce(lease_owner, 'null'), ',') FROM "
                    "jobs_outbox WHERE job_id IN (" +
                    jobs.expired + ", " + jobs.pending + ")") ==
          "true true bad null,true true bad null");

    auto retried = json_with_layout(db, file.path(), {"outbox", "retry", jobs.abandoned});
    CHECK(changed_ids(retried) == std::set<std::string>{jobs.abandoned});
    CHECK(db.scalar("SELECT (abandoned_at IS NULL) || ' ' || (processed_at IS NULL) || ' ' || "
                    "tries || ' ' || coalesce(lease_until::text, 'null') FROM jobs_outbox WHERE "
                    "job_id = " +
                    jobs.abandoned) == "true true 0 null");
    auto leased = json_with_layout(db, file.path(), {"outbox", "retry", jobs.leased});
    CHECK(leased["changed"] == 0); // processing is not retried

    auto before = table_snapshot(db, "public.jobs_outbox");
    auto dry =
        json_with_layout(db, file.path(), {"outbox", "purge", "--older-than", "30d", "--dry-run"});
    CHECK(dry["matched"] == 1);
    CHECK(table_snapshot(db, "public.jobs_outbox") == before);
    auto purged =
        json_with_layout(db, file.path(), {"outbox", "purge", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(db.scalar("SELECT count(*) FROM jobs_outbox WHERE job_id = " + jobs.done_old) == "0");
    // unlock-stale has nothing to do here: an expired lease is free by definition.
    auto unlocked = run_with_layout(db, file.path(), {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(unlocked.exit_code == 0);
}

TEST_CASE("layout file: seek and replay through zero-padded text positions and no txid") {
    TestDatabase db(false);
    LayoutFile file;
    fill(db);
    auto consumers = json_with_layout(db, file.path(), {"log", "consumers"});
    CHECK(consumers["head"] == 10); // no txid: the head is the highest seq_no visible
    REQUIRE(consumers["consumers"].size() == 1);
    CHECK(consumers["consumers"][0]["position"] == 4);
    CHECK(consumers["consumers"][0]["lag"] == 6);

    auto replayed = lines_with_layout(db, file.path(), {"log", "replay", "--consumer", "mailer"});
    CHECK(positions(replayed, "seq_no") == std::vector<std::int64_t>{5, 6, 7, 8, 9, 10});
    CHECK(replayed[0]["payload"] == nlohmann::json{{"i", 5}});
    auto typed =
        lines_with_layout(db, file.path(), {"log", "replay", "--type", "t0", "--to-seq", "6"});
    CHECK(positions(typed, "seq_no") == std::vector<std::int64_t>{2, 4, 6});

    // No tenant in this log: --tenant would match nothing, so it is refused, not answered empty.
    auto tenant = run_with_layout(db, file.path(), {"log", "replay", "--tenant", "t1"});
    CHECK(tenant.exit_code == 64);
    CHECK(tenant.err.find("layout jobs lacks a tenant_id column, which --tenant needs") !=
          std::string::npos);
    CHECK(tenant.out.empty());

    auto seek = json_with_layout(db, file.path(), {"log", "seek", "mailer", "--to-seq", "8"});
    CHECK(seek["plan"][0]["to"] == 7);
    CHECK(db.scalar("SELECT cursor FROM subscribers WHERE name = 'mailer'") == "000000000007");
    auto created = json_with_layout(db, file.path(),
                                    {"log", "seek", "indexer", "--create", "--to-time", "94m30s"});
    CHECK(db.scalar("SELECT cursor FROM subscribers WHERE name = 'indexer'") == "000000000005");
    CHECK(created["plan"][0]["from"].is_null());

    // No audit table in this layout: the record goes to the --verbose log.
    auto verbose =
        run_with_layout(db, file.path(), {"log", "seek", "mailer", "--to-end", "--force", "-v"});
    CHECK(verbose.exit_code == 0);
    CHECK(verbose.err.find("audit (the layout has no audit table)") != std::string::npos);
    CHECK(db.scalar("SELECT cursor FROM subscribers WHERE name = 'mailer'") == "000000000010");
}

TEST_CASE("layout file: a file that does not parse or fit is refused with what and where") {
    TestDatabase db(false);
    fill(db);
    std::string path = "/tmp/eventctl-bad-layout-" + std::to_string(getpid()) + ".json";
    struct Bad {
        std::string document;
        std::string message;
    };
    for (const auto& bad : std::vector<Bad>{
             {"{", "is not JSON"},
             {R"({"name": "x"})", "a layout describes an \"outbox\", a \"log\" or both"},
             {R"({"name": "x", "outbox": {"table": "jobs_outbox", "columns": {"id": "job_id",
               "event_type": "kind", "created_at": "enqueued_at"}, "states": {"pending":
               {"when": [{"colum": "processed_at", "is_null": true}]}}}})",
              "outbox.states.pending.when[0]: unknown key \"colum\""},
             {R"({"name": "x", "outbox": {"table": "jobs_outbox", "columns": {"id": "job_id",
               "event_type": "kind", "created_at": "enqueued_at"}, "states": {"waiting": "w"}}})",
              "outbox.states.waiting: not a canonical state"},
         }) {
        std::ofstream(path) << bad.document;
        auto result = run_with_layout(db, path, {"outbox", "stats"});
        INFO(bad.document);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find(bad.message) != std::string::npos);
    }
    // Parses, but names a column the table lacks: refused once the catalog is read.
    std::ofstream(path)
        << R"({"name": "x", "outbox": {"table": "jobs_outbox", "id_type": "bigint", "columns": {
        "id": "job_id", "event_type": "kind", "created_at": "created"}, "states": {
        "pending": {"when": [{"column": "processed_at", "is_null": true}]}}}})";
    auto unfit = run_with_layout(db, path, {"outbox", "stats"});
    CHECK(unfit.exit_code == 64);
    CHECK(unfit.err.find("layout x does not fit the tables: table public.jobs_outbox has no "
                         "column \"created\"") != std::string::npos);
    auto missing = run_eventctl(
        {"outbox", "stats", "--layout", "/nonexistent/layout.json", "-d", db.conninfo()});
    CHECK(missing.exit_code == 64);
    CHECK(missing.err.find("not a built-in layout") != std::string::npos);
    std::remove(path.c_str());
}
