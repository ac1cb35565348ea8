// Every format 2 feature, through a layout file as a user would write one: a work queue shared
// with another queue (a row filter), a tenant inside a jsonb column, states that compare columns
// and OR two shapes of "dead", per-transition writes (retry resets a start counter and keeps the
// row for 14 days; unlock-stale keeps both counters), the reason as JSON in a jsonb column, a
// per-row lease, purge aged per state; and a log shared by categories whose consumers are keyed
// by three columns, live by owner, with a checkpoint reset on seek and a lock a seek keeps.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace eventctl::test;

namespace {

const char* const work_ddl = R"(
CREATE TABLE public.work_items (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    queue          text        NOT NULL,
    kind           text        NOT NULL,
    body           jsonb       NOT NULL,
    meta           jsonb       NOT NULL DEFAULT '{}',
    state          text        NOT NULL,
    attempts       integer     NOT NULL DEFAULT 0,
    start_attempts integer     NOT NULL DEFAULT 0,
    max_attempts   integer     NOT NULL DEFAULT 3,
    error          jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    locked_at      timestamptz,
    lease_seconds  integer     NOT NULL DEFAULT 60,
    finished_at    timestamptz,
    abandoned_at   timestamptz,
    keep_until     timestamptz,
    note           text
);
CREATE TABLE public.messages (
    global_position bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category        text        NOT NULL,
    is_archived     boolean     NOT NULL DEFAULT false,
    type            text        NOT NULL,
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    time            timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.positions (
    store     text        NOT NULL,
    name      text        NOT NULL,
    partition integer     NOT NULL,
    version   integer     NOT NULL,
    last_seq  bigint      NOT NULL,
    owner     text,
    locked_at timestamptz,
    last_txid bigint,
    PRIMARY KEY (store, name, partition, version)
);
)";

const char* const work_layout = R"({
  "version": 2,
  "name": "work",
  "description": "the mail queue of a shared work table, and the orders log",
  "outbox": {
    "table": "work_items",
    "filter": [{"column": "queue", "equals": "mail"}],
    "columns": {
      "id": "id", "event_type": "kind", "payload": "body", "metadata": "meta",
      "tenant_id": {"json": "meta", "key": "tenant"},
      "created_at": "created_at", "attempts": "attempts", "max_attempts": "max_attempts",
      "locked_at": "locked_at", "processed_at": "finished_at"
    },
    "stale_after": {"column": "lease_seconds"},
    "states": {
      "pending": {"when": [{"column": "state", "equals": "Scheduled"}]},
      "processing": {"when": [{"column": "state", "equals": "Running"}]},
      "completed": {"when": [{"column": "state", "equals": "Done"}], "age_from": "finished_at"},
      "failed": {"when": [{"column": "state", "equals": "Failed"},
                          {"column": "attempts", "lt": {"column": "max_attempts"}}]},
      "dead": {"when": [{"any": [
                 [{"column": "state", "equals": "Failed"},
                  {"column": "attempts", "gte": {"column": "max_attempts"}}],
                 [{"column": "state", "equals": "Abandoned"}]]}],
               "set": {"state": "Abandoned", "abandoned_at": {"now": true},
                       "error": {"reason": "json", "key": "message"}},
               "age_from": "abandoned_at"}
    },
    "transitions": {
      "retry": {"set": {"state": "Scheduled", "attempts": 0, "start_attempts": 0,
                        "locked_at": null,
                        "keep_until": {"now": true, "plus": "14d"}}},
      "unlock_stale": {"set": {"state": "Scheduled", "locked_at": null,
                               "attempts": {"add": -1}}}
    }
  },
  "log": {
    "table": "messages",
    "filter": [{"column": "category", "equals": "orders"},
               {"column": "is_archived", "equals": false}],
    "columns": {"seq_no": "global_position", "event_type": "type", "payload": "data",
                "metadata": "metadata", "created_at": "time",
                "tenant_id": {"json": "metadata", "key": "tenant"}},
    "consumers": {
      "table": "positions",
      "filter": [{"column": "store", "equals": "orders"}],
      "columns": {"consumer": ["name", "partition", "version"], "position": "last_seq",
                  "heartbeat": "locked_at"},
      "live_when": [{"column": "owner", "is_null": false}],
      "reset_on_seek": {"last_txid": null}
    }
  }
})";

