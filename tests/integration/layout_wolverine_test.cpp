// The wolverine preset against the tables Wolverine's PostgreSQL persistence creates: outgoing
// envelopes owned by node number (0 = nobody), the handlers' dead letters apart. Retry asks
// Wolverine's own agent to replay a dead letter (replayable), unlock-stale hands an envelope
// back to any node (owner_id 0) and writes nothing else, and mark-dead is refused: Wolverine
// never dead-letters an outgoing envelope.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <set>

using namespace eventctl::test;

namespace {

const char* const wolverine_ddl = R"(
CREATE SCHEMA IF NOT EXISTS wolverine;
CREATE TABLE wolverine.wolverine_outgoing_envelopes (
    id uuid NOT NULL,
    owner_id integer NOT NULL,
    destination varchar NOT NULL,
    deliver_by timestamp with time zone,
    body bytea NOT NULL,
    attempts integer DEFAULT 0,
    message_type varchar NOT NULL,
    "timestamp" timestamp with time zone DEFAULT (now() at time zone 'utc'),
    CONSTRAINT pkey_wolverine_outgoing_envelopes_id PRIMARY KEY (id)
);
CREATE INDEX idx_wolverine_outgoing_envelopes_owner
    ON wolverine.wolverine_outgoing_envelopes (owner_id) WHERE owner_id <> 0;
CREATE TABLE wolverine.wolverine_dead_letters (
    id uuid NOT NULL,
    execution_time timestamp with time zone DEFAULT NULL,
    body bytea NOT NULL,
    message_type varchar NOT NULL,
    received_at varchar,
    source varchar,
    exception_type varchar,
    exception_message varchar,
    sent_at timestamp with time zone,
    replayable boolean,
    CONSTRAINT pkey_wolverine_dead_letters_id PRIMARY KEY (id)
);
CREATE INDEX idx_wolverine_dead_letters_replayable
    ON wolverine.wolverine_dead_letters (replayable) WHERE replayable = true;
CREATE TABLE wolverine.wolverine_nodes (
    id uuid NOT NULL PRIMARY KEY,
    node_number SERIAL NOT NULL,
    description varchar,
    uri varchar,
    started timestamp with time zone NOT NULL DEFAULT now(),
    health_check timestamp with time zone NOT NULL DEFAULT now(),
    version varchar,
    capabilities text[]
);
)";

const std::string layout = "wolverine";

const std::string pending = "00000000-0000-4000-8000-000000000001";
const std::string owned_long_ago = "00000000-0000-4000-8000-000000000002";
const std::string owned_now = "00000000-0000-4000-8000-000000000003";
const std::string dead_old = "00000000-0000-4000-8000-000000000004";
const std::string dead_recent = "00000000-0000-4000-8000-000000000005";

void fill(const TestDatabase& db) {
    db.exec(wolverine_ddl);
    db.exec(R"(INSERT INTO wolverine.wolverine_outgoing_envelopes VALUES
      ('00000000-0000-4000-8000-000000000001', 0, 'rabbitmq://queue/orders', NULL, '\x01', 0, 'OrderPlaced', now() - interval '5 minutes'),
      ('00000000-0000-4000-8000-000000000002', 3, 'rabbitmq://queue/orders', now() + interval '1 day', '\x02', 2, 'OrderPlaced', now() - interval '2 hours'),
      ('00000000-0000-4000-8000-000000000003', 4, 'rabbitmq://queue/billing', NULL, '\x03', 0, 'OrderPaid', now() - interval '1 minute'))");
    db.exec(R"(INSERT INTO wolverine.wolverine_dead_letters VALUES
      ('00000000-0000-4000-8000-000000000004', NULL, '\x04', 'OrderPaid', 'local://billing/', 'orders-api',
       'System.InvalidOperationException', 'no such order', now() - interval '40 days', false),
      ('00000000-0000-4000-8000-000000000005', NULL, '\x05', 'OrderPaid', 'local://billing/', 'orders-api',
       'System.TimeoutException', 'billing timed out', now() - interval '1 day', false))");
}

std::string outgoing(const TestDatabase& db, const std::string& id) {
    return db.scalar(
        "SELECT owner_id || ' ' || attempts || ' ' || destination || ' ' || "
        "(\"timestamp\" < now() - interval '1 hour') || ' ' || (deliver_by IS NOT NULL) "
        "FROM wolverine.wolverine_outgoing_envelopes WHERE id = '" +
        id + "'");
}

std::string dead_letter(const TestDatabase& db, const std::string& id) {
    return db.scalar(
        "SELECT coalesce(replayable::text, 'null') || ' ' || exception_message || "
        "' ' || encode(body, 'hex') FROM wolverine.wolverine_dead_letters WHERE id = '" +
        id + "'");
}

} // namespace