// A layout written to a file of the test's own, removed afterwards.
class LayoutFile {
  public:
    explicit LayoutFile(const std::string& document, const std::string& tag = "v2")
        : m_path("/tmp/eventctl-layout-" + tag + "-" + std::to_string(getpid()) + ".json") {
        std::ofstream(m_path) << document;
    }
    ~LayoutFile() { std::remove(m_path.c_str()); }
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
};

struct Work {
    std::string pending, stale, live, done_old, done_new, failed, spent, abandoned, other;
};

std::string insert_item(const TestDatabase& db, const std::string& state,
                        const std::string& columns = "", const std::string& values = "",
                        const std::string& queue = "mail") {
    return db.scalar("INSERT INTO work_items (queue, kind, body, state" + columns + ") VALUES ('" +
                     queue + "', 'Mail', '{}', '" + state + "'" + values + ") RETURNING id");
}

Work fill(const TestDatabase& db) {
    db.exec(work_ddl);
    Work work;
    work.pending =
        insert_item(db, "Scheduled", ", meta, note", ", '{\"tenant\": \"t1\"}', 'kept as it is'");
    work.stale = insert_item(db, "Running", ", locked_at, lease_seconds, attempts, start_attempts",
                             ", now() - interval '10 minutes', 60, 2, 2");
    work.live = insert_item(db, "Running", ", locked_at, lease_seconds",
                            ", now() - interval '10 minutes', 3600");
    work.done_old = insert_item(db, "Done", ", created_at, finished_at",
                                ", now() - interval '60 days', now() - interval '40 days'");
    work.done_new = insert_item(db, "Done", ", created_at, finished_at",
                                ", now() - interval '60 days', now() - interval '1 day'");
    work.failed = insert_item(db, "Failed", ", attempts, start_attempts", ", 1, 1");
    work.spent =
        insert_item(db, "Failed", ", attempts, created_at", ", 3, now() - interval '60 days'");
    work.abandoned = insert_item(db, "Abandoned", ", created_at, abandoned_at",
                                 ", now() - interval '60 days', now() - interval '1 hour'");
    work.other = insert_item(db, "Scheduled", "", "", "sms");
    db.exec("INSERT INTO messages (category, is_archived, type, data, metadata) VALUES "
            "('orders', false, 'Placed', '{\"n\": 1}', '{\"tenant\": \"t1\"}'), "
            "('payments', false, 'Paid', '{\"n\": 2}', '{\"tenant\": \"t1\"}'), "
            "('orders', true, 'Placed', '{\"n\": 3}', '{\"tenant\": \"t1\"}'), "
            "('orders', false, 'Shipped', '{\"n\": 4}', '{\"tenant\": \"t2\"}'), "
            "('orders', false, 'Placed', '{\"n\": 5}', '{}'), "
            "('payments', false, 'Paid', '{\"n\": 6}', '{}')");
    db.exec("INSERT INTO positions VALUES "
            "('orders', 'billing', 0, 1, 1, NULL, now() - interval '2 days', 99), "
            "('orders', 'shipping', 0, 1, 1, 'node-1', now() - interval '2 days', 7), "
            "('invoices', 'billing', 0, 1, 2, NULL, NULL, NULL)");
    return work;
}

std::string item(const TestDatabase& db, const std::string& id, const std::string& columns) {
    return db.scalar("SELECT " + columns + " FROM work_items WHERE id = '" + id + "'");
}

} // namespace

TEST_CASE("layout v2 file: filter, JSON tenant, compared columns and any-of states are read") {
    TestDatabase db(false);
    LayoutFile file(work_layout);
    auto work = fill(db);

    auto stats = json_with_layout(db, file.path(), {"outbox", "stats"});
    CHECK(stats["by_status"] ==
          nlohmann::json{
              {"pending", 1}, {"processing", 2}, {"completed", 2}, {"failed", 1}, {"dead", 2}});
    CHECK(stats["total"] == 8); // the sms queue's row is not this outbox's
    CHECK(stats["stale_locks"] == 1);

    auto dead = json_with_layout(db, file.path(), {"outbox", "list", "--status", "dead"});
    std::set<std::string> dead_ids;
    for (const auto& entry : dead["items"]) {
        dead_ids.insert(entry["id"].get<std::string>());
    }
    CHECK(dead_ids == std::set<std::string>{work.spent, work.abandoned});

    auto tenant = json_with_layout(db, file.path(), {"outbox", "list", "--tenant", "t1"});
    REQUIRE(tenant["items"].size() == 1);
    CHECK(tenant["items"][0]["id"] == work.pending);
    CHECK(tenant["items"][0]["tenant_id"] == "t1");

    // show lists every column of the row, mapped or not.
    auto shown = json_with_layout(db, file.path(), {"outbox", "show", work.pending});
    CHECK(shown["columns"]["note"] == "kept as it is");
    CHECK(shown["columns"]["queue"] == "mail");
    CHECK(shown["columns"]["start_attempts"] == 0);
    // A per-row lease: locked_until is locked_at plus the row's own seconds.
    auto live = json_with_layout(db, file.path(), {"outbox", "show", work.live});
    CHECK(live["locked_until"].is_string());

    // The other queue's row is not found through this layout.
    auto other = run_with_layout(db, file.path(), {"outbox", "show", work.other});
    CHECK(other.exit_code != 0);
}

TEST_CASE("layout v2 file: each change writes its own columns and nothing else") {
    TestDatabase db(false);
    LayoutFile file(work_layout);
    auto work = fill(db);
    auto other = table_snapshot(db, "public.messages");

    // retry resets both counters and keeps the row 14 days from now.
    auto retried = json_with_layout(db, file.path(), {"outbox", "retry", work.failed});
    CHECK(changed_ids(retried) == std::set<std::string>{work.failed});
    CHECK(item(db, work.failed,
               "state || ' ' || attempts || ' ' || start_attempts || ' ' || max_attempts || ' ' "
               "|| (keep_until BETWEEN now() + interval '13 days 23 hours' AND now() + interval "
               "'14 days 1 hour')") == "Scheduled 0 0 3 true");

    // unlock-stale frees the lease that ran out (per row), gives back the attempt and keeps the
    // start counter; the lease still held is left alone.
    auto unlocked = json_with_layout(db, file.path(), {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(changed_ids(unlocked) == std::set<std::string>{work.stale});
    CHECK(item(db, work.stale,
               "state || ' ' || (locked_at IS NULL) || ' ' || attempts || ' ' || start_attempts "
               "|| ' ' || (keep_until IS NULL)") == "Scheduled true 1 2 true");
    CHECK(item(db, work.live, "state || ' ' || (locked_at IS NOT NULL)") == "Running true");

    // mark-dead writes the reason into the jsonb column as a JSON object, quotes and all.
    auto marked = json_with_layout(
        db, file.path(), {"outbox", "mark-dead", work.pending, "--reason", "bad \"input\""});
    CHECK(changed_ids(marked) == std::set<std::string>{work.pending});
    CHECK(item(db, work.pending,
               "state || ' ' || (error->>'message') || ' ' || (abandoned_at > now() - interval "
               "'1 minute')") == "Abandoned bad \"input\" true");

    // The other queue's row is never touched, whatever is asked.
    auto all =
        json_with_layout(db, file.path(), {"outbox", "retry", "--status", "dead", "--dry-run"});
    CHECK(changed_ids(all).count(work.other) == 0);
    CHECK(item(db, work.other, "state") == "Scheduled");
    CHECK(table_snapshot(db, "public.messages") == other);
}

TEST_CASE("layout v2 file: purge ages each state from its own column") {
    TestDatabase db(false);
    LayoutFile file(work_layout);
    auto work = fill(db);
    // Dead entries created 60 days ago but abandoned an hour ago (or never) are not old.
    auto dead = json_with_layout(
        db, file.path(), {"outbox", "purge", "--older-than", "30d", "--status", "dead", "--yes"});
    CHECK(dead["changed"] == 0);
    CHECK(dead["selection"]["age_from"] == "abandoned_at");
    auto done = json_with_layout(
        db, file.path(),
        {"outbox", "purge", "--older-than", "30d", "--status", "completed", "--yes"});
    CHECK(done["changed"] == 1);
    CHECK(db.scalar("SELECT count(*) FROM work_items WHERE id = '" + work.done_old + "'") == "0");
    CHECK(db.scalar("SELECT count(*) FROM work_items") == "8");
}

TEST_CASE("layout v2 file: a shared log, consumers keyed by three columns, live by owner") {
    TestDatabase db(false);
    LayoutFile file(work_layout);
    fill(db);

    // Only the orders category, not archived: positions 1, 4 and 5.
    auto replayed = lines_with_layout(db, file.path(), {"log", "replay"});
    CHECK(positions(replayed, "seq_no") == std::vector<std::int64_t>{1, 4, 5});
    auto tenant = lines_with_layout(db, file.path(), {"log", "replay", "--tenant", "t1"});
    CHECK(positions(tenant, "seq_no") == std::vector<std::int64_t>{1});

    auto consumers = json_with_layout(db, file.path(), {"log", "consumers"});
    std::set<std::string> names;
    for (const auto& consumer : consumers["consumers"]) {
        names.insert(consumer["consumer"].get<std::string>());
    }
    CHECK(names == std::set<std::string>{"billing/0/1", "shipping/0/1"});

    // A seek writes the position and the checkpoint that belongs to it, never the lock.
    auto locked_before = db.scalar("SELECT locked_at::text FROM positions WHERE name = 'billing' "
                                   "AND store = 'orders'");
    auto seek = json_with_layout(db, file.path(), {"log", "seek", "billing/0/1", "--to-end"});
    CHECK(db.scalar("SELECT last_seq || ' ' || (last_txid IS NULL) || ' ' || locked_at::text "
                    "FROM positions WHERE name = 'billing' AND store = 'orders'") ==
          "5 true " + locked_before);
    // The other store's consumer of the same name did not move.
    CHECK(db.scalar("SELECT last_seq || ' ' || coalesce(last_txid::text, 'null') FROM positions "
                    "WHERE store = 'invoices'") == "2 null");

    // An owner means live: the seek is refused and nothing moves.
    auto live = run_with_layout(db, file.path(), {"log", "seek", "shipping/0/1", "--to-end"});
    CHECK(live.exit_code != 0);
    CHECK(db.scalar("SELECT last_seq FROM positions WHERE name = 'shipping'") == "1");

    // A new consumer: each key column from its part of the name, the filter's store pinned.
    json_with_layout(db, file.path(), {"log", "seek", "audit/2/3", "--create", "--to-end"});
    CHECK(db.scalar("SELECT store || ' ' || last_seq FROM positions WHERE name = 'audit' AND "
                    "partition = 2 AND version = 3") == "orders 5");
}

TEST_CASE("layout v2 file: seek --create without a unique key is refused before any write") {
    TestDatabase db(false);
    LayoutFile file(work_layout);
    fill(db);
    db.exec("ALTER TABLE positions DROP CONSTRAINT positions_pkey");
    auto before = table_snapshot(db, "public.positions");
    auto created =
        run_with_layout(db, file.path(), {"log", "seek", "audit/2/3", "--create", "--to-end"});
    CHECK(created.exit_code == 64);
    CHECK(created.err.find("has no unique key on the consumer's name") != std::string::npos);
    CHECK(table_snapshot(db, "public.positions") == before);
}

TEST_CASE("layout v2 file: a format 2 feature in a version 1 file is refused with the fix") {
    TestDatabase db(false);
    fill(db);
    std::string document = work_layout;
    document.erase(document.find("\"version\": 2,"), std::string("\"version\": 2,").size());
    LayoutFile file(document, "v1");
    auto result = run_with_layout(db, file.path(), {"outbox", "stats"});
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("is format 2: add \"version\": 2 at the top of the layout") !=
          std::string::npos);
}

TEST_CASE("layouts check: a file is read without a database and listed with its refusals") {
    LayoutFile file(work_layout);
    auto checked = run_eventctl({"layouts", "check", file.path(), "-o", "json"});
    INFO(checked.err);
    REQUIRE(checked.exit_code == 0);
    auto document = nlohmann::json::parse(checked.out);
    REQUIRE(document["layouts"].size() == 1);
    CHECK(document["layouts"][0]["name"] == "work");
    CHECK(document["layouts"][0]["outbox"] == true);
    CHECK(document["layouts"][0]["log"] == true);

    std::string broken = work_layout;
    broken.replace(broken.find("\"gte\""), 5, "\"gtx\"");
    LayoutFile bad(broken, "bad");
    auto refused = run_eventctl({"layouts", "check", bad.path()});
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("outbox.states.dead.when[0]") != std::string::npos);
    CHECK(refused.err.find("unknown key \"gtx\"") != std::string::npos);

    auto preset = run_eventctl({"layouts", "check", "canonical"});
    CHECK(preset.exit_code == 64);
}