TEST_CASE("wolverine: owner_id tells pending from owned, dead letters apart") {
    TestDatabase db(false);
    fill(db);
    auto stats = json_with_layout(db, layout, {"outbox", "stats"});
    CHECK(stats["table"] == "wolverine.wolverine_outgoing_envelopes");
    CHECK(stats["by_status"] == nlohmann::json{{"pending", 1},
                                               {"processing", 2},
                                               {"completed", nullptr},
                                               {"failed", nullptr},
                                               {"dead", 2}});

    auto owned = json_with_layout(db, layout, {"outbox", "list", "--status", "processing"});
    REQUIRE(owned["items"].size() == 2);
    auto dead = json_with_layout(db, layout, {"outbox", "list", "--status", "dead"});
    REQUIRE(dead["items"].size() == 2);
    std::set<std::string> errors;
    for (const auto& item : dead["items"]) {
        errors.insert(item["last_error"].get<std::string>());
        CHECK(item["event_type"] == "OrderPaid");
    }
    CHECK(errors == std::set<std::string>{"no such order", "billing timed out"});

    auto shown = json_with_layout(db, layout, {"outbox", "show", owned_long_ago});
    CHECK(shown["status"] == "processing");
    CHECK(shown["attempts"] == 2);
    CHECK(shown["columns"]["owner_id"] == 3);
    CHECK(shown["columns"]["destination"] == "rabbitmq://queue/orders");
}

TEST_CASE("wolverine: retry marks dead letters replayable for Wolverine's agent, in place") {
    TestDatabase db(false);
    fill(db);
    auto outgoing_before = table_snapshot(db, "wolverine.wolverine_outgoing_envelopes");
    auto retried = json_with_layout(db, layout, {"outbox", "retry", dead_recent});
    CHECK(changed_ids(retried) == std::set<std::string>{dead_recent});
    // Only the replay flag: the envelope stays a dead letter until Wolverine moves it.
    CHECK(dead_letter(db, dead_recent) == "true billing timed out 05");
    CHECK(dead_letter(db, dead_old) == "false no such order 04");
    CHECK(table_snapshot(db, "wolverine.wolverine_outgoing_envelopes") == outgoing_before);

    auto all = json_with_layout(db, layout, {"outbox", "retry", "--status", "dead", "--yes"});
    CHECK(changed_ids(all).count(dead_old) == 1);
    CHECK(db.scalar("SELECT count(*) FROM wolverine.wolverine_dead_letters WHERE replayable") ==
          "2");
}

TEST_CASE("wolverine: unlock-stale gives envelopes stored long ago back to any node") {
    TestDatabase db(false);
    fill(db);
    auto before = table_snapshot(db, "wolverine.wolverine_outgoing_envelopes");
    // Which nodes live is in wolverine_nodes: the operator says what is stale.
    auto unaged = run_with_layout(db, layout, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(unaged.exit_code == 64);
    CHECK(unaged.err.find("--older-than") != std::string::npos);
    CHECK(table_snapshot(db, "wolverine.wolverine_outgoing_envelopes") == before);

    auto unlocked = json_with_layout(
        db, layout, {"outbox", "unlock-stale", "--all", "--older-than", "1h", "--yes"});
    CHECK(changed_ids(unlocked) == std::set<std::string>{owned_long_ago});
    // owner_id only: the attempts, the time stored and the expiry are Wolverine's.
    CHECK(outgoing(db, owned_long_ago) == "0 2 rabbitmq://queue/orders true true");
    CHECK(outgoing(db, owned_now) == "4 0 rabbitmq://queue/billing false false");
    CHECK(outgoing(db, pending) == "0 0 rabbitmq://queue/orders false false");
}

TEST_CASE(
    "wolverine: purge ages dead letters from sent_at, and what Wolverine does not do is refused") {
    TestDatabase db(false);
    fill(db);
    auto purged = json_with_layout(
        db, layout, {"outbox", "purge", "--status", "dead", "--older-than", "30d", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(db.scalar("SELECT string_agg(id::text, ',') FROM wolverine.wolverine_dead_letters") ==
          dead_recent);
    CHECK(db.scalar("SELECT count(*) FROM wolverine.wolverine_outgoing_envelopes") == "3");

    auto before = table_snapshot(db, "wolverine.wolverine_outgoing_envelopes");
    auto dead_before = table_snapshot(db, "wolverine.wolverine_dead_letters");
    auto mark = run_with_layout(db, layout,
                                {"outbox", "mark-dead", pending, "--reason", "poison", "--yes"});
    CHECK(mark.exit_code == 64);
    CHECK(mark.err.find("handled here instead of sent") != std::string::npos);
    auto completed = run_with_layout(db, layout, {"outbox", "list", "--status", "completed"});
    CHECK(completed.exit_code == 64);
    auto republish =
        run_with_layout(db, layout, {"outbox", "retry", "--include-completed", "--all", "--yes"});
    CHECK(republish.exit_code == 64);
    auto delay = run_with_layout(db, layout, {"outbox", "retry", dead_recent, "--delay", "5m"});
    CHECK(delay.exit_code == 64);
    auto log = run_with_layout(db, layout, {"log", "replay"});
    CHECK(log.exit_code == 64);
    CHECK(table_snapshot(db, "wolverine.wolverine_outgoing_envelopes") == before);
    CHECK(table_snapshot(db, "wolverine.wolverine_dead_letters") == dead_before);
}
